// Softmax cross-entropy, mean over the batch.
//
//   p = softmax(z)_c = exp(z_c − max z) / Σ_k exp(z_k − max z)          (stable: max subtraction)
//   L = (1/B) Σ_b [ log Σ_k exp(z_bk) − z_b,y_b ]                       (log-sum-exp)
//   ∂L/∂z_bc = (p_bc − 1{c = y_b}) / B
//
// The naive mode exponentiates without subtracting the max, exactly like the lecture's
// `np.exp(z)/np.exp(z).sum()`: softmax([−1, 2, 1000.5]) = [0, 0, NaN] because exp(1000.5) = ∞.
import type { FloatArray } from './types';

/** softmax of one vector, in float64. naive = true reproduces the overflow. */
export function softmax(z: ArrayLike<number>, naive = false): Float64Array {
	const n = z.length;
	const p = new Float64Array(n);
	let m = 0;
	if (!naive) {
		m = -Infinity;
		for (let i = 0; i < n; i++) if (z[i] > m) m = z[i];
	}
	let s = 0;
	for (let i = 0; i < n; i++) {
		p[i] = Math.exp(z[i] - m);
		s += p[i];
	}
	for (let i = 0; i < n; i++) p[i] /= s;
	return p;
}

export interface LossResult {
	/** mean cross-entropy over the batch */
	loss: number;
	/** number of examples whose arg-max logit is the label */
	correct: number;
}

/**
 * logits (B, C), labels (B) → mean loss; if dLogits (B, C) is given it is overwritten with ∂L/∂z.
 * labelOffset lets a caller pass the labels of a whole split and a start index.
 */
export function softmaxCrossEntropy(
	logits: FloatArray,
	labels: ArrayLike<number>,
	B: number,
	C: number,
	dLogits: FloatArray | null,
	naive = false
): LossResult {
	let total = 0;
	let correct = 0;
	const invB = 1 / B;
	for (let b = 0; b < B; b++) {
		const row = b * C;
		const y = labels[b];
		let m = -Infinity;
		let arg = 0;
		for (let c = 0; c < C; c++) {
			const v = logits[row + c];
			if (v > m) {
				m = v;
				arg = c;
			}
		}
		if (arg === y) correct++;
		const shift = naive ? 0 : m;
		let s = 0;
		for (let c = 0; c < C; c++) s += Math.exp(logits[row + c] - shift);
		if (naive) {
			// −log p_y with p_y = exp(z_y)/Σ exp(z_k): ∞/∞ = NaN when a logit overflows
			const py = Math.exp(logits[row + y]) / s;
			total -= Math.log(py);
			if (dLogits) for (let c = 0; c < C; c++) dLogits[row + c] = (Math.exp(logits[row + c]) / s - (c === y ? 1 : 0)) * invB;
		} else {
			total += shift + Math.log(s) - logits[row + y];
			if (dLogits) {
				const inv = 1 / s;
				for (let c = 0; c < C; c++) dLogits[row + c] = (Math.exp(logits[row + c] - shift) * inv - (c === y ? 1 : 0)) * invB;
			}
		}
	}
	return { loss: total * invB, correct };
}
