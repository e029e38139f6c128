import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/args';
import { surfaceCommand } from '../../src/cli/surface';
import { trainCommand } from '../../src/cli/train';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

// Issue #16: the CLI refuses what the URL refuses (same constants, same number rules), before any
// training, and every refusal is one line led by the flag it is about.
describe('cli refusals name their flag', () => {
	const refusals: [string, string[], RegExp][] = [
		['hex, binary and octal numbers', ['--dataset', 'xor', '--lr', '0x10'], /^--lr: must be a number > 0 and ≤ 1000, got "0x10"$/],
		['a binary number', ['--dataset', 'xor', '--seed', '0b101'], /^--seed: .*"0b101"/],
		['an octal number', ['--dataset', 'xor', '--steps', '0o17'], /^--steps: .*"0o17"/],
		['Infinity', ['--dataset', 'xor', '--lr', 'Infinity'], /^--lr: /],
		['a flag where a value should be', ['--lr', '--steps', '5'], /^--lr: needs a value, got the flag --steps$/],
		['the 4,000,000-parameter limit', ['--hidden', '4096,4096,4096'], /^--hidden: the network may have at most 4000000 parameters, got \d+/],
		['16 × 4096', ['--hidden', Array(16).fill(4096).join(',')], /^--hidden: .*4000000 parameters/],
		['17 layers', ['--dataset', 'xor', '--hidden', Array(17).fill(2).join(',')], /^--hidden: must be a whole number from 0 to 16, got 17$/],
		['a width over 4096', ['--dataset', 'xor', '--hidden', '4097'], /^--hidden: must be a whole number from 1 to 4096, got "4097"$/],
		['epochs × steps per epoch over 10⁷', ['--epochs', '10000', '--batch', '1'], /^--epochs: 10000 epochs × 8000 steps per epoch \(--batch 1\) exceed the limit of 10000000 steps; use at most --epochs 1250/],
		['more than 10⁷ steps', ['--dataset', 'xor', '--steps', '10000001'], /^--steps: must be a whole number from 1 to 10000000/],
		['an evaluation interval over 10⁶', ['--dataset', 'xor', '--eval-every', '2000000'], /^--eval-every: must be a whole number from 1 to 1000000/],
		['a seed over 2³²−1', ['--dataset', 'xor', '--seed', '4294967296'], /^--seed: /],
		['too few points', ['--dataset', 'xor', '--n', '10'], /^--n: must be a whole number from 20 to 20000, got "10"$/],
		['noise over 2', ['--dataset', 'xor', '--noise', '3'], /^--noise: /],
		['k over 8', ['--dataset', 'spiral', '--k', '9'], /^--k: /],
		['β₂ = 1', ['--dataset', 'xor', '--beta2', '1'], /^--beta2: must be a number ≥ 0 and < 1, got "1"$/],
		['Nesterov with μ = 0', ['--dataset', 'xor', '--optimizer', 'nesterov', '--momentum', '0'], /^--momentum: must be a number > 0 and < 1/],
		['ε = 0', ['--dataset', 'xor', '--eps', '0'], /^--eps: /],
		['weight decay over 10', ['--dataset', 'xor', '--weight-decay', '11'], /^--weight-decay: /],
		['a hyper-parameter the optimizer does not read', ['--dataset', 'xor', '--optimizer', 'sgd', '--beta1', '0.5'], /^--beta1: sgd does not use it$/],
		['an init parameter the scheme does not read', ['--dataset', 'xor', '--init-std', '0.1'], /^--init-std: not used by the he-normal init$/],
		['σ over 100', ['--dataset', 'xor', '--init', 'normal', '--init-std', '101'], /^--init-std: /],
		['a bad bias', ['--dataset', 'xor', '--init-bias', 'ones'], /^--init-bias: /],
		['γ over 1', ['--dataset', 'xor', '--schedule', 'step', '--gamma', '2'], /^--gamma: /],
		['an unknown schedule', ['--dataset', 'xor', '--schedule', 'linear'], /^--schedule: must be one of constant, step, cosine, warmup; got "linear"$/]
	];
	for (const [what, args, message] of refusals)
		it(`refuses ${what}: ${args.join(' ').slice(0, 60)}`, () => {
			let error: unknown;
			try {
				train(args);
			} catch (e) {
				error = e;
			}
			expect(error).toBeInstanceOf(CliError);
			expect((error as Error).message).toMatch(message);
			expect((error as Error).message).not.toContain('\n');
		});

	it('surface: --from 1e308,1e308 names --from; hex is refused there too', () => {
		expect(() => surfaceCommand(['--from', '1e308,1e308'])).toThrow(/^--from: rosenbrock's value at \(1e\+308, 1e\+308\) is not a finite number/);
		expect(() => surfaceCommand(['--from', '0x1,2'])).toThrow(/^--from: must be two finite numbers/);
		expect(() => surfaceCommand(['--steps', '0x10'])).toThrow(/^--steps: /);
		expect(() => surfaceCommand(['--lr', '1e999'])).toThrow(/^--lr: /);
		expect(() => surfaceCommand(['--noise', '0b1'])).toThrow(/^--noise: /);
	});

	it('--save-model: an unwritable path is refused before training, naming the flag', () => {
		const lines: string[] = [];
		const run = (path: string) => trainCommand(['--dataset', 'xor', '--steps', '5', '--save-model', path], (l) => lines.push(l), () => 0);
		expect(() => run('/nonexistent-dir/model.json')).toThrow(/^--save-model: cannot write "\/nonexistent-dir\/model.json": the directory \/nonexistent-dir does not exist$/);
		const dir = mkdtempSync(join(tmpdir(), 'cli-'));
		expect(() => run(dir)).toThrow(/^--save-model: .*it is a directory$/);
		expect(lines).toEqual([]); // nothing trained
		// a writable path: trains, then writes the model
		const file = join(dir, 'model.json');
		writeFileSync(file, '');
		run(file);
		expect(lines.length).toBeGreaterThan(0);
		expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('optimizer-playground/model');
	});

	it('the process prints one line for an unwritable --save-model and exits 2 without a stack trace', () => {
		const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'train', '--dataset', 'xor', '--save-model', '/proc/nope/model.json'], { encoding: 'utf8' });
		expect(r.status).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: --save-model: cannot write/)]);
	});

	it('--help lists every flag with its range from the same limits as the URL', () => {
		const help = execFileSync('npx', ['tsx', 'src/cli/main.ts', 'train', '--help'], { encoding: 'utf8' });
		expect(help).toContain('--lr <value>');
		expect(help).toMatch(/--eval-every <value> .*1 to 1000000/);
		expect(help).toMatch(/--beta1 <value> .*\[adam, adamw\]/);
	});
});
