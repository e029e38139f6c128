import { describe, expect, it } from 'vitest';
import { runConfig } from './run-config';
import { expectBoundedRecorder, expectBoundedSchedule } from './long-run';
import { activations } from '../../src/lib/engine/activations';
import { toyDataset } from '../../src/lib/engine/data/index';
import { initLayer } from '../../src/lib/engine/init';
import {
	binEdges,
	deadShare,
	gradNorm,
	histogram,
	identicalUnits,
	initialActivationProfile,
	percentiles,
	probeBatch,
	rebin,
	saturatedShare,
	saturatedUnitShare,
	sharedRange,
	SnapshotRecorder,
	SnapshotSchedule,
	SnapshotStore,
	summarize,
	updateRatio,
	type Snapshot
} from '../../src/lib/engine/inspect/index';
import { softmaxCrossEntropy } from '../../src/lib/engine/loss';
import { Mlp } from '../../src/lib/engine/mlp';
import { Rng } from '../../src/lib/engine/rng';
import { initializeMlp, Trainer, type RunConfig } from '../../src/lib/engine/trainer';
import type { Dataset } from '../../src/lib/engine/types';

const f64 = (xs: number[]) => new Float64Array(xs);

describe('binEdges and histogram', () => {
	it('spaces edges evenly and ends exactly at hi', () => {
		expect(Array.from(binEdges(0, 1, 4))).toEqual([0, 0.25, 0.5, 0.75, 1]);
		const e = binEdges(-1, 0.3, 7);
		expect(e.length).toBe(8);
		expect(e[7]).toBe(0.3);
		expect(Array.from(binEdges(5, 5, 3))).toEqual([5, 5, 5, 5]);
		expect(() => binEdges(0, 1, 0)).toThrow(RangeError);
		expect(() => binEdges(1, 0, 4)).toThrow(RangeError);
		expect(() => binEdges(0, NaN, 4)).toThrow(RangeError);
	});

	it('puts a value on an inner edge in the bin to its right, closes the last bin, counts the rest apart', () => {
		const edges = f64([0, 1, 2, 3, 4]);
		const values = f64([0, 1, 2, 3, 4, 0.5, 3.999, -0.001, 4.001, NaN, Infinity, -Infinity]);
		const h = histogram(values, edges);
		// bin 0 [0,1): 0, 0.5 · bin 1 [1,2): 1 · bin 2 [2,3): 2 · bin 3 [3,4]: 3, 3.999, 4 (closed)
		expect(Array.from(h.counts)).toEqual([2, 1, 1, 3]);
		expect(h.underflow).toBe(1); // −0.001
		expect(h.overflow).toBe(1); // 4.001
		expect(h.nonFinite).toBe(3); // NaN, ±∞
	});

	it('follows the edges actually stored, even when they are rounded (0.3/3 ≠ 0.1)', () => {
		const e = binEdges(0, 0.3, 3);
		const h = histogram(f64([e[1], e[2], 0.3]), e);
		expect(Array.from(h.counts)).toEqual([0, 1, 2]);
	});

	it('works with uneven edges', () => {
		// [0,0.1) [0.1,1) [1,10]
		const h = histogram(new Float32Array([0.05, 0.1, 0.99, 1, 10]), f64([0, 0.1, 1, 10]));
		// float32(0.1) = 0.10000000149 ≥ 0.1 → bin 1; float32(0.99) < 1 → bin 1
		expect(Array.from(h.counts)).toEqual([1, 2, 2]);
	});

	it('handles empty input and a degenerate range', () => {
		const empty = histogram(new Float32Array(0), binEdges(0, 1, 3));
		expect(Array.from(empty.counts)).toEqual([0, 0, 0]);
		expect(empty.underflow + empty.overflow + empty.nonFinite).toBe(0);
		// all edges 5: every 5 lands in the closed last bin
		const d = histogram(f64([5, 5, 5, 4, 6]), binEdges(5, 5, 4));
		expect(Array.from(d.counts)).toEqual([0, 0, 0, 3]);
		expect([d.underflow, d.overflow]).toEqual([1, 1]);
	});
});

