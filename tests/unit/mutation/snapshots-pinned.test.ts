// inspect/snapshots.ts at its edges: refusals by message, defaults, the early log-spaced snapshots,
// snapshotNow / after bookkeeping, drained batches as copies, the page store's add / ingest / at /
// clear rules, and which per-layer statistics each activation gets. Expected steps and shares are
// worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { runConfig } from '../run-config';
import { toyDataset } from '../../../src/lib/engine/data/index';
import {
	initialActivationProfile,
	probeBatch,
	quantityHist,
	snapshotBuffers,
	SnapshotRecorder,
	SnapshotSchedule,
	SnapshotStore
} from '../../../src/lib/engine/inspect/index';
import { Rng } from '../../../src/lib/engine/rng';
import { Trainer, type RunConfig } from '../../../src/lib/engine/trainer';

const data = toyDataset('spiral', { n: 200 }, new Rng(7));
const probe = probeBatch(data, 8);
const trainer = (over: Partial<RunConfig> = {}) => new Trainer(data, runConfig({ hidden: [4], totalSteps: 40, evalEvery: 1000, ...over }));

describe('quantityHist and the schedule', () => {
	it('no finite value: bins over [0, 0], summary NaN, all counted as non-finite', () => {
		const h = quantityHist(new Float64Array([NaN, Infinity, -Infinity]), 4);
		expect([h.lo, h.hi, h.n, h.nonFinite]).toEqual([0, 0, 0, 3]);
		expect(Array.from(h.counts)).toEqual([0, 0, 0, 0]);
		expect(h.min).toBeNaN();
	});

	it('refuses a bad interval or cap by message; cap 4 is the least', () => {
		expect(() => new SnapshotSchedule(0, 10)).toThrow('snapshots: every must be a whole number ≥ 1, got 0');
		expect(() => new SnapshotSchedule(1, 3)).toThrow('snapshots: cap must be a whole number ≥ 4, got 3');
		expect(() => new SnapshotSchedule(1, 4)).not.toThrow();
		expect(() => new SnapshotStore(3)).toThrow('snapshots: cap must be a whole number ≥ 4, got 3');
		expect(() => new SnapshotStore(4.5)).toThrow('snapshots: cap must be a whole number ≥ 4, got 4.5');
		expect(new SnapshotStore(4).cap).toBe(4);
		expect(new SnapshotStore().cap).toBe(200);
	});

	it('last is the latest kept step; nothing is dropped below the cap', () => {
		const s = new SnapshotSchedule(1, 4);
		expect(s.last).toBeUndefined();
		expect(s.record(0)).toEqual([]);
		expect(s.record(3)).toEqual([]);
		expect(s.last).toBe(3);
		expect(s.record(5)).toEqual([]);
		// the 4th reaches the cap: odd indices except the last are dropped, the interval doubles
		expect(s.record(9)).toEqual([3]);
		expect(s.kept).toEqual([0, 5, 9]);
		expect(s.every).toBe(2);
	});
});

