// MNIST kept as uint8 pixels (one copy per worker) must give the same float rows as the float32
// path the engine used before (preprocess(mnistDataset(bytes), mode)) — bit for bit, for every
// preprocessing — and therefore the same training run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mnistDataset, PackedMnist, preprocess } from '../../src/lib/engine/data/index';
import { sameInEveryFeature } from '../../src/lib/engine/data/mnist';
import { MNIST_BIN_PATH } from '../../src/lib/engine/data/node';
import { Trainer, gatherRows } from '../../src/lib/engine/trainer';
import { PREPROCESSING } from '../../src/lib/engine/types';

const bytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));
const packed = new PackedMnist(bytes);
const bits = (a: Float32Array | Float64Array) => new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
/** index of the first element whose bits differ (−1: none); toEqual on millions of values is too slow */
function firstDiff(a: Float32Array | Float64Array | Uint8Array, b: Float32Array | Float64Array | Uint8Array): number {
	if (a.length !== b.length) return Math.min(a.length, b.length);
	const x = a instanceof Uint8Array ? a : bits(a);
	const y = b instanceof Uint8Array ? b : bits(b);
	for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
	return -1;
}

describe('PackedMnist', () => {
	for (const mode of PREPROCESSING) {
		it(`gathers the same float rows as the float32 path (${mode})`, () => {
			const ref = preprocess(mnistDataset(bytes), mode);
			const ds = packed.dataset(mode);
			expect(ds.stats.mode).toBe(mode);
			if (ds.stats.mode === 'scale' && ref.stats.mode === 'scale') expect([firstDiff(ds.stats.min, ref.stats.min), firstDiff(ds.stats.max, ref.stats.max)]).toEqual([-1, -1]);
			if (ds.stats.mode === 'standardize' && ref.stats.mode === 'standardize') expect([firstDiff(ds.stats.mean, ref.stats.mean), firstDiff(ds.stats.std, ref.stats.std)]).toEqual([-1, -1]);
			expect(firstDiff(ds.testX, ref.testX)).toBe(-1);
			expect(firstDiff(ds.testY, ref.testY)).toBe(-1);
			expect(firstDiff(ds.trainY, ref.trainY)).toBe(-1);
			// every train row, gathered in a scrambled order through the lookup table
			const n = ref.trainY.length;
			const idx = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
			const got = new Float32Array(n * 784);
			ds.gatherTrain(got, idx);
			const want = new Float32Array(n * 784);
			gatherRows(want, ref.trainX, idx, 784);
			expect(firstDiff(got, want)).toBe(-1);
			expect(got.some((v) => v !== 0)).toBe(true);
		});
	}

	it("gathers through a 256-level table when every feature maps a grey level alike ('none': v/255)", () => {
		const none = packed.dataset('none') as unknown as { levelLut: Float32Array | null };
		expect(none.levelLut).not.toBeNull();
		for (const v of [0, 1, 128, 254, 255]) expect(none.levelLut?.[v]).toBe(Math.fround(v / 255));
		// standardizing maps a level per feature: the full (256, 784) table stays
		expect((packed.dataset('standardize') as unknown as { levelLut: Float32Array | null }).levelLut).toBeNull();
	});

	it('sameInEveryFeature: levels equal across features, compared bit for bit', () => {
		// 3 levels × 2 features
		expect(Array.from(sameInEveryFeature(Float32Array.from([0, 0, 0.5, 0.5, 1, 1]), 2) ?? [])).toEqual([0, 0.5, 1]);
		expect(sameInEveryFeature(Float32Array.from([0, 0, 0.5, 0.25, 1, 1]), 2)).toBeNull();
		// 0 and −0 compare equal with ===, but are different values to gather
		expect(sameInEveryFeature(Float32Array.from([0, -0]), 2)).toBeNull();
		expect(Array.from(sameInEveryFeature(Float32Array.from([NaN, NaN]), 2) ?? [])).toEqual([NaN]);
	});

	it('keeps the pixels as bytes: no float copy of the train split unless trainX is read', () => {
		const ds = packed.dataset('standardize');
		// the uint8 pixels are views into the file's bytes, not copies
		expect(packed.raw.images.buffer).toBe(bytes.buffer);
		expect((ds as unknown as { trainRows: Float32Array | null }).trainRows).toBeNull();
		expect(ds.trainX.length).toBe(8000 * 784);
	});

	it('trains bit-identically to the float32 data set', () => {
		const cfg = {
			hidden: [32],
			activation: 'relu' as const,
			init: { scheme: 'he-normal' as const },
			optimizer: { name: 'adam' as const, lr: 0.001 },
			schedule: { kind: 'constant' as const },
			batchSize: 64,
			totalSteps: 30,
			evalEvery: 10,
			seed: 11
		};
		const a = new Trainer(preprocess(mnistDataset(bytes), 'scale'), cfg);
		const b = new Trainer(packed.dataset('scale'), cfg);
		for (let i = 0; i < 30; i++) expect(b.step()?.loss).toBe(a.step()?.loss);
		expect(b.evaluate()).toEqual(a.evaluate());
		expect(firstDiff(b.mlp.params, a.mlp.params)).toBe(-1);
	});
});
