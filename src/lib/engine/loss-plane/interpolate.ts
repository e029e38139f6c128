// The loss along the straight line through θ₀ and θ_now (Goodfellow, Vinyals & Saxe, "Qualitatively
// characterizing neural network optimization problems", ICLR 2015):
//
//   θ(α) = θ₀ + α·(θ_now − θ₀),   α from 0 (the start) through 1 (now) to 1.5 (half as far again)
//   L(α) = mean cross-entropy of the network at θ(α) on a fixed probe batch
//
// If L falls smoothly and monotonically to α = 1 the path the optimizer took could as well have been
// a straight line — no barrier lies in between; a bump shows one; beyond α = 1 the curve shows
// whether θ_now sits in a valley (it rises) or on a slope (it keeps falling). Done on a train and a
// test probe the gap between the two curves is the generalisation gap along the line.
// Each θ(α) entry is formed in float64 and rounded once to the network's dtype; mlp.params is
// restored afterwards. Cost: |α| forward passes of the probe batch.
import { softmaxCrossEntropy } from '../loss';
import type { Mlp } from '../mlp';
import type { FloatArray } from '../types';

export const INTERPOLATION_MAX_ALPHA = 1.5;
export const INTERPOLATION_POINTS = 31;

/** n evenly spaced α from 0 to maxAlpha inclusive (default 0, 0.05, …, 1.5 — 1 is on the grid) */
export function interpolationAlphas(maxAlpha = INTERPOLATION_MAX_ALPHA, n = INTERPOLATION_POINTS): Float64Array {
	if (!(maxAlpha > 0) || !Number.isInteger(n) || n < 2) throw new RangeError(`interpolation: need maxAlpha > 0 and n ≥ 2, got ${maxAlpha}, ${n}`);
	return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? maxAlpha : (maxAlpha * i) / (n - 1)));
}

/** out ← θ₀ + α(θ₁ − θ₀) */
export function pointOnLine(theta0: ArrayLike<number>, theta1: ArrayLike<number>, alpha: number, out: FloatArray): FloatArray {
	if (theta0.length !== out.length || theta1.length !== out.length) throw new RangeError(`interpolation: θ₀, θ₁ and the network must have the same size`);
	for (let i = 0; i < out.length; i++) out[i] = theta0[i] + alpha * (theta1[i] - theta0[i]);
	return out;
}

/** L(θ₀ + α(θ₁ − θ₀)) for every α on a probe batch x (n, IN), y (n); NaN where not finite. */
export function lossAlongLine(mlp: Mlp, theta0: ArrayLike<number>, theta1: ArrayLike<number>, alphas: ArrayLike<number>, x: FloatArray, y: ArrayLike<number>, n: number): Float64Array {
	const keep = mlp.params.slice();
	const out = new Float64Array(alphas.length);
	try {
		for (let k = 0; k < alphas.length; k++) {
			pointOnLine(theta0, theta1, alphas[k], mlp.params);
			const l = softmaxCrossEntropy(mlp.forward(x, n), y, n, mlp.nClasses, null).loss;
			out[k] = Number.isFinite(l) ? l : NaN;
		}
	} finally {
		mlp.params.set(keep);
	}
	return out;
}
