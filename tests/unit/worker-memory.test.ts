// What a worker's memory holds with many MNIST runs (issue 13: 16 runs held 657 MB of
// ArrayBuffers, measured by a worker heap snapshot; the goal is < 250 MB for page + workers):
//   - ONE data set per worker, even when its runs start together (a race built one per run:
//     8 copies of MNIST's test split, lookup table and — through the curvature probe — its whole
//     float train split, 24 MB each);
//   - the curvature probe and the weight-space store gather their train rows from the pixels and
//     never read PackedMnistDataset.trainX (which builds the 24 MB float train split);
//   - the trajectory budget is shared by the page's runs (by hand below), and a drained snapshot
//     is handed over, not kept twice.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { mnistDataset, PackedMnist } from '../../src/lib/engine/data/index';
import { MNIST_BIN_PATH } from '../../src/lib/engine/data/node';
import { SharpnessTracker } from '../../src/lib/engine/curvature/tracker';
import { Trainer } from '../../src/lib/engine/trainer';
import {
	capForBudget,
	mergeDrain,
	TRAJECTORY_BUDGET,
	TRAJECTORY_TOTAL_BUDGET,
	trajectoryBudget,
	TrajectoryRecorder,
	type TrajectorySnapshot
} from '../../src/lib/engine/loss-plane/trajectory';
import { runConfigFor } from '../../src/lib/experiment/build';
import type { RunSpec } from '../../src/lib/experiment/model';
import { DataCache } from '../../src/lib/worker/data';
import { RunInspector } from '../../src/lib/worker/inspector';
import { LossPlaneStore } from '../../src/lib/worker/loss-plane';
import { createTrainerApi } from '../../src/lib/worker/api';
import { runConfig, sharedSettings } from './run-config';

const bytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));
const mnistShared = sharedSettings({ dataset: 'mnist', preprocessing: 'none', hidden: [16], batchSize: 64, budget: { unit: 'steps', value: 40 }, evalEvery: 20 });
const sgd: RunSpec = { id: 'a', label: 'a', color: 0, optimizer: { name: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, init: { scheme: 'he-normal' } };

describe('DataCache: one data set per worker', () => {
	it('runs started together share one build and one fetch', async () => {
		let fetches = 0;
		const cache = new DataCache(async () => {
			fetches++;
			return bytes;
		});
		const got = await Promise.all(Array.from({ length: 8 }, () => cache.get(mnistShared, 'mnist.bin')));
		expect(fetches).toBe(1);
		expect(new Set(got).size).toBe(1);
		expect(cache.size).toBe(1);
		// a 2-D set too (built synchronously, still once)
		const toy = sharedSettings();
		const toys = await Promise.all([cache.get(toy), cache.get(toy), cache.get(toy)]);
		expect(new Set(toys).size).toBe(1);
		expect(cache.size).toBe(2);
	});

	it('a failed build is not cached: the next call builds again', async () => {
		let calls = 0;
		const cache = new DataCache(async () => {
			calls++;
			if (calls === 1) throw new Error('offline');
			return bytes;
		});
		await expect(Promise.all([cache.get(mnistShared, 'm'), cache.get(mnistShared, 'm')])).rejects.toThrow('offline');
		const ds = await cache.get(mnistShared, 'm');
		expect(ds.testY.length).toBe(2000);
		expect(calls).toBe(2);
	});

	it('prune keeps what runs use and the SPARE (2) most recent others, never a set still being built', async () => {
		const cache = new DataCache(async () => bytes);
		const sets = await Promise.all([1, 2, 3, 4].map((seed) => cache.get(sharedSettings({ seed }))));
		expect(cache.size).toBe(4);
		cache.prune(new Set([sets[0]]));
		// seed 1 in use; seeds 4 and 3 the two most recent spares; seed 2 forgotten
		expect(cache.size).toBe(3);
		expect(await cache.get(sharedSettings({ seed: 1 }))).toBe(sets[0]);
		expect(await cache.get(sharedSettings({ seed: 4 }))).toBe(sets[3]);
		expect(await cache.get(sharedSettings({ seed: 2 }))).not.toBe(sets[1]);
		const pending = cache.get(mnistShared, 'm');
		cache.prune(new Set());
		expect(await pending).toBe(await cache.get(mnistShared, 'm'));
	});
});

describe('nobody in the worker reads PackedMnistDataset.trainX', () => {
	it('a run inspector (snapshots, curvature probe, views) and the weight-space store gather rows instead', () => {
		const ds = new PackedMnist(bytes).dataset('none');
		const read = vi.spyOn(ds, 'trainX', 'get');
		const trainer = new Trainer(ds, runConfigFor(mnistShared, sgd, ds.trainY.length));
		const inspector = new RunInspector(trainer, ds);
		for (let i = 0; i < 5; i++) {
			const r = trainer.step();
			if (r) inspector.afterStep(trainer, r);
		}
		inspector.collect();
		new LossPlaneStore().reset(mnistShared, ds);
		expect(read).not.toHaveBeenCalled();
	});

	it('the curvature probe gathered from the pixels gives λ_max bit-identical to the float32 rows', () => {
		const packed = new PackedMnist(bytes).dataset('none');
		const plain = mnistDataset(bytes);
		const cfg = runConfig({ hidden: [16], batchSize: 64, totalSteps: 40, seed: 4 });
		const a = new SharpnessTracker(new Trainer(packed, cfg)).estimateNow();
		const b = new SharpnessTracker(new Trainer(plain, cfg)).estimateNow();
		expect(a.value).toBeGreaterThan(0);
		expect(a.value).toBe(b.value);
		expect(a.products).toBe(b.products);
	});
});

describe('trajectory memory: one budget for the page, one copy per snapshot', () => {
	const P = 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10; // the lecture's 784-128-64-10 net
	const snapshotBytes = 4 * P; // float32

	it('shares 64 MiB among the page runs, at most 8 MiB each (by hand for P = 109,386)', () => {
		expect(P).toBe(109_386);
		expect(snapshotBytes).toBe(437_544);
		expect(TRAJECTORY_TOTAL_BUDGET).toBe(67_108_864);
		expect(TRAJECTORY_BUDGET).toBe(8_388_608);
		// 16 runs: 67,108,864 / 16 = 4,194,304 bytes; 9 × 437,544 = 3,937,896 fits, 10 × = 4,375,440 does not
		expect(trajectoryBudget(16)).toBe(4_194_304);
		expect(capForBudget(P, trajectoryBudget(16))).toBe(9);
		// 7 runs: 9,586,980 bytes > 8 MiB, so 8,388,608; 19 × 437,544 = 8,313,336 fits, 20 × = 8,750,880 does not
		expect(trajectoryBudget(7)).toBe(8_388_608);
		expect(capForBudget(P, trajectoryBudget(7))).toBe(19);
		expect(capForBudget(P, trajectoryBudget(1))).toBe(19);
		// 9 runs: 7,456,540 bytes → 17 snapshots (7,438,248)
		expect(trajectoryBudget(9)).toBe(7_456_540);
		expect(capForBudget(P, trajectoryBudget(9))).toBe(17);
		// nonsense counts are one run
		expect(trajectoryBudget(0)).toBe(TRAJECTORY_BUDGET);
		expect(trajectoryBudget(Number.NaN)).toBe(TRAJECTORY_BUDGET);
		// the page's 16 runs together stay within the total: 16 × 9 × 437,544 = 63,006,336 bytes
		expect(16 * capForBudget(P, trajectoryBudget(16)) * snapshotBytes).toBe(63_006_336);
		expect(63_006_336).toBeLessThanOrEqual(TRAJECTORY_TOTAL_BUDGET);
	});

	it('the worker honours StartRequest.trajectoryBudget (2-D net, cap 10 by hand)', async () => {
		// moons 2-16-16-2: P = 2·16+16 + 16·16+16 + 16·2+2 = 354, a snapshot 1,416 bytes;
		// 15,000 bytes → cap 10; 60 steps → every = ⌊60 / 9⌋ = 6: steps 0, 6, …, 54 make 10 > 9,
		// so k = 12 and 0, 12, 24, 36, 48 stay with 54 as the latest; 60 is on the schedule again
		const api = createTrainerApi({ fetchBytes: async () => bytes, transfer: (v) => v, close: () => {}, now: () => 0 });
		const shared = sharedSettings({ dataset: 'moons', toy: { n: 200, noise: 0.1, k: 2 }, hidden: [16, 16], batchSize: 16, budget: { unit: 'steps', value: 60 } });
		const info = await api.start('a', { shared, run: sgd, trajectoryBudget: 15_000 });
		expect(info.nParams).toBe(354);
		api.round([{ id: 'a', steps: 60 }]);
		expect(api.trajectory('a').retained).toEqual([0, 12, 24, 36, 48, 60]);
		// without a budget: 8 MiB → cap 64, every step kept (61 snapshots)
		await api.start('b', { shared, run: sgd });
		api.round([{ id: 'b', steps: 60 }]);
		expect(api.trajectory('b').retained).toHaveLength(61);
	});

	it('handOver: a drained snapshot leaves the recorder (its step stays); the consumer gets the same path', () => {
		const theta = (s: number) => Float32Array.of(s, -s, 0.5);
		const keep = new TrajectoryRecorder({ cap: 6, every: 2 });
		const hand = new TrajectoryRecorder({ cap: 6, every: 2, handOver: true });
		let a: TrajectorySnapshot[] = [];
		let b: TrajectorySnapshot[] = [];
		for (let s = 0; s <= 40; s++) {
			keep.record(s, theta(s));
			hand.record(s, theta(s));
			if (s % 7 === 3) {
				a = mergeDrain(a, keep.drain());
				b = mergeDrain(b, hand.drain());
				// after a drain the hand-over recorder holds at most the off-schedule latest (12 bytes)
				expect(hand.bytes).toBeLessThanOrEqual(12);
				expect(keep.bytes).toBe(12 * keep.size);
			}
		}
		a = mergeDrain(a, keep.drain());
		b = mergeDrain(b, hand.drain());
		expect(hand.steps()).toEqual(keep.steps());
		expect(b.map((s) => s.step)).toEqual(a.map((s) => s.step));
		for (const s of b) expect(Array.from(s.params)).toEqual([s.step, -s.step, 0.5]);
		// the off-schedule latest is a copy: recording on reuses the recorder's buffer, not the consumer's
		hand.record(41, theta(41));
		const last = mergeDrain(b, hand.drain());
		expect(last.at(-1)?.step).toBe(41);
		hand.record(42, theta(42));
		expect(Array.from(last.at(-1)?.params ?? [])).toEqual([41, -41, 0.5]);
	});
});
