// plot/paths.ts (SVG path data and dot marks of a series), each expected string worked out by hand.
import { describe, expect, it } from 'vitest';
import { dotPositions, drawable, linePath } from '../../../src/lib/plot/paths';

const id = (v: number) => v;

describe('drawable', () => {
	it('on a log axis keeps finite positive values only', () => {
		const keep = drawable(true);
		expect([2, 1e-300, 0, -1, NaN, Infinity, -Infinity].map(keep)).toEqual([true, true, false, false, false, false, false]);
	});
	it('on a linear axis keeps every finite value, zero and negatives included', () => {
		const keep = drawable(false);
		expect([2, 0, -1, NaN, Infinity].map(keep)).toEqual([true, true, true, false, false]);
	});
});

describe('linePath', () => {
	it('breaks the line at an undrawable point and rounds to 0.1 px', () => {
		// points (0,1) (1,2) | gap at x=2 (y ≤ 0 on a log axis) | (3,4): two sub-paths, y = 100 − 10.04·v
		// → 89.96, 79.92, 59.84 rounded to 90, 79.9, 59.8; d3 closes a lone point's segment with Z
		const d = linePath([0, 1, 2, 3], [1, 2, 0, 4], (x) => x * 10, (y) => 100 - y * 10.04, drawable(true));
		expect(d).toBe('M0,90L10,79.9M30,59.8Z');
	});
	it('stops at the shorter of xs and ys, even when keep and the scales accept anything', () => {
		const always = () => true;
		const flat = () => 5;
		// ys has 2 entries: the third x has no y, so no third point even though keep and sy accept it
		expect(linePath([0, 1, 2], [1, 1], id, flat, always)).toBe('M0,5L1,5');
		// xs shorter: same
		expect(linePath([0, 1], [1, 1, 1], id, flat, always)).toBe('M0,5L1,5');
	});
	it('computes each point’s pixel position once (a log scale per call is not free)', () => {
		let calls = 0;
		const sx = (v: number) => {
			calls++;
			return v;
		};
		// xs is longer than ys: only min(3, 2) = 2 points are scaled
		linePath([0, 1, 2], [1, 1], sx, id);
		expect(calls).toBe(2);
	});
	it('is empty when nothing can be drawn', () => {
		expect(linePath([0, 1], [NaN, -1], id, id, drawable(true))).toBe('');
		expect(linePath([], [], id, id)).toBe('');
	});
});

describe('dotPositions', () => {
	it('places one dot per drawable point', () => {
		const dots = dotPositions([0, 1, 2, 3], [4, NaN, 0, 2], (x) => 10 * x, (y) => 50 - y, drawable(true));
		expect(dots).toEqual([
			{ cx: 0, cy: 46 },
			{ cx: 30, cy: 48 }
		]);
	});
	it('skips points whose x is not finite', () => {
		expect(dotPositions([NaN, 1], [1, 1], id, id)).toEqual([{ cx: 1, cy: 1 }]);
	});
	it('thins more than maxDots evaluations evenly: stride ⌈n / maxDots⌉', () => {
		const xs = Array.from({ length: 10 }, (_, i) => i);
		// n = 10, maxDots = 3 → stride ⌈10/3⌉ = 4 → points 0, 4, 8
		expect(dotPositions(xs, xs, id, id, Number.isFinite, 3).map((d) => d.cx)).toEqual([0, 4, 8]);
		// maxDots ≥ n: every point (stride 1)
		expect(dotPositions(xs, xs, id, id, Number.isFinite, 10).map((d) => d.cx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		// default maxDots 160: 400 points → stride 3 → 0, 3, …, 399: 134 dots
		const many = Array.from({ length: 400 }, (_, i) => i);
		const thinned = dotPositions(many, many, id, id);
		expect(thinned.length).toBe(134);
		expect(thinned[1].cx).toBe(3);
		expect(thinned[133].cx).toBe(399);
	});
	it('stops at the shorter of xs and ys, even when keep and the scales accept anything', () => {
		const always = () => true;
		const flat = () => 5;
		// 8 ys, 12 xs, stride ⌈8/2⌉ = 4 → points 0 and 4 only (index 8 is past ys)
		const xs = Array.from({ length: 12 }, (_, i) => i);
		expect(dotPositions(xs, new Array(8).fill(1), id, flat, always, 2)).toEqual([
			{ cx: 0, cy: 5 },
			{ cx: 4, cy: 5 }
		]);
		expect(dotPositions([0, 1], [1, 1, 1], id, flat, always)).toEqual([
			{ cx: 0, cy: 5 },
			{ cx: 1, cy: 5 }
		]);
	});
});
