// A live change (retuneOptimizer → adopt) puts the new hyper-parameters in force and keeps the
// state. For each optimizer: θ = 1, a first step with g = 0 and no weight decay (nothing moves, the
// state stays at zero), then weight decay λ = 0.5 switched on and a second step with g = 0 — the
// update is then the L2 term alone (decoupled for AdamW), worked out below from torch.optim's
// documented algorithms with lr 0.1.
import { describe, expect, it } from 'vitest';
import { createOptimizer, retuneOptimizer } from '../../../src/lib/engine/optim/index';
import type { OptimizerConfig, OptimizerName } from '../../../src/lib/engine/types';

const LR = 0.1;
const LAMBDA = 0.5;

// after the change: g' = g + λθ = 0.5 (AdamW: θ ← θ(1 − lr·λ) first, its g' stays 0)
const EXPECTED: Record<OptimizerName, number> = {
	// θ − lr·g'
	sgd: 1 - LR * 0.5,
	// buf = μ·0 + g' = 0.5 (the first step stored buf = 0)
	momentum: 1 - LR * 0.5,
	// buf = 0.5; nesterov direction g' + μ·buf = 0.5 + 0.9·0.5
	nesterov: 1 - LR * (0.5 + 0.9 * 0.5),
	// sum = 0 + 0.5² ; θ − lr·g'/(√sum + 1e-10)
	adagrad: 1 - (LR * 0.5) / (0.5 + 1e-10),
	// v = 0.99·0 + 0.01·0.25 = 0.0025; θ − lr·g'/(√v + 1e-8)
	rmsprop: 1 - (LR * 0.5) / (0.05 + 1e-8),
	// t = 2: m = 0.1·0.5, v = 0.001·0.25; m̂ = m/(1 − 0.9²), v̂ = v/(1 − 0.999²)
	adam: 1 - (LR * (0.05 / (1 - 0.81))) / (Math.sqrt(0.00025 / (1 - 0.998001)) + 1e-8),
	// θ(1 − lr·λ), then an Adam step on zero moments (no move)
	adamw: 1 * (1 - LR * LAMBDA)
};

describe('retuneOptimizer: weight decay switched on after one step', () => {
	for (const name of Object.keys(EXPECTED) as OptimizerName[]) {
		it(name, () => {
			const cfg: OptimizerConfig = { name, lr: LR, weightDecay: 0 };
			const opt = createOptimizer(cfg, 1, 'float64');
			const theta = new Float64Array([1]);
			const g = new Float64Array([0]);
			opt.step(theta, g, LR);
			expect(theta[0]).toBe(1);
			retuneOptimizer(opt, { ...cfg, weightDecay: LAMBDA }, 'float64');
			opt.step(theta, g, LR);
			expect(theta[0]).toBeCloseTo(EXPECTED[name], 12);
		});
	}
});

describe('refusals', () => {
	it('a live change cannot switch the optimizer; adopt refuses another kind, by name', () => {
		const names = Object.keys(EXPECTED) as OptimizerName[];
		for (const name of names) {
			const live = createOptimizer({ name, lr: LR }, 2, 'float64');
			const other = names.find((n) => n !== name)!;
			expect(() => retuneOptimizer(live, { name: other, lr: LR }, 'float64')).toThrow(
				new RangeError(`optimizer: a live change keeps the optimizer (${name}), got ${other}`)
			);
			expect(() => live.adopt(createOptimizer({ name: other, lr: LR }, 1, 'float64'))).toThrow(
				new TypeError(`${name}: cannot take the hyper-parameters of ${other}`)
			);
		}
	});

	it('an unknown optimizer name from untyped JavaScript', () => {
		expect(() => createOptimizer({ name: 'lion', lr: 0.1 } as unknown as OptimizerConfig, 1, 'float64')).toThrow(
			new RangeError('optimizer: unknown name lion')
		);
	});
});

describe('RMSprop internals', () => {
	it('the velocity it reports is a copy taken at the call', () => {
		const opt = createOptimizer({ name: 'rmsprop', lr: LR, momentum: 0.5 }, 1, 'float64');
		const theta = new Float64Array([1]);
		opt.step(theta, new Float64Array([2]), LR);
		const before = opt.internals().velocity!;
		const v0 = before[0];
		opt.step(theta, new Float64Array([2]), LR);
		expect(before[0]).toBe(v0);
		expect(opt.internals().velocity![0]).not.toBe(v0);
	});
});
