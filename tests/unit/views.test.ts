import { describe, expect, it } from 'vitest';
import { runConfig } from './run-config';
import { fitPreprocess, type PreprocessStats } from '../../src/lib/engine/data/index';
import {
	confusionMatrix,
	decisionGrid,
	firstLayerFilters,
	fixedDigitIndices,
	invertPreprocess,
	NO_CLASS,
	pickUnits,
	predictDigits
} from '../../src/lib/engine/inspect/views';
import { Mlp } from '../../src/lib/engine/mlp';
import { Trainer, type RunConfig } from '../../src/lib/engine/trainer';
import type { Dataset } from '../../src/lib/engine/types';
import {
	DIVERGING_LUT,
	divergingIndex,
	heatmapRgba,
	hexRgb,
	maxAbs,
	shareText
} from '../../src/lib/components/data/colors';

const CFG: RunConfig = runConfig({ hidden: [], activation: 'linear', init: { scheme: 'zeros' }, batchSize: 1, totalSteps: 1, evalEvery: 1, seed: 0 });

/**
 * A linear 2-class model with hand-set weights: z₀ = 0, z₁ = x + y − 0.3, so class 1 wins exactly
 * where x + y > 0.3 and p₁ = σ(x + y − 0.3).
 */
function lineModel(testX: number[], testY: number[], scale = 1): Trainer {
	const ds: Dataset = {
		name: 'xor',
		inputDim: 2,
		nClasses: 2,
		trainX: new Float32Array([0, 0, 1, 1]),
		trainY: new Uint8Array([0, 1]),
		testX: new Float32Array(testX),
		testY: new Uint8Array(testY)
	};
	const t = new Trainer(ds, CFG);
	t.mlp.weight(0).set([0, 0, scale, scale]); // (OUT=2, IN=2): row 1 = [1, 1]
	t.mlp.bias(0).set([0, -0.3 * scale]);
	return t;
}
const line = (x: number, y: number) => (x + y > 0.3 ? 1 : 0);

