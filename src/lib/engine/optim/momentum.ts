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

import { allocFloat, type Dtype, type FloatArray, type Optimizer, type OptimizerInternals } from '../types';
import { checkStepArgs, requireNonNegative, requireSize, requireUnitInterval } from './hyper';

export interface MomentumHyper {
	momentum: number;
	weightDecay: number;
}

export interface MomentumState {
	t: number;
	lastLr: number;
	/** momentum buffer b (torch's `momentum_buffer`) */
	buf: FloatArray;
}

export class Momentum implements Optimizer {
	readonly name = 'momentum' as const;
	/** replaced (never mutated) by adopt() when a hyper-parameter changes mid-run */
	hyper: Readonly<MomentumHyper>;
	readonly state: MomentumState;

	constructor(
		readonly size: number,
		readonly dtype: Dtype,
		hyper: MomentumHyper
	) {
		requireSize('momentum', size);
		this.hyper = {
			momentum: requireUnitInterval('momentum', 'momentum', hyper.momentum),
			weightDecay: requireNonNegative('momentum', 'weightDecay', hyper.weightDecay)
		};
		this.state = { t: 0, lastLr: 0, buf: allocFloat(dtype, size) };
	}

	get t(): number {
		return this.state.t;
	}

	step(params: FloatArray, grads: FloatArray, lr: number): void {
		checkStepArgs('momentum', this.size, params, grads, lr);
		const { momentum: mu, weightDecay: wd } = this.hyper;
		const buf = this.state.buf;
		for (let i = 0; i < this.size; i++) {
			const g = grads[i] + wd * params[i];
			const b = mu * buf[i] + g;
			buf[i] = b;
			params[i] -= lr * b;
		}
		this.state.t++;
		this.state.lastLr = lr;
	}

	/** Fresh arrays (safe to transfer): the velocity b and the (uniform) lr. */
	/** takes another Momentum's hyper-parameters (a live change); the state — moments, t — is kept, like torch's param_group */
	adopt(other: Optimizer): void {
		if (!(other instanceof Momentum)) throw new TypeError(`momentum: cannot take the hyper-parameters of ${other.name}`);
		this.hyper = other.hyper;
	}

	internals(): OptimizerInternals {
		if (this.state.t === 0) return {};
		return {
			velocity: this.state.buf.slice(),
			effectiveLr: allocFloat(this.dtype, this.size).fill(this.state.lastLr)
		};
	}
}
