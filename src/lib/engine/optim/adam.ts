// Adam (Kingma & Ba 2015) exactly as torch.optim.Adam documents it:
//
//   g ← ∇f(θ) + λθ                     (L2 penalty folded into the gradient, λ = weight_decay)
//   m ← β₁·m + (1 − β₁)·g
//   v ← β₂·v + (1 − β₂)·g²
//   m̂ = m / (1 − β₁ᵗ)                  (bias corrections: without them the first steps are
//   v̂ = v / (1 − β₂ᵗ)                   ~√(1−β₂)/(1−β₁) ≈ 0.32× too small)
//   θ ← θ − lr·m̂ / (√v̂ + ε)            (ε outside the root)
//
// With amsgrad = True (Reddi, Kale & Kumar 2018) the denominator never shrinks: torch keeps the
// running maximum of the raw second moment, max_exp_avg_sq, and bias-corrects it afterwards
//   v_max ← max(v_max, v);   v̂ = v_max / (1 − β₂ᵗ)
// (torch's code and its corrected docs, pytorch#142323: the max is over v, not over v̂).
//
// The loop evaluates the last line in torch's own (algebraically equal) form,
//   θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε),
// so the bias corrections are two scalars per step, not two divisions per parameter.
//
// adamUpdate also serves AdamW (adamw.ts): `l2` is the λ folded into g (Adam: λ, AdamW: 0) and
// `shrink` multiplies θ before the update (Adam: exactly 1, AdamW: 1 − lr·λ). Both neutral values
// are exact in IEEE arithmetic, so one loop serves both without a branch per parameter.
//
// Shapes: params, grads, m, v, vMax (P; vMax only with amsgrad). Cost: one pass over P with one
// sqrt per parameter.

import { allocFloat, type Dtype, type FloatArray, type OptimizerInternals } from '../types';
import { BaseOptimizer, type StepState } from './base';
import { requireBoolean, requireNonNegative, requirePositive, requireSize, requireUnitInterval } from './hyper';

export interface AdamHyper {
	beta1: number;
	beta2: number;
	eps: number;
	weightDecay: number;
	/** keep the maximum of v (torch's amsgrad flag) */
	amsgrad: boolean;
}

export interface AdamState extends StepState {
	/** first moment m (torch's `exp_avg`) */
	m: FloatArray;
	/** second raw moment v (torch's `exp_avg_sq`) */
	v: FloatArray;
	/** running maximum of v (torch's `max_exp_avg_sq`); only with amsgrad */
	vMax?: FloatArray;
}

export function validateAdamHyper(owner: string, hyper: AdamHyper): AdamHyper {
	return {
		beta1: requireUnitInterval(owner, 'beta1', hyper.beta1),
		beta2: requireUnitInterval(owner, 'beta2', hyper.beta2),
		eps: requirePositive(owner, 'eps', hyper.eps),
		weightDecay: requireNonNegative(owner, 'weightDecay', hyper.weightDecay),
		amsgrad: requireBoolean(owner, 'amsgrad', hyper.amsgrad)
	};
}

export function initAdamState(size: number, dtype: Dtype, amsgrad: boolean): AdamState {
	const state: AdamState = { t: 0, lastLr: 0, m: allocFloat(dtype, size), v: allocFloat(dtype, size) };
	if (amsgrad) state.vMax = allocFloat(dtype, size);
	return state;
}

/** One Adam/AdamW step t (from 1) in place (see the header for l2 and shrink). grads are read only. */
export function adamUpdate(
	state: AdamState,
	hyper: Readonly<AdamHyper>,
	params: FloatArray,
	grads: FloatArray,
	lr: number,
	t: number,
	l2: number,
	shrink: number
): void {
	const { beta1, beta2, eps } = hyper;
	const { m, v, vMax } = state;
	const stepSize = lr / (1 - beta1 ** t);
	const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
	const c1 = 1 - beta1;
	const c2 = 1 - beta2;
	const n = params.length;
	for (let i = 0; i < n; i++) {
		const p = params[i];
		const g = grads[i] + l2 * p;
		const mi = beta1 * m[i] + c1 * g;
		const vi = beta2 * v[i] + c2 * g * g;
		m[i] = mi;
		v[i] = vi;
		let den = vi;
		if (vMax) {
			den = vi > vMax[i] ? vi : vMax[i]; // amsgrad: torch.maximum(max_exp_avg_sq, exp_avg_sq)
			vMax[i] = den;
		}
		params[i] = p * shrink - stepSize * (mi / (Math.sqrt(den) / bc2Sqrt + eps)); // torch: addcdiv_
	}
}

/**
 * velocity = m̂, effectiveLr = lr / (√v̂ + ε): the per-coordinate rate that multiplies m̂ (v̂ from
 * the running maximum under amsgrad). Fresh arrays.
 */
export function adamInternals(state: AdamState, hyper: Readonly<AdamHyper>, dtype: Dtype): OptimizerInternals {
	const { t, lastLr, m } = state;
	const v = state.vMax ?? state.v;
	if (t === 0) return {};
	const bc1 = 1 - hyper.beta1 ** t;
	const bc2 = 1 - hyper.beta2 ** t;
	const n = m.length;
	const velocity = allocFloat(dtype, n);
	const effectiveLr = allocFloat(dtype, n);
	for (let i = 0; i < n; i++) {
		velocity[i] = m[i] / bc1;
		effectiveLr[i] = lastLr / (Math.sqrt(v[i] / bc2) + hyper.eps);
	}
	return { velocity, effectiveLr };
}

export class Adam extends BaseOptimizer<AdamHyper, AdamState> {
	readonly name = 'adam' as const;

	constructor(size: number, dtype: Dtype, hyper: AdamHyper) {
		requireSize('adam', size);
		const valid = validateAdamHyper('adam', hyper);
		super(size, dtype, valid, initAdamState(size, dtype, valid.amsgrad));
	}

	protected update(params: FloatArray, grads: FloatArray, lr: number, t: number): void {
		adamUpdate(this.state, this.hyper, params, grads, lr, t, this.hyper.weightDecay, 1);
	}

	internals(): OptimizerInternals {
		return adamInternals(this.state, this.hyper, this.dtype);
	}
}
