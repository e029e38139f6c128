// Long-run checks written once, run at two scales: the full scale in npm test (inspect.test.ts,
// curvature.test.ts) and a small one that mutation testing can repeat for every mutant
// (tests/unit/mutation/snapshot-schedule-fast.test.ts, tracker-fast.test.ts).
import { expect } from 'vitest';
import { runConfig } from './run-config';
import { SharpnessTracker } from '../../src/lib/engine/curvature/index';
import { toyDataset } from '../../src/lib/engine/data/index';
import { probeBatch, SnapshotRecorder, SnapshotSchedule, SnapshotStore } from '../../src/lib/engine/inspect/index';
import { Rng } from '../../src/lib/engine/rng';
import { Trainer } from '../../src/lib/engine/trainer';
import type { RunConfig } from '../../src/lib/engine/trainer';

/**
 * A SnapshotSchedule (every 1, `cap`) over `total` steps: fewer than `cap` kept at any time, at
 * least cap/2 at the end, the first and the latest included, fewer than `maxRecorded` ever taken,
 * and evenly spread (no gap wider than twice the final interval).
 */
export function expectBoundedSchedule(total: number, cap: number, maxRecorded: number): void {
	const sch = new SnapshotSchedule(1, cap);
	sch.record(0);
	let recorded = 1;
	let maxKept = 1;
	let lastRecorded = 0;
	for (let s = 1; s <= total; s++) {
		if (!sch.isDue(s)) continue;
		sch.record(s);
		recorded++;
		lastRecorded = s;
		maxKept = Math.max(maxKept, sch.kept.length);
	}
	const kept = sch.kept;
	expect(maxKept).toBeLessThan(cap);
	expect(kept.length).toBeGreaterThanOrEqual(cap / 2);
	expect(kept[0]).toBe(0);
	expect(kept[kept.length - 1]).toBe(lastRecorded);
	expect(recorded).toBeLessThan(maxRecorded);
	for (let i = 1; i < kept.length; i++) {
		expect(kept[i]).toBeGreaterThan(kept[i - 1]);
		expect(kept[i] - kept[i - 1]).toBeLessThanOrEqual(2 * sch.every);
	}
}

/**
 * A SnapshotRecorder over `total` steps of a tiny spiral net (a fake step counter, no training):
 * memory stays under `cap` (pending and stored), each drain (every `drainEvery` steps) is what the
 * store then keeps, with 2 layers × 5 histograms transferred per snapshot; steps 0 and `total` kept.
 */
export function expectBoundedRecorder(total: number, cap: number, drainEvery: number): void {
	const data = toyDataset('spiral', { n: 300 }, new Rng(7));
	const trainer = new Trainer(data, runConfig({ hidden: [3], totalSteps: total, evalEvery: 1000 }));
	const probe = probeBatch(data, 16);
	const rec = new SnapshotRecorder(trainer, probe.x, probe.n, { every: 1, cap, nBins: 8, probeY: probe.y });
	const store = new SnapshotStore(cap);
	rec.snapshotNow(trainer);
	let maxPending = 0;
	for (let s = 1; s <= total; s++) {
		trainer.stepCount = s - 1;
		rec.before(trainer);
		trainer.stepCount = s;
		rec.after(trainer, s);
		maxPending = Math.max(maxPending, rec.pendingCount);
		if (s % drainEvery === 0) {
			const { batch, transfer } = rec.drain();
			store.ingest(batch);
			expect(store.size).toBeLessThan(cap);
			expect(store.steps()).toEqual(batch.keptSteps);
			expect(transfer.length).toBe(batch.snapshots.length * 2 * 5); // 2 layers × 5 histograms
		}
	}
	expect(maxPending).toBeLessThan(cap);
	const steps = store.steps();
	expect(steps[0]).toBe(0);
	expect(steps[steps.length - 1]).toBe(total); // the last step is always due
	expect(rec.schedule.every).toBeGreaterThan(total / cap);
}

/** the moons set and SGD η = 0.5 run of the tracker's tests (2/η = 4) */
export const trackerData = toyDataset('moons', { n: 200, noise: 0.1 }, new Rng(1));
export const trackerConfig = (over: Partial<RunConfig> = {}): RunConfig =>
	runConfig({ activation: 'tanh', init: { scheme: 'xavier-normal' }, optimizer: { name: 'sgd', lr: 0.5 }, batchSize: 160, totalSteps: 400, evalEvery: 100, ...over });

/** a SharpnessTracker with `budget` along a whole run of `cfg` on trackerData: its samples and cost */
export function trackerSeries(cfg: RunConfig, budget: number) {
	const t = new Trainer(trackerData, cfg);
	const tr = new SharpnessTracker(t, { budget });
	tr.afterStep(0);
	while (!t.finished) {
		const r = t.step();
		tr.afterStep(t.lastBatch.length);
		if (!r) break;
	}
	return { samples: tr.drain(), cost: tr.cost() };
}
