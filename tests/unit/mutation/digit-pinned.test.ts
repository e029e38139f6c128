// The drawing-pad path (data/digit.ts) on images small enough to work out by hand: round-capped
// strokes whose ink is clamp(r + ½ − d, 0, 1) with d the distance from a pixel's centre to the
// segment, the ink's box and centre, and preprocessDigit on a fully inked 2 × 2 image (box 2 × 2 →
// scale 10 → a 20 × 20 block at [4, 24)² of the 28 × 28 field, MNIST's normalisation).
import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBox, preprocessDigit, rasterizeStrokes } from '../../../src/lib/engine/data/digit';

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
/** the expected (H, W) ink of one round-capped stroke, from its distance function */
function expected(W: number, H: number, r: number, dist: (px: number, py: number) => number): number[] {
	const out: number[] = [];
	for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out.push(Math.fround(clamp01(r + 0.5 - dist(x + 0.5, y + 0.5))));
	return out;
}

describe('rasterizeStrokes by hand', () => {
	it('a dot (one point, r = 1): ink 1.5 − distance to the point', () => {
		const got = rasterizeStrokes([[[2.5, 2.5]]], 6, 6, 2);
		expect(Array.from(got)).toEqual(expected(6, 6, 1, (px, py) => Math.hypot(px - 2.5, py - 2.5)));
		// by hand: centre 1, its 4 neighbours 0.5, diagonals 1.5 − √2, two away 0
		expect(got[2 * 6 + 2]).toBe(1);
		expect(got[2 * 6 + 1]).toBe(0.5);
		expect(got[1 * 6 + 2]).toBe(0.5);
		expect(got[3 * 6 + 3]).toBe(Math.fround(1.5 - Math.SQRT2));
	});

	it('a horizontal segment: distance to the segment (past its ends, to the end point)', () => {
		const got = rasterizeStrokes([[[1.5, 2.5], [4.5, 2.5]]], 8, 6, 2);
		const dist = (px: number, py: number) => Math.hypot(Math.max(0, 1.5 - px, px - 4.5), py - 2.5);
		expect(Array.from(got)).toEqual(expected(8, 6, 1, dist));
		expect(Array.from(got.subarray(2 * 8, 3 * 8))).toEqual([0.5, 1, 1, 1, 1, 0.5, 0, 0]);
	});

	it('long segments: the interior is drawn by the segment itself, not only by the end cap', () => {
		const h = rasterizeStrokes([[[1.5, 2.5], [10.5, 2.5]]], 14, 6, 2);
		expect(Array.from(h)).toEqual(expected(14, 6, 1, (px, py) => Math.hypot(Math.max(0, 1.5 - px, px - 10.5), py - 2.5)));
		const v = rasterizeStrokes([[[2.5, 1.5], [2.5, 10.5]]], 6, 14, 2);
		expect(Array.from(v)).toEqual(expected(6, 14, 1, (px, py) => Math.hypot(px - 2.5, Math.max(0, 1.5 - py, py - 10.5))));
	});

	it('a vertical segment', () => {
		const got = rasterizeStrokes([[[2.5, 1.5], [2.5, 4.5]]], 6, 8, 2);
		const dist = (px: number, py: number) => Math.hypot(px - 2.5, Math.max(0, 1.5 - py, py - 4.5));
		expect(Array.from(got)).toEqual(expected(6, 8, 1, dist));
	});

	it('a diagonal segment (1.5, 1.5) → (4.5, 4.5): distance |x − y|/√2 beside it, to the ends past them', () => {
		const got = rasterizeStrokes([[[1.5, 1.5], [4.5, 4.5]]], 7, 7, 2);
		const at = (x: number, y: number) => got[y * 7 + x];
		expect(at(1, 1)).toBe(1);
		expect(at(3, 3)).toBe(1);
		expect(at(4, 4)).toBe(1);
		expect(at(3, 2)).toBe(Math.fround(1.5 - Math.SQRT1_2)); // centre (3.5, 2.5): 1/√2 off the line
		expect(at(2, 1)).toBe(Math.fround(1.5 - Math.SQRT1_2));
		expect(at(1, 3)).toBe(Math.fround(1.5 - Math.SQRT2)); // (1.5, 3.5): √2 off the line, inside the span
		expect(at(0, 0)).toBe(Math.fround(1.5 - Math.SQRT2)); // (0.5, 0.5): √2 from the end (1.5, 1.5)
		expect(at(5, 5)).toBe(Math.fround(1.5 - Math.SQRT2));
		expect(at(6, 6)).toBe(0);
		expect(at(5, 1)).toBe(0);
	});

	it('strokes at the edges stay inside the image (nothing wraps into the neighbouring row)', () => {
		// dot at the left edge: pixel x = −1 would be 0.5 and must not land on the previous row's last pixel
		const left = rasterizeStrokes([[[0.5, 2.5]]], 6, 6, 2);
		expect(Array.from(left)).toEqual(expected(6, 6, 1, (px, py) => Math.hypot(px - 0.5, py - 2.5)));
		// dot at the right and bottom edges: the last column and row are drawn, nothing wraps to x = 0
		const corner = rasterizeStrokes([[[5.5, 5.5]]], 6, 6, 2);
		expect(Array.from(corner)).toEqual(expected(6, 6, 1, (px, py) => Math.hypot(px - 5.5, py - 5.5)));
		const right = rasterizeStrokes([[[5.5, 2.5]]], 6, 6, 2);
		expect(Array.from(right)).toEqual(expected(6, 6, 1, (px, py) => Math.hypot(px - 5.5, py - 2.5)));
	});

	it('overlapping strokes keep the darker ink (the end cap does not erase the segment)', () => {
		// a two-point stroke is the segment and then a dot at its end; the dot's box covers x = 2..7
		const got = rasterizeStrokes([[[1.5, 2.5], [4.5, 2.5]], [[6.5, 4.5]]], 8, 6, 2);
		const seg = (px: number, py: number) => Math.hypot(Math.max(0, 1.5 - px, px - 4.5), py - 2.5);
		const dot = (px: number, py: number) => Math.hypot(px - 6.5, py - 4.5);
		const want = expected(8, 6, 1, (px, py) => Math.min(seg(px, py), dot(px, py)));
		expect(Array.from(got)).toEqual(want);
	});
});

