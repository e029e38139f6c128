// Nesterov momentum: torch.optim.SGD with momentum μ, dampening 0, nesterov=True.
//
// torch's documented algorithm, per step t (λ = weight_decay):
//   g ← ∇f(θ) + λθ
//   b ← μ·b + g           (b = g at t = 1; the zero-initialised buffer gives that exactly)
//   g ← g + μ·b           (look-ahead: the step uses the gradient plus the *updated* buffer)
//   θ ← θ − lr·g
// torch rejects nesterov with μ ≤ 0, and so do we (at μ = 0 it would be plain SGD anyway).
// The loop is momentum.ts's momentumUpdate with nesterov = true, as torch's SGD is one loop with a flag.
//
// Shapes: params, grads, buf (P). Cost: one pass over P.

import type { Dtype, FloatArray, OptimizerInternals } from '../types';
import { BaseOptimizer } from './base';
import { requireSize } from './hyper';
import { momentumState, momentumUpdate, validateMomentumHyper, type MomentumHyper, type MomentumState } from './momentum';

export type NesterovHyper = MomentumHyper;
export type NesterovState = MomentumState;

export class Nesterov extends BaseOptimizer<NesterovHyper, NesterovState> {
	readonly name = 'nesterov' as const;

	constructor(size: number, dtype: Dtype, hyper: NesterovHyper) {
		requireSize('nesterov', size);
		super(size, dtype, validateMomentumHyper('nesterov', hyper), momentumState(size, dtype));
	}

	/** the look-ahead step: the gradient plus the updated buffer (see momentumUpdate) */
	protected update(params: FloatArray, grads: FloatArray, lr: number): void {
		momentumUpdate(this.state.buf, this.hyper, params, grads, lr, true);
	}

	/** Fresh arrays (safe to transfer): the velocity b and the (uniform) lr. */
	internals(): OptimizerInternals {
		return this.velocityInternals(this.state.buf);
	}
}
