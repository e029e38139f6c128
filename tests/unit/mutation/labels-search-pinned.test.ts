// plot/labels.ts's segmentsThrough and clearSpot at their edges, worked on paper: a horizontal line
// at y = 50, a text box 10 px tall (it touches the line while its centre is within 5 px of 50),
// 24 px per segment under it plus the distance moved.
import { describe, expect, it } from 'vitest';
import { clearBox, clearSpot, segmentsThrough } from '../../../src/lib/plot/labels';

describe('segmentsThrough', () => {
	it('a vertical segment counts over its whole height, whichever end comes first', () => {
		expect(segmentsThrough([[5, 40, 5, 0]], 0, 10, 15, 25)).toBe(1);
		expect(segmentsThrough([[5, 0, 5, 40]], 0, 10, 15, 25)).toBe(1);
	});
	it('only the part of a segment inside [x0, x1] counts', () => {
		// from (−100, 100) to (10, 20): inside x 0…10 it runs from y 27.3 down to 20 — below a box at 30…40
		expect(segmentsThrough([[-100, 100, 10, 20]], 0, 10, 30, 40)).toBe(0);
		expect(segmentsThrough([[-100, 100, 10, 20]], 0, 10, 25, 40)).toBe(1);
	});
	it('a segment with an infinite end is not counted', () => {
		expect(segmentsThrough([[5, 20, 5, Infinity]], 0, 10, 15, 25)).toBe(0);
		expect(segmentsThrough([[5, Infinity, 5, 20]], 0, 10, 15, 25)).toBe(0);
	});
});

describe('clearSpot at the ends of its range', () => {
	const line = [[0, 50, 100, 50]];
	it('the clear spot may be below the start only, exactly at lo', () => {
		// range 44…54: every centre above 44 has the line under the box (cost ≥ 24); 44 costs 6
		expect(clearSpot(50, 0, 100, 10, line, 44, 54)).toBe(44);
	});
	it('… or above it only, exactly at hi', () => {
		// range 46…56: 56 is the only clear centre (6 px away)
		expect(clearSpot(50, 0, 100, 10, line, 46, 56)).toBe(56);
	});
});

describe('clearBox', () => {
	it('tries a slide of exactly maxShift', () => {
		// a vertical line at x = 5 through every height: any row of a box over x 0…10 costs ≥ 24; slid by
		// 8 (x 8…18) the box is clear at the wanted height, for 0.5 · 8 = 4
		expect(clearBox(50, 0, 10, 10, [[5, 0, 5, 100]], 0, 100, 8)).toEqual({ shift: 8, y: 50 });
	});
});
