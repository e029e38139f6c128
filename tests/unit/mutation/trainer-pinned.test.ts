// The trainer's bookkeeping, pinned by hand: refusals and their messages, the epoch walk of the
// batch sampler (ragged last batch), when evaluations are due, which parameter a divergence names
// (layout worked out from the sizes: per layer W (out × in) then b), a non-finite loss stopping
// the run alone, and a live change's step.
import { describe, expect, it } from 'vitest';
import { BatchSampler, gatherRows, MAX_STEPS, Trainer, validateRunConfig, type RunConfig } from '../../../src/lib/engine/trainer';
import type { Dataset } from '../../../src/lib/engine/types';

/** 10 train and 4 test examples in 2-D, two classes */
function tiny(scale = 1): Dataset {
	const trainX = new Float32Array(20);
	const trainY = new Uint8Array(10);
	for (let i = 0; i < 10; i++) {
		trainX[2 * i] = scale * (i - 4.5);
		trainX[2 * i + 1] = scale * (i % 3) - scale;
		trainY[i] = i % 2;
	}
	return { name: 'xor', inputDim: 2, nClasses: 2, trainX, trainY, testX: trainX.slice(0, 8), testY: trainY.slice(0, 4) };
}

function cfg(over: Partial<RunConfig> = {}): RunConfig {
	return {
		hidden: [3],
		activation: 'tanh',
		init: { scheme: 'xavier-uniform' },
		optimizer: { name: 'sgd', lr: 0.1 },
		schedule: { kind: 'constant' },
		batchSize: 3,
		totalSteps: 7,
		evalEvery: 3,
		seed: 5,
		...over
	};
}

describe('validateRunConfig', () => {
	it('takes the limits themselves and refuses one past them, naming the field', () => {
		expect(() => validateRunConfig(cfg({ totalSteps: MAX_STEPS, evalEvery: MAX_STEPS, seed: 4294967295 }))).not.toThrow();
		expect(() => validateRunConfig(cfg({ totalSteps: 1, evalEvery: 1, seed: 0 }))).not.toThrow();
		expect(MAX_STEPS).toBe(10_000_000);
		const cases: [Partial<RunConfig>, string][] = [
			[{ totalSteps: 0 }, 'steps: must be a whole number from 1 to 10000000, got 0'],
			[{ totalSteps: 10_000_001 }, 'steps: must be a whole number from 1 to 10000000, got 10000001'],
			[{ totalSteps: 2.5 }, 'steps: must be a whole number from 1 to 10000000, got 2.5'],
			[{ evalEvery: 0 }, 'evalEvery: must be a whole number from 1 to 10000000, got 0'],
			[{ evalEvery: 10_000_001 }, 'evalEvery: must be a whole number from 1 to 10000000, got 10000001'],
			[{ seed: -1 }, 'seed: must be a whole number from 0 to 4294967295, got -1'],
			[{ seed: 4294967296 }, 'seed: must be a whole number from 0 to 4294967295, got 4294967296'],
			[{ optimizer: { name: 'sgd', lr: 0 } }, 'lr: must be a finite number > 0, got 0'],
			[{ optimizer: { name: 'sgd', lr: Infinity } }, 'lr: must be a finite number > 0, got Infinity'],
			[{ optimizer: { name: 'sgd', lr: NaN } }, 'lr: must be a finite number > 0, got NaN']
		];
		for (const [over, msg] of cases) expect(() => validateRunConfig(cfg(over))).toThrow(new RangeError(msg));
	});
});

