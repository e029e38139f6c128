// Bounded per-run histories (issue 16): evaluations, curvature samples and the compute timeline stay
// at most HISTORY_CAP points however long the run and however often it is evaluated, thinned evenly
// like the loss series, with the final evaluation and "steps to x %" kept exact.
import { describe, expect, it } from 'vitest';
import { BoundedHistory, extendRecords, HISTORY_CAP } from '../../src/lib/plot/history';
import type { RunSpec } from '../../src/lib/experiment/model';
import { RunState, Timeline } from '../../src/lib/state/run.svelte';
import type { RunChunk as Chunk } from '../../src/lib/worker/protocol';

describe('BoundedHistory', () => {
	it('keeps everything until the cap, then every 2nd, 4th, … point: evenly spread, latest always shown', () => {
		const h = new BoundedHistory<number>(8);
		for (let i = 0; i < 7; i++) h.push(i);
		expect(h.items()).toEqual([0, 1, 2, 3, 4, 5, 6]);
		h.push(7); // the 8th point fills it: keep 0, 2, 4, 6 and show 7 as the latest
		expect(h.items()).toEqual([0, 2, 4, 6, 7]);
		expect(h.stride).toBe(2);
		h.push(8);
		expect(h.items()).toEqual([0, 2, 4, 6, 8]);
		for (let i = 9; i < 16; i++) h.push(i); // 10, 12, 14 kept; 14 fills → 0, 4, 8, 12, stride 4
		expect(h.items()).toEqual([0, 4, 8, 12, 15]);
		expect(h.stride).toBe(4);
		expect(h.total).toBe(16);
	});

	it('a million points: at most cap, the first and latest kept, spacing within a factor 2 of even', () => {
		const h = new BoundedHistory<number>(HISTORY_CAP);
		for (let i = 0; i < 1_000_000; i++) {
			h.push(i);
			if (i % 99_991 === 0) expect(h.items().length).toBeLessThanOrEqual(HISTORY_CAP);
		}
		const items = h.items();
		expect(items.length).toBeLessThanOrEqual(HISTORY_CAP);
		expect(items.length).toBeGreaterThan(HISTORY_CAP / 4);
		expect(items[0]).toBe(0);
		expect(items.at(-1)).toBe(999_999);
		const gaps = items.slice(1, -1).map((x, i) => x - items[i]);
		expect(Math.max(...gaps)).toBe(h.stride);
		expect(Math.min(...gaps)).toBe(h.stride); // one stride everywhere except to the latest point
	});

	it('refuses a cap it cannot halve', () => {
		expect(() => new BoundedHistory(7)).toThrow('history: cap must be an even whole number ≥ 4, got 7');
		expect(() => new BoundedHistory(2)).toThrow(RangeError);
	});

	it('extendRecords keeps the strictly improving points and returns the same list when nothing improves', () => {
		const better = (a: number, b: number) => a > b;
		const r = extendRecords([], [0.1, 0.3, 0.2, 0.3, 0.5], better);
		expect(r).toEqual([0.1, 0.3, 0.5]);
		expect(extendRecords(r, [0.4, 0.5], better)).toBe(r);
	});
});

const spec: RunSpec = { id: 'a', label: 'a', color: 0, optimizer: { name: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, init: { scheme: 'he-normal' } };

describe('RunState with an evaluation every step (steps=10000000&eval=1)', () => {
	it('holds at most HISTORY_CAP evaluations and timeline pairs, with the final one and exact records', () => {
		const r = new RunState(spec, 1, (cb) => cb());
		// 300,000 steps in chunks of 100, each step evaluated on a test set of 4,000 (so accuracies
		// are multiples of 1/4000); accuracy climbs to 0.8 and touches 0.9 once, at step 123,457
		let step = 0;
		for (let c = 0; c < 3000; c++) {
			const evals = Array.from({ length: 100 }, (_, k) => {
				const s = step + k + 1;
				return { step: s, epoch: s / 100, testLoss: 1 / s, testAccuracy: s === 123_457 ? 0.9 : Math.round(4000 * Math.min(0.8, s / 1e6)) / 4000 };
			});
			step += 100;
			const chunk: Chunk = { fromStep: step - 99, losses: new Float32Array(100).fill(0.5), evals, status: 'running', divergence: null, stepsTaken: 100, computeMs: 1, samplesPerSec: 1, epoch: step / 100, step };
			r.applyChunk(chunk);
		}
		expect(r.evals.length).toBeLessThanOrEqual(HISTORY_CAP);
		expect(r.evals.length).toBeGreaterThan(HISTORY_CAP / 4);
		expect(r.evals.at(-1)?.step).toBe(300_000);
		expect(r.finalTestLoss).toBe(1 / 300_000);
		// the one evaluation at 0.9 was almost surely thinned away from evals, but not from the records
		expect(r.bestTestAccuracy).toBe(0.9);
		expect(r.stepsToTarget(0.85)).toBe(123_457);
		expect(r.stepsToTarget(0.5)).toBe(123_457);
		expect(r.stepsToTarget(0.00025)).toBe(125); // the first step with 1/4000
		expect(r.timeline.size).toBeLessThanOrEqual(HISTORY_CAP + 1);
		expect(r.timeline.totalMs).toBe(3000);
		expect(r.timeAt(150_000)).toBeCloseTo(1500, 0);
	});

	it('the timeline alone: interpolation stays right after thinning', () => {
		const t = new Timeline();
		for (let s = 1; s <= 100_000; s++) t.add(s, 2);
		expect(t.size).toBeLessThanOrEqual(HISTORY_CAP + 1);
		expect(t.totalMs).toBe(200_000);
		expect(t.timeAt(12_345)).toBe(24_690);
	});
});
