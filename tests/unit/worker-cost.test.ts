// The worker's cost cuts (issue 13): the histogram's fast bin search, the confusion matrix taken
// from evaluate()'s own pass, MNIST data views at the evaluation's step, and the snapshot interval's
// work budget. Each is checked against an independent computation, not against itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binEdges, binIndex, histogram } from '../../src/lib/engine/inspect/histogram';
import { confusionMatrix } from '../../src/lib/engine/inspect/views';
import { Rng } from '../../src/lib/engine/rng';
import { MNIST_BIN_PATH } from '../../src/lib/engine/data/node';
import { buildDataset, runConfigFor } from '../../src/lib/experiment/build';
import type { RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { Trainer } from '../../src/lib/engine/trainer';
import { RunInspector, snapshotEvery, SNAPSHOT_STATS_PASSES, SNAPSHOT_WORK } from '../../src/lib/worker/inspector';
import { RunSession } from '../../src/lib/worker/session';
import type { InspectorExtras } from '../../src/lib/worker/protocol';

/** the bin rule by brute force: the largest i with edges[i] ≤ v, the closed last bin, −1 / n outside */
function bruteBin(v: number, edges: ArrayLike<number>): number {
	const n = edges.length - 1;
	if (v < edges[0]) return -1;
	if (v > edges[n]) return n;
	let i = 0;
	for (let j = 0; j <= n; j++) if (edges[j] <= v) i = j;
	return i === n ? n - 1 : i;
}

function bruteHistogram(values: ArrayLike<number>, edges: ArrayLike<number>) {
	const n = edges.length - 1;
	const counts = new Array<number>(n).fill(0);
	let underflow = 0;
	let overflow = 0;
	let nonFinite = 0;
	for (let k = 0; k < values.length; k++) {
		const v = values[k];
		if (!Number.isFinite(v)) nonFinite++;
		else {
			const i = bruteBin(v, edges);
			if (i < 0) underflow++;
			else if (i >= n) overflow++;
			else counts[i]++;
		}
	}
	return { counts, underflow, overflow, nonFinite };
}

describe('histogram: the guessed-then-walked bin equals the bin rule', () => {
	const rng = new Rng(20261206);
	const cases: [string, Float64Array][] = [
		['even edges', binEdges(-1.5, 2.25, 64)],
		['one bin', binEdges(0, 1, 1)],
		['degenerate lo = hi', binEdges(0.3, 0.3, 8)],
		['uneven edges', Float64Array.from([-3, -2.9, -1, 0, 0.001, 0.5, 4, 100])],
		['repeated edges', Float64Array.from([0, 0, 0, 1, 1, 2, 2, 2])],
		['tiny span', binEdges(1, 1 + 1e-12, 16)]
	];
	for (const [name, edges] of cases) {
		it(name, () => {
			const lo = edges[0];
			const hi = edges[edges.length - 1];
			const span = Math.max(hi - lo, 1);
			const values = new Float32Array(4000);
			for (let i = 0; i < values.length; i++) {
				const u = rng.uniform();
				// a quarter exactly on edges, the rest spread over and past the range
				values[i] = u < 0.25 ? edges[Math.floor(rng.uniform() * edges.length)] : lo - 0.1 * span + 1.2 * span * rng.uniform();
			}
			values[0] = NaN;
			values[1] = Infinity;
			values[2] = -Infinity;
			values[3] = hi;
			values[4] = lo;
			const got = histogram(values, edges);
			const want = bruteHistogram(values, edges);
			expect(Array.from(got.counts)).toEqual(want.counts);
			expect([got.underflow, got.overflow, got.nonFinite]).toEqual([want.underflow, want.overflow, want.nonFinite]);
			// and binIndex (the public rule) agrees value by value
			for (let k = 5; k < 200; k++) if (Number.isFinite(values[k])) expect(binIndex(values[k], edges)).toBe(bruteBin(values[k], edges));
		});
	}
	it('values just below and above every even edge', () => {
		const edges = binEdges(-0.7, 0.9, 10);
		const vs: number[] = [];
		for (const e of edges) vs.push(e, e - 1e-9, e + 1e-9, Math.fround(e));
		const got = histogram(Float64Array.from(vs), edges);
		const want = bruteHistogram(vs, edges);
		expect(Array.from(got.counts)).toEqual(want.counts);
		expect([got.underflow, got.overflow]).toEqual([want.underflow, want.overflow]);
	});
});

const mnistBytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));

