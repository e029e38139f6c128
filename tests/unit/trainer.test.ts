import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfig } from './run-config';
import { loadMnistNode } from '../../src/lib/engine/data/node';
import { toyDataset } from '../../src/lib/engine/data/index';
import { Rng } from '../../src/lib/engine/rng';
import { Trainer, type RunConfig } from '../../src/lib/engine/trainer';
import type { Dataset, OptimizerName } from '../../src/lib/engine/types';

function cfg(over: Partial<RunConfig> = {}): RunConfig {
	return runConfig({ hidden: [16, 16], optimizer: { name: 'adam', lr: 0.01 }, seed: 7, ...over });
}
const moons = () => toyDataset('moons', { n: 400, noise: 0.1 }, new Rng(1));

describe('determinism and fair comparison', () => {
	it('the same seed gives the same loss sequence, bit for bit', () => {
		const run = () => {
			const t = new Trainer(moons(), cfg());
			const out: number[] = [];
			while (!t.finished) out.push(t.step()!.loss);
			return out;
		};
		expect(run()).toEqual(run());
	});

	it('runs with the same init start from identical weights and see identical batches, whatever the optimizer', () => {
		const data = moons();
		const names: OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'];
		const trainers = names.map((name) => new Trainer(data, cfg({ optimizer: { name, lr: 0.01 } })));
		for (const t of trainers) expect(Array.from(t.mlp.params)).toEqual(Array.from(trainers[0].mlp.params));
		for (let s = 0; s < 30; s++) {
			const batches = trainers.map((t) => {
				t.step();
				return Array.from(t.lastBatch);
			});
			for (const b of batches) expect(b).toEqual(batches[0]);
		}
		// and they did train differently
		expect(Array.from(trainers[0].mlp.params)).not.toEqual(Array.from(trainers[3].mlp.params));
	});

	it('a different seed gives different weights and batches', () => {
		const a = new Trainer(moons(), cfg({ seed: 1 }));
		const b = new Trainer(moons(), cfg({ seed: 2 }));
		expect(Array.from(a.mlp.params)).not.toEqual(Array.from(b.mlp.params));
		a.step();
		b.step();
		expect(Array.from(a.lastBatch)).not.toEqual(Array.from(b.lastBatch));
	});

	it('too-small and too-large normal inits are scaled copies of each other (same random draws)', () => {
		const a = new Trainer(moons(), cfg({ init: { scheme: 'normal', std: 0.01 } }));
		const b = new Trainer(moons(), cfg({ init: { scheme: 'normal', std: 1 } }));
		const w0a = a.mlp.weight(0);
		const w0b = b.mlp.weight(0);
		for (let i = 0; i < w0a.length; i++) expect(w0b[i]).toBeCloseTo(w0a[i] * 100, 4);
	});

	it('every epoch visits each training example exactly once', () => {
		const t = new Trainer(moons(), cfg({ batchSize: 32, totalSteps: 10 }));
		const seen = new Map<number, number>();
		for (let s = 0; s < t.sampler.stepsPerEpoch; s++) {
			t.step();
			for (const i of t.lastBatch) seen.set(i, (seen.get(i) ?? 0) + 1);
		}
		expect(seen.size).toBe(t.data.trainY.length);
		expect([...seen.values()].every((c) => c === 1)).toBe(true);
	});
});

describe('divergence', () => {
	it('a run whose loss becomes non-finite stops with status diverged and the step', () => {
		const t = new Trainer(moons(), cfg({ activation: 'linear', optimizer: { name: 'sgd', lr: 1000 }, init: { scheme: 'normal', std: 1 }, totalSteps: 500 }));
		while (!t.finished) t.step();
		expect(t.status).toBe('diverged');
		expect(t.divergence!.step).toBeGreaterThan(0);
		expect(t.divergence!.step).toBeLessThanOrEqual(500);
		expect(Number.isFinite(t.divergence!.value)).toBe(false);
		expect(t.step()).toBeNull();
	});
	it('a step that overflows a weight to ±Infinity (not NaN) is caught at that step, naming the layer', () => {
		// finite loss and gradients, but lr·g overflows for |g| > 1.2: θ − lr·g is exactly ±Infinity
		const data: Dataset = {
			name: 'gaussians',
			inputDim: 2,
			nClasses: 2,
			trainX: Float32Array.from([1000, -1000, -1000, 1000, 500, 800, -700, 200]),
			trainY: Uint8Array.from([0, 1, 1, 0]),
			testX: Float32Array.from([1, 2]),
			testY: Uint8Array.from([0])
		};
		const t = new Trainer(data, cfg({ hidden: [3], init: { scheme: 'torch-default' }, optimizer: { name: 'sgd', lr: 1.5e308 }, batchSize: 4, dtype: 'float64' }));
		const r = t.step()!;
		expect(Number.isFinite(r.loss)).toBe(true);
		expect(t.status).toBe('diverged');
		expect(t.divergence!.step).toBe(1);
		expect(Math.abs(t.divergence!.value)).toBe(Infinity);
		expect(t.divergence!.what).toMatch(/^layer [12] weight$/);
		expect(Array.from(t.mlp.params).some((v) => Number.isNaN(v))).toBe(false);
	});
	it('the naive softmax overflows where the stable one does not', () => {
		const big = cfg({ init: { scheme: 'normal', std: 30 }, totalSteps: 1 });
		const naive = new Trainer(moons(), { ...big, naiveSoftmax: true });
		const stable = new Trainer(moons(), big);
		const rn = naive.step()!;
		const rs = stable.step()!;
		expect(Number.isNaN(rn.loss) || !Number.isFinite(rn.loss)).toBe(true);
		expect(naive.status).toBe('diverged');
		expect(Number.isFinite(rs.loss)).toBe(true);
	});
});

describe('MNIST behaviour', () => {
	// a whole MNIST run: too slow to repeat for every mutant under mutation testing (MUTATION=1)
	it.skipIf(process.env.MUTATION)('a short run of the lecture’s 784-128-64-10 MLP with Adam ends far above chance', () => {
		const data = loadMnistNode();
		const t = new Trainer(data, cfg({ hidden: [128, 64], batchSize: 64, totalSteps: 150, evalEvery: 150, optimizer: { name: 'adam', lr: 1e-3 }, seed: 1 }));
		const before = t.evaluate();
		while (!t.finished) t.step();
		const after = t.evaluate();
		expect(before.testAccuracy).toBeLessThan(0.3);
		expect(after.testAccuracy).toBeGreaterThan(0.8); // chance is 0.1
	});
});

describe('the engine is pure', () => {
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const f of readdirSync(dir)) {
			const p = join(dir, f);
			if (statSync(p).isDirectory()) walk(p);
			else if (p.endsWith('.ts')) files.push(p);
		}
	};
	walk('src/lib/engine');
	it.each(files)('%s imports no UI library and draws no unseeded randomness', (file) => {
		const src = readFileSync(file, 'utf8');
		expect(src).not.toMatch(/from ['"](svelte|d3|comlink|\$app|\$lib)/);
		expect(src).not.toMatch(/Math\.random\s*\(/);
		expect(src).not.toMatch(/\bconsole\.[a-z]/);
		expect(src).not.toMatch(/\b(document|window)\./);
		// node:fs only in the Node loader, which the browser code never imports
		if (!file.endsWith('data/node.ts')) expect(src).not.toMatch(/from ['"]node:/);
	});
});
