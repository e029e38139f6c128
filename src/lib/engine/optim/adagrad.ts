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

import { allocFloat, type Dtype, type FloatArray, type Optimizer, type OptimizerInternals } from '../types';
import { checkStepArgs, requireNonNegative, requirePositive, requireSize } from './hyper';

export interface AdagradHyper {
	eps: number;
	weightDecay: number;
}

export interface AdagradState {
	t: number;
	lastLr: number;
	/** running sum of g² (torch's `sum`) */
	sum: FloatArray;
}

export class Adagrad implements Optimizer {
	readonly name = 'adagrad' as const;
	/** replaced (never mutated) by adopt() when a hyper-parameter changes mid-run */
	hyper: Readonly<AdagradHyper>;
	readonly state: AdagradState;

	constructor(
		readonly size: number,
		readonly dtype: Dtype,
		hyper: AdagradHyper
	) {
		requireSize('adagrad', size);
		this.hyper = {
			eps: requirePositive('adagrad', 'eps', hyper.eps),
			weightDecay: requireNonNegative('adagrad', 'weightDecay', hyper.weightDecay)
		};
		this.state = { t: 0, lastLr: 0, sum: allocFloat(dtype, size) };
	}

	get t(): number {
		return this.state.t;
	}

	step(params: FloatArray, grads: FloatArray, lr: number): void {
		checkStepArgs('adagrad', this.size, params, grads, lr);
		const { eps, weightDecay: wd } = this.hyper;
		const sum = this.state.sum;
		for (let i = 0; i < this.size; i++) {
			const g = grads[i] + wd * params[i];
			const s = sum[i] + g * g;
			sum[i] = s;
			params[i] -= lr * (g / (Math.sqrt(s) + eps)); // torch: addcdiv_(g, std, value=−lr)
		}
		this.state.t++;
		this.state.lastLr = lr;
	}

	/** effectiveLr = lr / (√s + ε). Fresh array. */
	/** takes another Adagrad's hyper-parameters (a live change); the state — moments, t — is kept, like torch's param_group */
	adopt(other: Optimizer): void {
		if (!(other instanceof Adagrad)) throw new TypeError(`adagrad: cannot take the hyper-parameters of ${other.name}`);
		this.hyper = other.hyper;
	}

	internals(): OptimizerInternals {
		const { t, lastLr, sum } = this.state;
		if (t === 0) return {};
		const effectiveLr = allocFloat(this.dtype, this.size);
		for (let i = 0; i < this.size; i++) effectiveLr[i] = lastLr / (Math.sqrt(sum[i]) + this.hyper.eps);
		return { effectiveLr };
	}
}
