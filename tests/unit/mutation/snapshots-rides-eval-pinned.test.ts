// A snapshot riding on an evaluation (Trainer.evalCache), at the mutation suite's scale
// (tests/unit/snapshot-rides-eval.test.ts compares whole runs with and without riding, outside the
// mutation suite). Counted by hand: 700 test rows are evaluated in chunks of 500 and 200, the
// first chunk last, so the forward caches end up holding rows [0, 500). A probe of the first 256
// rows is inside them: the snapshot takes no forward of its own. A probe of 600 rows is not: it
// runs its own forward, and its histograms count all 600 rows.
import { describe, expect, it } from 'vitest';
import { runConfig } from '../run-config';
import { probeBatch, SnapshotRecorder } from '../../../src/lib/engine/inspect/snapshots';
import { Trainer } from '../../../src/lib/engine/trainer';
import type { Dataset } from '../../../src/lib/engine/types';

const D = 4;
const H = 8;
// dense rows (no zero feature, so every forward takes the same kernels), 4 classes
const rows = (k: number) => Float32Array.from({ length: k * D }, (_, i) => 0.1 + ((i * 37) % 101) / 101);
const labels = (k: number) => Uint8Array.from({ length: k }, (_, i) => (i * 7) % 4);
const data: Dataset = { name: 'spiral', inputDim: D, nClasses: 4, trainX: rows(64), trainY: labels(64), testX: rows(700), testY: labels(700) };

/** 6 steps, an evaluation at step 6 and the riding snapshot after it: forwards taken by afterEval, the snapshot */
function rideAt6(probeRows: number) {
	const t = new Trainer(data, runConfig({ hidden: [H], batchSize: 16, totalSteps: 12, evalEvery: 6 }));
	const probe = probeBatch(data, probeRows);
	const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 6, nBins: 8, probeY: probe.y, ridesOnEval: true });
	t.onBeforeStep = (tr) => rec.before(tr);
	for (let s = 1; s <= 6; s++) rec.afterStep(t, t.step()!);
	expect(t.evalDue()).toBe(true);
	expect(rec.pendingCount).toBe(0); // waits for the evaluation
	const f0 = t.mlp.forwards;
	t.evaluate();
	expect(t.mlp.forwards - f0).toBe(2); // chunks of 500 and 200
	const f1 = t.mlp.forwards;
	rec.afterEval(t);
	const snaps = rec.drain().batch.snapshots;
	expect(snaps.map((s) => s.step)).toEqual([6]);
	return { ownForwards: t.mlp.forwards - f1, hidden: snaps[0].layers[0] };
}

describe('a snapshot after an evaluation of 700 test rows (chunks 500, 200)', () => {
	it('a probe of 256 rows reads the cached chunk: no forward of its own; histograms over 256 × 8 pre-activations', () => {
		const r = rideAt6(256);
		expect(r.ownForwards).toBe(0);
		expect(r.hidden.preact.n + r.hidden.preact.nonFinite).toBe(256 * H);
	});

	it('a probe of 600 rows is more than the cache holds (500): it runs its own forward, histograms over 600 × 8', () => {
		const r = rideAt6(600);
		expect(r.ownForwards).toBe(1);
		expect(r.hidden.preact.n + r.hidden.preact.nonFinite).toBe(600 * H);
	});
});

/** a recorder riding on evaluations; steps 1 … k with afterStep (no evaluation) */
function riding(ds: Dataset, probeX: Float32Array, probeN: number, every = 6, evalEvery = 6) {
	const t = new Trainer(ds, runConfig({ hidden: [H], batchSize: 16, totalSteps: 12, evalEvery }));
	const rec = new SnapshotRecorder(t, probeX, probeN, { every, nBins: 8, ridesOnEval: true });
	t.onBeforeStep = (tr) => rec.before(tr);
	const stepTo = (k: number) => {
		while (t.stepCount < k) rec.afterStep(t, t.step()!);
	};
	return { t, rec, stepTo };
}