describe('SnapshotRecorder', () => {
	it('refuses a bad probe, too few labels, another trainer; defaults every 10, cap 200, 64 bins', () => {
		const t = trainer();
		expect(() => new SnapshotRecorder(t, probe.x, 0)).toThrow('snapshots: probe batch needs probeN ≥ 1 rows of 2 values, got 0 rows in 16 values');
		expect(() => new SnapshotRecorder(t, probe.x, 9)).toThrow('snapshots: probe batch needs probeN ≥ 1 rows of 2 values, got 9 rows in 16 values');
		expect(() => new SnapshotRecorder(t, probe.x, 4, { probeY: probe.y.subarray(0, 3) })).toThrow('snapshots: 3 probe labels for 4 rows');
		const one = new SnapshotRecorder(t, probe.x, 1);
		expect([one.schedule.every, one.schedule.cap, one.nBins]).toEqual([10, 200, 64]);
		expect(new SnapshotRecorder(t, probe.x, 2, { every: 5, cap: 6 }).schedule.every).toBe(5);
		expect(() => one.before(trainer())).toThrow('SnapshotRecorder: called with a different trainer');
		expect(() => one.after(trainer(), 1)).toThrow('SnapshotRecorder: called with a different trainer');
	});

	it('early snapshots at the powers of 4 below the first interval (1, 4, 16, 64, 256), then the interval, and the last step', () => {
		const long = trainer({ totalSteps: 300 });
		const wide = new SnapshotRecorder(long, probe.x, probe.n, { every: 300, nBins: 4, early: true });
		long.onAfterStep = (tr, r) => wide.afterStep(tr, r);
		while (!long.finished) long.step();
		expect(wide.collect().snapshots.map((s) => s.step)).toEqual([1, 4, 16, 64, 256, 300]);

		const t = trainer({ totalSteps: 40 });
		const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 12, nBins: 4, early: true });
		t.onBeforeStep = (tr) => rec.before(tr);
		t.onAfterStep = (tr, r) => rec.afterStep(tr, r);
		while (!t.finished) t.step();
		const { snapshots } = rec.collect();
		// 1 and 4 (16 is past the first interval), then every 12, and 40
		expect(snapshots.map((s) => s.step)).toEqual([1, 4, 12, 24, 36, 40]);
		// every one had θ kept before its step: the update ratio is known
		for (const s of snapshots) for (const L of s.layers) expect(L.updateRatio).toBeGreaterThan(0);
		const plain = trainer({ totalSteps: 40 });
		const rec2 = new SnapshotRecorder(plain, probe.x, probe.n, { every: 12, nBins: 4 });
		plain.onBeforeStep = (tr) => rec2.before(tr);
		plain.onAfterStep = (tr, r) => rec2.afterStep(tr, r);
		while (!plain.finished) plain.step();
		expect(rec2.collect().snapshots.map((s) => s.step)).toEqual([12, 24, 36, 40]);
	});

	it('a step recorded once only; a stop off the schedule has no θ before it (update ratio null)', () => {
		const t = trainer();
		const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 10, nBins: 4 });
		t.stepCount = 9;
		rec.before(t); // step 10 is due: θ kept
		t.stepCount = 10;
		rec.after(t, 10);
		rec.after(t, 10);
		expect(rec.pendingCount).toBe(1);
		t.stepCount = 10;
		rec.before(t); // step 11 is not due: θ not kept
		t.stepCount = 11;
		t.status = 'diverged';
		rec.after(t, 11);
		const { snapshots } = rec.drain().batch;
		expect(snapshots.map((s) => s.step)).toEqual([10, 11]);
		expect(snapshots[0].layers[0].updateRatio).not.toBeNull();
		expect(snapshots[1].layers[0].updateRatio).toBeNull();
	});

	it('after(step 1) without before(): no θ, so no update ratio', () => {
		const t = trainer({ totalSteps: 1 });
		const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 1, nBins: 4 });
		t.stepCount = 1;
		rec.after(t, 1);
		expect(rec.collect().snapshots[0].layers[0].updateRatio).toBeNull();
	});

	it('snapshotNow: once per step; without labels no gradient (source none), with labels the probe batch', () => {
		const t = trainer();
		const rec = new SnapshotRecorder(t, probe.x, probe.n, { nBins: 4 });
		rec.snapshotNow(t);
		rec.snapshotNow(t);
		const { batch, transfer } = rec.drain();
		expect(batch.snapshots.length).toBe(1);
		const s = batch.snapshots[0];
		expect(s.gradSource).toBe('none');
		expect(s.layers.map((L) => L.grad)).toEqual([null, null]);
		expect(s.layers.map((L) => L.gradNorm)).toEqual([null, null]);
		// 2 layers × 4 histograms (no gradient): snapshotBuffers skips the missing one
		expect(transfer.length).toBe(8);
		expect(snapshotBuffers(batch.snapshots).length).toBe(8);
		// a later step is recorded again
		t.stepCount = 5;
		rec.snapshotNow(t);
		expect(rec.drain().batch.snapshots.map((x) => x.step)).toEqual([5]);
		const withY = new SnapshotRecorder(trainer(), probe.x, probe.n, { nBins: 4, probeY: probe.y });
		withY.snapshotNow(withY.trainer);
		const g = withY.collect().snapshots[0];
		expect(g.gradSource).toBe('probe-batch');
		expect(g.layers[0].gradNorm).toBeGreaterThan(0);
	});

	it('a drained batch keeps its own copy of the kept steps', () => {
		const t = trainer();
		const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 1, nBins: 4 });
		t.stepCount = 1;
		rec.after(t, 1);
		const { batch } = rec.drain();
		expect(batch.keptSteps).toEqual([1]);
		t.stepCount = 2;
		rec.after(t, 2);
		expect(batch.keptSteps).toEqual([1]);
		expect(rec.drain().batch.keptSteps).toEqual([1, 2]);
	});
});

