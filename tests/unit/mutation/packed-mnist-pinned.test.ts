// PackedMnist (the uint8 MNIST a worker keeps, gathered through a 256-level lookup table) on a
// hand-made 10-digit file of 1 × 2 pixels, so it runs in milliseconds under mutation testing
// (tests/unit/packed-mnist.test.ts compares it with the float path on the real 7.8 MB file, too
// slow to repeat for every mutant). Every expected value is worked out by hand below.
import { beforeEach, describe, expect, it } from 'vitest';
import { PackedMnist } from '../../../src/lib/engine/data/mnist';

// digits 0..4 are class 0, digits 5..9 class 1; pixel 0 of digit i, pixel 1 constant 17 except digit 9
const LABELS = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
const PIX0 = [0, 51, 102, 153, 204, 255, 0, 0, 0, 0];
const PIX1 = [17, 17, 17, 17, 17, 17, 17, 17, 17, 200];

function makeBin(): Uint8Array<ArrayBuffer> {
	const n = LABELS.length;
	const buf = new Uint8Array(16 + n + 2 * n);
	buf.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
	const view = new DataView(buf.buffer);
	view.setUint32(4, n, true);
	view.setUint32(8, 1, true); // rows
	view.setUint32(12, 2, true); // cols
	buf.set(LABELS, 16);
	for (let i = 0; i < n; i++) {
		buf[16 + n + 2 * i] = PIX0[i];
		buf[16 + n + 2 * i + 1] = PIX1[i];
	}
	return buf;
}

// Split by hand: 5 digits a class → round(0.8·5) = 4 train, 1 test. Class 0 train = digits 0..3,
// test = 4; class 1 train = 5..8, test = 9. Round-robin over the classes:
const TRAIN = [0, 5, 1, 6, 2, 7, 3, 8];
const TEST = [4, 9];
const f = Math.fround;

describe('PackedMnist on a hand-made file', () => {
	const bytes = makeBin();
	// built inside each test (not at collection time), so mutation testing sees the tests that cover it
	let packed: PackedMnist;
	beforeEach(() => {
		packed = new PackedMnist(bytes);
	});

	it('keeps the split and the file’s bytes (views, not copies)', () => {
		expect(Array.from(packed.split.train)).toEqual(TRAIN);
		expect(Array.from(packed.split.test)).toEqual(TEST);
		expect(packed.raw.images.buffer).toBe(bytes.buffer);
		expect(Array.from(packed.raw.images.subarray(0, 4))).toEqual([0, 17, 51, 17]);
	});

	it("'none': rows are p/255, labels follow the split", () => {
		const ds = packed.dataset('none');
		expect([ds.name, ds.inputDim, ds.nClasses]).toEqual(['mnist', 2, 10]);
		expect(ds.imageShape).toEqual([1, 2]);
		expect(ds.stats.mode).toBe('none');
		expect(Array.from(ds.trainY)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
		expect(Array.from(ds.testY)).toEqual([0, 1]);
		// test digits 4 (204, 17) and 9 (0, 200)
		expect(Array.from(ds.testX)).toEqual([f(204 / 255), f(17 / 255), 0, f(200 / 255)]);
		// train rows 1 and 4 are digits 5 (255, 17) and 2 (102, 17); gathered in that order after a sentinel row
		const out = new Float32Array(6).fill(-7);
		ds.gatherTrain(out.subarray(2), [1, 4]);
		expect(Array.from(out)).toEqual([-7, -7, 1, f(17 / 255), f(0.4), f(17 / 255)]);
	});

	it("'scale': pixel 0 spans [0, 1] on the train split → 2x − 1; pixel 1 is constant there → 0", () => {
		const ds = packed.dataset('scale');
		if (ds.stats.mode !== 'scale') throw new Error('scale stats expected');
		// train values of pixel 0: 0, 255, 51, 0, 102, 0, 153, 0 (/255) → min 0, max 1; pixel 1: all 17/255
		expect(Array.from(ds.stats.min)).toEqual([0, f(17 / 255)]);
		expect(Array.from(ds.stats.max)).toEqual([1, f(17 / 255)]);
		// test digit 4: 2·0.8 − 1 = 0.6 (from float32 0.8); digit 9: −1, and pixel 1 → 0 even at 200
		expect(Array.from(ds.testX)).toEqual([f(2 * f(0.8) - 1), 0, -1, 0]);
		// train row k = digit TRAIN[k]: 2·p/255 − 1
		const want = TRAIN.flatMap((d) => [f(2 * f(PIX0[d] / 255) - 1), 0]);
		expect(Array.from(ds.trainX)).toEqual(want);
		expect(Array.from(ds.trainX.subarray(0, 4))).toEqual([-1, 0, 1, 0]);
		// two rows through the full lookup table, after a sentinel row: rows 1 and 4 are digits 5 (255) and 2 (102)
		const out = new Float32Array(6).fill(-7);
		ds.gatherTrain(out.subarray(2), [1, 4]);
		expect(Array.from(out)).toEqual([-7, -7, 1, 0, f(2 * f(0.4) - 1), 0]);
	});

	it("'standardize': the train split’s population mean and std (divide by 8)", () => {
		const ds = packed.dataset('standardize');
		if (ds.stats.mode !== 'standardize') throw new Error('standardize stats expected');
		// pixel 0 on the train split: 0, 1, 0.2, 0, 0.4, 0, 0.6, 0 → mean 2.2/8 = 0.275;
		// squared deviations 4·0.275² + 0.725² + 0.075² + 0.125² + 0.325² = 0.955 → std √(0.955/8)
		expect(ds.stats.mean[0]).toBeCloseTo(0.275, 7);
		expect(ds.stats.std[0]).toBeCloseTo(Math.sqrt(0.955 / 8), 7);
		expect(ds.stats.mean[1]).toBeCloseTo(17 / 255, 7);
		expect(ds.stats.std[1]).toBe(0);
		const s = Math.sqrt(0.955 / 8);
		// test digit 4: (0.8 − 0.275)/s; pixel 1 at std 0 is left centred: 200/255 − 17/255 for digit 9
		expect(ds.testX[0]).toBeCloseTo(0.525 / s, 5);
		expect(ds.testX[1]).toBe(0);
		expect(ds.testX[2]).toBeCloseTo(-0.275 / s, 5);
		expect(ds.testX[3]).toBeCloseTo(183 / 255, 6);
		// a train row through the lookup table: row 1 (digit 5, grey 255) → (1 − 0.275)/s
		const out = new Float32Array(2);
		ds.gatherTrain(out, [1]);
		expect(out[0]).toBeCloseTo(0.725 / s, 5);
		expect(out[1]).toBe(0);
	});

	it('builds the float train rows only on first read, then keeps them', () => {
		const ds = packed.dataset('none');
		expect((ds as unknown as { trainRows: Float32Array | null }).trainRows).toBeNull();
		const x = ds.trainX;
		expect(x.length).toBe(16);
		expect(ds.trainX).toBe(x);
		expect(Array.from(x.subarray(0, 4))).toEqual([0, f(17 / 255), 1, f(17 / 255)]);
	});
});
