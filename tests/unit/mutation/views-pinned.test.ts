// inspect/views.ts at its edges: refusals by message, torch.argmax's first-maximum rule on tied
// logits, a decision grid over more than one 500-row chunk checked cell by cell against the formula
// for the cell centres, predictions over more than one chunk, fixedDigitIndices and
// invertPreprocess by hand.
import { describe, expect, it } from 'vitest';
import { runConfig } from '../run-config';
import { decisionGrid, firstLayerFilters, fixedDigitIndices, invertPreprocess, predictDigits } from '../../../src/lib/engine/inspect/views';
import { Trainer } from '../../../src/lib/engine/trainer';
import type { Dataset } from '../../../src/lib/engine/types';

/** a 2-D (or D-D) data set of n test points on a line, labels alternating over C classes */
function dataset(nTest: number, D = 2, C = 3): Dataset {
	const testX = new Float32Array(nTest * D);
	for (let i = 0; i < testX.length; i++) testX[i] = ((i * 7) % 13) / 6 - 1;
	const testY = Uint8Array.from({ length: nTest }, (_, i) => i % C);
	return { name: 'spiral', inputDim: D, nClasses: C, trainX: testX.slice(0, 10 * D), trainY: testY.slice(0, 10), testX, testY };
}
const trainerOn = (ds: Dataset, init: 'zeros' | 'he-normal' = 'he-normal') =>
	new Trainer(ds, runConfig({ hidden: [5], init: { scheme: init }, batchSize: 4, totalSteps: 10 }));

describe('decisionGrid', () => {
	it('refuses a bad resolution or a data set that is not 2-D, by message; takes 1 and 1024', () => {
		const t = trainerOn(dataset(20));
		expect(() => decisionGrid(t, null, 0)).toThrow('decisionGrid: res must be a whole number from 1 to 1024, got 0');
		expect(() => decisionGrid(t, null, 1025)).toThrow('decisionGrid: res must be a whole number from 1 to 1024, got 1025');
		expect(decisionGrid(t, null, 1).argmax.length).toBe(1);
		expect(decisionGrid(t, null, 1024).argmax.length).toBe(1024 * 1024);
		expect(() => decisionGrid(trainerOn(dataset(20, 3)), null, 4)).toThrow('decisionGrid: needs 2-D inputs, the data set has 3');
	});

	it('tied logits (zero weights): probabilities 1/C and the FIRST class, like torch.argmax', () => {
		const g = decisionGrid(trainerOn(dataset(20), 'zeros'), null, 3);
		expect(Array.from(g.argmax)).toEqual(new Array(9).fill(0));
		for (const p of g.probs) expect(p).toBeCloseTo(1 / 3, 6);
	});

	it('a 30 × 30 grid (two chunks of rows): every cell is the model at its centre x0 + (c + ½)·w/G, y1 − (r + ½)·h/G', () => {
		const t = trainerOn(dataset(20));
		const G = 30;
		const g = decisionGrid(t, null, G, { x: [-2, 1], y: [0, 3] });
		for (const [r, c] of [[0, 0], [16, 20], [16, 21], [29, 29], [20, 3]]) {
			const x = -2 + ((c + 0.5) * 3) / G;
			const y = 3 - ((r + 0.5) * 3) / G;
			const z = Array.from(t.predict(new Float32Array([x, y]), 1));
			const m = Math.max(...z);
			const e = z.map((v) => Math.exp(v - m));
			const s = e.reduce((a, b) => a + b, 0);
			const cell = r * G + c;
			expect(g.argmax[cell]).toBe(z.indexOf(m));
			for (let k = 0; k < 3; k++) expect(g.probs[cell * 3 + k]).toBeCloseTo(e[k] / s, 6);
		}
	});
});

