// The sharpness tracker by hand (curvature/tracker.ts): its probe rows (the first n of the seeded
// permutation, ascending), the L2 term it adds (torch's weight decay, none for AdamW's decoupled
// decay), the work-counting schedule at its exact boundary, the clock, the warm start, and the
// estimates themselves: the same power iteration (cold: tol 1e-3, 6 products, seed (seed,
// 'curvature-start')) replayed here on a dense Hessian built column by column, plain for SGD and
// D^½ H D^½ with D = effectiveLr / lr for Adam — so what is pinned is the tracker's wiring, on an
// operator it did not build.
import { describe, expect, it } from 'vitest';
import { MlpHessian } from '../../../src/lib/engine/curvature/hvp';
import { powerIteration } from '../../../src/lib/engine/curvature/power';
import { curvatureProbeRows, SharpnessTracker } from '../../../src/lib/engine/curvature/tracker';
import { deriveSeed, Rng } from '../../../src/lib/engine/rng';
import { Trainer } from '../../../src/lib/engine/trainer';
import type { OptimizerConfig } from '../../../src/lib/engine/types';
import { trackerConfig, trackerData } from '../long-run';

const small = (optimizer: OptimizerConfig = { name: 'sgd', lr: 0.5 }) =>
	new Trainer(trackerData, trackerConfig({ hidden: [3], dtype: 'float64', batchSize: 16, optimizer }));

/** the probe's Hessian as a dense P × P matrix (columns H e_j), and y = M v */
function denseHessian(t: Trainer, rows: Uint32Array, l2 = 0): (v: Float64Array, out: Float64Array) => void {
	const D = trackerData.inputDim;
	const x = new Float64Array(rows.length * D);
	rows.forEach((r, i) => { for (let k = 0; k < D; k++) x[i * D + k] = trackerData.trainX[r * D + k]; });
	const y = Uint8Array.from(rows, (r) => trackerData.trainY[r]);
	const H = new MlpHessian(t.mlp, x, y, rows.length, l2);
	H.prepare();
	const P = t.mlp.nParams;
	const M: Float64Array[] = [];
	for (let j = 0; j < P; j++) {
		const e = new Float64Array(P);
		e[j] = 1;
		const col = new Float64Array(P);
		H.apply(e, col);
		M.push(col);
	}
	return (v, out) => {
		out.fill(0);
		for (let j = 0; j < P; j++) for (let i = 0; i < P; i++) out[i] += M[j][i] * v[j];
	};
}
const cold = (seed: number) => ({ tol: 1e-3, maxIter: 6, seed: deriveSeed(seed, 'curvature-start') });

describe('curvatureProbeRows', () => {
	it('the first n of the permutation seeded by (seed, "curvature-probe"), ascending; at most the split', () => {
		const perm = new Rng(deriveSeed(5, 'curvature-probe')).permutation(50);
		const want = Array.from(perm.slice(0, 10)).sort((a, b) => a - b);
		expect(Array.from(curvatureProbeRows(50, 10, 5))).toEqual(want);
		expect(Array.from(curvatureProbeRows(7, 10, 5))).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});
});

describe('SharpnessTracker construction', () => {
	it('refuses a budget outside (0, 1] by message; 1 is allowed', () => {
		const t = small();
		for (const b of [0, -0.1, 1.5, NaN]) expect(() => new SharpnessTracker(t, { budget: b })).toThrow(`curvature budget: must be in (0, 1], got ${b}`);
		expect(new SharpnessTracker(t, { budget: 1 }).meta.budget).toBe(1);
	});

	it("adds torch's L2 term λ for coupled weight decay, none for AdamW or without decay", () => {
		const l2 = (optimizer: OptimizerConfig) => new SharpnessTracker(small(optimizer)).hessian.weightDecay;
		expect(l2({ name: 'sgd', lr: 0.5 })).toBe(0);
		expect(l2({ name: 'sgd', lr: 0.5, weightDecay: 0.1 })).toBe(0.1);
		expect(l2({ name: 'adam', lr: 0.01, weightDecay: 0.1 })).toBe(0.1);
		expect(l2({ name: 'adamw', lr: 0.01, weightDecay: 0.1 })).toBe(0);
	});

	it('a fresh tracker has done no work: share 0 (not 0/0), 0 ms, 0 estimates', () => {
		expect(new SharpnessTracker(small()).cost()).toEqual({ workShare: 0, ms: 0, estimates: 0 });
	});
});

