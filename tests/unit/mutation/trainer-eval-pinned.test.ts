// The trainer's evaluation and bookkeeping edges, by hand: the confusion matrix filled from the
// evaluation's own pass (and ignored when it has the wrong size), the first maximal logit on ties,
// the naive softmax's overflow showing in the test loss too, a non-finite train loss's step result,
// live changes of each hyper-parameter leaving the others alone, defaults, and predict's copy.
import { describe, expect, it } from 'vitest';
import { countConfusion, Trainer, type RunConfig } from '../../../src/lib/engine/trainer';
import type { Dataset } from '../../../src/lib/engine/types';

/** 4 train / 3 test examples of one feature (value 1), all labelled 1, two classes */
function ones(): Dataset {
	return { name: 'xor', inputDim: 1, nClasses: 2, trainX: new Float32Array([1, 1, 1, 1]), trainY: new Uint8Array([1, 1, 1, 1]), testX: new Float32Array([1, 1, 1]), testY: new Uint8Array([1, 1, 0]) };
}
function cfg(over: Partial<RunConfig> = {}): RunConfig {
	return { hidden: [1], activation: 'relu', init: { scheme: 'zeros' }, optimizer: { name: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, batchSize: 2, totalSteps: 4, evalEvery: 2, seed: 1, ...over };
}
/** h = relu(1·x) = 1, logits (0, big): class 1 wins by `big` */
function withLogits(t: Trainer, big: number): Trainer {
	t.mlp.weight(0).set([1]);
	t.mlp.weight(1).set([0, big]);
	return t;
}

describe('countConfusion', () => {
	it('the first maximal logit on a tie; nothing read past a row', () => {
		const m = new Uint32Array(4);
		// row 0 logits (2, 2) label 1 → predicted 0 (tie → first); row 1 logits (1, 2) label 1 → 1; row 2 (5, 0) label 0 → 0
		countConfusion(m, new Float64Array([2, 2, 1, 2, 5, 0]), new Uint8Array([1, 1, 0]), 0, 3, 2);
		expect(Array.from(m)).toEqual([1, 0, 1, 1]);
	});
});

describe('Trainer evaluation', () => {
	it('fills evalConfusion from the same pass and stamps the step; a matrix of the wrong size is left alone', () => {
		const t = withLogits(new Trainer(ones(), cfg()), 3);
		expect(t.status).toBe('ready');
		expect(t.evalConfusionStep).toBe(-1);
		t.evaluate();
		expect(t.evalConfusionStep).toBe(-1); // no matrix asked for
		t.evalConfusion = new Uint32Array(4).fill(7);
		const r = t.evaluate();
		// every test example is predicted 1: true 1 → [1·2 + 1] twice, true 0 → [0·2 + 1] once
		expect(Array.from(t.evalConfusion)).toEqual([0, 1, 0, 2]);
		expect(t.evalConfusionStep).toBe(0);
		expect(r.testAccuracy).toBeCloseTo(2 / 3, 15);
		const wrong = new Uint32Array(5).fill(7);
		const t2 = withLogits(new Trainer(ones(), cfg()), 3);
		t2.evalConfusion = wrong;
		t2.evaluate();
		expect(Array.from(wrong)).toEqual([7, 7, 7, 7, 7]);
		expect(t2.evalConfusionStep).toBe(-1);
	});

	it('naive softmax overflows in the test loss too (logits (0, 1000)); the stable one gives the exact loss', () => {
		const naive = withLogits(new Trainer(ones(), cfg({ naiveSoftmax: true })), 1000);
		expect(naive.evaluate().testLoss).toBeNaN();
		const stable = withLogits(new Trainer(ones(), cfg()), 1000);
		// two examples of class 1: −log σ(1000) = log(1 + e^−1000) = 0; one of class 0: 1000 + log(1 + e^−1000) = 1000
		expect(stable.evaluate().testLoss).toBeCloseTo(1000 / 3, 9);
	});

	it('a non-finite train loss: the step result has epoch = step / steps per epoch and the batch accuracy', () => {
		const t = withLogits(new Trainer(ones(), cfg({ naiveSoftmax: true })), 1000);
		const r = t.step()!;
		// 4 examples in batches of 2: 2 steps per epoch → epoch ½; every train label is 1 = the arg-max → accuracy 1
		expect(r.step).toBe(1);
		expect(r.epoch).toBe(0.5);
		expect(r.batchAccuracy).toBe(1);
		expect(r.loss).toBeNaN();
		expect(t.status).toBe('diverged');
	});
});

describe('Trainer defaults and live changes', () => {
	it('float32 by default; the config’s change list is not reordered', () => {
		const changes = [
			{ step: 3, lr: 0.3 },
			{ step: 1, lr: 0.2 }
		];
		const t = new Trainer(ones(), cfg({ changes }));
		expect(t.mlp.dtype).toBe('float32');
		expect(t.mlp.params).toBeInstanceOf(Float32Array);
		expect(changes.map((c) => c.step)).toEqual([3, 1]);
	});

	it('each live change sets its own field and leaves the others', () => {
		const adam = new Trainer(ones(), cfg({ optimizer: { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, weightDecay: 0 } }));
		adam.retune({ beta1: 0.8 });
		expect(adam.current).toEqual({ name: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.999, weightDecay: 0 });
		adam.retune({ beta2: 0.99 });
		expect(adam.current).toEqual({ name: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.99, weightDecay: 0 });
		adam.retune({ weightDecay: 0.1 });
		expect(adam.current).toEqual({ name: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.99, weightDecay: 0.1 });
		adam.retune({ lr: 0.02 });
		expect(adam.current).toEqual({ name: 'adam', lr: 0.02, beta1: 0.8, beta2: 0.99, weightDecay: 0.1 });
		const mom = new Trainer(ones(), cfg({ optimizer: { name: 'momentum', lr: 0.1, momentum: 0.9 } }));
		mom.retune({ momentum: 0.5 });
		expect(mom.current).toEqual({ name: 'momentum', lr: 0.1, momentum: 0.5 });
		mom.retune({ lr: 0.2 });
		expect(mom.current).toEqual({ name: 'momentum', lr: 0.2, momentum: 0.5 });
	});

	it('predict returns a copy that the next call does not overwrite', () => {
		const t = withLogits(new Trainer(ones(), cfg()), 3);
		const a = t.predict(new Float32Array([1]), 1);
		t.predict(new Float32Array([2]), 1);
		expect(Array.from(a)).toEqual([0, 3]);
	});
});
