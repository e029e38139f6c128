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
