// data/mnist.ts at the edges the other suites leave open: sameInEveryFeature (the test of the
// 256-level table, also checked in packed-mnist.test.ts, which reads the real file and is therefore
// not in the mutation suite) on hand-made tables, and PackedMnistDataset.gatherTrain writing
// exactly |idx| rows into a LONGER buffer — the trainer's batch buffer is sized for the full batch
// and the last batch of an epoch may be shorter, so the row after the gathered ones must stay as it
// was. Every expected value is worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { PackedMnist, sameInEveryFeature } from '../../../src/lib/engine/data/mnist';

const table = (v: number[]) => Float32Array.from(v);
const levels = (t: Float32Array | null) => (t ? Array.from(t) : t);

describe('sameInEveryFeature on hand-made tables', () => {
	it('4 levels × 3 features, each level equal across its features → the 4 level values', () => {
		expect(levels(sameInEveryFeature(table([0, 0, 0, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 1, 1, 1]), 3))).toEqual([0, 0.25, 0.5, 1]);
	});

	it('one feature differing anywhere (first level, a middle feature, the very last entry) → null', () => {
		expect(sameInEveryFeature(table([0, 2, 0, 1, 1, 1]), 3)).toBeNull();
		expect(sameInEveryFeature(table([0, 0, 0, 1, 1, 2]), 3)).toBeNull();
		// −0 and +0 are different table entries (Object.is), as are NaN and a number
		expect(sameInEveryFeature(table([5, 5, 0, 0, -0, 0]), 3)).toBeNull();
		expect(sameInEveryFeature(table([NaN, 1]), 2)).toBeNull();
	});

	it('one feature: every table qualifies and comes back as it is; no level → an empty table', () => {
		expect(levels(sameInEveryFeature(table([0.5, -1, 3]), 1))).toEqual([0.5, -1, 3]);
		expect(levels(sameInEveryFeature(table([]), 4))).toEqual([]);
	});
});

// A 10-digit file of 1 × 2 pixels. Digits 0..4 are class 0, 5..9 class 1; pixel 0 of digit i is
// 25·i, pixel 1 is 17 (the same in every digit, so 'scale' maps it to 0 and pixel 0 to 2p/225 − 1).
function makeBin(): Uint8Array<ArrayBuffer> {
	const n = 10;
	const buf = new Uint8Array(16 + n + 2 * n);
	buf.set([0x4d, 0x4e, 0x53, 0x54], 0);
	const view = new DataView(buf.buffer);
	view.setUint32(4, n, true);
	view.setUint32(8, 1, true);
	view.setUint32(12, 2, true);
	for (let i = 0; i < n; i++) {
		buf[16 + i] = i < 5 ? 0 : 1;
		buf[16 + n + 2 * i] = 25 * i;
		buf[16 + n + 2 * i + 1] = 17;
	}
	return buf;
}
// Split (4 of 5 per class to train, round-robin): train = digits 0, 5, 1, 6, 2, 7, 3, 8.
const f = Math.fround;

describe('gatherTrain writes |idx| rows and nothing after them', () => {
	it("'none' (the 256-level table): rows 1 and 2 = digits 5 and 1; the third row of the buffer is untouched", () => {
		const ds = new PackedMnist(makeBin()).dataset('none');
		const out = new Float32Array(6).fill(-7);
		ds.gatherTrain(out, [1, 2]);
		// digit 5: (125, 17)/255; digit 1: (25, 17)/255
		expect(Array.from(out)).toEqual([f(125 / 255), f(17 / 255), f(25 / 255), f(17 / 255), -7, -7]);
		// the last train row (digit 8: 200) as the only one
		const one = new Float32Array(4).fill(-7);
		ds.gatherTrain(one, [7]);
		expect(Array.from(one)).toEqual([f(200 / 255), f(17 / 255), -7, -7]);
	});

	it("'scale' (the full table): pixel 0 over the train range [0, 200] → 2p/200 − 1, pixel 1 constant → 0", () => {
		const ds = new PackedMnist(makeBin()).dataset('scale');
		const out = new Float32Array(6).fill(-7);
		ds.gatherTrain(out, [3, 0]);
		// row 3 = digit 6 (150): 2·(150/255 − 0)/(200/255) − 1 = 0.5 in float32 arithmetic; row 0 = digit 0 → −1
		expect(out[0]).toBeCloseTo(0.5, 6);
		expect(Array.from(out.subarray(1))).toEqual([0, -1, 0, -7, -7]);
	});
});
