// Input preprocessing, fitted on the TRAIN split only and applied unchanged to the test split (and to
// any other input, e.g. the decision-boundary grid), so no test statistic leaks into training.
//
//   none         x' = x
//   scale        x' = 2·(x − min)/(max − min) − 1: the train split's per-feature range onto [−1, 1];
//                a constant feature (max = min) maps to 0.
//   standardize  x' = (x − mean)/std with the POPULATION std (divide by N, like numpy's default and
//                torch.std(unbiased=False)); std = 0 leaves x − mean.
// Statistics are accumulated in float64; outputs are new float32 arrays, the input is never mutated.

import type { Dataset, Preprocessing } from '../types';

export type PreprocessStats =
	| { mode: 'none'; dim: number }
	| { mode: 'scale'; dim: number; min: Float64Array; max: Float64Array }
	| { mode: 'standardize'; dim: number; mean: Float64Array; std: Float64Array };

/** Per-feature statistics of x (N, dim) for the given mode. */
export function fitPreprocess(mode: Preprocessing, x: Float32Array, dim: number): PreprocessStats {
	if (!Number.isInteger(dim) || dim < 1 || x.length % dim !== 0) {
		throw new RangeError(`fitPreprocess: ${x.length} values do not form rows of ${dim}`);
	}
	const n = x.length / dim;
	if (mode === 'none') return { mode, dim };
	if (n === 0) throw new RangeError(`fitPreprocess: cannot fit '${mode}' on an empty split`);
	if (mode === 'scale') {
		const min = new Float64Array(dim).fill(Infinity);
		const max = new Float64Array(dim).fill(-Infinity);
		for (let i = 0; i < n; i++) {
			for (let j = 0; j < dim; j++) {
				const v = x[i * dim + j];
				if (v < min[j]) min[j] = v;
				if (v > max[j]) max[j] = v;
			}
		}
		return { mode, dim, min, max };
	}
	// Two passes (mean, then squared deviations) to avoid the cancellation of E[x²] − E[x]².
	const mean = new Float64Array(dim);
	for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j];
	for (let j = 0; j < dim; j++) mean[j] /= n;
	const std = new Float64Array(dim);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < dim; j++) {
			const d = x[i * dim + j] - mean[j];
			std[j] += d * d;
		}
	}
	for (let j = 0; j < dim; j++) std[j] = Math.sqrt(std[j] / n);
	return { mode, dim, mean, std };
}

/** Maps rows x (N, dim) with fitted statistics; returns a new array. */
export function applyPreprocess(stats: PreprocessStats, x: Float32Array, dim: number): Float32Array {
	if (dim !== stats.dim) throw new RangeError(`applyPreprocess: statistics are for ${stats.dim} features, got ${dim}`);
	if (x.length % dim !== 0) throw new RangeError(`applyPreprocess: ${x.length} values do not form rows of ${dim}`);
	const out = new Float32Array(x.length);
	if (stats.mode === 'none') {
		out.set(x);
		return out;
	}
	const { dim: d } = stats;
	if (stats.mode === 'scale') {
		const { min, max } = stats;
		for (let i = 0; i < x.length; i += d) {
			for (let j = 0; j < d; j++) {
				const range = max[j] - min[j];
				// doubling is exact, so at x = max this is range·2/range = 2 exactly: train min/max → exactly ∓1.
				out[i + j] = range > 0 ? (2 * (x[i + j] - min[j])) / range - 1 : 0;
			}
		}
	} else {
		const { mean, std } = stats;
		for (let i = 0; i < x.length; i += d) {
			for (let j = 0; j < d; j++) {
				const centred = x[i + j] - mean[j];
				out[i + j] = std[j] > 0 ? centred / std[j] : centred;
			}
		}
	}
	return out;
}

/** A new data set with both splits mapped by statistics fitted on the train split. */
export function preprocess(ds: Dataset, mode: Preprocessing): Dataset & { stats: PreprocessStats } {
	const stats = fitPreprocess(mode, ds.trainX, ds.inputDim);
	return {
		...ds,
		trainX: applyPreprocess(stats, ds.trainX, ds.inputDim),
		trainY: ds.trainY.slice(),
		testX: applyPreprocess(stats, ds.testX, ds.inputDim),
		testY: ds.testY.slice(),
		...(ds.imageShape ? { imageShape: [ds.imageShape[0], ds.imageShape[1]] as [number, number] } : {}),
		stats
	};
}