describe('inkBox and centreOfMass', () => {
	it('box [x0, y0, x1, y1) with a strict threshold, found wherever the ink is', () => {
		const img: number[] = new Array(16).fill(0); // plain numbers: 0.05 must be exactly the threshold
		expect(inkBox(img, 4)).toBeNull();
		img[0] = 1; // (0, 0) only
		expect(inkBox(img, 4)).toEqual([0, 0, 1, 1]);
		img[0] = 0;
		img[4] = 1; // (0, 1) only: the scan must not read it as (4, 0)
		expect(inkBox(img, 4)).toEqual([0, 1, 1, 2]);
		img[4] = 0.05; // exactly the threshold is not ink
		expect(inkBox(img, 4)).toBeNull();
		expect(inkBox(img, 4, 0.04)).toEqual([0, 1, 1, 2]);
	});

	it('centre of mass with pixel centres at i + ½; no mass → [NaN, NaN]', () => {
		const img = new Float32Array(9);
		img[0] = 1; // (0.5, 0.5)
		img[8] = 3; // (2.5, 2.5)
		expect(centreOfMass(img, 3)).toEqual([2, 2]); // (0.5 + 3·2.5)/4
		expect(centreOfMass(new Float32Array(9), 3)).toEqual([NaN, NaN]);
		expect(centreOfMass(new Float32Array(9).fill(-1), 3)).toEqual([NaN, NaN]);
	});
});

