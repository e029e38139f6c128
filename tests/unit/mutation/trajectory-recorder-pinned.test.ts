// TrajectoryRecorder's schedule, buffers, hand-over, reset and mergeDrain, pinned step by step by
// hand (loss-plane/trajectory.ts): the kept steps after every record, which buffer each snapshot
// lives in, what drain() gives away, and the refusals with their messages.
import { describe, expect, it } from 'vitest';
import { mergeDrain, TrajectoryRecorder, trajectoryBudget, type TrajectorySnapshot } from '../../../src/lib/engine/loss-plane/trajectory';

const p = (step: number, n = 3) => Float32Array.from({ length: n }, (_, i) => step * 10 + i);
const snap = (step: number): TrajectorySnapshot => ({ step, params: p(step) });

describe('TrajectoryRecorder by hand', () => {
	it('cap 4, every 1: the kept steps after each record (schedule ≤ 3, k doubles at 3, 6, 12, 24)', () => {
		// s3: [0,1,2,3] > 3 → k = 2, keep [0, 2], 3 is the off-schedule latest; s6: [0,2,4,6] → k = 4,
		// keep [0, 4], tail 6; s12: → k = 8, keep [0, 8], tail 12; s24: → k = 16, keep [0, 16], tail 24
		const want: Record<number, number[]> = {
			0: [0], 1: [0, 1], 2: [0, 1, 2], 3: [0, 2, 3], 4: [0, 2, 4], 5: [0, 2, 4, 5], 6: [0, 4, 6], 7: [0, 4, 7],
			8: [0, 4, 8], 11: [0, 4, 8, 11], 12: [0, 8, 12], 15: [0, 8, 15], 16: [0, 8, 16], 20: [0, 8, 16, 20], 24: [0, 16, 24]
		};
		const rec = new TrajectoryRecorder({ cap: 4 });
		expect(rec.cap).toBe(4);
		expect(rec.size).toBe(0);
		expect(rec.bytes).toBe(0);
		for (let s = 0; s <= 24; s++) {
			rec.record(s, p(s));
			if (want[s]) expect(rec.steps(), `after step ${s}`).toEqual(want[s]);
			expect(rec.size).toBe(rec.steps().length);
			expect(rec.bytes).toBe(rec.size * 3 * 4);
		}
		expect(rec.every).toBe(16);
		for (const s of rec.snapshots()) expect(Array.from(s.params)).toEqual(Array.from(p(s.step)));
	});

	it('a thinning at a step on the doubled schedule keeps it once (records that skip steps)', () => {
		// cap 4: 0, 1, 2 kept; 4 arrives → [0, 1, 2, 4] → k = 2, keep [0, 2, 4]; 4 is on schedule: no tail
		const rec = new TrajectoryRecorder({ cap: 4 });
		for (const s of [0, 1, 2, 4]) rec.record(s, p(s));
		expect(rec.steps()).toEqual([0, 2, 4]);
		expect(rec.size).toBe(3);
		expect(rec.every).toBe(2);
	});

	it('the off-schedule latest reuses one buffer, which the next scheduled step takes over', () => {
		const rec = new TrajectoryRecorder({ cap: 8, every: 4 });
		rec.record(0, p(0));
		rec.record(1, p(1));
		const buf = rec.snapshots()[1].params;
		expect(Array.from(buf)).toEqual(Array.from(p(1)));
		rec.record(2, p(2));
		expect(rec.snapshots()[1].params).toBe(buf);
		expect(Array.from(buf)).toEqual(Array.from(p(2)));
		rec.record(4, p(4)); // on schedule: the tail's buffer becomes step 4's
		expect(rec.steps()).toEqual([0, 4]);
		expect(rec.snapshots()[1].params).toBe(buf);
		expect(Array.from(buf)).toEqual(Array.from(p(4)));
	});

	it('a change of parameter count gets a fresh buffer of the new size (tail and scheduled)', () => {
		const rec = new TrajectoryRecorder({ cap: 8, every: 4 });
		rec.record(1, p(1, 3));
		rec.record(2, p(2, 5)); // off schedule, longer
		expect(Array.from(rec.snapshots()[0].params)).toEqual(Array.from(p(2, 5)));
		rec.record(3, p(3, 2)); // off schedule, shorter
		expect(Array.from(rec.snapshots()[0].params)).toEqual(Array.from(p(3, 2)));
		rec.record(4, p(4, 6)); // on schedule, longer than the tail's buffer
		expect(rec.steps()).toEqual([4]);
		expect(Array.from(rec.snapshots()[0].params)).toEqual(Array.from(p(4, 6)));
		rec.record(5, p(5, 6));
		rec.record(8, p(8, 1)); // on schedule, shorter than the tail's buffer
		expect(Array.from(rec.snapshots()[1].params)).toEqual(Array.from(p(8, 1)));
	});

	it('snapshots() is a copy of the list: changing it does not change the recorder', () => {
		const rec = new TrajectoryRecorder();
		rec.record(0, p(0));
		rec.record(1, p(1));
		rec.snapshots().pop();
		expect(rec.steps()).toEqual([0, 1]);
	});

	it('handOver: drain gives away the scheduled buffers (the recorder keeps their steps) and copies the latest', () => {
		const rec = new TrajectoryRecorder({ cap: 8, every: 2, handOver: true });
		expect(rec.handOver).toBe(true);
		expect(new TrajectoryRecorder().handOver).toBe(false);
		expect(new TrajectoryRecorder({ handOver: false }).handOver).toBe(false);
		rec.record(0, p(0));
		rec.record(1, p(1)); // the off-schedule latest
		const own0 = rec.snapshots()[0].params;
		const own1 = rec.snapshots()[1].params;
		const d = rec.drain();
		expect(d.retained).toEqual([0, 1]);
		expect(d.added.map((s) => s.step)).toEqual([0, 1]);
		expect(d.added[0].params).toBe(own0); // handed over
		expect(d.added[1].params).not.toBe(own1); // copied
		expect(Array.from(d.added[1].params)).toEqual(Array.from(p(1)));
		// the recorder now holds step 0 without its θ, and its own copy of step 1
		expect(rec.snapshots()[0].params.length).toBe(0);
		expect(rec.snapshots()[1].params).toBe(own1);
		expect(rec.bytes).toBe(3 * 4);
		expect(rec.size).toBe(2);
	});

	it('without handOver drain copies every snapshot', () => {
		const rec = new TrajectoryRecorder({ cap: 8, every: 2 });
		rec.record(0, p(0));
		const own = rec.snapshots()[0].params;
		const d = rec.drain();
		expect(d.added[0]).toEqual({ step: 0, params: p(0) });
		expect(d.added[0].params).not.toBe(own);
		expect(rec.bytes).toBe(12);
	});

	it('drain of an empty recorder gives nothing and fails on nothing', () => {
		const rec = new TrajectoryRecorder();
		expect(rec.drain()).toEqual({ added: [], retained: [] });
		rec.record(0, p(0));
		expect(rec.drain().added.map((s) => s.step)).toEqual([0]);
	});

	it('reset forgets everything and restarts the schedule at `every` (default 1)', () => {
		const rec = new TrajectoryRecorder({ cap: 4 });
		for (let s = 0; s <= 7; s++) rec.record(s, p(s));
		rec.drain();
		rec.reset(2);
		expect(rec.every).toBe(2);
		expect(rec.steps()).toEqual([]);
		expect(rec.size).toBe(0);
		rec.record(0, p(0)); // step 0 again: lastStep was reset
		rec.record(1, p(1));
		expect(rec.steps()).toEqual([0, 1]);
		// drainedThrough was reset: step 0 is new again
		expect(rec.drain().added.map((s) => s.step)).toEqual([0, 1]);
		rec.reset();
		expect(rec.every).toBe(1);
		rec.reset(1);
		expect(rec.every).toBe(1);
		rec.reset(3);
		expect(rec.every).toBe(3);
	});

	it('refusals name the field and the value', () => {
		expect(new TrajectoryRecorder({ cap: 4 }).cap).toBe(4);
		expect(() => new TrajectoryRecorder({ cap: 3 })).toThrow('trajectory cap: must be a whole number ≥ 4, got 3');
		expect(() => new TrajectoryRecorder({ cap: 4.5 })).toThrow('trajectory cap: must be a whole number ≥ 4, got 4.5');
		expect(() => new TrajectoryRecorder({ every: 0 })).toThrow('trajectory every: must be a whole number ≥ 1, got 0');
		expect(() => new TrajectoryRecorder({ every: 1.5 })).toThrow('trajectory every: must be a whole number ≥ 1, got 1.5');
		expect(new TrajectoryRecorder({ every: 1 }).every).toBe(1);
		const rec = new TrajectoryRecorder();
		expect(() => rec.reset(0)).toThrow('trajectory every: must be a whole number ≥ 1, got 0');
		expect(() => rec.reset(2.5)).toThrow('trajectory every: must be a whole number ≥ 1, got 2.5');
		rec.record(0, p(0));
		rec.record(3, p(3));
		expect(() => rec.record(3, p(3))).toThrow('trajectory record: steps must be whole and increasing, got 3 after 3');
		expect(() => rec.record(4.5, p(4))).toThrow('trajectory record: steps must be whole and increasing, got 4.5 after 3');
	});
});

describe('mergeDrain by hand', () => {
	it('keeps what is retained, adds only retained new steps, ascending', () => {
		const held = [snap(0), snap(4), snap(8)];
		const out = mergeDrain(held, { added: [snap(9), snap(2), snap(6), snap(5)], retained: [0, 2, 5, 8, 9] });
		expect(out.map((s) => s.step)).toEqual([0, 2, 5, 8, 9]);
		expect(out[0]).toBe(held[0]);
	});

	it('reorders added steps that come before held ones', () => {
		const out = mergeDrain([snap(1), snap(7), snap(9)], { added: [snap(3), snap(2)], retained: [1, 2, 3, 7, 9] });
		expect(out.map((s) => s.step)).toEqual([1, 2, 3, 7, 9]);
	});
});

describe('trajectoryBudget below one run', () => {
	it('a negative count is one run: 8 MiB', () => {
		expect(trajectoryBudget(-3)).toBe(8 * 1024 * 1024);
		expect(trajectoryBudget(0.5)).toBe(8 * 1024 * 1024);
	});
});