describe('predictDigits and firstLayerFilters', () => {
	it('600 digits (two chunks) each get their own prediction; an index past the split is refused', () => {
		const ds = dataset(700);
		const t = trainerOn(ds);
		const idx = Uint32Array.from({ length: 600 }, (_, i) => (i * 37) % 700);
		const { pred, confidence } = predictDigits(t, idx);
		for (const k of [0, 499, 500, 599]) {
			const i = idx[k];
			const z = Array.from(t.predict(ds.testX.subarray(i * 2, i * 2 + 2), 1));
			const m = Math.max(...z);
			expect(pred[k]).toBe(z.indexOf(m));
			const s = z.reduce((a, v) => a + Math.exp(v - m), 0);
			expect(confidence[k]).toBeCloseTo(1 / s, 6);
		}
		expect(() => predictDigits(t, new Uint32Array([3, 700]))).toThrow('predictDigits: index 700 is outside the test split (700 examples)');
	});

	it('a digit with non-finite logits next to finite ones: NO_CLASS and 0 for it only, the neighbours keep theirs', () => {
		// zero weights: a finite row has logits (0, 0, 0) → probabilities 1/3 each, class 0 (first maximum);
		// a row with a NaN or ∞ feature gives 0·NaN = NaN or 0·∞ = NaN, tanh(NaN) = NaN, logits 0·NaN = NaN
		// (tanh, not relu, which would turn the NaN into 0)
		const ds = dataset(4);
		ds.testX.set([NaN, 0.5], 2);
		ds.testX.set([1, Infinity], 6);
		const t = new Trainer(ds, runConfig({ hidden: [5], activation: 'tanh', init: { scheme: 'zeros' }, batchSize: 4, totalSteps: 10 }));
		const { pred, confidence } = predictDigits(t, new Uint32Array([0, 1, 2, 3]));
		expect(Array.from(pred)).toEqual([0, 255, 0, 255]);
		expect(Array.from(confidence)).toEqual([Math.fround(1 / 3), 0, Math.fround(1 / 3), 0]);
	});

	it('filters: rows of W₀, refusing a unit outside 0…fanOut − 1 by message', () => {
		const t = trainerOn(dataset(20));
		const W = t.mlp.weight(0);
		expect(Array.from(firstLayerFilters(t.mlp, [4, 0]))).toEqual([W[8], W[9], W[0], W[1]]);
		for (const u of [-1, 5, 1.5]) expect(() => firstLayerFilters(t.mlp, [u])).toThrow(`firstLayerFilters: unit ${u} is not in 0…4`);
	});
});

describe('fixedDigitIndices and invertPreprocess by hand', () => {
	it('the first perClass examples of each class, by class then position', () => {
		expect(Array.from(fixedDigitIndices(new Uint8Array([2, 0, 1, 0, 2, 1]), 1))).toEqual([1, 2, 0]);
		expect(Array.from(fixedDigitIndices(new Uint8Array([2, 0, 1, 0, 2, 1])))).toEqual([1, 3, 2, 5, 0, 4]);
		expect(Array.from(fixedDigitIndices(new Uint8Array([1, 1, 1]), 2))).toEqual([0, 1]);
	});

	it("'none' copies; 'scale' maps −1..1 back onto [min, max] (constant → min); 'standardize' x·std + mean (std 0 → x + mean)", () => {
		const x = new Float32Array([-1, 0.5, 1, -0.5]);
		const none = invertPreprocess({ mode: 'none', dim: 2 }, x, 2);
		expect(Array.from(none)).toEqual([-1, 0.5, 1, -0.5]);
		expect(none).not.toBe(x);
		const scale = { mode: 'scale' as const, dim: 2, min: new Float64Array([2, 7]), max: new Float64Array([6, 7]) };
		// feature 0: (x' + 1)·4/2 + 2 → 2 and 6; feature 1 is constant 7
		expect(Array.from(invertPreprocess(scale, x, 2))).toEqual([2, 7, 6, 7]);
		const std = { mode: 'standardize' as const, dim: 2, mean: new Float64Array([1, -3]), std: new Float64Array([2, 0]) };
		// feature 0: x'·2 + 1 → −1 and 3; feature 1: x' − 3 → −2.5 and −3.5
		expect(Array.from(invertPreprocess(std, x, 2))).toEqual([-1, -2.5, 3, -3.5]);
		// a constant feature maps back to its min whatever x' is, ±∞ and NaN included
		expect(Array.from(invertPreprocess(scale, new Float32Array([0, Infinity, 0, -Infinity, 0, NaN]), 2))).toEqual([4, 7, 4, 7, 4, 7]);
		expect(() => invertPreprocess(scale, x, 4)).toThrow('invertPreprocess: statistics are for 2 features, got 4');
		expect(() => invertPreprocess({ mode: 'none', dim: 3 }, x, 3)).toThrow('invertPreprocess: 4 values do not form rows of 3');
	});
});