describe('SnapshotStore', () => {
	const st = (step: number, tag = '') => ({ step, tag });

	it('add replaces a snapshot of the same step and drops later ones', () => {
		const s = new SnapshotStore<{ step: number; tag: string }>(10);
		s.add(st(0));
		s.add(st(5));
		s.add(st(5, 'again'));
		expect(s.snapshots).toEqual([st(0), st(5, 'again')]);
		s.add(st(3));
		expect(s.steps()).toEqual([0, 3]);
		s.add(st(8));
		expect(s.steps()).toEqual([0, 3, 8]);
		s.clear();
		expect(s.size).toBe(0);
		expect(s.snapshots).toEqual([]);
	});

	it('ingest keeps only kept steps, prefers the fresh copy, sorts, and thins to the cap', () => {
		const s = new SnapshotStore<{ step: number; tag: string }>(4);
		s.ingest({ snapshots: [st(0), st(20)], keptSteps: [0, 20] });
		s.ingest({ snapshots: [st(10, 'new'), st(20, 'new'), st(30, 'dropped')], keptSteps: [0, 10, 20] });
		expect(s.snapshots).toEqual([st(0), st(10, 'new'), st(20, 'new')]);
		// a fresh snapshot older than a kept one is sorted in
		const t = new SnapshotStore<{ step: number; tag: string }>(10);
		t.ingest({ snapshots: [st(0), st(30)], keptSteps: [0, 30] });
		t.ingest({ snapshots: [st(10)], keptSteps: [0, 10, 30] });
		expect(t.steps()).toEqual([0, 10, 30]);
		// 6 kept > cap 4: thinned once to indices 0, 2, 4 and the last → 4 entries
		const six = [0, 1, 2, 3, 4, 5].map((k) => st(k));
		s.ingest({ snapshots: six, keptSteps: [0, 1, 2, 3, 4, 5] });
		expect(s.steps()).toEqual([0, 2, 4, 5]);
	});

	it('at(): the latest at or before a step; the first before them all; nothing when empty', () => {
		const s = new SnapshotStore<{ step: number; tag: string }>(10);
		expect(s.at(5)).toBeUndefined();
		for (const k of [0, 5, 10]) s.add(st(k));
		expect(s.at(5)?.step).toBe(5);
		expect(s.at(9)?.step).toBe(5);
		expect(s.at(10)?.step).toBe(10);
		expect(s.at(99)?.step).toBe(10);
		expect(s.at(-1)?.step).toBe(0);
	});
});

