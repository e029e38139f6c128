// AdamW (Loshchilov & Hutter 2019) exactly as torch.optim.AdamW documents it:
//
//   θ ← θ − lr·λ·θ                     (decoupled weight decay, applied to θ before the update;
//                                       λ = weight_decay, torch default 0.01)
//   m ← β₁·m + (1 − β₁)·g               with g = ∇f(θ) — no λθ term in the moments
//   v ← β₂·v + (1 − β₂)·g²
//   θ ← θ − lr·m̂ / (√v̂ + ε)            (m̂, v̂ bias-corrected as in Adam)
//
// The difference from Adam's L2 matters: under Adam the penalty λθ is divided by √v̂ like any
// gradient, so heavily-updated weights are barely decayed; here every weight shrinks by the same
// factor (1 − lr·λ) per step. The arithmetic is Adam's loop (adam.ts) with l2 = 0 and
// shrink = 1 − lr·λ, amsgrad included (torch.optim.AdamW has the same flag).
//
// Shapes: params, grads, m, v (P). Cost: one pass over P.

import type { Dtype, FloatArray, Optimizer, OptimizerInternals } from '../types';
import { adamInternals, adamUpdate, initAdamState, validateAdamHyper, type AdamHyper, type AdamState } from './adam';
import { checkStepArgs, requireSize } from './hyper';

export type AdamWHyper = AdamHyper;
export type AdamWState = AdamState;

export class AdamW implements Optimizer {
	readonly name = 'adamw' as const;
	/** replaced (never mutated) by adopt() when a hyper-parameter changes mid-run */
	hyper: Readonly<AdamWHyper>;
	readonly state: AdamWState;

	constructor(
		readonly size: number,
		readonly dtype: Dtype,
		hyper: AdamWHyper
	) {
		requireSize('adamw', size);
		this.hyper = validateAdamHyper('adamw', hyper);
		this.state = initAdamState(size, dtype, this.hyper.amsgrad);
	}

	get t(): number {
		return this.state.t;
	}

	step(params: FloatArray, grads: FloatArray, lr: number): void {
		checkStepArgs('adamw', this.size, params, grads, lr);
		adamUpdate(this.state, this.hyper, params, grads, lr, 0, 1 - lr * this.hyper.weightDecay);
	}

	/** takes another AdamW's hyper-parameters (a live change); the state — moments, t — is kept, like torch's param_group */
	adopt(other: Optimizer): void {
		if (!(other instanceof AdamW)) throw new TypeError(`adamw: cannot take the hyper-parameters of ${other.name}`);
		this.hyper = other.hyper;
	}

	internals(): OptimizerInternals {
		return adamInternals(this.state, this.hyper, this.dtype);
	}
}
