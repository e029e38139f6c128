// The engine against values computed independently by tests/reference/reference.py (numpy, written
// from torch's documentation — see its header). Values, not self-consistency: a change that moves
// any of them, however consistently, fails here. Regenerate with `python3 tests/reference/reference.py`.
//
// Tolerance: float64 throughout, |ours − ref| ≤ 1e-12·|ref| (plus 1e-15 absolute for values near 0,
// where the two implementations' different summation orders leave a few ulps of an O(1) scale).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activations } from '../../src/lib/engine/activations';
import { createOptimizer } from '../../src/lib/engine/optim/index';
import { deriveSeed, Rng } from '../../src/lib/engine/rng';
import { lrAt } from '../../src/lib/engine/schedule';
import { BatchSampler, Trainer, type RunConfig } from '../../src/lib/engine/trainer';
import type { ActivationName, Dataset, LrSchedule, OptimizerConfig } from '../../src/lib/engine/types';

interface DataFixture {
	inputDim: number;
	nClasses: number;
	trainX: number[];
	trainY: number[];
	testX: number[];
	testY: number[];
}
interface RunFixture {
	dataset: string;
	config: RunConfig;
	theta0: number[];
	batches: number[][];
	losses: number[];
	lrs: number[];
	batchAccuracy: number[];
	theta: number[];
	evalInitial: { testLoss: number; testAccuracy: number };
	evalFinal: { testLoss: number; testAccuracy: number };
}
interface Fixtures {
	rng: {
		streams: { seed: number; labels: (string | number)[]; derived: number; uint32: number[] }[];
		permutations: { n: number; seed: number; first: number[]; second: number[] }[];
	};
	schedules: { schedule: LrSchedule; baseLr: number; totalSteps: number; lrs: number[] }[];
	optimizers: {
		theta0: number[];
		grads: number[][];
		totalSteps: number;
		cases: { config: OptimizerConfig; schedule: LrSchedule; lrs: number[]; theta: number[][] }[];
	};
	activations: { z: number[]; da: number[]; activations: Record<ActivationName, { forward: number[]; backward: number[] }> };
	trainer: { datasets: Record<string, DataFixture>; runs: RunFixture[] };
}

const fx = JSON.parse(readFileSync(new URL('../reference/fixtures.json', import.meta.url), 'utf8')) as Fixtures;

const RTOL = 1e-12;
const ATOL = 1e-15;

/** the indices where ours and ref differ by more than the tolerance (empty = equal) */
function mismatches(ours: ArrayLike<number>, ref: readonly number[]): string[] {
	const bad: string[] = [];
	if (ours.length !== ref.length) return [`length ${ours.length} ≠ ${ref.length}`];
	for (let i = 0; i < ref.length; i++) {
		const a = ours[i];
		const b = ref[i];
		if (!(Math.abs(a - b) <= RTOL * Math.abs(b) + ATOL)) bad.push(`[${i}] ${a} ≠ ${b}`);
	}
	return bad;
}

function expectClose(ours: ArrayLike<number> | number, ref: readonly number[] | number, what: string): void {
	const o = typeof ours === 'number' ? [ours] : ours;
	const r = typeof ref === 'number' ? [ref] : ref;
	expect(mismatches(o, r), what).toEqual([]);
}

function label(c: { config: OptimizerConfig; schedule: LrSchedule }): string {
	const { name, ...rest } = c.config;
	return `${name} ${JSON.stringify(rest)} under ${JSON.stringify(c.schedule)}`;
}

describe('reference: seeded randomness (sfc32 seeded by splitmix32, FNV-1a streams)', () => {
	it.each(fx.rng.streams)('stream $seed $labels', ({ seed, labels, derived, uint32 }) => {
		const s = deriveSeed(seed, ...labels);
		expect(s).toBe(derived);
		const rng = new Rng(s);
		expect(Array.from({ length: uint32.length }, () => rng.nextUint32())).toEqual(uint32);
	});
	it.each(fx.rng.permutations)('Fisher–Yates permutation of $n, twice from seed $seed', ({ n, seed, first, second }) => {
		const rng = new Rng(seed);
		expect(Array.from(rng.permutation(n))).toEqual(first);
		expect(Array.from(rng.permutation(n))).toEqual(second);
	});
});

describe('reference: learning-rate schedules (torch StepLR, CosineAnnealingLR, LinearLR warm-up)', () => {
	it.each(fx.schedules)('$schedule', ({ schedule, baseLr, totalSteps, lrs }) => {
		const ours = lrs.map((_, k) => lrAt(schedule, baseLr, k, totalSteps));
		expectClose(ours, lrs, 'lr per step');
	});
});

