// Plain stochastic gradient descent: torch.optim.SGD with momentum = 0.
//
// torch's documented algorithm, per step t (λ = weight_decay):
//   g ← ∇f(θ)            (read, never modified)
//   g ← g + λθ           (L2 penalty, torch semantics)
//   θ ← θ − lr·g
//
// Shapes: params, grads (P). Cost: one pass over P, no state.

import type { Dtype, FloatArray, OptimizerInternals } from '../types';
import { BaseOptimizer, type StepState } from './base';
import { requireNonNegative, requireSize } from './hyper';

export interface SgdHyper {
	weightDecay: number;
}

export type SgdState = StepState;

export class Sgd extends BaseOptimizer<SgdHyper, SgdState> {
	readonly name = 'sgd' as const;

	constructor(size: number, dtype: Dtype, hyper: SgdHyper) {
		super(requireSize('sgd', size), dtype, { weightDecay: requireNonNegative('sgd', 'weightDecay', hyper.weightDecay) }, { t: 0, lastLr: 0 });
	}

	protected update(params: FloatArray, grads: FloatArray, lr: number): void {
		// λ = 0 makes λθ an exact +0, so the unpenalised case needs no separate loop.
		const wd = this.hyper.weightDecay;
		for (let i = 0; i < this.size; i++) {
			const g = grads[i] + wd * params[i];
			params[i] -= lr * g;
		}
	}

	/** Fresh arrays (safe to transfer): SGD's effective rate is lr on every coordinate. */
	internals(): OptimizerInternals {
		return this.state.t === 0 ? {} : { effectiveLr: this.uniformLr() };
	}
}
