// Contour helpers: the refusals (with their messages), the min/max scan and the linear levels,
// against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { contourLevels, gridThresholds, logThresholds, sampleGrid } from '../../../src/lib/plot/contours';

const id = (v: number) => v;

describe('sampleGrid limits', () => {
	it('accepts 2 × 2 (the smallest grid) and refuses 1 along either axis or a fraction, naming both sizes', () => {
		const g = sampleGrid((x, y) => x + y, { x: [0, 1], y: [0, 1], nx: 2, ny: 2 });
		expect(Array.from(g.values)).toEqual([0, 1, 1, 2]);
		const msg = (nx: number, ny: number) => `sampleGrid: nx and ny must be integers ≥ 2, got ${nx}, ${ny}`;
		expect(() => sampleGrid(id, { x: [0, 1], y: [0, 1], nx: 5, ny: 1 })).toThrow(new RangeError(msg(5, 1)));
		expect(() => sampleGrid(id, { x: [0, 1], y: [0, 1], nx: 1, ny: 5 })).toThrow(new RangeError(msg(1, 5)));
		expect(() => sampleGrid(id, { x: [0, 1], y: [0, 1], nx: 2.5, ny: 3 })).toThrow(new RangeError(msg(2.5, 3)));
		expect(() => sampleGrid(id, { x: [0, 1], y: [0, 1], nx: 3, ny: 3.5 })).toThrow(new RangeError(msg(3, 3.5)));
	});

	it('max is the largest sample even when it is not the last one scanned', () => {
		// x = 0, 1, 2 on one row pair; f = 5 − x: samples 5, 4, 3 (twice) → max 5 (the first), min 3
		const g = sampleGrid((x) => 5 - x, { x: [0, 2], y: [0, 1], nx: 3, ny: 2 });
		expect(g.max).toBe(5);
		expect(g.min).toBe(3);
	});
});

describe('logThresholds limits', () => {
	it('lo = hi is one level; lo ≤ 0, hi < lo and hi = ∞ are refused with the values', () => {
		expect(logThresholds(2, 2, 4)).toEqual([2]);
		const msg = (lo: number, hi: number) => `logThresholds: need 0 < lo ≤ hi < ∞, got ${lo}, ${hi}`;
		expect(() => logThresholds(0, 1, 2)).toThrow(new RangeError(msg(0, 1)));
		expect(() => logThresholds(-1, 1, 2)).toThrow(new RangeError(msg(-1, 1)));
		expect(() => logThresholds(2, 1, 2)).toThrow(new RangeError(msg(2, 1)));
		expect(() => logThresholds(1, Infinity, 2)).toThrow(new RangeError(msg(1, Infinity)));
	});

	it('perDecade must be > 0', () => {
		expect(() => logThresholds(1, 10, 0)).toThrow(new RangeError('logThresholds: perDecade must be > 0, got 0'));
		expect(() => logThresholds(1, 10, -2)).toThrow(new RangeError('logThresholds: perDecade must be > 0, got -2'));
		// 1 per decade from 1 to 1000: 1, 10, 100, 1000
		expect(logThresholds(1, 1000, 1)).toEqual([1, 10, 100, 1000]);
	});
});

describe('gridThresholds, linear', () => {
	// f = x on x ∈ [0, 1]: min 0, max 1
	const g = sampleGrid((x) => x, { x: [0, 1], y: [0, 1], nx: 11, ny: 2 });

	it('count 5 gives d3 ticks of step 0.2 strictly inside (0, 1)', () => {
		expect(gridThresholds(g, { log: false, count: 5 })).toEqual([0.2, 0.4, 0.6, 0.8]);
	});

	it('the default count 24 gives ticks of step 0.05 strictly inside: 19 levels 0.05 … 0.95', () => {
		const t = gridThresholds(g, { log: false });
		expect(t.length).toBe(19);
		expect(t[0]).toBeCloseTo(0.05, 15);
		expect(t[18]).toBeCloseTo(0.95, 15);
	});
});

describe('contourLevels with a level above every sample', () => {
	it('has no polygons and empty path data (not a placeholder)', () => {
		const g = sampleGrid((x) => x, { x: [0, 1], y: [0, 1], nx: 3, ny: 3 });
		const [level] = contourLevels(g, [5], id, id);
		expect(level.value).toBe(5);
		expect(level.polygons).toEqual([]);
		expect(level.d).toBe('');
	});
});