/** step to 6 (deferred), evaluate, `between`, afterEval: the forwards afterEval took and the hidden layer's pre-activation count */
function ownForwards(ds: Dataset, probeX: Float32Array, probeN: number, between: (t: Trainer) => void = () => {}) {
	const { t, rec, stepTo } = riding(ds, probeX, probeN);
	stepTo(6);
	expect(rec.pendingCount).toBe(0);
	t.evaluate();
	between(t);
	const f = t.mlp.forwards;
	rec.afterEval(t);
	const snaps = rec.drain().batch.snapshots;
	expect(snaps.map((x) => x.step)).toEqual([6]);
	const pre = snaps[0].layers[0].preact;
	return { forwards: t.mlp.forwards - f, preact: pre.n + pre.nonFinite };
}

describe('the caches hold the probe only when every condition holds', () => {
	it('a probe of exactly the cached 500 rows rides (rows ≥ probeN, equality included)', () => {
		expect(ownForwards(data, data.testX.subarray(0, 500 * D), 500)).toEqual({ forwards: 0, preact: 500 * H });
	});

	it('the same 256 rows copied into another buffer: its own forward', () => {
		expect(ownForwards(data, data.testX.slice(0, 256 * D), 256)).toEqual({ forwards: 1, preact: 256 * H });
	});

	it('256 test rows from row 100 (same buffer, another offset): its own forward', () => {
		expect(ownForwards(data, data.testX.subarray(100 * D, 356 * D), 256)).toEqual({ forwards: 1, preact: 256 * H });
	});

	it('another forward between the evaluation and afterEval (3 rows predicted): its own forward over 256 rows', () => {
		expect(ownForwards(data, data.testX.subarray(0, 256 * D), 256, (t) => t.predict(data.testX, 3))).toEqual({ forwards: 1, preact: 256 * H });
	});

	it('no evaluation at that step at all: its own forward', () => {
		const { t, rec, stepTo } = riding(data, data.testX.subarray(0, 256 * D), 256);
		stepTo(6);
		const f = t.mlp.forwards;
		rec.afterEval(t);
		expect(t.mlp.forwards - f).toBe(1);
		expect(rec.drain().batch.snapshots.map((x) => x.step)).toEqual([6]);
	});

	it('a sparse probe (1 of 4 features nonzero, ≤ 1/3) in a dense chunk (1,232 of 2,000 nonzero): its own forward', () => {
		// rows 0..255: only feature 0 nonzero; rows 256..699 dense → chunk [0, 500): 256 + 244·4 = 1,232 nonzeros
		const testX = rows(700);
		for (let r = 0; r < 256; r++) testX.fill(0, r * D + 1, (r + 1) * D);
		const ds = { ...data, testX };
		expect(ownForwards(ds, testX.subarray(0, 256 * D), 256)).toEqual({ forwards: 1, preact: 256 * H });
	});
});

describe('the deferred snapshot', () => {
	it('evaluations at steps that are not due take no snapshot (nothing deferred)', () => {
		const { t, rec, stepTo } = riding(data, data.testX.subarray(0, 256 * D), 256, 6, 1);
		for (let k = 1; k <= 5; k++) {
			stepTo(k);
			t.evaluate();
			rec.afterEval(t);
		}
		expect(rec.pendingCount).toBe(0);
	});

	it('afterEval twice at a deferred step 1 takes it once', () => {
		const { t, rec, stepTo } = riding(data, data.testX.subarray(0, 256 * D), 256, 1, 1);
		stepTo(1);
		expect(rec.pendingCount).toBe(0);
		t.evaluate();
		rec.afterEval(t);
		rec.afterEval(t);
		expect(rec.drain().batch.snapshots.map((x) => x.step)).toEqual([1]);
	});

	it('a step that diverges is snapshotted at once, not left waiting for an evaluation', () => {
		// a NaN weight into hidden unit 0: relu(NaN) = 0, so the loss of step 6 stays finite, and the
		// update leaves the NaN in θ → diverged at step 6, a step that is due and evaluated
		const { t, rec, stepTo } = riding(data, data.testX.subarray(0, 256 * D), 256);
		stepTo(5);
		t.mlp.weight(0)[0] = NaN;
		const r = t.step()!;
		expect([r.step, t.stepCount, t.status, t.evalDue()]).toEqual([6, 6, 'diverged', true]);
		rec.afterStep(t, r);
		expect(rec.drain().batch.snapshots.map((x) => x.step)).toEqual([6]);
	});
});
