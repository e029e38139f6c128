// A hand-drawn digit made to look like an MNIST digit, the way MNIST's were made (LeCun, Cortes &
// Burges): "size normalized to fit in a 20×20 pixel box while preserving their aspect ratio … grey
// levels as a result of the anti-aliasing … centered in a 28×28 image by computing the center of
// mass of the pixels, and translating the image so as to position this point at the center".
//
//   ink (H, W) in [0, 1], any resolution (the drawing pad's canvas)
//   1. bounding box of the ink (pixels > INK_THRESHOLD)
//   2. scale s = 20 / max(box width, box height)       (longer side → 20 px, aspect kept)
//   3. offset so that the ink's centre of mass lands on the centre of the 28 × 28 field (14, 14)
//   4. every output pixel = the MEAN of the ink over the source rectangle it covers (a box filter,
//      integrated exactly from a summed-area table: that is the anti-aliasing), clipped to [0, 1]
//   5. quantised to 1/255 steps like static/data/mnist.bin
// Coordinates are continuous: pixel (i, j) covers [i, i+1) × [j, j+1), so the field's centre is
// (14, 14) and a pixel's centre is (i + ½, j + ½). Because the map is one scale and one
// translation, the output's centre of mass is the image of the input's (up to the discretisation).
// Then the run's own preprocessing (scale / standardize with train-split statistics) is applied by
// the worker's predict(…, rawInputs = true), exactly as for the data set.
export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;
export const INK_THRESHOLD = 0.05;

export interface InkImage {
	width: number;
	height: number;
	/** (height, width) row-major ink in [0, 1] */
	data: ArrayLike<number>;
}

export interface DigitPrep {
	/** (28, 28) pixels in [0, 1], row-major */
	pixels: Float32Array;
	/** the ink's bounding box in source pixels: [x0, y0, x1, y1) */
	box: [number, number, number, number];
	scale: number;
	/** the ink's centre of mass in source coordinates */
	centre: [number, number];
}

/** sum of ink over [0, x) × [0, y), (H+1, W+1) */
function summedArea(img: InkImage): Float64Array {
	const { width: W, height: H, data } = img;
	const S = new Float64Array((H + 1) * (W + 1));
	for (let y = 0; y < H; y++) {
		let row = 0;
		for (let x = 0; x < W; x++) {
			row += data[y * W + x];
			S[(y + 1) * (W + 1) + x + 1] = S[y * (W + 1) + x + 1] + row;
		}
	}
	return S;
}

/** ∫∫ ink over [0, x) × [0, y) for real x, y: bilinear in the summed-area table, exact for piecewise-constant pixels */
function areaTo(S: Float64Array, W: number, H: number, x: number, y: number): number {
	x = Math.min(Math.max(x, 0), W);
	y = Math.min(Math.max(y, 0), H);
	const x0 = Math.min(Math.floor(x), W - 1);
	const y0 = Math.min(Math.floor(y), H - 1);
	const fx = x - x0;
	const fy = y - y0;
	const w = W + 1;
	const s00 = S[y0 * w + x0];
	const s01 = S[y0 * w + x0 + 1];
	const s10 = S[(y0 + 1) * w + x0];
	const s11 = S[(y0 + 1) * w + x0 + 1];
	return s00 * (1 - fx) * (1 - fy) + s01 * fx * (1 - fy) + s10 * (1 - fx) * fy + s11 * fx * fy;
}

