// The bounded snapshot schedule, store and recorder over a long run, at a scale mutation testing can
// repeat for every mutant: 20,000 steps with cap 8 thin ~11 times (log₂(20,000/8)), the same
// behaviour inspect.test.ts checks over 1,000,000 steps with caps 200 and 40 — those two loops
// take minutes once Stryker has instrumented the schedule, so they skip themselves under MUTATION=1.
import { describe, expect, it } from 'vitest';
import { expectBoundedRecorder, expectBoundedSchedule } from '../long-run';
import { SnapshotSchedule, SnapshotStore } from '../../../src/lib/engine/inspect/index';

const N = 20_000;

describe('bounded snapshot schedule over 20,000 steps (cap 8)', () => {
	it('keeps < cap snapshots, first and latest included, evenly spread, few ever taken', () => {
		const cap = 8;
		// each thinning halves, then cap/2 more are taken at the doubled interval: ≈ (cap/2)·log₂(N/cap) in all
		expectBoundedSchedule(N, cap, cap * (Math.log2(N / cap) + 2));
	});

	it('SnapshotStore.add applies the same rule on its own; at() finds the latest at or before a step', () => {
		const store = new SnapshotStore<{ step: number }>(8);
		const sch = new SnapshotSchedule(1, 8);
		for (let s = 0; s <= N; s++) {
			if (!sch.isDue(s)) continue;
			sch.record(s);
			store.add({ step: s });
			expect(store.size).toBeLessThan(8);
		}
		expect(store.steps()).toEqual(sch.kept);
		const steps = store.steps();
		expect(store.at(steps[3] + 1)?.step).toBe(steps[3]);
		expect(store.at(-5)?.step).toBe(0);
		expect(store.at(2 * N)?.step).toBe(steps[steps.length - 1]);
	});

	it('SnapshotRecorder keeps memory bounded over a synthetic run (fake step counter, tiny model)', () => {
		expectBoundedRecorder(N, 8, 500);
	});
});
