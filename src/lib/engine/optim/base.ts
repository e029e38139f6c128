// What every optimizer module shares, so each module holds only its own algorithm: the
// size/dtype/hyper/state fields, the per-step argument check and bookkeeping (t, the last lr),
// the live change of hyper-parameters (adopt) and the two effective-rate views of internals().
// A module validates its hyper-parameters, allocates its state and writes update(): torch's
// documented per-parameter loop for step t.

import { allocFloat, type Dtype, type FloatArray, type Optimizer, type OptimizerInternals, type OptimizerName } from '../types';
import { checkStepArgs } from './hyper';

export interface StepState {
	/** steps taken (torch's `step`) */
	t: number;
	/** the lr of the last step, for internals() */
	lastLr: number;
}

export abstract class BaseOptimizer<H extends object, S extends StepState> implements Optimizer {
	abstract readonly name: OptimizerName;
	/** replaced (never mutated) by adopt() when a hyper-parameter changes mid-run */
	hyper: Readonly<H>;
	readonly state: S;

	/** `hyper` comes validated and `state` allocated by the module (see requireSize and ./hyper). */
	constructor(
		readonly size: number,
		readonly dtype: Dtype,
		hyper: H,
		state: S
	) {
		this.hyper = hyper;
		this.state = state;
	}

	get t(): number {
		return this.state.t;
	}

	step(params: FloatArray, grads: FloatArray, lr: number): void {
		checkStepArgs(this.name, this.size, params, grads, lr);
		const t = ++this.state.t;
		this.state.lastLr = lr;
		this.update(params, grads, lr, t);
	}

	/** One in-place update of params (grads are read only); t counts this step from 1. */
	protected abstract update(params: FloatArray, grads: FloatArray, lr: number, t: number): void;

	/** takes another optimizer's hyper-parameters of the same kind (a live change); the state — moments, t — is kept, like torch's param_group */
	adopt(other: Optimizer): void {
		if (!(other instanceof this.constructor)) throw new TypeError(`${this.name}: cannot take the hyper-parameters of ${other.name}`);
		this.hyper = (other as this).hyper;
	}

	abstract internals(): OptimizerInternals;

	/** Fresh array: the last lr on every coordinate (SGD and its momentum variants). */
	protected uniformLr(): FloatArray {
		return allocFloat(this.dtype, this.size).fill(this.state.lastLr);
	}

	/** Fresh array: lr / (√acc + ε) per coordinate (Adagrad's sum, RMSprop's average of g²). */
	protected lrOverRoot(acc: FloatArray, eps: number): FloatArray {
		const out = allocFloat(this.dtype, this.size);
		for (let i = 0; i < this.size; i++) out[i] = this.state.lastLr / (Math.sqrt(acc[i]) + eps);
		return out;
	}

	/** Fresh arrays: the momentum buffer as velocity and the uniform lr (heavy-ball and Nesterov); {} before the first step. */
	protected velocityInternals(buf: FloatArray): OptimizerInternals {
		return this.state.t === 0 ? {} : { velocity: buf.slice(), effectiveLr: this.uniformLr() };
	}
}