describe('sharedRange', () => {
	it('is the union, optionally padded', () => {
		const rs = [
			{ min: -1, max: 0.5 },
			{ min: -0.2, max: 2 },
			{ min: NaN, max: NaN }
		];
		expect(sharedRange(rs)).toEqual({ lo: -1, hi: 2 });
		// span 3, pad 10 % → 0.3 each side
		const p = sharedRange(rs, 0.1);
		expect(p.lo).toBeCloseTo(-1.3, 12);
		expect(p.hi).toBeCloseTo(2.3, 12);
	});
	it('widens a single value and has a default for no data', () => {
		expect(sharedRange([])).toEqual({ lo: 0, hi: 1 });
		expect(sharedRange([{ min: 0, max: 0 }])).toEqual({ lo: -0.5, hi: 0.5 });
		// v = 4: half = max(4/2, 0.5) = 2
		expect(sharedRange([{ min: 4, max: 4 }, { min: 4, max: 4 }])).toEqual({ lo: 2, hi: 6 });
	});
});

describe('rebin', () => {
	it('is exact when the edges coincide', () => {
		const e = binEdges(-0.7, 1.3, 4);
		expect(Array.from(rebin([3, 0, 5, 2], e, e))).toEqual([3, 0, 5, 2]);
	});
	it('is exact when merging pairs of bins (64 → 32 on the same range)', () => {
		const rng = new Rng(3);
		const counts = Array.from({ length: 64 }, () => Math.floor(rng.uniform() * 50));
		const out = rebin(counts, binEdges(-2, 3, 64), binEdges(-2, 3, 32));
		for (let j = 0; j < 32; j++) expect(out[j]).toBe(counts[2 * j] + counts[2 * j + 1]);
	});
	it('spreads each source bin uniformly', () => {
		// one bin [0,1] of 4 over four quarters → 1 each
		expect(Array.from(rebin([4], f64([0, 1]), binEdges(0, 1, 4)))).toEqual([1, 1, 1, 1]);
		// source [0,1) 2, [1,2] 4 onto [0,0.5) [0.5,1.5) [1.5,2]:
		//   bin 0 = ½·2 = 1; bin 1 = ½·2 + ½·4 = 3; bin 2 = ½·4 = 2
		expect(Array.from(rebin([2, 4], f64([0, 1, 2]), f64([0, 0.5, 1.5, 2])))).toEqual([1, 3, 2]);
	});
	it('clamps mass outside the target into the end bins and places point masses', () => {
		// [−1,1] of 4 onto [0,0.5) [0.5,1]: half (2) lies below 0 → bin 0; bin 0 also ¼·4 = 1, bin 1 ¼·4 = 1
		expect(Array.from(rebin([4], f64([-1, 1]), f64([0, 0.5, 1])))).toEqual([3, 1]);
		// all values 0.3 (zero-width bins) onto tenths: 0.3 is edge 3 → bin 3 [0.3, 0.4)
		const out = rebin([0, 0, 0, 7], binEdges(0.3, 0.3, 4), binEdges(0, 1, 10));
		expect(out[3]).toBe(7);
		expect(out.reduce((a, b) => a + b, 0)).toBe(7);
	});
	it('preserves the total onto arbitrary covering edges', () => {
		const rng = new Rng(11);
		for (let trial = 0; trial < 20; trial++) {
			const lo = rng.uniformRange(-1, 0);
			const hi = lo + rng.uniformRange(0.01, 2);
			const counts = Array.from({ length: 64 }, () => Math.floor(rng.uniform() * 100));
			const total = counts.reduce((a, b) => a + b, 0);
			const out = rebin(counts, binEdges(lo, hi, 64), binEdges(-1.5, 2.5, 37));
			expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 8);
		}
	});
});