describe('BatchSampler', () => {
	it('10 examples in batches of 3: sizes 3, 3, 3, 1 per epoch, each epoch a permutation, then a new one', () => {
		const s = new BatchSampler(10, 3, 42);
		expect(s.stepsPerEpoch).toBe(4);
		const epochs: number[][] = [[], []];
		const sizes: number[] = [];
		for (let k = 0; k < 8; k++) {
			const idx = s.next();
			sizes.push(idx.length);
			epochs[k < 4 ? 0 : 1].push(...idx);
			expect(s.epoch).toBe(k < 4 ? 0 : 1);
		}
		expect(sizes).toEqual([3, 3, 3, 1, 3, 3, 3, 1]);
		for (const e of epochs) expect([...e].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(epochs[1]).not.toEqual(epochs[0]);
	});

	it('takes a batch of the whole split and refuses 0, a fraction or more than the split, naming the split size', () => {
		const s = new BatchSampler(10, 10, 1);
		expect(s.stepsPerEpoch).toBe(1);
		expect(s.next().length).toBe(10);
		for (const b of [0, 2.5, 11])
			expect(() => new BatchSampler(10, b, 1)).toThrow(new RangeError(`batch: must be a whole number from 1 to the train split size 10, got ${b}`));
	});
});

describe('gatherRows', () => {
	it('copies rows idx of X into the first |idx| rows of a longer buffer (the last, shorter batch of an epoch) and no further', () => {
		// X (4, 2) = [[0, 1], [10, 11], [20, 21], [30, 31]]; rows 3 and 1 into a 3-row buffer
		const X = new Float32Array([0, 1, 10, 11, 20, 21, 30, 31]);
		const out = new Float64Array(6).fill(-7);
		gatherRows(out, X, [3, 1], 2);
		expect(Array.from(out)).toEqual([30, 31, 10, 11, -7, -7]);
		// the file's last row as the only one
		const one = new Float32Array(4).fill(-7);
		gatherRows(one, X, new Uint32Array([3]), 2);
		expect(Array.from(one)).toEqual([30, 31, -7, -7]);
	});

	it('long rows (D ≥ 64, copied by TypedArray.set): the same, into float64 and float32 buffers', () => {
		// X (3, 64): row r, column j holds 100·r + j + 0.5 (exact in float32)
		const D = 64;
		const X = Float32Array.from({ length: 3 * D }, (_, k) => 100 * Math.floor(k / D) + (k % D) + 0.5);
		const row = (r: number) => Array.from({ length: D }, (_, j) => 100 * r + j + 0.5);
		for (const out of [new Float64Array(3 * D).fill(-7), new Float32Array(3 * D).fill(-7)]) {
			gatherRows(out, X, [2, 0], D);
			expect(Array.from(out)).toEqual([...row(2), ...row(0), ...Array(D).fill(-7)]);
		}
	});
});

describe('Trainer bookkeeping', () => {
	it('evaluations are due every evalEvery steps and after the last; epoch = steps / steps per epoch', () => {
		const t = new Trainer(tiny(), cfg());
		const due: number[] = [];
		const epochs: number[] = [];
		while (!t.finished) {
			const r = t.step()!;
			epochs.push(r.epoch);
			expect(Array.from(t.lastBatch).length).toBe(r.step % 4 === 0 ? 1 : 3);
			if (t.evalDue()) due.push(t.stepCount);
		}
		expect(due).toEqual([3, 6, 7]);
		expect(epochs).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]);
		expect(t.status).toBe('done');
		expect(t.step()).toBeNull();
		expect(t.stepCount).toBe(7);
	});

	it('predict gives the logits of the first n rows only, as a copy', () => {
		const t = new Trainer(tiny(), cfg());
		const X = tiny().trainX;
		const two = t.predict(X, 2);
		expect(two.length).toBe(4);
		const all = t.predict(X, 10);
		expect(Array.from(two)).toEqual(Array.from(all.subarray(0, 4)));
		two[0] = 999;
		expect(t.predict(X, 2)[0]).not.toBe(999);
	});

	// sizes [2, 3, 2]: layer 1 W 0…5, b 6…8; layer 2 W 9…14, b 15…16
	const where: [number, string][] = [
		[0, 'layer 1 weight'],
		[5, 'layer 1 weight'],
		[6, 'layer 1 bias'],
		[8, 'layer 1 bias'],
		[9, 'layer 2 weight'],
		[14, 'layer 2 weight'],
		[15, 'layer 2 bias'],
		[16, 'layer 2 bias']
	];
	for (const bad of [NaN, Infinity, -Infinity]) {
		it(`a parameter turned ${bad} by the update is named by layer and kind, at that step`, () => {
			for (const [k, what] of where) {
				const t = new Trainer(tiny(), cfg());
				expect(t.mlp.nParams).toBe(17);
				t.step();
				const real = t.optimizer.step.bind(t.optimizer);
				t.optimizer.step = (p, g, lr) => {
					real(p, g, lr);
					p[k] = bad;
				};
				const r = t.step()!;
				expect(r.step).toBe(2);
				expect(t.status).toBe('diverged');
				expect(t.divergence).toEqual({ step: 2, what, value: bad });
				expect(t.step()).toBeNull();
			}
		});
	}

	it('a non-finite train loss stops the run before any update, at step k with the loss as value', () => {
		// inputs of ±45,000 with the lecture's naive softmax: exp(logit) overflows to ∞ and ∞/∞ = NaN
		const t = new Trainer(tiny(10_000), cfg({ naiveSoftmax: true, batchSize: 10, activation: 'linear' }));
		const before = Array.from(t.mlp.params);
		const r = t.step()!;
		expect(Number.isFinite(r.loss)).toBe(false);
		expect(r.step).toBe(1);
		expect(r.epoch).toBe(1);
		expect(r.lr).toBe(0.1);
		expect(t.status).toBe('diverged');
		expect(t.divergence?.step).toBe(1);
		expect(t.divergence?.what).toBe('train loss');
		expect(t.stepCount).toBe(0);
		expect(Array.from(t.mlp.params)).toEqual(before);
	});

	it('a live change is stamped with the updates so far and rules the next step', () => {
		const t = new Trainer(tiny(), cfg());
		t.step();
		t.step();
		expect(t.retune({ lr: 0.5 })).toEqual({ step: 2, lr: 0.5 });
		expect(t.current.lr).toBe(0.5);
		expect(t.cfg.optimizer.lr).toBe(0.1);
		expect(t.step()!.lr).toBe(0.5);
	});

	it('changes given in the config apply when their step is reached, in step order', () => {
		const t = new Trainer(tiny(), cfg({ changes: [{ step: 4, lr: 0.4 }, { step: 2, lr: 0.2 }] }));
		const lrs: number[] = [];
		while (!t.finished) lrs.push(t.step()!.lr);
		expect(lrs).toEqual([0.1, 0.1, 0.2, 0.2, 0.4, 0.4, 0.4]);
	});
});
