// What a run's model does to its data, for the data-facing views: a decision-boundary grid over the
// 2-D plane, a confusion matrix over the test split, predictions on a fixed set of test digits and
// the first layer's incoming weights ("filters"). Pure: computed in the worker, only small typed
// arrays cross to the page.
//
//   G = grid resolution (G×G cells)   C = classes   IN = input width   N = test-split size
import { applyPreprocess, type PreprocessStats } from '../data/preprocess';
import { TOY_DOMAIN } from '../data/toy';
import type { Mlp } from '../mlp';
import { countConfusion, type Trainer } from '../trainer';
import type { FloatArray } from '../types';

/** An axis-aligned window of the raw (un-preprocessed) 2-D plane. */
export interface Domain2D {
	readonly x: readonly [number, number];
	readonly y: readonly [number, number];
}

export interface DecisionGrid {
	res: number;
	domain: Domain2D;
	/** (G, G, C) row-major softmax probabilities; row 0 is the TOP of the plot (y = max) */
	probs: Float32Array;
	/** (G, G) arg-max class of each cell; NO_CLASS where the logits were not finite */
	argmax: Uint8Array;
}

/** argmax / pred value of a cell or digit whose logits contain NaN or ±∞ (a diverged model). */
export const NO_CLASS = 255;

/** Rows per forward pass — Trainer.evaluate's chunk, so the MLP's activation caches do not grow. */
const CHUNK = 500;

/**
 * Softmax of each row of logits (B, C) into probs (B, C) starting at row `offset`, and the arg-max
 * of each row. Stable: exp(z − max z) like loss.ts. A row with any non-finite logit gets all-zero
 * probabilities and NO_CLASS, so the views can show "no prediction" instead of a made-up class.
 */
function softmaxRows(logits: FloatArray, B: number, C: number, probs: Float32Array, argmax: Uint8Array, offset: number): void {
	const e = new Float64Array(C);
	for (let b = 0; b < B; b++) {
		const row = b * C;
		const out = (offset + b) * C;
		let m = -Infinity;
		let arg = 0;
		let finite = true;
		for (let c = 0; c < C; c++) {
			const v = logits[row + c];
			if (!Number.isFinite(v)) finite = false;
			// first maximum wins ties, like torch.argmax
			if (v > m) {
				m = v;
				arg = c;
			}
		}
		if (!finite) {
			probs.fill(0, out, out + C);
			argmax[offset + b] = NO_CLASS;
			continue;
		}
		let s = 0;
		for (let c = 0; c < C; c++) s += e[c] = Math.exp(logits[row + c] - m);
		for (let c = 0; c < C; c++) probs[out + c] = e[c] / s;
		argmax[offset + b] = arg;
	}
}

/**
 * The model's class probabilities on a G×G grid of cell CENTRES over `domain` in raw data units,
 * mapped through the train-split preprocessing first (stats; null = none) — exactly what a raw point
 * there would see. Cell (r, c) is centred at
 *   x = x0 + (c + ½)·(x1 − x0)/G,   y = y1 − (r + ½)·(y1 − y0)/G,
 * so a G×G image stretched over the domain puts each value under its own point.
 */
export function decisionGrid(trainer: Trainer, stats: PreprocessStats | null, res = 64, domain: Domain2D = TOY_DOMAIN): DecisionGrid {
	if (!Number.isInteger(res) || res < 1 || res > 1024) throw new RangeError(`decisionGrid: res must be a whole number from 1 to 1024, got ${res}`);
	if (trainer.data.inputDim !== 2) throw new RangeError(`decisionGrid: needs 2-D inputs, the data set has ${trainer.data.inputDim}`);
	const C = trainer.data.nClasses;
	const n = res * res;
	const [x0, x1] = domain.x;
	const [y0, y1] = domain.y;
	const raw = new Float32Array(n * 2); // (G·G, 2)
	for (let r = 0; r < res; r++) {
		const y = y1 - ((r + 0.5) * (y1 - y0)) / res;
		for (let c = 0; c < res; c++) {
			const i = 2 * (r * res + c);
			raw[i] = x0 + ((c + 0.5) * (x1 - x0)) / res;
			raw[i + 1] = y;
		}
	}
	const X = stats ? applyPreprocess(stats, raw, 2) : raw;
	const probs = new Float32Array(n * C);
	const argmax = new Uint8Array(n);
	for (let start = 0; start < n; start += CHUNK) {
		const B = Math.min(CHUNK, n - start);
		const logits = trainer.predict(X.subarray(start * 2, (start + B) * 2), B);
		softmaxRows(logits, B, C, probs, argmax, start);
	}
	return { res, domain: { x: [x0, x1], y: [y0, y1] }, probs, argmax };
}

/**
 * Confusion matrix (C, C) over the whole test split: entry [t·C + p] counts test examples of true
 * class t predicted as p. The prediction is the first maximal logit, the same rule as
 * softmaxCrossEntropy's `correct`, so the diagonal sums to evaluate()'s number correct and every
 * example is counted once (a row of NaN logits counts as class 0, as it does there).
 */
