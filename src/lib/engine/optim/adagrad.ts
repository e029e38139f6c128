// Adagrad (Duchi et al. 2011) exactly as torch.optim.Adagrad documents it, with torch's defaults
// lr_decay η = 0 and initial_accumulator_value = 0 fixed (neither is exposed by OptimizerConfig):
//
//   γ̃ ← lr / (1 + (t − 1)·η) = lr
//   g ← ∇f(θ) + λθ                     (L2 penalty, λ = weight_decay)
//   s ← s + g²                          (torch's `sum`)
//   θ ← θ − γ̃·g / (√s + ε)             (ε = 1e-10 by default, outside the root)
//
// The effective rate lr/√s only ever shrinks, which is why Adagrad stalls on long runs.
//
// Shapes: params, grads, sum (P). Cost: one pass over P with one sqrt per parameter.

import { allocFloat, type Dtype, type FloatArray, type OptimizerInternals } from '../types';
import { BaseOptimizer, type StepState } from './base';
import { requireNonNegative, requirePositive, requireSize } from './hyper';

export interface AdagradHyper {
	eps: number;
	weightDecay: number;
}

export interface AdagradState extends StepState {
	/** running sum of g² (torch's `sum`) */
	sum: FloatArray;
}

export class Adagrad extends BaseOptimizer<AdagradHyper, AdagradState> {
	readonly name = 'adagrad' as const;

	constructor(size: number, dtype: Dtype, hyper: AdagradHyper) {
		requireSize('adagrad', size);
		const eps = requirePositive('adagrad', 'eps', hyper.eps);
		const weightDecay = requireNonNegative('adagrad', 'weightDecay', hyper.weightDecay);
		super(size, dtype, { eps, weightDecay }, { t: 0, lastLr: 0, sum: allocFloat(dtype, size) });
	}

	protected update(params: FloatArray, grads: FloatArray, lr: number): void {
		const { eps, weightDecay: wd } = this.hyper;
		const sum = this.state.sum;
		for (let i = 0; i < this.size; i++) {
			const g = grads[i] + wd * params[i];
			const s = sum[i] + g * g;
			sum[i] = s;
			params[i] -= lr * (g / (Math.sqrt(s) + eps)); // torch: addcdiv_(g, std, value=−lr)
		}
	}

	/** effectiveLr = lr / (√s + ε). Fresh array. */
	internals(): OptimizerInternals {
		return this.state.t === 0 ? {} : { effectiveLr: this.lrOverRoot(this.state.sum, this.hyper.eps) };
	}
}
