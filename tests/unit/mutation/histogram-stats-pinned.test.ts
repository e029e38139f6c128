// inspect/histogram.ts and layer-stats.ts at their edges, every value worked out by hand: numpy's bin
// rule at both ends, refusals by message, a degenerate range, uneven edges where the even-spacing
// guess lands in the wrong bin (both directions), sharedRange's ignored entries, rebin with mass
// below, above and as a point past the target, percentiles in a wide bin; summaries, dead and
// saturated shares on exact binary boundaries, identical units.
import { describe, expect, it } from 'vitest';
import {
	binEdges,
	binIndex,
	deadShare,
	histogram,
	identicalUnits,
	l2Norm,
	percentiles,
	rebin,
	saturatedShare,
	saturatedUnitShare,
	sharedRange,
	summarize,
	updateRatio
} from '../../../src/lib/engine/inspect/index';

const E = (...v: number[]) => new Float64Array(v);

describe('binEdges, binIndex, histogram', () => {
	it('refuses bad bins and ranges by message', () => {
		expect(() => binEdges(0, 1, 0)).toThrow('bins: must be a whole number ≥ 1, got 0');
		expect(() => binEdges(NaN, 1, 2)).toThrow('bins: need finite lo ≤ hi, got [NaN, 1]');
		expect(() => binEdges(0, Infinity, 2)).toThrow('bins: need finite lo ≤ hi, got [0, Infinity]');
		expect(() => binEdges(2, 1, 2)).toThrow('bins: need finite lo ≤ hi, got [2, 1]');
		expect(() => histogram(E(1), E(0))).toThrow('histogram: need at least 2 edges, got 1');
	});

	it('binIndex: −1 below, n above, the bin to the right on an inner edge, the last bin on the last edge', () => {
		const e = E(0, 1, 2, 3);
		expect(binIndex(-0.5, e)).toBe(-1);
		expect(binIndex(0, e)).toBe(0);
		expect(binIndex(1, e)).toBe(1);
		expect(binIndex(2.5, e)).toBe(2);
		expect(binIndex(3, e)).toBe(2);
		expect(binIndex(3.5, e)).toBe(3);
		expect(binIndex(5, E(5, 5, 5))).toBe(1); // every edge equal: the closed last bin
	});

	it('one bin (two edges) holds its whole closed range', () => {
		expect(histogram(E(0, 0.5, 1, 2, -1), E(0, 1))).toEqual({ counts: Uint32Array.from([3]), underflow: 1, overflow: 1, nonFinite: 0 });
	});

	it('a degenerate range [5, 5]: every 5 lands in the last bin', () => {
		expect(Array.from(histogram(E(5, 5, 5), binEdges(5, 5, 4)).counts)).toEqual([0, 0, 0, 3]);
	});

	it('uneven edges: the even-spacing guess is corrected down and up', () => {
		// edges [0, 9, 9.5, 10]: 5 guesses bin ⌊5·3/10⌋ = 1 but belongs to bin 0; 9.2 guesses 2, belongs to 1;
		// edges [0, 1, 2, 10]: 4 guesses bin 1 but belongs to bin 2
		expect(Array.from(histogram(E(5, 9.2, 9.5, 10), E(0, 9, 9.5, 10)).counts)).toEqual([1, 1, 2]);
		expect(Array.from(histogram(E(4, 1.5, 0.5), E(0, 1, 2, 10)).counts)).toEqual([1, 1, 1]);
	});
});

describe('sharedRange and rebin', () => {
	it('ignores entries with a non-finite bound or min > max', () => {
		expect(sharedRange([{ min: NaN, max: 1 }, { min: 0, max: 2 }])).toEqual({ lo: 0, hi: 2 });
		expect(sharedRange([{ min: -Infinity, max: 5 }, { min: 1, max: 2 }])).toEqual({ lo: 1, hi: 2 });
		expect(sharedRange([{ min: 0, max: Infinity }, { min: 1, max: 2 }])).toEqual({ lo: 1, hi: 2 });
		expect(sharedRange([{ min: 3, max: 1 }])).toEqual({ lo: 0, hi: 1 });
		expect(sharedRange([{ min: 0.5, max: 0.2 }, { min: 1, max: 2 }])).toEqual({ lo: 1, hi: 2 });
	});

	it('refuses mismatched counts or an empty target by message; one target bin works', () => {
		expect(() => rebin([1, 2], E(0, 1), E(0, 1))).toThrow('rebin: 2 counts for 1 source bins');
		expect(() => rebin([1], E(0, 1), E(1, 1))).toThrow('rebin: target edges must span a non-empty range');
		expect(() => rebin([1], E(0, 1), E(1))).toThrow('rebin: target edges must span a non-empty range');
		expect(Array.from(rebin([1, 3], E(0, 1, 2), E(0, 2)))).toEqual([4]);
	});

	it('mass below the target goes to the first bin, above to the last, each by its share of the source bin', () => {
		// 4 uniformly on [0, 2] onto bins [0.5, 1.5], [1.5, 2.5]: [0, 0.5] → 1 (clamped), [0.5, 1.5] → 2, [1.5, 2] → 1
		expect(Array.from(rebin([4], E(0, 2), E(0.5, 1.5, 2.5)))).toEqual([3, 1]);
		// onto [−0.5, 0.5], [0.5, 1.5]: [0, 0.5] → 1, [0.5, 1.5] → 2, [1.5, 2] → 1 (clamped into the last)
		expect(Array.from(rebin([4], E(0, 2), E(-0.5, 0.5, 1.5)))).toEqual([1, 3]);
	});

	it('a point mass (zero-width source bin) past the target range is clamped into the end bin', () => {
		expect(Array.from(rebin([0, 5], E(3, 9, 9), E(0, 1, 2)))).toEqual([0, 5]);
		expect(Array.from(rebin([5, 0], E(-4, -4, 0), E(0, 1, 2)))).toEqual([5, 0]);
	});
});