function mnistShared(over: Partial<SharedSettings> = {}): SharedSettings {
	return {
		dataset: 'mnist',
		toy: { n: 200, noise: 0.1, k: 3 },
		preprocessing: 'none',
		hidden: [16],
		activation: 'relu',
		batchSize: 64,
		budget: { unit: 'steps', value: 30 },
		evalEvery: 10,
		seed: 3,
		naiveSoftmax: false,
		...over
	};
}
const adam: RunSpec = { id: 'a', label: 'Adam', color: 0, optimizer: { name: 'adam', lr: 0.003 }, schedule: { kind: 'constant' }, init: { scheme: 'he-normal' } };

describe('confusion matrix from the evaluation pass', () => {
	it('evaluate() fills evalConfusion equal to a separate pass, its diagonal = the number correct', () => {
		const shared = mnistShared();
		const ds = buildDataset(shared, mnistBytes);
		const t = new Trainer(ds, runConfigFor(shared, adam, ds.trainY.length));
		const C = ds.nClasses;
		t.evalConfusion = new Uint32Array(C * C);
		for (let s = 0; s < 12; s++) t.step();
		const e = t.evaluate();
		expect(t.evalConfusionStep).toBe(12);
		const separate = confusionMatrix(t);
		expect(Array.from(t.evalConfusion)).toEqual(Array.from(separate));
		let diag = 0;
		let total = 0;
		for (let i = 0; i < C; i++) diag += t.evalConfusion[i * C + i];
		for (const v of t.evalConfusion) total += v;
		expect(total).toBe(ds.testY.length);
		expect(diag / total).toBe(e.testAccuracy);
		// a second evaluation overwrites it (not adds to it)
		t.evaluate();
		expect(Array.from(t.evalConfusion)).toEqual(Array.from(separate));
	});

	it('the losses and evaluations are the same with and without it', () => {
		const shared = mnistShared();
		const ds = buildDataset(shared, mnistBytes);
		const a = new Trainer(ds, runConfigFor(shared, adam, ds.trainY.length));
		const b = new Trainer(ds, runConfigFor(shared, adam, ds.trainY.length));
		b.evalConfusion = new Uint32Array(100);
		for (let s = 0; s < 10; s++) expect(b.step()?.loss).toBe(a.step()?.loss);
		expect(b.evaluate()).toEqual(a.evaluate());
	});
});

describe('inspector: MNIST data views at the evaluation step', () => {
	it('each chunk with an evaluation carries views of that step, confusion = a separate pass there', () => {
		const shared = mnistShared({ budget: { unit: 'steps', value: 30 }, evalEvery: 10 });
		const s = new RunSession<InspectorExtras>();
		s.start({ shared, run: adam, mnistBytes, inspect: (t, d) => new RunInspector(t, d) });
		// chunks of 7 steps: evaluations at 0 | 10 | 20 | 30 fall inside chunks ending at 7, 14, 21, 28, 30
		const views: { step: number; correct: number; total: number }[] = [];
		const evals = new Map<number, number>();
		for (let c = 0; c < 6; c++) {
			const chunk = s.advance(7, Infinity);
			for (const e of chunk.evals) evals.set(e.step, e.testAccuracy);
			const v = chunk.extras?.views;
			if (v?.confusion) {
				let diag = 0;
				let total = 0;
				for (let i = 0; i < 10; i++) diag += v.confusion[i * 10 + i];
				for (const x of v.confusion) total += x;
				views.push({ step: v.step, correct: diag, total });
			}
			if (chunk.status === 'done') break;
		}
		expect(views.map((v) => v.step)).toEqual([0, 10, 20, 30]);
		for (const v of views) expect(v.correct / v.total).toBe(evals.get(v.step));
	});
});

