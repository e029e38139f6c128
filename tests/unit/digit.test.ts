import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBox, MNIST_SIDE, preprocessDigit, rasterizeStrokes } from '../../src/lib/engine/data/digit';

function blank(W: number, H: number): Float32Array {
	return new Float32Array(W * H);
}
function fillRect(img: Float32Array, W: number, x0: number, y0: number, w: number, h: number, v = 1) {
	for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) img[y * W + x] = v;
}

// a "7" in pad coordinates (a 280 × 280 pad), and the same strokes moved / scaled
const SEVEN: [number, number][][] = [
	[
		[60, 50],
		[150, 50],
		[110, 200]
	],
	[
		[85, 120],
		[140, 120]
	]
];
const moved = (dx: number, dy: number, k = 1) => SEVEN.map((s) => s.map(([x, y]) => [x * k + dx, y * k + dy] as [number, number]));

describe('drawing → MNIST-style 28 × 28 digit', () => {
	it('a 100 × 50 rectangle becomes exactly a 20 × 10 block centred in the field', () => {
		const W = 280;
		const img = blank(W, W);
		fillRect(img, W, 40, 60, 100, 50);
		const d = preprocessDigit({ width: W, height: W, data: img })!;
		expect(d.scale).toBeCloseTo(0.2, 12);
		expect(d.box).toEqual([40, 60, 140, 110]);
		// by hand: centre of mass (90, 85) → (14, 14); the block spans x 14 ± 10, y 14 ± 5
		for (let y = 0; y < MNIST_SIDE; y++)
			for (let x = 0; x < MNIST_SIDE; x++) {
				const inside = x >= 4 && x < 24 && y >= 9 && y < 19;
				expect(d.pixels[y * MNIST_SIDE + x]).toBeCloseTo(inside ? 1 : 0, 6);
			}
	});

	it('keeps the aspect ratio of a tall shape: the longer side becomes 20 px', () => {
		const W = 200;
		const img = blank(W, W);
		fillRect(img, W, 90, 10, 30, 150); // 30 wide × 150 tall → 4 × 20
		const d = preprocessDigit({ width: W, height: W, data: img })!;
		expect(inkBox(d.pixels)).toEqual([12, 4, 16, 24]);
	});

	it('anti-aliases: a box that maps to fractional pixels gets grey edges with the right coverage', () => {
		const W = 100;
		const img = blank(W, W);
		fillRect(img, W, 10, 10, 40, 30); // → 20 × 15, centred at 14: y from 6.5 to 21.5
		const d = preprocessDigit({ width: W, height: W, data: img })!;
		expect(d.pixels[6 * MNIST_SIDE + 14]).toBeCloseTo(Math.round(0.5 * 255) / 255, 6);
		expect(d.pixels[21 * MNIST_SIDE + 14]).toBeCloseTo(Math.round(0.5 * 255) / 255, 6);
		expect(d.pixels[10 * MNIST_SIDE + 14]).toBe(1);
	});

	it('re-centres a shifted digit: the same strokes anywhere on the pad give the same 28 × 28 image', () => {
		const W = 280;
		const a = preprocessDigit({ width: W, height: W, data: rasterizeStrokes(SEVEN, W, W, 20) })!;
		const b = preprocessDigit({ width: W, height: W, data: rasterizeStrokes(moved(70, 40), W, W, 20) })!;
		const c = preprocessDigit({ width: W, height: W, data: rasterizeStrokes(moved(-40, -30), W, W, 20) })!;
		for (let i = 0; i < a.pixels.length; i++) {
			expect(b.pixels[i]).toBeCloseTo(a.pixels[i], 5);
			expect(c.pixels[i]).toBeCloseTo(a.pixels[i], 5);
		}
		const [cx, cy] = centreOfMass(a.pixels);
		expect(Math.abs(cx - 14)).toBeLessThan(0.25);
		expect(Math.abs(cy - 14)).toBeLessThan(0.25);
		// and the longer side of its ink box is 20 px
		const box = inkBox(a.pixels)!;
		expect(Math.max(box[2] - box[0], box[3] - box[1])).toBeGreaterThanOrEqual(20);
		expect(Math.max(box[2] - box[0], box[3] - box[1])).toBeLessThanOrEqual(21);
	});

	it('a digit drawn twice as large (with twice the pen) gives nearly the same image', () => {
		const W = 560;
		const a = preprocessDigit({ width: W, height: W, data: rasterizeStrokes(SEVEN, W, W, 20) })!;
		const b = preprocessDigit({ width: W, height: W, data: rasterizeStrokes(moved(0, 0, 2), W, W, 40) })!;
		let diff = 0;
		for (let i = 0; i < a.pixels.length; i++) diff += Math.abs(a.pixels[i] - b.pixels[i]);
		expect(diff / a.pixels.length).toBeLessThan(0.02);
	});

	it('returns null for an empty pad and names the problem for a malformed image', () => {
		expect(preprocessDigit({ width: 10, height: 10, data: blank(10, 10) })).toBeNull();
		expect(() => preprocessDigit({ width: 10, height: 10, data: blank(5, 5) })).toThrow(/drawing/);
	});

	it('output pixels are in [0, 1] on 1/255 steps like mnist.bin', () => {
		const W = 280;
		const d = preprocessDigit({ width: W, height: W, data: rasterizeStrokes(SEVEN, W, W, 22) })!;
		for (const v of d.pixels) {
			expect(v).toBeGreaterThanOrEqual(0);
			expect(v).toBeLessThanOrEqual(1);
			expect(Math.abs(v * 255 - Math.round(v * 255))).toBeLessThan(1e-4);
		}
	});
});
