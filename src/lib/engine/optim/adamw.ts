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

import type { Dtype, FloatArray, OptimizerInternals } from '../types';
import { BaseOptimizer } from './base';
import { adamInternals, adamUpdate, initAdamState, validateAdamHyper, type AdamHyper, type AdamState } from './adam';
import { requireSize } from './hyper';

export type AdamWHyper = AdamHyper;
export type AdamWState = AdamState;

export class AdamW extends BaseOptimizer<AdamWHyper, AdamWState> {
	readonly name = 'adamw' as const;

	constructor(size: number, dtype: Dtype, hyper: AdamWHyper) {
		requireSize('adamw', size);
		const valid = validateAdamHyper('adamw', hyper);
		super(size, dtype, valid, initAdamState(size, dtype, valid.amsgrad));
	}

	protected update(params: FloatArray, grads: FloatArray, lr: number, t: number): void {
		adamUpdate(this.state, this.hyper, params, grads, lr, t, 0, 1 - lr * this.hyper.weightDecay);
	}

	internals(): OptimizerInternals {
		return adamInternals(this.state, this.hyper, this.dtype);
	}
}
