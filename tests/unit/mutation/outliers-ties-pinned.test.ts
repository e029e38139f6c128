// plot/outliers.ts: the scale-group search's window sizes and tie-breaks, factorMark at 100 and
// robustLogDomain's decade boundary, worked by hand (log10 magnitudes in the comments).
import { describe, expect, it } from 'vitest';
import { factorMark, robustLogDomain, scaleGroups } from '../../../src/lib/plot/outliers';

describe('scaleGroups: the largest window wins, wherever it starts', () => {
	it('a bigger group after a smaller one that does not start at 0', () => {
		// logs −3 | 0, 0.30 | 2, 2.08, 2.18, 2.26: windows of 1, 2 and 4 runs → the four near 100 share
		const g = scaleGroups([0.001, 1, 2, 100, 120, 150, 180]);
		expect(g.shared).toEqual([3, 4, 5, 6]);
		// below the group: ratio to its smallest (100)
		expect(g.apart.map((a) => a.index)).toEqual([0, 1, 2]);
		expect(g.apart[0].ratio).toBeCloseTo(1e-5, 18);
		expect(g.apart[1].ratio).toBeCloseTo(0.01, 15);
		expect(g.apart[2].ratio).toBeCloseTo(0.02, 15);
	});
	it('equal windows: the one whose centre is nearer the median', () => {
		// logs −2 | 1, 1.477 | 3, 3.398 | 10; median (1.477 + 3)/2 = 2.239; the pairs' centres 1.239
		// (1.000 away) and 3.199 (0.960 away) → 1,000 and 2,500 share
		const g = scaleGroups([0.01, 10, 30, 1000, 2500, 1e10]);
		expect(g.shared).toEqual([3, 4]);
		expect(g.apart.map((a) => [a.index, a.ratio])).toEqual([
			[0, 0.01 / 1000],
			[1, 10 / 1000],
			[2, 30 / 1000],
			[5, 1e10 / 2500]
		]);
	});
	it('one run per magnitude: the median, not the smallest (logs 0, 2, 4)', () => {
		const g = scaleGroups([1, 100, 1e4]);
		expect(g.shared).toEqual([1]);
		expect(g.apart).toEqual([
			{ index: 0, ratio: 0.01 },
			{ index: 2, ratio: 100 }
		]);
	});
});

describe('factorMark at 100', () => {
	it('from 100 on, one significant digit in scientific form', () => {
		expect(factorMark(100)).toBe('▲ ×1e2');
		expect(factorMark(0.01)).toBe('▼ ÷1e2');
		expect(factorMark(99.4)).toBe('▲ ×99');
	});
});

describe('robustLogDomain boundaries', () => {
	it('others exactly one decade out widen the range without clipping', () => {
		expect(robustLogDomain([[1]], [[10]], [], 2)).toEqual({ domain: [0.5, 20], clippedHigh: false, clippedLow: false });
		expect(robustLogDomain([[1]], [[0.1]], [], 2)).toEqual({ domain: [0.05, 2], clippedHigh: false, clippedLow: false });
	});
	it('no reference and a single other value: that value, a decade each way', () => {
		expect(robustLogDomain([], [[5]])).toEqual({ domain: [0.5, 50], clippedHigh: false, clippedLow: false });
	});
});
