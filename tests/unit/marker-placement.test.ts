// Placing a diverged run's marker text clear of the other lines (plot/labels.ts): hand-made
// geometry whose answers can be worked out on paper.
import { describe, expect, it } from 'vitest';
import { clearBox, clearSpot, segmentsThrough } from '../../src/lib/plot/labels';

describe('segmentsThrough', () => {
	it('counts the segments of a horizontal line inside the box, and none above or below it', () => {
		// y = 20 from x = 0 to 100 in 10 segments
		const flat = Array.from({ length: 11 }, (_, i) => [i * 10, 20]).flat();
		expect(segmentsThrough([flat], 0, 100, 15, 25)).toBe(10);
		expect(segmentsThrough([flat], 0, 100, 21, 30)).toBe(0);
		expect(segmentsThrough([flat], 0, 100, 0, 19.9)).toBe(0);
		// only the part of the line under the box: x ∈ [25, 45] meets segments 20–30, 30–40, 40–50
		expect(segmentsThrough([flat], 25, 45, 15, 25)).toBe(3);
	});
	it('clips a sloped segment to the box: y = x from 0 to 100 meets the box [40,60]×[0,30] only if y ≤ 30 there', () => {
		const diag = [0, 0, 100, 100];
		expect(segmentsThrough([diag], 40, 60, 0, 30)).toBe(0); // y ∈ [40, 60] over x ∈ [40, 60]
		expect(segmentsThrough([diag], 40, 60, 55, 90)).toBe(1);
	});
	it('skips a segment with a NaN end (a gap in the line) and vertical segments count by their y span', () => {
		expect(segmentsThrough([[0, 10, NaN, NaN, 20, 10]], 0, 20, 0, 20)).toBe(0);
		expect(segmentsThrough([[50, 0, 50, 100]], 40, 60, 30, 40)).toBe(1);
		expect(segmentsThrough([[50, 0, 50, 20]], 40, 60, 30, 40)).toBe(0);
	});
});

describe('clearSpot', () => {
	// lesson 7's case: another run's line lies flat along y = 20 across the whole text, where the text wants to be
	const flat = Array.from({ length: 41 }, (_, i) => [i * 10, 20]).flat();
	it('moves a text off a line it would lie along, to the nearest clear spot', () => {
		// box 12 px tall: centred at y it covers [y − 6, y + 6]; clear of y = 20 needs y < 14 or y > 26
		const y = clearSpot(22, 0, 300, 12, [flat], 0, 200, 1);
		expect(y).toBe(27);
		// above is nearer when the text wants to sit just above the line
		expect(clearSpot(17, 0, 300, 12, [flat], 0, 200, 1)).toBe(13);
	});
	it('stays where it wants to be when nothing is in the way', () => {
		expect(clearSpot(50, 0, 300, 12, [flat], 0, 200)).toBe(50);
		expect(clearSpot(50, 0, 300, 12, [], 0, 200)).toBe(50);
	});
	it('prefers crossing a line once over lying along another, and stays inside [lo, hi]', () => {
		const steep = [100, 0, 110, 200]; // crosses every y once, inside x ∈ [0, 300]
		const y = clearSpot(20, 0, 300, 12, [flat, steep], 0, 200, 1);
		expect(y).toBe(27); // one crossing of the steep line, not ten segments of the flat one
		expect(clearSpot(-50, 0, 300, 12, [], 10, 200)).toBe(10);
		expect(clearSpot(500, 0, 300, 12, [], 10, 200)).toBe(200);
	});
});

describe('clearSpot weighs distance against lines covered', () => {
	it('crosses one steep line near its mark rather than drift 100 px to a spot with none', () => {
		// a steep line through x ∈ [0, 300] only for y ≤ 100; below it the box is clear
		const steep = [150, 0, 151, 100];
		expect(clearSpot(20, 0, 300, 12, [steep], 0, 200, 1)).toBe(20);
		// at 1e6 a hit the same text goes to the first clear spot: centre 107 (box [101, 113])
		expect(clearSpot(20, 0, 300, 12, [steep], 0, 200, 1, 1e6)).toBe(107);
	});
});

describe('clearBox: a text may slide sideways, away from its mark', () => {
	// a line falling steeply through every height between x = 50 and x = 60, in 20 segments of 10 px:
	// no height clears a 100 px text that starts at x ∈ (−50, 60]
	const fall = Array.from({ length: 21 }, (_, i) => [50 + i * 0.5, i * 10]).flat();
	it('slides right past the line (to the first multiple of the step that clears it) at its own height', () => {
		// at shift 0 a box at any height covers ≥ 2 segments (cost ≥ 48). At its own height (box y ∈ [94, 106])
		// the fall passes x ∈ [54.5, 55.5] (segments 9 and 10), so the box [shift, shift + 100] clears it once
		// shift > 55.5: 56 in steps of 8, cost 0.5 × 56 = 28 (shift 48 still covers both: 24 + 48)
		expect(clearBox(100, 0, 100, 12, [fall], 0, 200, 300)).toEqual({ shift: 56, y: 100 });
	});
	it('stays put when nothing is in the way, or when sliding costs more than crossing', () => {
		expect(clearBox(100, 0, 100, 12, [], 0, 200, 300)).toEqual({ shift: 0, y: 100 });
		// one crossing costs 24 < the 32 of a 64 px slide
		expect(clearBox(100, 0, 100, 12, [[55, 0, 55, 200]], 0, 200, 300)).toEqual({ shift: 0, y: 100 });
	});
	it('slides left for a mark near the right edge, never further than the room it is given', () => {
		// text [100, 200] beside the same fall moved to x ∈ [150, 160]: at y = 100 the fall passes x ∈ [154.5, 155.5],
		// so sliding left clears it once the right end 200 − shift < 154.5: shift 48 (cost 24); with only 40 px of room
		// it cannot clear and stays within the room
		const fallR = fall.map((v, i) => (i % 2 === 0 ? v + 100 : v));
		expect(clearBox(100, 100, 100, 12, [fallR], 0, 200, 300, { direction: -1 })).toEqual({ shift: 48, y: 100 });
		expect(clearBox(100, 100, 100, 12, [fallR], 0, 200, 40, { direction: -1 }).shift).toBeLessThanOrEqual(40);
	});
});
