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

import { allocFloat, type Dtype, type FloatArray, type Optimizer, type OptimizerInternals } from '../types';
import { checkStepArgs, requireNonNegative, requirePositive, requireSize, requireUnitInterval } from './hyper';

export interface RmspropHyper {
	alpha: number;
	eps: number;
	momentum: number;
	weightDecay: number;
}

export interface RmspropState {
	t: number;
	lastLr: number;
	/** running average of g² (torch's `square_avg`) */
	v: FloatArray;
	/** momentum buffer (torch's `momentum_buffer`); holds g/(√v+ε) of the last step when μ = 0 */
	buf: FloatArray;
}

export class Rmsprop implements Optimizer {
	readonly name = 'rmsprop' as const;
	/** replaced (never mutated) by adopt() when a hyper-parameter changes mid-run */
	hyper: Readonly<RmspropHyper>;
	readonly state: RmspropState;

	constructor(
		readonly size: number,
		readonly dtype: Dtype,
		hyper: RmspropHyper
	) {
		requireSize('rmsprop', size);
		this.hyper = {
			alpha: requireUnitInterval('rmsprop', 'alpha', hyper.alpha),
			eps: requirePositive('rmsprop', 'eps', hyper.eps),
			momentum: requireUnitInterval('rmsprop', 'momentum', hyper.momentum),
			weightDecay: requireNonNegative('rmsprop', 'weightDecay', hyper.weightDecay)
		};
		this.state = { t: 0, lastLr: 0, v: allocFloat(dtype, size), buf: allocFloat(dtype, size) };
	}

	get t(): number {
		return this.state.t;
	}

	step(params: FloatArray, grads: FloatArray, lr: number): void {
		checkStepArgs('rmsprop', this.size, params, grads, lr);
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
		this.state.t++;
		this.state.lastLr = lr;
	}

	/** effectiveLr = lr / (√v + ε); velocity = the momentum buffer (only when μ > 0). Fresh arrays. */
	/** takes another Rmsprop's hyper-parameters (a live change); the state — moments, t — is kept, like torch's param_group */
	adopt(other: Optimizer): void {
		if (!(other instanceof Rmsprop)) throw new TypeError(`rmsprop: cannot take the hyper-parameters of ${other.name}`);
		this.hyper = other.hyper;
	}

	internals(): OptimizerInternals {
		const { t, lastLr, v, buf } = this.state;
		if (t === 0) return {};
		const effectiveLr = allocFloat(this.dtype, this.size);
		for (let i = 0; i < this.size; i++) effectiveLr[i] = lastLr / (Math.sqrt(v[i]) + this.hyper.eps);
		return this.hyper.momentum > 0 ? { velocity: buf.slice(), effectiveLr } : { effectiveLr };
	}
}