/** The MNIST-style 28 × 28 version of a drawing, or null when nothing is drawn. */
export function preprocessDigit(img: InkImage): DigitPrep | null {
	const { width: W, height: H, data } = img;
	if (!(Number.isInteger(W) && W > 0 && Number.isInteger(H) && H > 0) || data.length < W * H)
		throw new RangeError(`drawing: need a width × height image, got ${W} × ${H} with ${data.length} values`);
	let x0 = W, y0 = H, x1 = -1, y1 = -1;
	let mass = 0, mx = 0, my = 0;
	for (let y = 0; y < H; y++)
		for (let x = 0; x < W; x++) {
			const v = data[y * W + x];
			if (!(v > INK_THRESHOLD)) continue;
			if (x < x0) x0 = x;
			if (x > x1) x1 = x;
			if (y < y0) y0 = y;
			if (y > y1) y1 = y;
			mass += v;
			mx += v * (x + 0.5);
			my += v * (y + 0.5);
		}
	if (x1 < 0) return null;
	const bw = x1 + 1 - x0;
	const bh = y1 + 1 - y0;
	const s = MNIST_BOX / Math.max(bw, bh);
	const cx = mx / mass;
	const cy = my / mass;
	// target = (source − centre)·s + 14  ⇔  source = (target − 14)/s + centre
	const S = summedArea(img);
	const pixels = new Float32Array(MNIST_SIDE * MNIST_SIDE);
	const area = 1 / (s * s); // source area under one target pixel
	for (let ty = 0; ty < MNIST_SIDE; ty++) {
		const sy0 = (ty - 14) / s + cy;
		const sy1 = (ty + 1 - 14) / s + cy;
		for (let tx = 0; tx < MNIST_SIDE; tx++) {
			const sx0 = (tx - 14) / s + cx;
			const sx1 = (tx + 1 - 14) / s + cx;
			const ink = areaTo(S, W, H, sx1, sy1) - areaTo(S, W, H, sx0, sy1) - areaTo(S, W, H, sx1, sy0) + areaTo(S, W, H, sx0, sy0);
			const v = Math.min(1, Math.max(0, ink / area));
			pixels[ty * MNIST_SIDE + tx] = Math.round(v * 255) / 255;
		}
	}
	return { pixels, box: [x0, y0, x1 + 1, y1 + 1], scale: s, centre: [cx, cy] };
}

/** centre of mass of a (side, side) image in continuous coordinates (pixel centres at i + ½) */
export function centreOfMass(pixels: ArrayLike<number>, side = MNIST_SIDE): [number, number] {
	let m = 0, x = 0, y = 0;
	for (let j = 0; j < side; j++)
		for (let i = 0; i < side; i++) {
			const v = pixels[j * side + i];
			m += v;
			x += v * (i + 0.5);
			y += v * (j + 0.5);
		}
	return m > 0 ? [x / m, y / m] : [NaN, NaN];
}

/** the bounding box [x0, y0, x1, y1) of pixels above the ink threshold */
export function inkBox(pixels: ArrayLike<number>, side = MNIST_SIDE, threshold = INK_THRESHOLD): [number, number, number, number] | null {
	let x0 = side, y0 = side, x1 = -1, y1 = -1;
	for (let j = 0; j < side; j++)
		for (let i = 0; i < side; i++)
			if (pixels[j * side + i] > threshold) {
				x0 = Math.min(x0, i);
				x1 = Math.max(x1, i);
				y0 = Math.min(y0, j);
				y1 = Math.max(y1, j);
			}
	return x1 < 0 ? null : [x0, y0, x1 + 1, y1 + 1];
}

/** Plain stroke rasterisation for tests and the CLI-free path: round-capped segments of width w into (H, W) ink. */
export function rasterizeStrokes(strokes: readonly (readonly [number, number])[][], width: number, height: number, lineWidth: number): Float32Array {
	const ink = new Float32Array(width * height);
	const r = lineWidth / 2;
	for (const stroke of strokes) {
		for (let k = 0; k < stroke.length; k++) {
			const [ax, ay] = stroke[k];
			const [bx, by] = stroke[Math.min(k + 1, stroke.length - 1)];
			const xlo = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
			const xhi = Math.min(width - 1, Math.ceil(Math.max(ax, bx) + r + 1));
			const ylo = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
			const yhi = Math.min(height - 1, Math.ceil(Math.max(ay, by) + r + 1));
			const dx = bx - ax;
			const dy = by - ay;
			const len2 = dx * dx + dy * dy;
			for (let y = ylo; y <= yhi; y++)
				for (let x = xlo; x <= xhi; x++) {
					const px = x + 0.5;
					const py = y + 0.5;
					const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
					const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
					// one pixel of linear fall-off at the edge: the pad's own anti-aliasing
					const v = Math.min(1, Math.max(0, r + 0.5 - d));
					if (v > ink[y * width + x]) ink[y * width + x] = v;
				}
		}
	}
	return ink;
}
