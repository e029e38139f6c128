// Snapshots that ride on evaluations (issue 13): a snapshot due at an evaluated step reads the probe
// batch's activations from the evaluation's forward caches (the probe is the test split's first
// rows, and evaluate() runs the first chunk last) instead of running the probe again. The check is
// against the other path, not against itself: the same run recorded with and without riding gives
// the same snapshots bit for bit (histogram counts, ranges, moments, every per-layer statistic), and
// the riding recorder really ran fewer forward passes — one per riding snapshot. Cases: sparse
// inputs (the first layer's mostly-zero kernels, as MNIST), dense inputs, a probe whose sparsity
// differs from its chunk's (it must run its own forward), a float64 net, tanh, test splits shorter
// and longer than one evaluation chunk (500) and not a multiple of it.
import { describe, expect, it } from 'vitest';
import { runConfig } from './run-config';
import { probeBatch, SnapshotRecorder, type Snapshot } from '../../src/lib/engine/inspect/snapshots';
import { Rng } from '../../src/lib/engine/rng';
import { Trainer, type RunConfig } from '../../src/lib/engine/trainer';
import type { Dataset } from '../../src/lib/engine/types';

/** n train and m test rows of D features, a share `density` of them nonzero (the rest exactly 0) */
function dataset(n: number, m: number, D: number, density: (row: number) => number, seed = 11): Dataset {
	const rng = new Rng(seed);
	const rows = (k: number, from: number) => {
		const X = new Float32Array(k * D);
		for (let r = 0; r < k; r++) for (let i = 0; i < D; i++) if (rng.uniform() < density(from + r)) X[r * D + i] = rng.uniform();
		return X;
	};
	const labels = (k: number) => Uint8Array.from({ length: k }, () => Math.floor(rng.uniform() * 4));
	return { name: 'spiral', inputDim: D, nClasses: 4, trainX: rows(n, 0), trainY: labels(n), testX: rows(m, 0), testY: labels(m) };
}

/** the worker session's order: step, afterStep, and when due the evaluation followed by afterEval */
function record(data: Dataset, cfg: RunConfig, ridesOnEval: boolean): { snaps: Snapshot[]; forwards: number; evals: number[] } {
	const t = new Trainer(data, cfg);
	const probe = probeBatch(data, 256);
	const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 6, early: true, probeY: probe.y, nBins: 16, ridesOnEval });
	t.onBeforeStep = (tr) => rec.before(tr);
	rec.snapshotNow(t);
	const evals: number[] = [];
	while (!t.finished) {
		const r = t.step();
		if (!r || t.stepCount !== r.step) break;
		rec.afterStep(t, r);
		if (t.status !== 'diverged' && t.evalDue()) {
			evals.push(t.evaluate().testLoss);
			rec.afterEval(t);
		}
	}
	return { snaps: rec.drain().batch.snapshots, forwards: t.mlp.forwards, evals };
}

function plain(s: Snapshot[]) {
	return s.map((x) => ({ ...x, layers: x.layers.map((L) => JSON.parse(JSON.stringify(L, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v)))) }));
}

const base = (over: Partial<RunConfig> = {}) => runConfig({ hidden: [12, 8], batchSize: 16, totalSteps: 24, evalEvery: 6, optimizer: { name: 'adam', lr: 0.01 }, ...over });

