// Heavy-ball momentum: torch.optim.SGD with momentum μ, dampening 0, nesterov=False.
//
// torch's documented algorithm, per step t (λ = weight_decay):
//   g ← ∇f(θ) + λθ
//   b ← g                 if t = 1
//   b ← μ·b + g           otherwise (dampening τ = 0, so (1 − τ)·g = g)
//   θ ← θ − lr·b
// The buffer starts at zero, and μ·0 + g = g exactly, so the first-step special case needs no
// branch: the same loop reproduces torch bit for bit.
//
// Shapes: params, grads, buf (P). Cost: one pass over P.

import { allocFloat, type Dtype, type FloatArray, type OptimizerInternals } from '../types';
import { BaseOptimizer, type StepState } from './base';
import { requireNonNegative, requireOpenUnitInterval, requireSize, requireUnitInterval } from './hyper';

export interface MomentumHyper {
	momentum: number;
	weightDecay: number;
}

export interface MomentumState extends StepState {
	/** momentum buffer b (torch's `momentum_buffer`) */
	buf: FloatArray;
}

/** The zeroed state of heavy-ball and Nesterov momentum (nesterov.ts keeps the same buffer). */
export function momentumState(size: number, dtype: Dtype): MomentumState {
	return { t: 0, lastLr: 0, buf: allocFloat(dtype, size) };
}

/** μ and λ checked for `owner` (Nesterov needs μ > 0: torch rejects nesterov=True with momentum ≤ 0). */
export function validateMomentumHyper(owner: 'momentum' | 'nesterov', hyper: MomentumHyper): MomentumHyper {
	const requireMu = owner === 'nesterov' ? requireOpenUnitInterval : requireUnitInterval;
	return {
		momentum: requireMu(owner, 'momentum', hyper.momentum),
		weightDecay: requireNonNegative(owner, 'weightDecay', hyper.weightDecay)
	};
}

/**
 * One step of torch.optim.SGD with momentum (dampening 0) in place: b ← μ·b + g, then θ ← θ − lr·b,
 * or with `nesterov` θ ← θ − lr·(g + μ·b) — torch's `grad.add(buf, alpha=momentum)`. The flag is
 * the same for every parameter, so the branch costs nothing measurable.
 */
export function momentumUpdate(
	buf: FloatArray,
	hyper: Readonly<MomentumHyper>,
	params: FloatArray,
	grads: FloatArray,
	lr: number,
	nesterov: boolean
): void {
	const { momentum: mu, weightDecay: wd } = hyper;
	const n = params.length;
	for (let i = 0; i < n; i++) {
		const g = grads[i] + wd * params[i];
		const b = mu * buf[i] + g;
		buf[i] = b;
		params[i] -= lr * (nesterov ? g + mu * b : b);
	}
}

export class Momentum extends BaseOptimizer<MomentumHyper, MomentumState> {
	readonly name = 'momentum' as const;

	constructor(size: number, dtype: Dtype, hyper: MomentumHyper) {
		requireSize('momentum', size);
		super(size, dtype, validateMomentumHyper('momentum', hyper), momentumState(size, dtype));
	}

	protected update(params: FloatArray, grads: FloatArray, lr: number): void {
		momentumUpdate(this.state.buf, this.hyper, params, grads, lr, false);
	}

	/** Fresh arrays (safe to transfer): the velocity b and the (uniform) lr. */
	internals(): OptimizerInternals {
		return this.velocityInternals(this.state.buf);
	}
}
