// Scales one exploding or vanishing run cannot flatten (plot/outliers.ts), case by case by hand.
import { describe, expect, it } from 'vitest';
import { factorMark, formatRatio, magnitude, robustLogDomain, scaleGroups } from '../../../src/lib/plot/outliers';

describe('magnitude', () => {
	it('max(|lo|, |hi|, hi − lo); 0 for all zeros; NaN without values', () => {
		expect(magnitude({ lo: -3, hi: 2, n: 4 })).toBe(5);
		expect(magnitude({ lo: 1, hi: 4, n: 4 })).toBe(4);
		expect(magnitude({ lo: -6, hi: -5, n: 4 })).toBe(6);
		expect(magnitude({ lo: 0, hi: 0, n: 5 })).toBe(0);
		expect(magnitude({ lo: 1, hi: 2, n: 0 })).toBeNaN();
		expect(magnitude({ lo: NaN, hi: 2, n: 3 })).toBeNaN();
		expect(magnitude({ lo: 1, hi: Infinity, n: 3 })).toBeNaN();
		expect(magnitude(null)).toBeNaN();
		expect(magnitude(undefined)).toBeNaN();
	});
});

describe('scaleGroups', () => {
	it('lesson 5’s picture: 1 and 2 share; 1e7 is 5e6× above the group’s largest, 1e-10 below its smallest', () => {
		expect(scaleGroups([1, 2, 1e7, 1e-10])).toEqual({
			shared: [0, 1],
			apart: [
				{ index: 2, ratio: 5e6 },
				{ index: 3, ratio: 1e-10 }
			]
		});
	});

	it('runs without values or with only zeros join the shared group', () => {
		expect(scaleGroups([0, NaN, 5])).toEqual({ shared: [0, 1, 2], apart: [] });
		expect(scaleGroups([0, 0])).toEqual({ shared: [0, 1], apart: [] });
		expect(scaleGroups([])).toEqual({ shared: [], apart: [] });
	});

	it('exactly `factor` apart still share; the factor is a parameter', () => {
		expect(scaleGroups([1, 10]).apart).toEqual([]);
		expect(scaleGroups([1, 50]).apart).toEqual([{ index: 1, ratio: 50 }]);
		expect(scaleGroups([1, 50], 100).apart).toEqual([]);
	});

	it('one run per magnitude: the middle one is the reference', () => {
		expect(scaleGroups([1e7, 1e-10, 1])).toEqual({
			shared: [2],
			apart: [
				{ index: 0, ratio: 1e7 },
				{ index: 1, ratio: 1e-10 }
			]
		});
	});

	it('two equally far from the median: the one nearer magnitude 1', () => {
		// logs −1 and 3: median 1, both 2 away → 0.1 (|log| 1) beats 1000 (|log| 3)
		expect(scaleGroups([1000, 0.1])).toEqual({ shared: [1], apart: [{ index: 0, ratio: 10000 }] });
		// logs −3 and 1: median −1 → 10 (|log| 1) beats 0.001
		expect(scaleGroups([0.001, 10])).toEqual({ shared: [1], apart: [{ index: 0, ratio: 0.0001 }] });
	});
});

describe('factor labels', () => {
	it('formatRatio: 2 significant digits', () => {
		expect(formatRatio(7.5e6)).toBe('7.5e6');
		expect(formatRatio(11.4)).toBe('11');
	});

	it('factorMark: ▲ ×k above, ▼ ÷k below, one digit from 100 on', () => {
		expect(factorMark(8e6)).toBe('▲ ×8e6');
		expect(factorMark(9.6e5)).toBe('▲ ×1e6');
		expect(factorMark(1 / 2000)).toBe('▼ ÷2e3');
		expect(factorMark(99.6)).toBe('▲ ×100');
		expect(factorMark(1)).toBe('▲ ×1');
		expect(factorMark(0.5)).toBe('▼ ÷2');
	});
});

describe('robustLogDomain', () => {
	const close = (got: [number, number], want: [number, number]) => {
		expect(got[0]).toBeCloseTo(want[0], 12);
		expect(got[1]).toBeCloseTo(want[1], 12);
	};

	it('others widen the reference range by one decade at most, and say when they were clipped', () => {
		const high = robustLogDomain([[0.1, 1]], [[100]]);
		close(high.domain, [0.1 / 1.3, 13]);
		expect([high.clippedHigh, high.clippedLow]).toEqual([true, false]);
		const within = robustLogDomain([[0.1, 1]], [[5]]);
		close(within.domain, [0.1 / 1.3, 6.5]);
		expect([within.clippedHigh, within.clippedLow]).toEqual([false, false]);
		const low = robustLogDomain([[0.1, 1]], [[0.001]]);
		close(low.domain, [0.01 / 1.3, 1.3]);
		expect([low.clippedHigh, low.clippedLow]).toEqual([false, true]);
		const lowWithin = robustLogDomain([[0.1, 1]], [[0.05]]);
		close(lowWithin.domain, [0.05 / 1.3, 1.3]);
		expect(lowWithin.clippedLow).toBe(false);
	});

	it('falls back to the others, then to [1e-4, 1]; a single value gets a decade each way', () => {
		close(robustLogDomain([], [[2, 8]]).domain, [2 / 1.3, 8 * 1.3]);
		close(robustLogDomain([], []).domain, [1e-4 / 1.3, 1.3]);
		close(robustLogDomain([[3]], []).domain, [0.3, 30]);
	});

	it('include and pad; non-positive and non-finite values are ignored', () => {
		close(robustLogDomain([[1]], [], [4]).domain, [1 / 1.3, 5.2]);
		close(robustLogDomain([[1, 4]], [], [], 2).domain, [0.5, 8]);
		close(robustLogDomain([[0, -1, NaN, 2, 4, Infinity]], []).domain, [2 / 1.3, 5.2]);
	});
});
