// RMSprop exactly as torch.optim.RMSprop documents it (centered = False):
//
//   g ← ∇f(θ) + λθ                     (L2 penalty, λ = weight_decay)
//   v ← α·v + (1 − α)·g²               (α = smoothing constant, default 0.99)
//   if μ > 0:  b ← μ·b + g / (√v + ε);  θ ← θ − lr·b
//   else:      θ ← θ − lr·g / (√v + ε)
//
// ε is added after the square root (torch's choice; TensorFlow puts it inside). No bias
// correction: v starts at 0, so the first step is lr·g/(√(1−α)·|g|) = 10·lr·sign(g) at α = 0.99.
// The μ = 0 branch is the μ > 0 one with b ← 0·b + g/(√v + ε), which is exact in IEEE arithmetic,
// so one loop covers both.
//
// Shapes: params, grads, v, buf (P). Cost: one pass over P with one sqrt per parameter.

import { allocFloat, type Dtype, type FloatArray, type OptimizerInternals } from '../types';
import { BaseOptimizer, type StepState } from './base';
import { requireNonNegative, requirePositive, requireSize, requireUnitInterval } from './hyper';

export interface RmspropHyper {
	alpha: number;
	eps: number;
	momentum: number;
	weightDecay: number;
}

export interface RmspropState extends StepState {
	/** running average of g² (torch's `square_avg`) */
	v: FloatArray;
	/** momentum buffer (torch's `momentum_buffer`); holds g/(√v+ε) of the last step when μ = 0 */
	buf: FloatArray;
}

export class Rmsprop extends BaseOptimizer<RmspropHyper, RmspropState> {
	readonly name = 'rmsprop' as const;

	constructor(size: number, dtype: Dtype, hyper: RmspropHyper) {
		requireSize('rmsprop', size);
		const valid = {
			alpha: requireUnitInterval('rmsprop', 'alpha', hyper.alpha),
			eps: requirePositive('rmsprop', 'eps', hyper.eps),
			momentum: requireUnitInterval('rmsprop', 'momentum', hyper.momentum),
			weightDecay: requireNonNegative('rmsprop', 'weightDecay', hyper.weightDecay)
		};
		super(size, dtype, valid, { t: 0, lastLr: 0, v: allocFloat(dtype, size), buf: allocFloat(dtype, size) });
	}

	protected update(params: FloatArray, grads: FloatArray, lr: number): void {
		const { alpha, eps, momentum: mu, weightDecay: wd } = this.hyper;
		const c = 1 - alpha;
		const { v, buf } = this.state;
		for (let i = 0; i < this.size; i++) {
			const g = grads[i] + wd * params[i];
			const vi = alpha * v[i] + c * g * g;
			v[i] = vi;
			const b = mu * buf[i] + g / (Math.sqrt(vi) + eps);
			buf[i] = b;
			params[i] -= lr * b;
		}
	}

	/** effectiveLr = lr / (√v + ε); velocity = the momentum buffer (only when μ > 0). Fresh arrays. */
	internals(): OptimizerInternals {
		const { t, v, buf } = this.state;
		if (t === 0) return {};
		const effectiveLr = this.lrOverRoot(v, this.hyper.eps);
		return this.hyper.momentum > 0 ? { velocity: buf.slice(), effectiveLr } : { effectiveLr };
	}
}