export function confusionMatrix(trainer: Trainer): Uint32Array {
	const { testX, testY, inputDim: D, nClasses: C } = trainer.data;
	const N = testY.length;
	const m = new Uint32Array(C * C);
	for (let start = 0; start < N; start += CHUNK) {
		const B = Math.min(CHUNK, N - start);
		countConfusion(m, trainer.predict(testX.subarray(start * D, (start + B) * D), B), testY, start, B, C);
	}
	return m;
}

/**
 * Predicted class and its softmax probability for the test examples at `indices` (k). A digit whose
 * logits are not finite gets pred = NO_CLASS and confidence 0.
 */
export function predictDigits(trainer: Trainer, indices: Uint32Array): { pred: Uint8Array; confidence: Float32Array } {
	const { testX, inputDim: D, nClasses: C } = trainer.data;
	const N = trainer.data.testY.length;
	const k = indices.length;
	const pred = new Uint8Array(k);
	const confidence = new Float32Array(k);
	const probs = new Float32Array(Math.min(CHUNK, k) * C);
	for (let start = 0; start < k; start += CHUNK) {
		const B = Math.min(CHUNK, k - start);
		const x = new Float32Array(B * D); // (B, IN) gathered rows
		for (let r = 0; r < B; r++) {
			const i = indices[start + r];
			if (i >= N) throw new RangeError(`predictDigits: index ${i} is outside the test split (${N} examples)`);
			x.set(testX.subarray(i * D, (i + 1) * D), r * D);
		}
		const p = pred.subarray(start, start + B);
		softmaxRows(trainer.predict(x, B), B, C, probs, p, 0);
		for (let r = 0; r < B; r++) confidence[start + r] = p[r] === NO_CLASS ? 0 : probs[r * C + p[r]];
	}
	return { pred, confidence };
}

/** Copies of rows `units` of the first weight matrix W_0 (OUT, IN): (units.length, IN). */
export function firstLayerFilters(mlp: Mlp, units: readonly number[]): Float32Array {
	const { fanIn, fanOut } = mlp.layers[0];
	const W = mlp.weight(0);
	const out = new Float32Array(units.length * fanIn);
	units.forEach((u, k) => {
		if (!Number.isInteger(u) || u < 0 || u >= fanOut) throw new RangeError(`firstLayerFilters: unit ${u} is not in 0…${fanOut - 1}`);
		out.set(W.subarray(u * fanIn, (u + 1) * fanIn), k * fanIn);
	});
	return out;
}

/**
 * `count` units out of nUnits, evenly spaced: unit i = ⌊i·nUnits/count⌋ (count capped at nUnits),
 * so every run of an experiment shows the same units.
 */
export function pickUnits(nUnits: number, count: number): number[] {
	const k = Math.max(0, Math.min(Math.floor(count), Math.floor(nUnits)));
	return Array.from({ length: k }, (_, i) => Math.floor((i * nUnits) / k));
}

/**
 * Indices of the first `perClass` test examples of each class, ordered by class then position
 * (0, 0, 1, 1, …) — the same digits for every run. A class with fewer examples gives what it has.
 */
export function fixedDigitIndices(testY: Uint8Array, perClass = 2): Uint32Array {
	let C = 0;
	for (let i = 0; i < testY.length; i++) if (testY[i] + 1 > C) C = testY[i] + 1;
	const picked: number[][] = Array.from({ length: C }, () => []);
	for (let i = 0; i < testY.length; i++) {
		const list = picked[testY[i]];
		if (list.length < perClass) list.push(i);
	}
	return Uint32Array.from(picked.flat());
}

/**
 * The inverse of applyPreprocess: rows x' (N, dim) back to data units, e.g. to draw the training
 * points of a toy set or show MNIST digits as pixels after standardization.
 *   scale        x = (x' + 1)·(max − min)/2 + min   (a constant feature maps back to min)
 *   standardize  x = x'·std + mean                  (std = 0: x = x' + mean)
 * Float32 rounding makes this exact only to ~1e-7 relative — fine for drawing.
 */
export function invertPreprocess(stats: PreprocessStats, x: Float32Array, dim: number): Float32Array {
	if (dim !== stats.dim) throw new RangeError(`invertPreprocess: statistics are for ${stats.dim} features, got ${dim}`);
	if (x.length % dim !== 0) throw new RangeError(`invertPreprocess: ${x.length} values do not form rows of ${dim}`);
	const out = new Float32Array(x.length);
	if (stats.mode === 'none') {
		out.set(x);
		return out;
	}
	for (let i = 0; i < x.length; i += dim) {
		for (let j = 0; j < dim; j++) {
			const v = x[i + j];
			if (stats.mode === 'scale') {
				const range = stats.max[j] - stats.min[j];
				out[i + j] = range > 0 ? ((v + 1) * range) / 2 + stats.min[j] : stats.min[j];
			} else {
				const s = stats.std[j];
				out[i + j] = (s > 0 ? v * s : v) + stats.mean[j];
			}
		}
	}
	return out;
}