describe('percentiles', () => {
	it('interpolates linearly inside the bin of each rank', () => {
		// counts [2, 0, 6, 2] on [0,1,2,3,4], total 10; rank r = p·10:
		//   p 0   → lower edge of the first non-empty bin = 0
		//   p 0.1 → r 1, bin 0: 0 + 1/2 = 0.5        p 0.2 → r 2, bin 0: 0 + 2/2 = 1
		//   p 0.5 → r 5, bin 2 (cum 2): 2 + 3/6 = 2.5 p 0.8 → r 8, bin 2: 2 + 6/6 = 3
		//   p 0.9 → r 9, bin 3 (cum 8): 3 + 1/2 = 3.5 p 1 → 4
		const q = percentiles([2, 0, 6, 2], f64([0, 1, 2, 3, 4]), [0, 0.1, 0.2, 0.5, 0.8, 0.9, 1]);
		expect(Array.from(q)).toEqual([0, 0.5, 1, 2.5, 3, 3.5, 4]);
	});
	it('skips leading empty bins: p = 0 is the first non-empty bin’s lower edge', () => {
		// counts [0, 4] on [0, 1, 2]: p 0 → 1; p 0.5 → r 2 in bin 1: 1 + 2/4 = 1.5
		expect(Array.from(percentiles([0, 4], f64([0, 1, 2]), [0, 0.5]))).toEqual([1, 1.5]);
	});
	it('is NaN for an empty histogram and rejects p outside [0, 1]', () => {
		expect(Array.from(percentiles([0, 0], f64([0, 1, 2]), [0.5]))).toEqual([NaN]);
		expect(() => percentiles([1], f64([0, 1]), [1.5])).toThrow(RangeError);
	});
	it('defaults to TensorBoard’s nine bands', () => {
		expect(percentiles([1], f64([0, 1])).length).toBe(9);
	});
});