describe('snapshot interval: ~100 per run within the work budget', () => {
	it('hand-worked intervals, evaluations rarer than snapshots: the probe forward + 160 passes of binning', () => {
		// (256 + 160) / (0.05 · 3 · 64) = 43.33 → 44; 125 / 100 → 1
		expect(snapshotEvery(125, 64, 256)).toBe(44);
		// 416 / (0.05 · 96) = 86.67 → 87 beats 3000 / 100 = 30
		expect(snapshotEvery(3000, 32, 256)).toBe(87);
		// batch 1: 416 / 0.15 = 2773.3 → 2774
		expect(snapshotEvery(10_000, 1, 256)).toBe(2774);
		// a long run of big batches: by count (work: 416 / 76.8 = 5.42 → 6)
		expect(snapshotEvery(100_000, 512, 256)).toBe(1000);
		expect(snapshotEvery(1, 4096, 8)).toBe(1);
		// evaluated every 100 > 44: the snapshots cannot all ride on evaluations
		expect(snapshotEvery(125, 64, 256, 100)).toBe(44);
	});
	it('hand-worked intervals riding on evaluations: a multiple of the evaluation interval, only the binning counted', () => {
		// lesson 3: riding 160 / 9.6 = 16.67 → 17 → the first multiple of 25 ≥ 17
		expect(snapshotEvery(125, 64, 256, 25)).toBe(25);
		// the main page's default: 160 / 4.8 = 33.3 → 34 (by count 30) → 50
		expect(snapshotEvery(3000, 32, 256, 50)).toBe(50);
		// evaluated every 10: the first multiple of 10 ≥ 34
		expect(snapshotEvery(3000, 32, 256, 10)).toBe(40);
		// every step evaluated: 34 itself
		expect(snapshotEvery(3000, 32, 256, 1)).toBe(34);
		// evaluated exactly as often as fresh snapshots could be taken (87): riding
		expect(snapshotEvery(3000, 32, 256, 87)).toBe(87);
	});
	it('the work of the snapshots stays within SNAPSHOT_WORK of the training work', () => {
		for (const B of [1, 8, 32, 64, 128, 256]) {
			for (const total of [50, 125, 1000, 20_000]) {
				for (const evalEvery of [Infinity, 1, 7, 25, 50, 500]) {
					const every = snapshotEvery(total, B, 256, evalEvery);
					const riding = every % evalEvery === 0;
					const cost = riding ? SNAPSHOT_STATS_PASSES : 256 + SNAPSHOT_STATS_PASSES;
					expect(cost / every).toBeLessThanOrEqual(SNAPSHOT_WORK * 3 * B + 1e-9);
					expect(every).toBeGreaterThanOrEqual(Math.floor(total / 100));
					// riding whenever evaluations come at least as often as fresh snapshots would
					if (evalEvery <= snapshotEvery(total, B, 256)) expect(riding).toBe(true);
				}
			}
		}
	});
});

describe('inspector snapshots: the budget interval plus the first updates', () => {
	it('a 60-step MNIST run at batch 64 evaluated every 30 keeps steps 0, 1, 4, 16 (powers of 4), then every 30 (riding on the evaluations)', () => {
		const shared = mnistShared({ budget: { unit: 'steps', value: 60 }, evalEvery: 30 });
		const s = new RunSession<InspectorExtras>();
		s.start({ shared, run: adam, mnistBytes, inspect: (t, d) => new RunInspector(t, d) });
		const steps: number[] = [];
		for (;;) {
			const c = s.advance(7, Infinity);
			for (const snap of c.extras?.snapshots.snapshots ?? []) steps.push(snap.step);
			if (c.status === 'done') break;
		}
		expect(steps).toEqual([0, 1, 4, 16, 30, 60]);
	});
});
