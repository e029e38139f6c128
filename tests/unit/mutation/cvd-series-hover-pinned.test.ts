// plot/cvd.ts (CIEDE2000, CIE L*a*b*), plot/series.ts (StepSeries), plot/hover.ts and
// plot/history.ts, each expected value from the cited paper, tests/reference/ciede2000.py, or by hand.
import { describe, expect, it } from 'vitest';
import { ciede2000, lab, linearRgb, type Vec3 } from '../../../src/lib/plot/cvd';
import { StepSeries, type ChartRun, type EvalPoint } from '../../../src/lib/plot/series';
import { buildRunGeometry } from '../../../src/lib/plot/runGeometry';
import { hoverRows, nearestIndex } from '../../../src/lib/plot/hover';
import { BoundedHistory } from '../../../src/lib/plot/history';

describe('CIEDE2000: more of Sharma, Wu & Dalal’s (2005) Table 1', () => {
	// the hue-difference and mean-hue branches (pairs 9–16 straddle a* = 0 or b* = 0, so h′ wraps),
	// a zero chroma (8), and large differences (19, 20); each checked in both orders (ΔE00 is
	// symmetric). Values: the paper's, reproduced by tests/reference/ciede2000.py.
	const pairs: [number, Vec3, Vec3, number][] = [
		[4, [50, -1.3802, -84.2814], [50, 0, -82.7485], 1.0],
		[8, [50, -1, 2], [50, 0, 0], 2.3669],
		[9, [50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
		[10, [50, 2.49, -0.001], [50, -2.49, 0.001], 7.1792],
		[12, [50, 2.49, -0.001], [50, -2.49, 0.0012], 7.2195],
		[13, [50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
		[14, [50, -0.001, 2.49], [50, 0.001, -2.49], 4.8045],
		[15, [50, -0.001, 2.49], [50, 0.0011, -2.49], 4.7461],
		[16, [50, 2.5, 0], [50, 0, -2.5], 4.3065],
		[19, [50, 2.5, 0], [56, -27, -3], 31.903],
		[20, [50, 2.5, 0], [58, 24, 15], 19.4535],
		[22, [50, 2.5, 0], [50, 3.2972, 0], 1.0]
	];
	for (const [n, p, q, want] of pairs)
		it(`pair ${n}: ${want}`, () => {
			expect(ciede2000(p, q)).toBeCloseTo(want, 4);
			expect(ciede2000(q, p)).toBeCloseTo(want, 4);
		});
});

describe('CIE L*a*b* (D65) of linear sRGB', () => {
	it('a mid grey: L* = 116·∛0.2 − 16 = 51.8372, a* = b* ≈ 0', () => {
		const [L, a, b] = lab([0.2, 0.2, 0.2]);
		expect(L).toBeCloseTo(51.83721378777881, 9);
		expect(Math.abs(a)).toBeLessThan(1e-4);
		expect(Math.abs(b)).toBeLessThan(1e-4);
	});
	it('below (6/29)³ the linear branch: L* = 903.3·Y (CIE) for a near-black', () => {
		expect(lab([0.001, 0.001, 0.001])[0]).toBeCloseTo(0.9032963866259252, 9);
		const [L, a, b] = lab([0.002, 0, 0]);
		expect(L).toBeCloseTo(0.38421328578518654, 9);
		expect(a).toBeCloseTo(1.7230925102533767, 9);
		expect(b).toBeCloseTo(0.6071282326070959, 9);
	});
	it('sRGB decoding: the linear segment below 0.04045 (c/255/12.92)', () => {
		expect(linearRgb('#010101')[0]).toBeCloseTo(0.0003035269835488375, 15);
		expect(linearRgb('#0a0a0a')[1]).toBeCloseTo(0.003035269835488375, 15);
	});
});

describe('StepSeries', () => {
	it('refuses a capacity that is not an even whole number ≥ 2', () => {
		for (const c of [0, 1, 3, 2.5, -2, NaN]) expect(() => new StepSeries(c)).toThrow(`capacity must be an even integer ≥ 2, got ${c}`);
		expect(new StepSeries(2).capacity).toBe(2);
	});
	it('allocates capacity + 1 slots when that is under 1,024, else starts at 1,024 and doubles', () => {
		expect(new StepSeries(8).allocated).toBe(9);
		const s = new StepSeries();
		expect(s.allocated).toBe(1024);
		// 1,024 stored points need a 1,025th slot for the partial point: the buffer has doubled
		s.append(new Float32Array(1024).fill(1), 0);
		expect(s.allocated).toBe(2048);
	});
	it('refuses a non-integer first step; an empty append changes nothing, not even the origin', () => {
		const s = new StepSeries(8);
		expect(() => s.append([1], 1.5)).toThrow('firstStep must be an integer, got 1.5');
		expect(s.lastStep).toBe(-1);
		s.append([], 5);
		s.append([7], 0);
		expect(Array.from(s.xs())).toEqual([0]);
		expect(s.lastStep).toBe(0);
	});
	it('xs() is cached until the next append', () => {
		const s = new StepSeries(8);
		s.append([1, 2], 0);
		expect(s.xs()).toBe(s.xs());
	});
	// capacity 2 halves every other point: [1, 2] → 3 halves to [1.5] + partial …
	it('a partial point: the mean of its finite values, placed at the centre of its steps', () => {
		const s = new StepSeries(2);
		s.append([1, 2, 3, 4, 5, 6], 0);
		// [1.5, 3.5] stride 2; 5, 6 → 5.5 completes a point → halve to [2.5] stride 4, 5.5 covers 2 of 4 steps
		expect(s.stride).toBe(4);
		expect(Array.from(s.ys())).toEqual([2.5, 5.5]);
		// centres: steps 0–3 → 1.5; the partial covers steps 4–5 → 4.5
		expect(Array.from(s.xs())).toEqual([1.5, 4.5]);
	});
	it('a NaN in a partial point does not poison it', () => {
		const s = new StepSeries(2);
		s.append([1, 2, 3, 4, NaN, 6], 0);
		// [1.5, 3.5]; NaN and 6 → 6 → halve to [2.5], 6 pending
		expect(Array.from(s.ys())).toEqual([2.5, 6]);
	});
	it('a point with no finite value is its first non-finite one (+∞ before NaN stays +∞)', () => {
		const s = new StepSeries(2);
		s.append([1, 2, 3, 4, Infinity], 0);
		// [1.5, 3.5] + partial {∞}
		expect(Array.from(s.ys())).toEqual([1.5, 3.5, Infinity]);
		s.append([NaN], 5);
		// the partial {∞, NaN} completes as ∞ → halve to [2.5], ∞ pending over 2 of 4 steps
		expect(Array.from(s.ys())).toEqual([2.5, Infinity]);
	});
	it('a new partial point starts clean after a complete one', () => {
		const s = new StepSeries(4);
		// capacity 4: 1…4 stored; 5 halves to [1.5, 3.5] and starts a partial; 6 completes 5.5 → [1.5, 3.5, 5.5]
		s.append([1, 2, 3, 4, 5, 6], 0);
		expect(Array.from(s.ys())).toEqual([1.5, 3.5, 5.5]);
		// then ∞ and NaN form a point of their own: ∞ (the first); the next partial {−∞} is −∞
		s.append([Infinity, NaN, -Infinity], 6);
		expect(Array.from(s.ys())).toEqual([1.5, 3.5, 5.5, Infinity, -Infinity]);
	});
	it('a complete point with no finite value halves into the next partial as that value', () => {
		const s = new StepSeries(2);
		s.append([1, 2, 3, 4, 5, 6, 7, 8], 0);
		// [2.5, 6.5] stride 4; then four non-finite steps complete a point of ∞ → halve to [4.5], ∞ pending
		s.append([Infinity, NaN, NaN, NaN], 8);
		expect(Array.from(s.ys())).toEqual([4.5, Infinity]);
	});
});

describe('hover', () => {
	it('nearestIndex: equal x values resolve to the first of them', () => {
		const xs = [0, 1, 1, 2];
		expect(nearestIndex(4, (i) => xs[i], 1)).toBe(1);
	});
	it('nearestIndex never leaves 0 … n − 1, even for an accessor defined past the ends', () => {
		expect(nearestIndex(3, (i) => 10 * i, -20)).toBe(0);
		expect(nearestIndex(3, (i) => 10 * i, 50)).toBe(2);
	});
	const ev = (step: number): EvalPoint => ({ step, epoch: 0, examples: 0, timeMs: 0, testLoss: 1, testAccuracy: 0.5 });
	const geom = (ys: number[], evals: EvalPoint[]) => {
		const train = new StepSeries();
		train.append(Float32Array.from(ys), 0);
		const run: ChartRun = { id: 'e', label: 'E', colorIndex: 2, train, evals, stepsPerEpoch: 4, batchSize: 32, timeAt: (s) => 500 * s, divergedAt: null, version: 1 };
		return buildRunGeometry(run, 'steps', 0, 100);
	};
	it('a run without train points is hovered at its nearest evaluation; one with neither is left out', () => {
		const rows = hoverRows([geom([], [ev(0), ev(10)]), geom([], [])], 7);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ id: 'e', label: 'E', colorIndex: 2, step: 10, x: 10 });
		expect(rows[0].smoothed).toBeNaN();
		expect(rows[0].lastEval?.step).toBe(10);
	});
});

describe('BoundedHistory', () => {
	it('a cap of 4 is allowed (the smallest even cap ≥ 4)', () => {
		expect(new BoundedHistory<number>(4).cap).toBe(4);
	});
	it('clear() starts over', () => {
		const h = new BoundedHistory<number>(4);
		for (let i = 0; i < 9; i++) h.push(i);
		expect(h.stride).toBe(4);
		h.clear();
		expect(h.items()).toEqual([]);
		expect(h.total).toBe(0);
		expect(h.stride).toBe(1);
		h.push(42);
		h.push(43);
		expect(h.items()).toEqual([42, 43]);
	});
});
