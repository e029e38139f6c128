import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/args';
import { surfaceCommand } from '../../src/cli/surface';
import { trainCommand } from '../../src/cli/train';

function train(args: string[]): Record<string, unknown>[] {
	const lines: string[] = [];
	trainCommand(args, (l) => lines.push(l), () => 0);
	return lines.join('').trim().split('\n').map((l) => JSON.parse(l));
}

describe('cli surface', () => {
	it('prints steps+1 rows [x, y, f], the start first; sgd on the quadratic by hand', () => {
		const out = JSON.parse(surfaceCommand(['--fn', 'quadratic', '--optimizer', 'sgd', '--lr', '0.1', '--steps', '2', '--from=1,1']));
		// f = ½(x² + 10y²); ∇f = (x, 10y); x ← 0.9x, y ← 0·y
		expect(out.points).toHaveLength(3);
		expect(out.points[0]).toEqual([1, 1, 5.5]);
		expect(out.points[1][0]).toBeCloseTo(0.9, 15);
		expect(out.points[1][1]).toBeCloseTo(0, 15);
		expect(out.points[2][0]).toBeCloseTo(0.81, 15);
		expect(out.points[2][2]).toBeCloseTo(0.5 * 0.81 * 0.81, 15);
	});
	it('accepts --from X,Y with negative numbers and CSV output', () => {
		const csv = surfaceCommand(['--fn', 'rosenbrock', '--optimizer', 'adam', '--lr', '0.01', '--steps', '1', '--from', '-1,2', '--format', 'csv']);
		const rows = csv.trim().split('\n');
		expect(rows[0]).toBe('step,x,y,f');
		expect(rows[1]).toBe('0,-1,2,' + ((1 - -1) ** 2 + 100 * (2 - 1) ** 2));
		// ∂f/∂x at (−1, 2) = −2(1 − x) − 400x(y − x²) = −4 + 400 = 396 > 0; ∂f/∂y = 200(2 − 1) = 200 > 0.
		// Adam's first step is lr·m̂/(√v̂ + ε) = lr·g/(|g| + ε) ≈ lr·sign(g) per coordinate.
		const [, x1, y1] = rows[2].split(',').map(Number);
		expect(x1).toBeCloseTo(-1.01, 8);
		expect(y1).toBeCloseTo(1.99, 8);
	});
	it('momentum defaults to μ = 0.9 (second step by hand)', () => {
		const out = JSON.parse(surfaceCommand(['--fn', 'quadratic', '--optimizer', 'momentum', '--lr', '0.1', '--steps', '2', '--from=1,0']));
		// g0 = 1 → buf = 1, x1 = 0.9; g1 = 0.9 → buf = 0.9·1 + 0.9 = 1.8, x2 = 0.9 − 0.18 = 0.72
		expect(out.points[2][0]).toBeCloseTo(0.72, 14);
	});
	for (const [args, flag] of [
		[['--lr', '-1'], '--lr'],
		[['--lr', 'abc'], '--lr'],
		[['--from', '1,'], '--from'],
		[['--from', '1,2,3'], '--from'],
		[['--optimizer', 'foo'], '--optimizer'],
		[['--fn', 'nope'], '--fn'],
		[['--steps', '-3'], '--steps'],
		[['--format', 'xml'], '--format'],
		[['--beta1', '1'], '--beta1'],
		[['--wat'], '--wat']
	] as const) {
		it(`rejects ${args.join(' ')} naming ${flag}`, () => {
			expect(() => surfaceCommand([...args])).toThrow(CliError);
			expect(() => surfaceCommand([...args])).toThrow(flag);
		});
	}
});

describe('cli train', () => {
	it('prints one JSON line per evaluation with the contract fields', () => {
		const lines = train(['--dataset', 'xor', '--hidden', '8', '--steps', '60', '--eval-every', '20', '--batch', '16', '--optimizer', 'sgd']);
		expect(lines.map((l) => l.step)).toEqual([20, 40, 60]);
		for (const l of lines) for (const k of ['step', 'epoch', 'trainLoss', 'testLoss', 'testAccuracy', 'samplesPerSec', 'status']) expect(l).toHaveProperty(k);
		expect(lines.at(-1)!.status).toBe('done');
	});
	it('same seed → identical output; SGD at lr 1000 diverges with the step', () => {
		const a = train(['--dataset', 'moons', '--steps', '30', '--eval-every', '10', '--seed', '7']);
		const b = train(['--dataset', 'moons', '--steps', '30', '--eval-every', '10', '--seed', '7']);
		expect(a.map((l) => l.testLoss)).toEqual(b.map((l) => l.testLoss));
		const d = train(['--dataset', 'moons', '--steps', '200', '--optimizer', 'sgd', '--lr', '1000', '--init', 'normal', '--init-std', '1']);
		expect(d.at(-1)!.status).toBe('diverged');
		expect(typeof d.at(-1)!.step).toBe('number');
	});
	for (const [args, flag] of [
		[['--batch', '0'], '--batch'],
		[['--dataset', 'cifar'], '--dataset'],
		[['--hidden', '0'], '--hidden'],
		[['--hidden', 'a,b'], '--hidden'],
		[['--epochs', '2', '--steps', '3'], '--steps'],
		[['--init', 'xavier'], '--init'],
		[['--dataset', 'spiral', '--batch', '5000'], '--batch']
	] as const) {
		it(`rejects ${args.join(' ')} naming ${flag}`, () => {
			expect(() => train([...args])).toThrow(flag);
		});
	}
	it('the process exits non-zero with one line naming the flag', () => {
		const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'train', '--lr', 'NaN'], { encoding: 'utf8' });
		expect(r.status).not.toBe(0);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toContain('--lr');
		expect(execFileSync('npx', ['tsx', 'src/cli/main.ts', 'surface', '--help'], { encoding: 'utf8' })).toContain('--from');
	});
});