describe('preprocessDigit by hand', () => {
	it('a fully inked 2 × 2 image → box 2, scale 10, centre (1, 1), a 20 × 20 block at [4, 24)²', () => {
		const d = preprocessDigit({ width: 2, height: 2, data: [1, 1, 1, 1] })!;
		expect(d.box).toEqual([0, 0, 2, 2]);
		expect(d.scale).toBe(10);
		expect(d.centre).toEqual([1, 1]);
		const want: number[] = [];
		for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) want.push(x >= 4 && x < 24 && y >= 4 && y < 24 ? 1 : 0);
		expect(Array.from(d.pixels)).toEqual(want);
	});

	it('ink only in column 0 / row 0 of a 3 × 2 image: box, scale and centre', () => {
		// pixels (x, y): (0, 0) = 1 and (0, 1) = 1; (2, 0) = 0.05 is at the threshold: not ink
		const d = preprocessDigit({ width: 3, height: 2, data: [1, 0, 0.05, 1, 0, 0] })!;
		expect(d.box).toEqual([0, 0, 1, 2]);
		expect(d.scale).toBe(10); // 20 / max(1, 2)
		expect(d.centre).toEqual([0.5, 1]);
	});

	it('ink only in row 0: the box is one row high', () => {
		expect(preprocessDigit({ width: 2, height: 2, data: [1, 0, 0, 0] })!.box).toEqual([0, 0, 1, 1]);
	});

	it('the box spans the largest x even when a later row has ink further left', () => {
		// (3, 0) and (1, 1): box x from 1 to 4
		const data = [0, 0, 0, 1, 0, 1, 0, 0];
		expect(preprocessDigit({ width: 4, height: 2, data })!.box).toEqual([1, 0, 4, 2]);
		// (0, 1) only: reading past a row's end must not see it as (4, 0)
		expect(preprocessDigit({ width: 4, height: 2, data: [0, 0, 0, 0, 1, 0, 0, 0] })!.box).toEqual([0, 1, 1, 2]);
	});

	it('names a malformed image', () => {
		const msg = (W: number, H: number, n: number) => `drawing: need a width × height image, got ${W} × ${H} with ${n} values`;
		expect(() => preprocessDigit({ width: 0, height: 2, data: [] })).toThrow(msg(0, 2, 0));
		expect(() => preprocessDigit({ width: 2, height: 0, data: [] })).toThrow(msg(2, 0, 0));
		expect(() => preprocessDigit({ width: 1.5, height: 2, data: [1, 1, 1, 1] })).toThrow(msg(1.5, 2, 4));
		expect(() => preprocessDigit({ width: 2, height: 1.5, data: [1, 1, 1, 1] })).toThrow(msg(2, 1.5, 4));
		expect(() => preprocessDigit({ width: 2, height: 2, data: [1, 1, 1] })).toThrow(msg(2, 2, 3));
	});
});

describe('edges: thick strokes, longer buffers, mass that cancels', () => {
	it('a thick dot (line width 4, r = 2) in the middle of an 11 × 11 image: ink 2.5 − distance on every side', () => {
		// the ink reaches 2 pixels past the point (x = 3 … 7 around x = 5.5), so the box drawn must reach max + r
		const got = rasterizeStrokes([[[5.5, 5.5]]], 11, 11, 4);
		expect(Array.from(got)).toEqual(expected(11, 11, 2, (px, py) => Math.hypot(px - 5.5, py - 5.5)));
		// by hand: two pixels right of / below the centre, distance 2 → 0.5; (7, 6): √5 → 2.5 − √5
		expect(got[5 * 11 + 7]).toBe(0.5);
		expect(got[7 * 11 + 5]).toBe(0.5);
		expect(got[6 * 11 + 7]).toBe(Math.fround(2.5 - Math.sqrt(5)));
		expect(got[5 * 11 + 8]).toBe(0);
	});

	it('a thick horizontal segment (line width 6, r = 3): ink below and right of it too', () => {
		const got = rasterizeStrokes([[[3.5, 4.5], [6.5, 4.5]]], 12, 10, 6);
		const dist = (px: number, py: number) => Math.hypot(Math.max(0, 3.5 - px, px - 6.5), py - 4.5);
		expect(Array.from(got)).toEqual(expected(12, 10, 3, dist));
		// (9, 4): 3 past the end → 0.5; (6, 7): 3 below → 0.5
		expect(got[4 * 12 + 9]).toBe(0.5);
		expect(got[7 * 12 + 6]).toBe(0.5);
	});

	it('values past width × height (a longer buffer) are not part of the image', () => {
		// 2 × 1 image [1, 0] followed by two inked values that would be a second row
		const d = preprocessDigit({ width: 2, height: 1, data: [1, 0, 1, 1] })!;
		expect(d.box).toEqual([0, 0, 1, 1]);
		expect(d.centre).toEqual([0.5, 0.5]);
		expect(d.scale).toBe(20);
		// inkBox likewise reads side × side values only: ink at (1, 0) of a 2 × 2 image, then 2 more values
		expect(inkBox([0, 1, 0, 0, 1, 1], 2)).toEqual([1, 0, 2, 1]);
	});

	it('no centre when the mass cancels to 0 (x = 0.5 − 1.5 = −1 over m = 0 is not a centre either)', () => {
		expect(centreOfMass([1, -1, 0, 0], 2)).toEqual([NaN, NaN]);
	});
});