describe('layer statistics', () => {
	it('summarizes the finite values', () => {
		// mean 2.5; Σ(x − 2.5)² = 2.25 + 0.25 + 0.25 + 2.25 = 5; population variance 5/4
		const s = summarize(f64([1, 2, 3, 4, NaN]));
		expect(s).toEqual({ min: 1, max: 4, mean: 2.5, std: Math.sqrt(1.25), n: 4, nonFinite: 1 });
		expect(summarize(new Float32Array(0)).mean).toBeNaN();
	});

	it('dead share: units never active over the batch', () => {
		// B = 3, OUT = 4; columns are units. Unit 0 (0,0,0) and unit 2 (0,0,−0.5) never exceed 0;
		// unit 1 fires on example 0, unit 3 on example 1 → 2 dead of 4 = 0.5
		const a = f64([0, 1, 0, -1, 0, 0, 0, 2, 0, 0, -0.5, 0]);
		expect(deadShare(a, 3, 4)).toBe(0.5);
		// leaky-relu: z (B = 2, OUT = 2) = [[−1, 0.5], [−2, −0.1]]: unit 0 off on both → 1 of 2.
		const z = f64([-1, 0.5, -2, -0.1]);
		const leaky = new Float64Array(4);
		activations['leaky-relu'].forward(leaky, z, 4);
		expect(deadShare(z, 2, 2)).toBe(0.5);
		expect(deadShare(leaky, 2, 2)).toBe(0.5); // a = 0.01·z keeps the sign
		expect(deadShare(new Float32Array(0), 0, 4)).toBe(0);
	});

	it('saturated share: per entry and per unit', () => {
		// tanh, bounds [−1, 1], tol 0.03 → saturated when a ≤ −0.97 or a ≥ 0.97. B = 2, OUT = 3:
		//   example 0: 0.98 ✓, −0.975 ✓, 0.5 ✗     example 1: 0.96 ✗, −0.99 ✓, 0.975 ✓
		// entries 4/6; units: only unit 1 is saturated on both examples → 1/3
		const a = f64([0.98, -0.975, 0.5, 0.96, -0.99, 0.975]);
		expect(saturatedShare(a, 2, 3, [-1, 1])).toBeCloseTo(4 / 6, 15);
		expect(saturatedUnitShare(a, 2, 3, [-1, 1])).toBeCloseTo(1 / 3, 15);
		// sigmoid, bounds [0, 1]: 0.01 ✓, 0.5 ✗, 0.99 ✓, 0.02 ✓ → 3/4; the single unit is not saturated on all
		const s = f64([0.01, 0.5, 0.99, 0.02]);
		expect(saturatedShare(s, 4, 1, [0, 1])).toBe(0.75);
		expect(saturatedUnitShare(s, 4, 1, [0, 1])).toBe(0);
		// a wider tolerance: 0.5 is within 0.5 of 0 → all 4
		expect(saturatedShare(s, 4, 1, [0, 1], 0.5)).toBe(1);
	});

	it('gradient norm of weights, and of weights with bias', () => {
		// ‖(3, 0, 4, 0)‖ = √(9 + 16) = 5; with bias 12: √(25 + 144) = 13
		expect(gradNorm(f64([3, 0, 4, 0]))).toBe(5);
		expect(gradNorm(f64([3, 0, 4, 0]), f64([12]))).toBe(13);
	});

	it('update ratio ‖Δθ‖/‖θ‖', () => {
		// θ = (3, 4), ‖θ‖ = 5; θ' = (3.03, 3.96), Δ = (0.03, −0.04), ‖Δ‖ = 0.05 → 0.01
		expect(updateRatio(f64([3, 4]), f64([3.03, 3.96]))).toBeCloseTo(0.01, 12);
		expect(updateRatio(f64([0, 0]), f64([0, 0]))).toBe(0);
		expect(updateRatio(f64([0, 0]), f64([1, 0]))).toBe(Infinity);
		expect(() => updateRatio(f64([1]), f64([1, 2]))).toThrow(RangeError);
	});

	it('identical units: true for zeros and constant init, false for he-normal', () => {
		const [OUT, IN] = [4, 3];
		const init = (scheme: 'zeros' | 'constant' | 'he-normal', bias = 0) => {
			const W = new Float32Array(OUT * IN);
			const b = new Float32Array(OUT);
			initLayer(W, b, IN, OUT, { scheme, bias: { kind: 'constant', value: bias } }, 'relu', new Rng(5));
			return { W, b };
		};
		const z = init('zeros');
		expect(identicalUnits(z.W, OUT, IN)).toBe(true);
		expect(identicalUnits(z.W, OUT, IN, z.b)).toBe(true);
		const c = init('constant', 0.1);
		expect(identicalUnits(c.W, OUT, IN, c.b)).toBe(true);
		const h = init('he-normal');
		expect(identicalUnits(h.W, OUT, IN, h.b)).toBe(false);
		// same rows but different biases → the units still differ
		expect(identicalUnits(z.W, OUT, IN, f64([0, 0, 0, 0.1]))).toBe(false);
		// a lone unit has nothing to be symmetric with
		expect(identicalUnits(f64([1, 2, 3]), 1, 3)).toBe(false);
	});
});

describe('bounded snapshot schedule', () => {
	// 1,000,000 steps: minutes once Stryker instruments the schedule; tests/unit/mutation/snapshot-schedule-fast.test.ts
	// checks the same over 20,000 steps for mutation runs (MUTATION=1)
	it.skipIf(process.env.MUTATION)('keeps ≤ cap snapshots over a 1,000,000-step run, first and latest included, evenly spread', () => {
		// each thinning halves, so only ~ (cap/2)·log₂(10⁶/cap) ≈ 1,300 snapshots are ever taken
		expectBoundedSchedule(1_000_000, 200, 3000);
	});

	it.skipIf(process.env.MUTATION)('SnapshotStore.add applies the same rule on its own', () => {
		const store = new SnapshotStore<{ step: number }>(50);
		const sch = new SnapshotSchedule(1, 50);
		for (let s = 0; s <= 1_000_000; s++) {
			if (!sch.isDue(s)) continue;
			sch.record(s);
			store.add({ step: s });
			expect(store.size).toBeLessThan(50);
		}
		expect(store.steps()).toEqual(sch.kept);
		// the scrubber's lookup: the latest snapshot at or before a step
		const steps = store.steps();
		expect(store.at(steps[3] + 1)?.step).toBe(steps[3]);
		expect(store.at(-5)?.step).toBe(0);
		expect(store.at(2e6)?.step).toBe(steps[steps.length - 1]);
	});
});

// ---- with a model ----