describe('reference: θ after each of 5 optimizer steps, every optimizer × weight decay × schedule', () => {
	const { theta0, grads, totalSteps, cases } = fx.optimizers;
	it('covers every optimizer with and without weight decay under every schedule', () => {
		const seen = new Set(cases.map((c) => `${c.config.name} ${(c.config.weightDecay ?? 0.01) > 0} ${c.schedule.kind}`));
		for (const name of ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'])
			for (const wd of [false, true]) for (const kind of ['constant', 'step', 'cosine', 'warmup']) expect(seen).toContain(`${name} ${wd} ${kind}`);
	});
	it.each(cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
		const theta = Float64Array.from(theta0);
		const opt = createOptimizer(c.config, theta.length, 'float64');
		for (let t = 0; t < totalSteps; t++) {
			const lr = lrAt(c.schedule, c.config.lr, t, totalSteps);
			expectClose(lr, c.lrs[t], `lr of step ${t + 1}`);
			const g = Float64Array.from(grads[t]);
			opt.step(theta, g, lr);
			expect(Array.from(g), 'the gradient is read, never written').toEqual(grads[t]);
			expectClose(theta, c.theta[t], `θ after step ${t + 1}`);
		}
	});
});

describe('reference: activations forward and backward, including the kink at 0 (torch: relu′(0) = 0)', () => {
	const { z, da } = fx.activations;
	const names = Object.keys(fx.activations.activations) as ActivationName[];
	it.each(names)('%s', (name) => {
		const ref = fx.activations.activations[name];
		const n = z.length;
		const zz = Float64Array.from(z);
		const a = new Float64Array(n);
		const dz = new Float64Array(n).fill(NaN);
		activations[name].forward(a, zz, n);
		expectClose(a, ref.forward, 'forward');
		activations[name].backward(dz, Float64Array.from(da), zz, a, n);
		expectClose(dz, ref.backward, 'backward');
	});
	it('the kink values are torch’s: relu′(±0) = 0, leaky-relu′(±0) = 0.01', () => {
		// z[0] = +0, z[1] = −0, each with upstream gradient 1
		expect(fx.activations.activations.relu.backward.slice(0, 2)).toEqual([0, 0]);
		expect(fx.activations.activations['leaky-relu'].backward.slice(0, 2)).toEqual([0.01, 0.01]);
	});
});

function dataset(d: DataFixture): Dataset {
	return {
		name: 'gaussians',
		inputDim: d.inputDim,
		nClasses: d.nClasses,
		trainX: Float32Array.from(d.trainX),
		trainY: Uint8Array.from(d.trainY),
		testX: Float32Array.from(d.testX),
		testY: Uint8Array.from(d.testY)
	};
}

describe('reference: whole runs — initial θ, batch order, 20 losses, final θ, chunked evaluation', () => {
	const runs = fx.trainer.runs.map((r) => [`${r.config.optimizer.name} ${r.config.activation} ${r.config.schedule.kind} on ${r.dataset}`, r] as const);

	it('the fixtures have a ragged last batch, 2+ epochs and a test split that is not a multiple of 500', () => {
		for (const [, r] of runs) {
			const n = fx.trainer.datasets[r.dataset].trainY.length;
			expect(n % r.config.batchSize).not.toBe(0);
			expect(r.batches.length).toBeGreaterThanOrEqual(2 * Math.ceil(n / r.config.batchSize));
			const nTest = fx.trainer.datasets[r.dataset].testY.length;
			expect(nTest > 500 && nTest % 500 !== 0).toBe(true);
		}
		expect(runs.some(([, r]) => fx.trainer.datasets[r.dataset].trainY.length % r.config.batchSize === 1)).toBe(true);
	});

	it.each(runs)('%s', (_, r) => {
		const data = dataset(fx.trainer.datasets[r.dataset]);
		const t = new Trainer(data, r.config);
		expectClose(t.mlp.params, r.theta0, 'θ₀ (torch-default init from the seeded stream)');
		const e0 = t.evaluate();
		expectClose(e0.testLoss, r.evalInitial.testLoss, 'initial test loss');
		expect(e0.testAccuracy).toBe(r.evalInitial.testAccuracy);
		for (let k = 0; k < r.losses.length; k++) {
			const s = t.step()!;
			expect(Array.from(t.lastBatch), `batch ${k + 1}`).toEqual(r.batches[k]);
			expectClose(s.lr, r.lrs[k], `lr of step ${k + 1}`);
			expectClose(s.loss, r.losses[k], `loss of step ${k + 1}`);
			expect(s.batchAccuracy, `batch accuracy of step ${k + 1}`).toBe(r.batchAccuracy[k]);
		}
		expect(t.status).toBe('done');
		expectClose(t.mlp.params, r.theta, 'θ after 20 steps');
		const e1 = t.evaluate();
		expectClose(e1.testLoss, r.evalFinal.testLoss, 'final test loss');
		expect(e1.testAccuracy).toBe(r.evalFinal.testAccuracy);
	});

	it.each(runs)('%s: the sampler alone gives the reference batch order', (_, r) => {
		const n = fx.trainer.datasets[r.dataset].trainY.length;
		const s = new BatchSampler(n, r.config.batchSize, r.config.seed);
		for (const b of r.batches) expect(Array.from(s.next())).toEqual(b);
	});
});
