// θ₀'s evaluation on the test split, shared by the runs of one worker that start from the same θ₀.
// Compared runs start from the same initial weights (same init, seed and architecture), so each
// one's step-0 test loss, accuracy and confusion matrix are the same numbers: the first run computes
// them and the others take a copy — 7 runs of lesson 3 evaluate 2,000 test digits once, not 7 times,
// which is most of what starting them costs. A hit needs the same data-set object (the worker's
// cache hands one to every run of an experiment), the same architecture, dtype and softmax mode, and
// θ₀ equal value for value (an imported model or another seed is a miss). Entries live as long as
// their data set (a WeakMap), at most a few per data set. A run that takes one is charged the time
// the evaluation took, so per-run compute time (the "compute time" x axis, examples/s) treats every
// run alike, whichever started first.
import type { EvalResult, Trainer } from '../engine/trainer';
import type { FloatArray } from '../engine/types';

interface Entry {
	key: string;
	params: FloatArray;
	result: EvalResult;
	/** the evaluation's confusion matrix, when the trainer collected one */
	confusion: Uint32Array | null;
	/** what the evaluation took (the session's clock) */
	ms: number;
}

const MAX_PER_DATASET = 4;

export class InitialEvals {
	private readonly byData = new WeakMap<object, Entry[]>();

	private static key(t: Trainer): string {
		return [t.mlp.sizes.join('-'), t.mlp.activationName, t.mlp.dtype, t.cfg.naiveSoftmax ? 'naive' : 'stable'].join('|');
	}

	/**
	 * θ₀'s evaluation for a trainer at step 0, from an earlier run with the same θ₀ on the same data:
	 * the result (a copy) and the time it took, with the trainer's confusion matrix filled as its own
	 * evaluation would have done; null when there is none to share.
	 */
	take(t: Trainer): { result: EvalResult; ms: number } | null {
		if (t.stepCount !== 0) return null;
		const list = this.byData.get(t.data);
		const key = InitialEvals.key(t);
		const p = t.mlp.params;
		const hit = list?.find((e) => e.key === key && sameValues(e.params, p) && (!t.evalConfusion || e.confusion?.length === t.evalConfusion.length));
		if (!hit) return null;
		if (t.evalConfusion && hit.confusion) {
			t.evalConfusion.set(hit.confusion);
			t.evalConfusionStep = t.stepCount;
		}
		return { result: { ...hit.result }, ms: hit.ms };
	}

	/** keeps a step-0 evaluation the trainer just made, for the runs that start after it */
	remember(t: Trainer, result: EvalResult, ms: number): void {
		if (t.stepCount !== 0) return;
		const list = this.byData.get(t.data) ?? [];
		const confusion = t.evalConfusion && t.evalConfusionStep === t.stepCount ? t.evalConfusion.slice() : null;
		list.unshift({ key: InitialEvals.key(t), params: t.mlp.params.slice(), result: { ...result }, confusion, ms });
		list.length = Math.min(list.length, MAX_PER_DATASET);
		this.byData.set(t.data, list);
	}
}

function sameValues(a: FloatArray, b: FloatArray): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
	return true;
}