function toy(): Dataset {
	return toyDataset('spiral', { n: 300 }, new Rng(7));
}

function config(over: Partial<RunConfig> = {}): RunConfig {
	return runConfig({ hidden: [8, 6], totalSteps: 50, evalEvery: 1000, ...over });
}

describe('SnapshotRecorder', () => {
	// 1,000,000 steps: see snapshot-schedule-fast.test.ts for mutation runs
	it.skipIf(process.env.MUTATION)('keeps memory bounded over a synthetic 1,000,000-step run (fake step counter, tiny model)', () => {
		expectBoundedRecorder(1_000_000, 40, 25_000);
	});

	it('records the expected structure on a real tiny run, without changing the run', () => {
		const data = toy();
		const cfg = config();
		const probe = probeBatch(data, 32);
		const trainer = new Trainer(data, cfg);
		const rec = new SnapshotRecorder(trainer, probe.x, probe.n, { every: 10, nBins: 16, probeY: probe.y });
		trainer.onBeforeStep = (t) => rec.before(t);
		rec.snapshotNow(trainer);
		while (!trainer.finished) {
			const r = trainer.step();
			if (r) rec.afterStep(trainer, r);
		}
		const { batch } = rec.drain();
		expect(batch.snapshots.map((s) => s.step)).toEqual([0, 10, 20, 30, 40, 50]);
		expect(rec.drain().batch.snapshots).toEqual([]);

		// an identical run without the recorder, instrumented by hand at step 10 (the oracle)
		const plain = new Trainer(data, cfg);
		let gradNorm0 = NaN;
		let ratio0 = NaN;
		const theta = new Float32Array(plain.mlp.nParams);
		plain.onBeforeStep = (t) => theta.set(t.mlp.params);
		plain.onAfterStep = (t, r) => {
			if (r.step !== 10) return;
			const L = t.mlp.layers[0];
			let g = 0;
			let d = 0;
			let w = 0;
			for (let i = L.wOffset; i < L.bOffset + L.fanOut; i++) {
				g += t.mlp.grads[i] ** 2;
				d += (t.mlp.params[i] - theta[i]) ** 2;
				w += theta[i] ** 2;
			}
			gradNorm0 = Math.sqrt(g);
			ratio0 = Math.sqrt(d) / Math.sqrt(w);
		};
		while (!plain.finished) plain.step();
		// the probe forwards and the step-0 probe gradient left training untouched, bit for bit
		expect(Array.from(trainer.mlp.params)).toEqual(Array.from(plain.mlp.params));

		const s10 = batch.snapshots[1];
		expect(s10.gradSource).toBe('train-batch');
		expect(s10.layers[0].gradNorm).toBeCloseTo(gradNorm0, 6);
		expect(s10.layers[0].updateRatio).toBeCloseTo(ratio0, 6);

		const sizes = [2, 8, 6, 3];
		for (const s of batch.snapshots) {
			expect(s.layers.length).toBe(3);
			s.layers.forEach((L, l) => {
				const [IN, OUT] = [sizes[l], sizes[l + 1]];
				const total = (h: { counts: Uint32Array }) => h.counts.reduce((a, b) => a + b, 0);
				expect(L.weight.counts.length).toBe(16);
				expect(total(L.weight)).toBe(IN * OUT);
				expect(total(L.bias)).toBe(OUT);
				expect(total(L.preact)).toBe(32 * OUT);
				expect(total(L.postact)).toBe(32 * OUT);
				expect(L.grad && total(L.grad)).toBe(IN * OUT);
				expect(L.weight.lo).toBe(L.weight.min);
				expect(L.actStd).toBe(L.postact.std);
				expect(L.deadShare === null).toBe(l === 2); // relu hidden layers only
				expect(L.saturatedShare).toBeNull();
				expect(L.gradNorm).toBeGreaterThan(0);
				expect(L.updateRatio === null).toBe(s.step === 0);
				expect(L.identicalUnits).toBe(false);
			});
		}
		// the output layer's post-activation is its logits
		expect(batch.snapshots[0].layers[2].postact.mean).toBe(batch.snapshots[0].layers[2].preact.mean);
		expect(batch.snapshots[0].gradSource).toBe('probe-batch');
	});

	it('step-0 gradient is the probe batch’s, computed independently', () => {
		const data = toy();
		const cfg = config();
		const probe = probeBatch(data, 20);
		const snap: Snapshot = initialActivationProfile([2, 8, 6, 3], 'relu', cfg.init, cfg.seed, probe.x, probe.n, { probeY: probe.y });
		const mlp = new Mlp({ sizes: [2, 8, 6, 3], activation: 'relu' });
		initializeMlp(mlp, cfg.init, cfg.seed);
		const logits = mlp.forward(probe.x, probe.n);
		const d = new Float32Array(probe.n * 3);
		softmaxCrossEntropy(logits, probe.y, probe.n, 3, d);
		mlp.zeroGrad();
		mlp.backward(d);
		let g = 0;
		for (const v of mlp.weightGrad(1)) g += v * v;
		for (const v of mlp.biasGrad(1)) g += v * v;
		expect(snap.layers[1].gradNorm).toBeCloseTo(Math.sqrt(g), 7);
		// and the same θ₀ as a Trainer with this seed and init
		const t = new Trainer(data, cfg);
		expect(snap.layers[0].weight.mean).toBe(summarize(t.mlp.weight(0)).mean);
	});

	it('rejects a bad probe or schedule', () => {
		const data = toy();
		const t = new Trainer(data, config());
		expect(() => new SnapshotRecorder(t, new Float32Array(3), 2)).toThrow(RangeError);
		expect(() => new SnapshotRecorder(t, new Float32Array(4), 2, { cap: 3 })).toThrow(RangeError);
		expect(() => new SnapshotRecorder(t, new Float32Array(4), 2, { every: 0 })).toThrow(RangeError);
	});
});