describe('decisionGrid', () => {
	it('row 0 is the top; argmax follows the line x + y = 0.3 at the cell centres', () => {
		const t = lineModel([0, 0], [0]);
		const g = decisionGrid(t, null, 4, { x: [-1, 1], y: [-1, 1] });
		// centres x ∈ {−.75, −.25, .25, .75}; rows top→bottom y = .75, .25, −.25, −.75
		// row 0: x+y = 0, .5, 1, 1.5   → 0 1 1 1
		// row 1: x+y = −.5, 0, .5, 1   → 0 0 1 1
		// row 2: x+y = −1, −.5, 0, .5  → 0 0 0 1
		// row 3: x+y = −1.5, −1, −.5, 0 → 0 0 0 0
		expect(Array.from(g.argmax)).toEqual([0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
		expect(g.res).toBe(4);
		expect(g.probs.length).toBe(4 * 4 * 2);
		// cell (0,0): z = [0, −0.3] → p₁ = 1/(1 + e^0.3) = 1/2.3498588 = 0.4255575
		expect(g.probs[1]).toBeCloseTo(0.4255575, 6);
		expect(g.probs[0]).toBeCloseTo(1 - 0.4255575, 6);
		// cell (0,3): x+y = 1.5, z₁ = 1.2 → p₁ = 1/(1 + e^−1.2) = 1/1.3011942 = 0.7685248
		expect(g.probs[2 * 3 + 1]).toBeCloseTo(0.7685248, 6);
	});

	it('maps the raw grid through the preprocessing before the model sees it', () => {
		// standardize with mean (1, 0), std (2, 1): the model sees ((x − 1)/2, y), so in RAW units
		// class 1 is where (x − 1)/2 + y > 0.3 — a different line than without preprocessing.
		const stats: PreprocessStats = { mode: 'standardize', dim: 2, mean: new Float64Array([1, 0]), std: new Float64Array([2, 1]) };
		const t = lineModel([0, 0], [0]);
		const res = 16;
		const g = decisionGrid(t, stats, res, { x: [-2, 2], y: [-1, 3] });
		let differsFromRaw = 0;
		for (let r = 0; r < res; r++) {
			const y = 3 - ((r + 0.5) * 4) / res;
			for (let c = 0; c < res; c++) {
				const x = -2 + ((c + 0.5) * 4) / res;
				const u = (x - 1) / 2 + y - 0.3;
				if (Math.abs(u) < 1e-6) continue; // on the line: float rounding decides
				expect(g.argmax[r * res + c]).toBe(u > 0 ? 1 : 0);
				if ((u > 0 ? 1 : 0) !== line(x, y)) differsFromRaw++;
			}
		}
		expect(differsFromRaw).toBeGreaterThan(10);
	});

	it('uses TOY_DOMAIN [−1.5, 1.5]² and res 64 by default; probabilities sum to 1', () => {
		const g = decisionGrid(lineModel([0, 0], [0]), null);
		expect(g.res).toBe(64);
		expect(g.domain).toEqual({ x: [-1.5, 1.5], y: [-1.5, 1.5] });
		for (let i = 0; i < 64 * 64; i++) expect(g.probs[2 * i] + g.probs[2 * i + 1]).toBeCloseTo(1, 6);
	});

	it('is stable for huge logits and marks non-finite ones as NO_CLASS', () => {
		// ×1000: logits up to 1000·(1.5+1.5−0.3) = 2700; naive exp would overflow to ∞/∞ = NaN
		const g = decisionGrid(lineModel([0, 0], [0], 1000), null, 8);
		expect(g.probs.every((p) => Number.isFinite(p))).toBe(true);
		// top-right cell: z₁ = 1000·(1.3125 + 1.3125 − 0.3) → p₁ = 1 to float precision
		expect(g.probs[2 * 7 + 1]).toBe(1);
		const bad = lineModel([0, 0], [0]);
		bad.mlp.weight(0)[2] = NaN;
		const gb = decisionGrid(bad, null, 2);
		expect(Array.from(gb.argmax)).toEqual([NO_CLASS, NO_CLASS, NO_CLASS, NO_CLASS]);
		expect(Array.from(gb.probs)).toEqual(new Array(8).fill(0));
	});

	it('rejects non-2-D data and bad resolutions', () => {
		const t = lineModel([0, 0], [0]);
		expect(() => decisionGrid(t, null, 0)).toThrow(RangeError);
		expect(() => decisionGrid(t, null, 2.5)).toThrow(RangeError);
	});
});

describe('confusionMatrix', () => {
	it('counts (true, predicted) pairs of a hand case', () => {
		// (1,1)→x+y=2 →1 true 1 ✓ · (−1,−1)→0 true 0 ✓ · (1,0)→1 true 0 ✗ · (0,−1)→0 true 1 ✗ · (.1,.1)→.2→0 true 0 ✓
		const t = lineModel([1, 1, -1, -1, 1, 0, 0, -1, 0.1, 0.1], [1, 0, 0, 1, 0]);
		// rows = true: [t0p0, t0p1, t1p0, t1p1] = [2, 1, 1, 1]
		expect(Array.from(confusionMatrix(t))).toEqual([2, 1, 1, 1]);
		expect(t.evaluate().testAccuracy).toBeCloseTo(3 / 5, 12);
	});

	it('sums to the test size across chunks and its diagonal equals evaluate()', () => {
		// 1,201 points (more than two chunks of 500) on a lattice; labels disagree with the line on
		// every 7th point, so the expected matrix is known without the model
		const xs: number[] = [];
		const ys: number[] = [];
		const expected = [0, 0, 0, 0];
		for (let i = 0; i < 1201; i++) {
			const x = ((i % 37) - 18) / 12 + 0.01;
			const y = (Math.floor(i / 37) - 16) / 11 + 0.013;
			const p = line(x, y);
			const truth = i % 7 === 0 ? 1 - p : p;
			xs.push(x, y);
			ys.push(truth);
			expected[truth * 2 + p]++;
		}
		const t = lineModel(xs, ys);
		const m = confusionMatrix(t);
		expect(Array.from(m)).toEqual(expected);
		expect(m.reduce((a, b) => a + b, 0)).toBe(1201);
		expect((m[0] + m[3]) / 1201).toBeCloseTo(t.evaluate().testAccuracy, 12);
		// every 7th of 1201: i = 0, 7, …, 1197 → 172 wrong
		expect(m[1] + m[2]).toBe(172);
	});
});

describe('predictDigits', () => {
	it('returns the arg-max and its softmax probability for the given test rows', () => {
		const t = lineModel([1, 1, -1, -1, 1, 0], [1, 0, 0]);
		const { pred, confidence } = predictDigits(t, new Uint32Array([2, 0, 1]));
		expect(Array.from(pred)).toEqual([1, 1, 0]);
		// (1,0): z₁ = 0.7 → σ(0.7) = 1/(1 + 0.4965853) = 0.6681878
		// (1,1): z₁ = 1.7 → σ(1.7) = 1/(1 + 0.1826835) = 0.8455347
		// (−1,−1): z₁ = −2.3 → p₀ = 1 − σ(−2.3) = σ(2.3) = 1/(1 + 0.1002588) = 0.9088770
		expect(confidence[0]).toBeCloseTo(0.6681878, 6);
		expect(confidence[1]).toBeCloseTo(0.8455347, 6);
		expect(confidence[2]).toBeCloseTo(0.908877, 6);
	});

	it('flags non-finite logits and rejects out-of-range indices', () => {
		const t = lineModel([1, 1], [1]);
		t.mlp.bias(0)[1] = Infinity;
		const r = predictDigits(t, new Uint32Array([0]));
		expect(r.pred[0]).toBe(NO_CLASS);
		expect(r.confidence[0]).toBe(0);
		expect(() => predictDigits(t, new Uint32Array([1]))).toThrow(RangeError);
	});
});

describe('firstLayerFilters and pickUnits', () => {
	it('copies rows of W_0 (OUT, IN)', () => {
		const mlp = new Mlp({ sizes: [4, 3, 2], activation: 'relu' });
		mlp.params.forEach((_, i) => (mlp.params[i] = i)); // W_0 = params[0..12): row u = [4u … 4u+3]
		const f = firstLayerFilters(mlp, [2, 0]);
		expect(Array.from(f)).toEqual([8, 9, 10, 11, 0, 1, 2, 3]);
		mlp.params[8] = -1; // a copy, not a view
		expect(f[0]).toBe(8);
		expect(() => firstLayerFilters(mlp, [3])).toThrow(RangeError);
	});

	it('spreads units evenly and deterministically', () => {
		expect(pickUnits(64, 8)).toEqual([0, 8, 16, 24, 32, 40, 48, 56]);
		expect(pickUnits(10, 4)).toEqual([0, 2, 5, 7]); // ⌊0, 2.5, 5, 7.5⌋
		expect(pickUnits(3, 8)).toEqual([0, 1, 2]);
		expect(pickUnits(5, 0)).toEqual([]);
	});
});

describe('fixedDigitIndices', () => {
	it('takes the first perClass examples of each class, ordered by class', () => {
		// class 0 at 3, 7, 8; class 1 at 1, 2, 5; class 2 at 6; class 3 at 0, 4
		const y = new Uint8Array([3, 1, 1, 0, 3, 1, 2, 0, 0]);
		expect(Array.from(fixedDigitIndices(y, 2))).toEqual([3, 7, 1, 2, 6, 0, 4]);
		expect(Array.from(fixedDigitIndices(y, 1))).toEqual([3, 1, 6, 0]);
		expect(Array.from(fixedDigitIndices(y))).toEqual([3, 7, 1, 2, 6, 0, 4]);
	});
});

describe('invertPreprocess', () => {
	it('undoes scale and standardize (hand values) and round-trips fitted statistics', () => {
		const scale: PreprocessStats = { mode: 'scale', dim: 1, min: new Float64Array([0]), max: new Float64Array([4]) };
		// x = (x' + 1)·4/2 + 0: −1 → 0, 0 → 2, 1 → 4
		expect(Array.from(invertPreprocess(scale, new Float32Array([-1, 0, 1]), 1))).toEqual([0, 2, 4]);
		const std: PreprocessStats = { mode: 'standardize', dim: 1, mean: new Float64Array([1]), std: new Float64Array([2]) };
		// x = 1.5·2 + 1 = 4
		expect(Array.from(invertPreprocess(std, new Float32Array([1.5]), 1))).toEqual([4]);
		const raw = new Float32Array([0.5, -1.25, 2, 3, -0.75, 1]);
		for (const mode of ['scale', 'standardize'] as const) {
			const s = fitPreprocess(mode, raw, 2);
			// forward by the documented formulas, then back
			const fwd = new Float32Array(raw.length);
			for (let i = 0; i < raw.length; i++) {
				const j = i % 2;
				fwd[i] = s.mode === 'scale' ? (2 * (raw[i] - s.min[j])) / (s.max[j] - s.min[j]) - 1 : s.mode === 'standardize' ? (raw[i] - s.mean[j]) / s.std[j] : raw[i];
			}
			const back = invertPreprocess(s, fwd, 2);
			for (let i = 0; i < raw.length; i++) expect(back[i]).toBeCloseTo(raw[i], 5);
		}
	});
});

describe('data-view colours', () => {
	it('blends class colours by probability and lightens toward white', () => {
		const rgba = new Uint8ClampedArray(8);
		// cell 0: all class 0 (#0072B2 = 0,114,178) → c + (255 − c)·0.55: 0 + 140.25, 114 + 77.55, 178 + 42.35
		// cell 1: half class 0, half class 1 (#E69F00 = 230,159,0) → mix (115, 136.5, 89) then lighten:
		//         115 + 140·.55 = 192, 136.5 + 118.5·.55 = 201.675, 89 + 166·.55 = 180.3
		heatmapRgba(new Float32Array([1, 0, 0.5, 0.5]), 2, 2, rgba);
		expect(Array.from(rgba)).toEqual([140, 192, 220, 255, 192, 202, 180, 255]);
	});

	it('diverging scale: white at 0, blue below, orange above, clamped', () => {
		expect(divergingIndex(0, 2)).toBe(128);
		expect(divergingIndex(-2, 2)).toBe(0);
		expect(divergingIndex(5, 2)).toBe(255);
		expect(divergingIndex(1, 0)).toBe(128);
		expect(Array.from(DIVERGING_LUT.subarray(0, 3))).toEqual(hexRgb('#2166ac'));
		expect(Array.from(DIVERGING_LUT.subarray(255 * 3))).toEqual(hexRgb('#b35806'));
		expect(maxAbs([1, -3, NaN, 2])).toBe(3);
	});

	it('matrix text is dark on light cells and white on dark ones', () => {
		expect(shareText(0)).toBe('#1a1a1a');
		expect(shareText(1)).toBe('#ffffff');
	});
});
