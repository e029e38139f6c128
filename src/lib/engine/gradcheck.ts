// Finite-difference gradient check (a first-class tool, as in tinygrad's gradcheck): compares the
// hand-written backward pass with central differences (L(θ+h) − L(θ−h)) / 2h, in float64.
import { softmaxCrossEntropy } from './loss';
import type { Mlp } from './mlp';
import { allocFloat, type FloatArray } from './types';

export interface GradCheckResult {
	/** ‖g_backprop − g_numeric‖ / (‖g_backprop‖ + ‖g_numeric‖) over all parameters */
	relativeError: number;
	/** largest per-parameter |g_b − g_n| / max(|g_b| + |g_n|, floor) */
	maxElementError: number;
	checked: number;
}

function lossAt(mlp: Mlp, x: FloatArray, y: ArrayLike<number>, B: number): number {
	return softmaxCrossEntropy(mlp.forward(x, B), y, B, mlp.nClasses, null).loss;
}

/** Checks every parameter (or `maxParams` of them, evenly spaced) of a float64 MLP. */
export function gradCheck(mlp: Mlp, x: FloatArray, y: ArrayLike<number>, B: number, h = 1e-5, maxParams = Infinity): GradCheckResult {
	if (mlp.dtype !== 'float64') throw new Error('gradCheck needs a float64 MLP');
	const dLogits = allocFloat('float64', B * mlp.nClasses);
	softmaxCrossEntropy(mlp.forward(x, B), y, B, mlp.nClasses, dLogits);
	mlp.zeroGrad();
	mlp.backward(dLogits);
	const analytic = Float64Array.from(mlp.grads);
	const P = mlp.nParams;
	const stride = Math.max(1, Math.floor(P / Math.min(P, maxParams)));
	let diff2 = 0;
	let a2 = 0;
	let n2 = 0;
	let maxEl = 0;
	let checked = 0;
	for (let i = 0; i < P; i += stride) {
		const keep = mlp.params[i];
		mlp.params[i] = keep + h;
		const lp = lossAt(mlp, x, y, B);
		mlp.params[i] = keep - h;
		const lm = lossAt(mlp, x, y, B);
		mlp.params[i] = keep;
		const num = (lp - lm) / (2 * h);
		const an = analytic[i];
		diff2 += (an - num) ** 2;
		a2 += an * an;
		n2 += num * num;
		maxEl = Math.max(maxEl, Math.abs(an - num) / Math.max(Math.abs(an) + Math.abs(num), 1e-6));
		checked++;
	}
	const denom = Math.sqrt(a2) + Math.sqrt(n2);
	return { relativeError: denom === 0 ? 0 : Math.sqrt(diff2) / denom, maxElementError: maxEl, checked };
}