describe('initialActivationProfile: which statistics each activation gets', () => {
	const x = new Float32Array([1, 1, 1, 1, 1, 1, 1, 1]); // 4 probe rows (1, 1)

	it('refuses a bad probe by message', () => {
		expect(() => initialActivationProfile([2, 3, 2], 'relu', { scheme: 'zeros' }, 1, x, 0)).toThrow('profile: probe batch needs probeN ≥ 1 rows of 2 values');
		expect(() => initialActivationProfile([2, 3, 2], 'relu', { scheme: 'zeros' }, 1, x, 5)).toThrow(RangeError);
		expect(() => initialActivationProfile([2, 3, 2], 'relu', { scheme: 'zeros' }, 1, x, 1)).not.toThrow();
	});

	it('leaky-relu zeros: every hidden unit has z = 0 ≤ 0 on every example → dead share 1; output layer: null', () => {
		const p = initialActivationProfile([2, 3, 2], 'leaky-relu', { scheme: 'zeros' }, 1, x, 4);
		expect(p.gradSource).toBe('none');
		expect(p.layers.map((L) => L.deadShare)).toEqual([1, null]);
		expect(p.layers.map((L) => L.saturatedShare)).toEqual([null, null]);
		expect(p.layers.map((L) => L.identicalUnits)).toEqual([true, false]);
	});

	it('tanh, constant 2: z = 2·(1 + 1) = 4 → tanh 4 = 0.99933 is within 0.03 of 1: saturated; no dead share', () => {
		const p = initialActivationProfile([2, 3, 2], 'tanh', { scheme: 'constant', value: 2 }, 1, x, 4, { probeY: new Uint8Array([0, 1, 0, 1]) });
		expect(p.gradSource).toBe('probe-batch');
		expect(p.layers.map((L) => L.deadShare)).toEqual([null, null]);
		expect(p.layers.map((L) => L.saturatedShare)).toEqual([1, null]);
		expect(p.layers.map((L) => L.saturatedUnitShare)).toEqual([1, null]);
		expect(p.layers[1].grad).not.toBeNull();
	});
});

describe('the probe gradient follows the run’s softmax', () => {
	// a 1 → 1 → 2 ReLU net on x = 1 with logits (0, 1000): exp(1000) overflows in the naive softmax only
	const ones = {
		name: 'xor' as const,
		inputDim: 1,
		nClasses: 2,
		trainX: new Float32Array([1, 1]),
		trainY: new Uint8Array([1, 1]),
		testX: new Float32Array([1, 1]),
		testY: new Uint8Array([1, 0])
	};
	const gradNormAt = (naive: boolean | undefined) => {
		const t = new Trainer(ones, runConfig({ hidden: [1], init: { scheme: 'zeros' }, batchSize: 2, totalSteps: 2, ...(naive === undefined ? {} : { naiveSoftmax: naive }) }));
		t.mlp.weight(0).set([1]);
		t.mlp.weight(1).set([0, 1000]);
		const rec = new SnapshotRecorder(t, ones.testX, 2, { nBins: 4, probeY: ones.testY });
		rec.snapshotNow(t);
		return rec.collect().snapshots[0].layers[1].gradNorm!;
	};

	it('naive: NaN (the lecture’s overflow); stable: finite', () => {
		expect(gradNormAt(true)).toBeNaN();
		// stable: p = (e^−1000, 1) → (0, 1); the label-0 example gives ∂L/∂z = (−1, 1)/2: finite and not 0
		expect(Number.isFinite(gradNormAt(false))).toBe(true);
		expect(gradNormAt(false)).toBeGreaterThan(0);
	});

	it('a run that does not say: the stable softmax; the last layer’s gradient by hand has norm 1', () => {
		// hidden unit relu(1·1) = 1, logits (0, 1000) → p = (0, 1) (e^−1000 underflows to 0); the
		// label-1 example gives ∂L/∂z = 0, the label-0 one (−1, 1), mean over B = 2: (−½, ½);
		// ∂L/∂W₁ = (−½, ½)·1 and ∂L/∂b₁ = (−½, ½) → norm √(4·¼) = 1
		expect(gradNormAt(undefined)).toBeCloseTo(1, 12);
	});

	it('the step-0 profile uses the stable softmax: constant 1000 gives equal logits 10⁶, a finite gradient', () => {
		const p = initialActivationProfile([1, 1, 2], 'relu', { scheme: 'constant', value: 1000 }, 1, new Float32Array([1]), 1, { probeY: new Uint8Array([0]) });
		expect(Number.isFinite(p.layers[1].gradNorm!)).toBe(true);
	});
});