describe('a snapshot at an evaluated step rides on the evaluation', () => {
	// [name, data, config, rides, evaluation chunks of 500 rows]
	const cases: [string, Dataset, Partial<RunConfig>, boolean, number][] = [
		// 600 test rows: two chunks (500 + 100), the probe the first 256 of the first
		['sparse inputs (the mostly-zero first-layer kernels), 600 test rows', dataset(300, 600, 40, () => 0.15), {}, true, 2],
		['dense inputs, 600 test rows', dataset(300, 600, 40, () => 1), {}, true, 2],
		['sparse inputs, 180 test rows (one short chunk, a probe of 180)', dataset(300, 180, 40, () => 0.15), {}, true, 1],
		['float64 net, 1,234 test rows (three chunks, the last short)', dataset(300, 1234, 40, () => 0.2), { dtype: 'float64' }, true, 3],
		['tanh (saturation statistics)', dataset(300, 600, 40, () => 0.15), { activation: 'tanh' }, true, 2],
		// the probe (rows < 256) is sparse but its 500-row chunk is dense: the kernels differ, so no reuse
		['probe sparse, its chunk dense: the probe runs its own forward', dataset(300, 600, 40, (r) => (r < 256 ? 0.1 : 1)), {}, false, 2]
	];
	for (const [name, data, over, rides, chunks] of cases) {
		it(name, () => {
			const riding = record(data, base(over), true);
			const fresh = record(data, base(over), false);
			// the training and the evaluations are the same (θ is never touched by a snapshot)
			expect(riding.evals).toEqual(fresh.evals);
			// steps 0, 1, 4 (early: powers of 4 below 6), 6, 12, 18, 24 (every 6 = every evaluation, 24 the last)
			expect(riding.snaps.map((s) => s.step)).toEqual([0, 1, 4, 6, 12, 18, 24]);
			expect(plain(riding.snaps)).toEqual(plain(fresh.snaps));
			// forward passes, counted by hand: 24 steps, 4 evaluations of `chunks` chunks, and the
			// snapshots' probe: step 0 once (its gradient's forward serves the snapshot too), 1, 4, and
			// 6, 12, 18, 24 — which, riding, skip it (or, with mismatched kernels, do not)
			expect(fresh.forwards).toBe(24 + 4 * chunks + 1 + 2 + 4);
			expect(fresh.forwards - riding.forwards).toBe(rides ? 4 : 0);
		});
	}

	it('a probe that is not the test split itself (a copy) runs its own forward', () => {
		const data = dataset(300, 600, 40, () => 0.15);
		const t = new Trainer(data, base());
		const probe = probeBatch(data, 256);
		const rec = new SnapshotRecorder(t, probe.x.slice(), probe.n, { every: 6, ridesOnEval: true });
		t.onBeforeStep = (tr) => rec.before(tr);
		let forwards = 0;
		while (t.stepCount < 6) {
			const r = t.step();
			if (!r) break;
			rec.afterStep(t, r);
			if (t.evalDue()) {
				t.evaluate();
				forwards = t.mlp.forwards;
				rec.afterEval(t);
			}
		}
		expect(rec.drain().batch.snapshots.map((s) => s.step)).toEqual([6]);
		expect(t.mlp.forwards - forwards).toBe(1);
	});

	// a recorder that rides and one that does not, on twin trainers (same seed: the same θ at every step)
	function twins(data: Dataset, probeX: Float32Array, probeN: number) {
		const a = new Trainer(data, base());
		const b = new Trainer(data, base());
		const riding = new SnapshotRecorder(a, probeX, probeN, { every: 3, ridesOnEval: true });
		const fresh = new SnapshotRecorder(b, probeX, probeN, { every: 3 });
		for (const [t, r] of [[a, riding], [b, fresh]] as const) t.onBeforeStep = (tr) => r.before(tr);
		return { a, b, riding, fresh };
	}

	it('caches that do not hold the probe at this θ are not read: the probe runs its own forward', () => {
		const data = dataset(300, 1200, 40, () => 0.15);
		const variants: [string, (t: Trainer) => void, Float32Array, number][] = [
			// no evaluation ever ran (the owner called afterEval without one): no cache at all
			['no evaluation yet', () => {}, data.testX, 256],
			// another forward after the evaluation (a prediction) overwrote the caches
			['a forward since the evaluation', (t) => (t.evaluate(), t.predict(data.testX.subarray(600 * 40), 7)), data.testX, 256],
			// a probe of 600 rows: the first chunk holds only 500 of them
			['a probe longer than the chunk', (t) => t.evaluate(), data.testX, 600],
			// a probe of the test split's rows 1 … 256: the same buffer, another offset
			['a probe not at the split start', (t) => t.evaluate(), data.testX.subarray(40), 256]
		];
		for (const [name, between, probeX, probeN] of variants) {
			const { a, b, riding, fresh } = twins(data, probeX, probeN);
			// steps 1 … 6: the snapshot at 3 is taken at once (no evaluation there: base() evaluates
			// every 6); at 6 the riding recorder waits for the evaluation, which `between` stands for
			for (let k = 0; k < 6; k++) {
				for (const [t, r] of [[a, riding], [b, fresh]] as const) {
					const res = t.step();
					if (res) r.afterStep(t, res);
				}
			}
			expect(a.evalDue(), name).toBe(true);
			const before = a.mlp.forwards;
			between(a);
			const between_ = a.mlp.forwards - before;
			riding.afterEval(a);
			// its own probe forward ran
			expect(a.mlp.forwards - before - between_, name).toBe(1);
			expect(plain(riding.drain().batch.snapshots), name).toEqual(plain(fresh.drain().batch.snapshots));
		}
		// the stale case: caches from an evaluation at step 6, read at step 9 without a new one
		const { a, b, riding, fresh } = twins(data, data.testX, 256);
		const run = (n: number) => {
			for (let k = 0; k < n; k++)
				for (const [t, r] of [[a, riding], [b, fresh]] as const) {
					const res = t.step();
					if (res) r.afterStep(t, res);
				}
		};
		run(6);
		a.evaluate();
		riding.afterEval(a);
		run(3);
		// step 9 is due but not evaluated: taken at once, with its own forward
		expect(riding.pendingCount).toBe(3);
		expect(plain(riding.drain().batch.snapshots)).toEqual(plain(fresh.drain().batch.snapshots));
	});

	it('an evaluation at a step that is not due takes no snapshot', () => {
		const data = dataset(300, 600, 40, () => 0.15);
		const t = new Trainer(data, base({ evalEvery: 1, totalSteps: 5 }));
		const probe = probeBatch(data, 256);
		const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 4, ridesOnEval: true });
		while (!t.finished) {
			const r = t.step();
			if (!r) break;
			rec.afterStep(t, r);
			t.evaluate();
			rec.afterEval(t);
		}
		// every step is evaluated, only 4 (the interval) and 5 (the last) are due
		expect(rec.drain().batch.snapshots.map((s) => s.step)).toEqual([4, 5]);
	});

	it('a due step without an evaluation, and a diverged step, are taken at once', () => {
		const data = dataset(300, 600, 40, () => 0.15);
		// evaluated every 5: the snapshots at 3 and 6 have no evaluation to ride on
		const t = new Trainer(data, base({ evalEvery: 5, totalSteps: 7 }));
		const probe = probeBatch(data, 256);
		const rec = new SnapshotRecorder(t, probe.x, probe.n, { every: 3, ridesOnEval: true });
		for (let k = 0; k < 7; k++) {
			const r = t.step();
			if (!r) break;
			rec.afterStep(t, r);
			const before = rec.pendingCount;
			if (t.evalDue()) {
				t.evaluate();
				rec.afterEval(t);
			}
			// 3, 6: at once; 5 is not due; 7 is the last step and evaluated: it waited for afterEval
			if (r.step === 3 || r.step === 6) expect(before).toBe(r.step / 3);
			if (r.step === 7) expect([before, rec.pendingCount]).toEqual([2, 3]);
		}
		expect(rec.drain().batch.snapshots.map((s) => s.step)).toEqual([3, 6, 7]);

		// an update to ±∞ (lr 1e300 in float32): the run diverges at step 1, after its update, so the
		// session evaluates nothing and the snapshot is taken in afterStep itself
		const blow = new Trainer(data, base({ optimizer: { name: 'sgd', lr: 1e300 }, evalEvery: 1, totalSteps: 10 }));
		const rb = new SnapshotRecorder(blow, probe.x, probe.n, { every: 1, ridesOnEval: true });
		const r = blow.step();
		expect([r?.step, blow.stepCount, blow.status]).toEqual([1, 1, 'diverged']);
		if (r) rb.afterStep(blow, r);
		expect(rb.drain().batch.snapshots.map((s) => s.step)).toEqual([1]);
	});
});