describe('SharpnessTracker estimates, replayed on a dense Hessian', () => {
	it('SGD, float64: the cold estimate at θ₀ is the power iteration on H (not preconditioned)', () => {
		const t = small();
		const tr = new SharpnessTracker(t);
		const rows = curvatureProbeRows(trackerData.trainY.length, 64, t.cfg.seed);
		expect(tr.meta.probeSize).toBe(64);
		const s = tr.estimateNow();
		const ref = powerIteration(denseHessian(t, rows), t.mlp.nParams, cold(t.cfg.seed));
		expect(s.products).toBe(ref.products);
		expect(Math.abs(s.value - ref.value)).toBeLessThan(1e-12 * Math.abs(ref.value));
		expect(s.preconditioned).toBe(false);
		expect(s.threshold).toBe(2 / 0.5);
	});

	it('SGD with weight decay 0.1: the estimate is that of H + 0.1 I', () => {
		const t = small({ name: 'sgd', lr: 0.5, weightDecay: 0.1 });
		const rows = curvatureProbeRows(trackerData.trainY.length, 64, t.cfg.seed);
		const s = new SharpnessTracker(t).estimateNow();
		const ref = powerIteration(denseHessian(t, rows, 0.1), t.mlp.nParams, cold(t.cfg.seed));
		expect(Math.abs(s.value - ref.value)).toBeLessThan(1e-12 * Math.abs(ref.value));
	});

	it('Adam: plain H before its first step; after it, D^½ H D^½ with D = effectiveLr / lr', () => {
		const t = small({ name: 'adam', lr: 0.01 });
		const before = new SharpnessTracker(t).estimateNow();
		expect(before.preconditioned).toBe(false);
		t.step();
		const tr = new SharpnessTracker(t);
		const s = tr.estimateNow();
		expect(s.preconditioned).toBe(true);
		const rows = curvatureProbeRows(trackerData.trainY.length, 64, t.cfg.seed);
		const H = denseHessian(t, rows);
		const eff = t.optimizer.internals().effectiveLr as ArrayLike<number>;
		const P = t.mlp.nParams;
		const root = Float64Array.from({ length: P }, (_, i) => Math.sqrt(eff[i] / 0.01));
		const tmp = new Float64Array(P);
		const ref = powerIteration((v, out) => {
			for (let i = 0; i < P; i++) tmp[i] = root[i] * v[i];
			H(tmp, out);
			for (let i = 0; i < P; i++) out[i] *= root[i];
		}, P, cold(t.cfg.seed));
		expect(Math.abs(s.value - ref.value)).toBeLessThan(1e-12 * Math.abs(ref.value));
		expect(s.products).toBe(ref.products);
	});

	it('warm start: repeated estimates at one θ settle in one product; a NaN estimate does not replace the vector', () => {
		const t = small();
		const tr = new SharpnessTracker(t);
		let s = tr.estimateNow();
		for (let k = 0; k < 10 && s.products > 1; k++) s = tr.estimateNow();
		expect(s.products).toBe(1);
		const settled = s.value;
		const saved = t.mlp.params[0];
		t.mlp.params[0] = NaN;
		expect(Number.isNaN(tr.estimateNow().value)).toBe(true);
		t.mlp.params[0] = saved;
		const again = tr.estimateNow();
		expect(again.products).toBe(1);
		expect(again.value).toBe(settled);
	});
});

describe('SharpnessTracker schedule and cost, by hand', () => {
	it('counts 3B per new step from step 1, estimates when curv + next ≤ budget · train (equality included)', () => {
		// budget 1/3; the probe is 64 rows: an estimate of p products costs 64 (2 + 6p)
		let clock = 0;
		const t = small();
		const tr = new SharpnessTracker(t, { budget: 1 / 3, now: () => (clock += 5) });
		const cost = (p: number) => 64 * (2 + 6 * p);
		tr.afterStep(100); // step 0: always estimated; its batch counts nothing (no step taken)
		const [first] = tr.drain();
		expect(first.step).toBe(0);
		// the next estimate is due once train work W has 1/3 · W ≥ cost(p₀) + cost(max(p₀, 2))
		const need = cost(first.products) + cost(Math.max(first.products, 2));
		expect((1 / 3) * (3 * need)).toBe(need); // exact in float64: the boundary is hit exactly
		t.step();
		tr.afterStep(need - 1); // W = 3(need − 1): short by 1
		tr.afterStep(need - 1); // the same step again: counts nothing
		expect(tr.drain()).toEqual([]);
		t.step();
		tr.afterStep(1); // W = 3·need: equality → estimate
		const [second] = tr.drain();
		expect(second.step).toBe(2);
		expect(tr.drain()).toEqual([]);
		const c = tr.cost();
		expect(c.estimates).toBe(2);
		expect(c.workShare).toBe((cost(first.products) + cost(second.products)) / (3 * need));
		expect(c.ms).toBe(10); // two estimates, each 5 ms on the fake clock
	});

	it('a diverged run is not estimated, but its step still counts as work', () => {
		const t = small();
		const tr = new SharpnessTracker(t, { budget: 1 });
		tr.afterStep(0);
		const [first] = tr.drain();
		t.step();
		t.status = 'diverged';
		tr.afterStep(10_000); // would be due: 10,000 · 3 ≥ any two estimates of ≤ 6 products here
		expect(tr.drain()).toEqual([]);
		expect(tr.cost().workShare).toBe(64 * (2 + 6 * first.products) / 30_000);
	});
});

describe('SharpnessTracker: SGD is never preconditioned', () => {
	it('after a step SGD reports a uniform effective rate, yet its estimate is of plain H', () => {
		const t = small();
		t.step();
		expect(t.optimizer.internals().effectiveLr).toBeDefined();
		const s = new SharpnessTracker(t).estimateNow();
		expect(s.preconditioned).toBe(false);
		const rows = curvatureProbeRows(trackerData.trainY.length, 64, t.cfg.seed);
		const ref = powerIteration(denseHessian(t, rows), t.mlp.nParams, cold(t.cfg.seed));
		expect(Math.abs(s.value - ref.value)).toBeLessThan(1e-12 * Math.abs(ref.value));
	});
});
