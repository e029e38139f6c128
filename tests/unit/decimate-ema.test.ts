// Min–max decimation and the debiased EMA on hand-worked series: ties, NaN inside a bucket, an
// all-NaN bucket, the n = maxPoints boundary, buffer reuse and the accumulator's reset.
import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../src/lib/plot/decimate';
import { debiasedEma, EmaAccumulator } from '../../src/lib/plot/ema';

const iota = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

describe('decimateMinMax by hand', () => {
	it('keeps first, each bucket’s min and max in x order, and last', () => {
		// n = 10, maxPoints 6 → 2 buckets over points 1…8: [1, 5) and [5, 9)
		const ys = [5, 1, 3, NaN, 9, 2, 2, 7, 0, 4];
		const d = decimateMinMax(iota(10), ys, 10, 6);
		expect(Array.from(d.x)).toEqual([0, 1, 4, 7, 8, 9]); // bucket 2's max (x 7) comes before its min (x 8)
		expect(Array.from(d.y)).toEqual([5, 1, 9, 7, 0, 4]);
	});
	it('a tie keeps the first occurrence of the min and of the max', () => {
		// buckets [1, 5) = 2 2 8 8 and [5, 9) = 3 3 3 3 (one point: min = max)
		const ys = [0, 2, 2, 8, 8, 3, 3, 3, 3, 0];
		const d = decimateMinMax(iota(10), ys, 10, 6);
		expect(Array.from(d.x)).toEqual([0, 1, 3, 5, 9]);
		expect(Array.from(d.y)).toEqual([0, 2, 8, 3, 0]);
	});
	it('a NaN first in a bucket is skipped; an all-NaN bucket keeps its first point so the line breaks', () => {
		const ys = [1, NaN, 3, -1, 4, NaN, NaN, NaN, NaN, 2];
		const d = decimateMinMax(iota(10), ys, 10, 6);
		expect(Array.from(d.x)).toEqual([0, 3, 4, 5, 9]);
		expect(Array.from(d.y)).toEqual([1, -1, 4, NaN, 2]);
	});
	it('returns the points unchanged when n ≤ maxPoints, even at n = maxPoints', () => {
		const ys = [3, 1, 4, 1, 5];
		const d = decimateMinMax(iota(5), ys, 5, 5);
		expect(Array.from(d.y)).toEqual(ys);
		expect(Array.from(d.x)).toEqual([0, 1, 2, 3, 4]);
	});
	it('raises maxPoints below 4 to 4 (first, last, min, max)', () => {
		const d = decimateMinMax(iota(6), [0, 5, -5, 1, 2, 0], 6, 1);
		expect(Array.from(d.x)).toEqual([0, 1, 2, 5]);
	});
	it('rejects n beyond either array, naming n', () => {
		expect(() => decimateMinMax(iota(3), iota(5), 4, 2)).toThrow(/n = 4 exceeds the series length/);
		expect(() => decimateMinMax(iota(5), iota(3), 4, 2)).toThrow(/n = 4 exceeds the series length/);
		expect(() => decimateMinMax(iota(5), iota(5), 5, 2)).not.toThrow();
	});
});

describe('debiased EMA by hand', () => {
	it('w = 0.5 on [2, 4, NaN, 8]: 2, (0.5·1 + 2)/0.75, NaN passed through, then the third finite value', () => {
		// last: 1, 2.5, (NaN skipped), 0.5·2.5 + 4 = 5.25; 1 − w^k: 0.5, 0.75, 0.875
		expect(Array.from(debiasedEma([2, 4, NaN, 8], 0.5))).toEqual([2, 2.5 / 0.75, NaN, 5.25 / 0.875]);
	});
	it('rejects weights outside [0, 1), naming the range', () => {
		for (const w of [-0.1, 1, 1.5, NaN]) expect(() => debiasedEma([1], w)).toThrow(/EMA weight must be in \[0, 1\)/);
		for (const w of [-0.1, 1, NaN]) expect(() => new EmaAccumulator(w)).toThrow(RangeError);
		expect(Array.from(debiasedEma([1, 2], 0))).toEqual([1, 2]);
	});
	it('writes into `out` when it is long enough (also exactly n), else into a new array', () => {
		const exact = new Float64Array(2);
		expect(debiasedEma([1, 3], 0.5, exact).buffer).toBe(exact.buffer);
		expect(Array.from(exact)).toEqual([1, 1.75 / 0.75]); // last 0.5, then 0.25 + 1.5
		const long = new Float64Array(4).fill(-1);
		const r = debiasedEma([1, 3], 0.5, long);
		expect(r.buffer).toBe(long.buffer);
		expect(r.length).toBe(2);
		expect(long[2]).toBe(-1);
		const short = new Float64Array(1);
		expect(debiasedEma([1, 3], 0.5, short).buffer).not.toBe(short.buffer);
	});
	it('the accumulator matches, is NaN before its first finite value, and reset starts afresh', () => {
		const a = new EmaAccumulator(0.5);
		expect(a.value).toBeNaN();
		expect(a.push(NaN)).toBeNaN();
		expect(a.value).toBeNaN();
		expect(a.push(2)).toBe(2);
		expect(a.push(4)).toBe(2.5 / 0.75);
		expect(a.value).toBe(2.5 / 0.75);
		a.reset();
		expect(a.value).toBeNaN();
		expect(a.push(6)).toBe(6);
	});
});