describe('percentiles', () => {
	it('interpolates inside a wide bin; refuses p outside [0, 1] by message', () => {
		// counts [2, 2] on [0, 2], [2, 6]: p = 0.75 → rank 3, one into the second bin of 2 → 2 + ½·4 = 4
		expect(Array.from(percentiles([2, 2], E(0, 2, 6), [0.75, 0.5, 0]))).toEqual([4, 2, 0]);
		expect(Array.from(percentiles([1, 1], E(0, 1, 2), [0.5]))).toEqual([1]);
		expect(() => percentiles([1, 1], E(0, 1, 2), [1.5])).toThrow('percentiles: p must be in [0, 1], got 1.5');
		expect(() => percentiles([1, 1], E(0, 1, 2), [-0.1])).toThrow('percentiles: p must be in [0, 1], got -0.1');
		// an empty histogram gives NaN for every p, before any p is looked at
		expect(Array.from(percentiles([0, 0], E(0, 1, 2), [0.5, 2]))).toEqual([NaN, NaN]);
		expect(() => percentiles([1, 1], E(0, 1), [0.5])).toThrow('percentiles: 2 edges for 2 bins');
	});
});

describe('layer statistics by hand', () => {
	it('summarize: no finite value → NaN everywhere; mean 2 and population std 1 of [1, 3]', () => {
		const none = summarize(E(NaN, Infinity));
		expect([none.min, none.max, none.mean, none.std, none.n, none.nonFinite]).toEqual([NaN, NaN, NaN, NaN, 0, 2]);
		expect(summarize(E(1, NaN, 3))).toEqual({ min: 1, max: 3, mean: 2, std: 1, n: 2, nonFinite: 1 });
		// the second pass sums (x − mean)², not x² − mean²: for [1e16, 1e16 + 4] (mean 1e16 + 2, exact) the
		// deviations ±2 give std 2, while the sums x + mean = 2e16 + 2, 2e16 + 6 are not representable
		expect(summarize(E(1e16, 1e16 + 4)).std).toBe(2);
	});

	it('deadShare: units never > 0 over the batch; empty → 0', () => {
		// (B = 2, OUT = 3): unit 0 fires on example 0, unit 2 on example 1, unit 1 never → 1/3
		expect(deadShare(E(1, 0, 0, 0, 0, 2), 2, 3)).toBe(1 / 3);
		expect(deadShare(E(), 0, 3)).toBe(0);
		expect(deadShare(E(), 2, 0)).toBe(0);
	});

	it('a (B, OUT) batch given as the first B rows of a longer buffer (the MLP caches hold their largest batch): the rows after it do not count', () => {
		// B = 1, OUT = 2: both units ≤ 0 on the batch → all dead, though the next row would fire
		expect(deadShare(E(0, -1, 1, 1), 1, 2)).toBe(1);
		// entries (1, 0.5) for [−1, 1] and tol 0.03: one of two saturated; the 1 after them does not count
		expect(saturatedShare(E(1, 0.5, 1), 1, 2, [-1, 1])).toBe(0.5);
		// units (0.5, 0.5): none saturated on every example; a third unit would be read at index 2
		expect(saturatedUnitShare(E(0.5, 0.5, 1, 1), 1, 2, [-1, 1])).toBe(0);
	});

	it('saturation within tol of a bound, inclusive: 0.25 and 0.75 are saturated for [0, 1] and tol 0.25', () => {
		expect(saturatedShare(E(0.25, 0.5, 0.75, 0.3), 2, 2, [0, 1], 0.25)).toBe(0.5);
		// (B = 2, OUT = 2): unit 0 is 0.25 then 0.75 (saturated on both), unit 1 is 0.5 then 0.3
		expect(saturatedUnitShare(E(0.25, 0.5, 0.75, 0.3), 2, 2, [0, 1], 0.25)).toBe(0.5);
		expect(saturatedShare(E(), 0, 4, [0, 1])).toBe(0);
		expect(saturatedUnitShare(E(), 0, 4, [0, 1])).toBe(0);
		expect(saturatedUnitShare(E(), 4, 0, [0, 1])).toBe(0);
	});

	it('l2Norm, updateRatio refusal, identical units (two units are enough; rows compared element by element)', () => {
		expect(l2Norm(E(3, 4))).toBe(5);
		expect(() => updateRatio(E(1, 2), E(1))).toThrow('updateRatio: lengths differ (2 vs 1)');
		expect(identicalUnits(E(1, 2, 1, 2), 2, 2)).toBe(true);
		expect(identicalUnits(E(1, 2, 3, 1, 2, 3), 2, 3)).toBe(true);
		expect(identicalUnits(E(1, 2, 3, 1, 3, 2), 2, 3)).toBe(false);
		expect(identicalUnits(E(1, 2), 1, 2)).toBe(false);
	});
});
