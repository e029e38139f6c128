// Plain stochastic gradient descent: torch.optim.SGD with momentum = 0.
//
// torch's documented algorithm, per step t (λ = weight_decay):
//   g ← ∇f(θ)            (read, never modified)
//   g ← g + λθ           (L2 penalty, torch semantics)
//   θ ← θ − lr·g
//
// Shapes: params, grads (P). Cost: one pass over P, no state.

import { allocFloat, type Dtype, type FloatArray, type Optimizer, type OptimizerInternals } from '../types';
import { checkStepArgs, requireNonNegative, requireSize } from './hyper';

export interface SgdHyper {
	weightDecay: number;
}

export interface SgdState {
	/** steps taken */
	t: number;
	/** the lr of the last step, for internals() */
	lastLr: number;
}

export class Sgd implements Optimizer {
	readonly name = 'sgd' as const;
	/** replaced (never mutated) by adopt() when a hyper-parameter changes mid-run */
	hyper: Readonly<SgdHyper>;
	readonly state: SgdState = { t: 0, lastLr: 0 };

	constructor(
		readonly size: number,
		readonly dtype: Dtype,
		hyper: SgdHyper
	) {
		requireSize('sgd', size);
		this.hyper = { weightDecay: requireNonNegative('sgd', 'weightDecay', hyper.weightDecay) };
	}

	get t(): number {
		return this.state.t;
	}

	step(params: FloatArray, grads: FloatArray, lr: number): void {
		checkStepArgs('sgd', this.size, params, grads, lr);
		// λ = 0 makes λθ an exact +0, so the unpenalised case needs no separate loop.
		const wd = this.hyper.weightDecay;
		for (let i = 0; i < this.size; i++) {
			const g = grads[i] + wd * params[i];
			params[i] -= lr * g;
		}
		this.state.t++;
		this.state.lastLr = lr;
	}

	/** Fresh arrays (safe to transfer): SGD's effective rate is lr on every coordinate. */
	/** takes another Sgd's hyper-parameters (a live change); the state — moments, t — is kept, like torch's param_group */
	adopt(other: Optimizer): void {
		if (!(other instanceof Sgd)) throw new TypeError(`sgd: cannot take the hyper-parameters of ${other.name}`);
		this.hyper = other.hyper;
	}

	internals(): OptimizerInternals {
		if (this.state.t === 0) return {};
		return { effectiveLr: allocFloat(this.dtype, this.size).fill(this.state.lastLr) };
	}
}