describe('initialization at step 0 (8 hidden ReLU layers)', () => {
	const data = toy();
	const probe = probeBatch(data, 60);
	const sizes = [2, 32, 32, 32, 32, 32, 32, 32, 32, 3];
	const profile = (init: Parameters<typeof initialActivationProfile>[2]) =>
		initialActivationProfile(sizes, 'relu', init, 9, probe.x, probe.n);

	// With relu and zero bias, E[a_l²] = ½·Var(z_l) and Var(z_{l+1}) = fan_in·σ²·E[a_l²], so each layer
	// multiplies the activation variance by 32·σ²/2: 0.0016 (std ×0.04) for σ = 0.01, 16 (std ×4) for σ = 1.
	// Over the 7 layers from hidden 1 to hidden 8 that is std ×0.04⁷ ≈ 2e−10 and ×4⁷ ≈ 16,000.
	it('σ = 0.01 vanishes: the last hidden layer’s std is far below the first’s', () => {
		const p = profile({ scheme: 'normal', std: 0.01 });
		expect(p.layers[7].actStd).toBeLessThan(p.layers[0].actStd * 1e-6);
	});
	it('σ = 1 explodes: the last hidden layer’s std is far above the first’s', () => {
		const p = profile({ scheme: 'normal', std: 1 });
		expect(p.layers[7].actStd).toBeGreaterThan(p.layers[0].actStd * 1e2);
	});
	it('he-normal keeps it steady (factor 32·(2/32)/2 = 1 per layer); zeros makes every layer symmetric', () => {
		const he = profile({ scheme: 'he-normal' });
		const ratio = he.layers[7].actStd / he.layers[0].actStd;
		expect(ratio).toBeGreaterThan(0.1);
		expect(ratio).toBeLessThan(10);
		expect(he.layers.every((L) => !L.identicalUnits)).toBe(true);
		const zeros = profile({ scheme: 'zeros' });
		expect(zeros.layers.map((L) => L.identicalUnits)).toEqual([true, true, true, true, true, true, true, true, false]);
		// every post-activation is exactly 0: a point-mass histogram at 0, all 100 % "dead"
		expect(zeros.layers[3].postact.lo).toBe(0);
		expect(zeros.layers[3].postact.hi).toBe(0);
		expect(zeros.layers[3].deadShare).toBe(1);
	});
});
