// Nesterov momentum: torch.optim.SGD with momentum μ, dampening 0, nesterov=True.
//
// torch's documented algorithm, per step t (λ = weight_decay):
//   g ← ∇f(θ) + λθ
//   b ← μ·b + g           (b = g at t = 1; the zero-initialised buffer gives that exactly)
//   g ← g + μ·b           (look-ahead: the step uses the gradient plus the *updated* buffer)
//   θ ← θ − lr·g
// torch rejects nesterov with μ ≤ 0, and so do we (at μ = 0 it would be plain SGD anyway).
//
// Shapes: params, grads, buf (P). Cost: one pass over P.

import { allocFloat, type Dtype, type FloatArray, type Optimizer, type OptimizerInternals } from '../types';
import { checkStepArgs, requireNonNegative, requireOpenUnitInterval, requireSize } from './hyper';

export interface NesterovHyper {
	momentum: number;
	weightDecay: number;
}

export interface NesterovState {
	t: number;
	lastLr: number;
	/** momentum buffer b (torch's `momentum_buffer`) */
	buf: FloatArray;
}

export class Nesterov implements Optimizer {
	readonly name = 'nesterov' as const;
	/** replaced (never mutated) by adopt() when a hyper-parameter changes mid-run */
	hyper: Readonly<NesterovHyper>;
	readonly state: NesterovState;

	constructor(
		readonly size: number,
		readonly dtype: Dtype,
		hyper: NesterovHyper
	) {
		requireSize('nesterov', size);
		this.hyper = {
			momentum: requireOpenUnitInterval('nesterov', 'momentum', hyper.momentum),
			weightDecay: requireNonNegative('nesterov', 'weightDecay', hyper.weightDecay)
		};
		this.state = { t: 0, lastLr: 0, buf: allocFloat(dtype, size) };
	}

	get t(): number {
		return this.state.t;
	}

	step(params: FloatArray, grads: FloatArray, lr: number): void {
		checkStepArgs('nesterov', this.size, params, grads, lr);
		const { momentum: mu, weightDecay: wd } = this.hyper;
		const buf = this.state.buf;
		for (let i = 0; i < this.size; i++) {
			const g = grads[i] + wd * params[i];
			const b = mu * buf[i] + g;
			buf[i] = b;
			params[i] -= lr * (g + mu * b);
		}
		this.state.t++;
		this.state.lastLr = lr;
	}

	/** Fresh arrays (safe to transfer): the velocity b and the (uniform) lr. */
	/** takes another Nesterov's hyper-parameters (a live change); the state — moments, t — is kept, like torch's param_group */
	adopt(other: Optimizer): void {
		if (!(other instanceof Nesterov)) throw new TypeError(`nesterov: cannot take the hyper-parameters of ${other.name}`);
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
