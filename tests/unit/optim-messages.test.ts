// What Stryker found unpinned in src/lib/engine/optim (tests/mutation/survivors.md): error messages
// must name the optimizer and the field, and internals() must report values worked out by hand.
import { describe, expect, it } from 'vitest';
import { createOptimizer, withDefaults } from '../../src/lib/engine/optim/index';
import type { OptimizerConfig } from '../../src/lib/engine/types';

describe('hyper-parameter errors name the optimizer and the field', () => {
	const cases: [OptimizerConfig, RegExp][] = [
		[{ name: 'sgd', lr: 0.1, weightDecay: -1 }, /^sgd: weightDecay must be a finite number ≥ 0, got -1$/],
		[{ name: 'momentum', lr: 0.1, momentum: 1 }, /^momentum: momentum must be in \[0, 1\), got 1$/],
		[{ name: 'momentum', lr: 0.1, weightDecay: NaN }, /^momentum: weightDecay must be a finite number ≥ 0, got NaN$/],
		[{ name: 'nesterov', lr: 0.1, momentum: 0 }, /^nesterov: momentum must be in \(0, 1\), got 0$/],
		[{ name: 'nesterov', lr: 0.1, weightDecay: -0.5 }, /^nesterov: weightDecay must be a finite number ≥ 0, got -0.5$/],
		[{ name: 'adam', lr: 0.1, beta1: 1 }, /^adam: beta1 must be in \[0, 1\), got 1$/],
		[{ name: 'adamw', lr: 0.1, eps: 0 }, /^adamw: eps must be a finite number > 0, got 0$/],
		[{ name: 'rmsprop', lr: 0.1, alpha: -0.1 }, /^rmsprop: alpha must be in \[0, 1\), got -0.1$/],
		[{ name: 'rmsprop', lr: 0.1, eps: -1 }, /^rmsprop: eps must be a finite number > 0, got -1$/],
		[{ name: 'rmsprop', lr: 0.1, momentum: 2 }, /^rmsprop: momentum must be in \[0, 1\), got 2$/],
		[{ name: 'rmsprop', lr: 0.1, weightDecay: -2 }, /^rmsprop: weightDecay must be a finite number ≥ 0, got -2$/],
		[{ name: 'adagrad', lr: 0.1, eps: Infinity }, /^adagrad: eps must be a finite number > 0, got Infinity$/],
		[{ name: 'adagrad', lr: 0.1, weightDecay: -3 }, /^adagrad: weightDecay must be a finite number ≥ 0, got -3$/]
	];
	it.each(cases)('%j', (cfg, msg) => {
		expect(() => createOptimizer(cfg, 3, 'float64')).toThrow(msg);
	});
	it('a non-number is described with its type', () => {
		expect(() => createOptimizer({ name: 'rmsprop', lr: 0.1, alpha: '0.5' as unknown as number }, 3, 'float64')).toThrow(
			/^rmsprop: alpha must be in \[0, 1\), got string 0.5$/
		);
	});
	it.each(['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const)('%s: step checks lengths and lr by name', (name) => {
		const opt = createOptimizer({ name, lr: 0.1 }, 3, 'float64');
		const p = new Float64Array(3);
		expect(() => opt.step(new Float64Array(2), p, 0.1)).toThrow(new RegExp(`^${name}: expected params and grads of length 3, got 2 and 3$`));
		expect(() => opt.step(p, new Float64Array(4), 0.1)).toThrow(new RegExp(`^${name}: expected params and grads of length 3, got 3 and 4$`));
		expect(() => opt.step(p, p.slice(), -1)).toThrow(new RegExp(`^${name}: lr must be a finite number ≥ 0, got -1$`));
		// lr = 0 is a legal scheduled rate (cosine to ηmin = 0): the step runs and θ stays put
		const theta = Float64Array.from([1, 2, 3]);
		opt.step(theta, Float64Array.from([1, -1, 0.5]), 0);
		expect(Array.from(theta)).toEqual([1, 2, 3]);
		expect(opt.t).toBe(1);
		expect(() => createOptimizer({ name, lr: 0.1 }, 0, 'float64')).not.toThrow();
		expect(() => createOptimizer({ name, lr: 0.1 }, -1, 'float64')).toThrow(new RegExp(`^${name}: nParams must be an integer ≥ 0, got -1$`));
	});
	it('an explicit undefined field takes the default; an unknown name is rejected', () => {
		const opt = createOptimizer({ name: 'rmsprop', lr: 0.1, alpha: undefined }, 1, 'float64');
		const theta = Float64Array.from([0]);
		opt.step(theta, Float64Array.from([1]), 0.1);
		// α = 0.99: v = 0.01, step = 0.1·1/(0.1 + 1e-8)
		expect(theta[0]).toBeCloseTo(-0.1 / (0.1 + 1e-8), 15);
		expect(() => createOptimizer({ name: 'lion' as 'sgd', lr: 0.1 }, 1, 'float64')).toThrow(RangeError);
		// withDefaults fills an explicit undefined too (torch's adam: β₁ 0.9, β₂ 0.999, ε 1e-8, λ 0, amsgrad off)
		expect(withDefaults({ name: 'adam', lr: 1, beta1: undefined, eps: 1e-3 })).toEqual({ name: 'adam', lr: 1, beta1: 0.9, beta2: 0.999, eps: 1e-3, weightDecay: 0, amsgrad: false });
	});
});

describe('internals() against hand values', () => {
	it('nothing before the first step', () => {
		for (const name of ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const)
			expect(createOptimizer({ name, lr: 0.1 }, 2, 'float64').internals()).toEqual({});
	});
	it('rmsprop: effectiveLr = lr/(√v + ε); a velocity only with μ > 0', () => {
		const opt = createOptimizer({ name: 'rmsprop', lr: 0.1, alpha: 0.75, eps: 0.5 }, 2, 'float64');
		opt.step(new Float64Array(2), Float64Array.from([2, -4]), 0.1);
		// v = 0.25·g² = [1, 4] → lr/(√v + ε) = [0.1/1.5, 0.1/2.5]
		const i = opt.internals();
		expect(Array.from(i.effectiveLr!)).toEqual([0.1 / 1.5, 0.1 / 2.5]);
		expect(i.velocity).toBeUndefined();
		const withMu = createOptimizer({ name: 'rmsprop', lr: 0.1, alpha: 0.75, eps: 0.5, momentum: 0.5 }, 2, 'float64');
		withMu.step(new Float64Array(2), Float64Array.from([2, -4]), 0.1);
		// b = g/(√v + ε) = [2/1.5, −4/2.5]
		expect(Array.from(withMu.internals().velocity!)).toEqual([2 / 1.5, -4 / 2.5]);
	});
	it('adagrad: effectiveLr = lr/(√s + ε)', () => {
		const opt = createOptimizer({ name: 'adagrad', lr: 0.1, eps: 0.5 }, 2, 'float64');
		opt.step(new Float64Array(2), Float64Array.from([3, -4]), 0.1);
		expect(Array.from(opt.internals().effectiveLr!)).toEqual([0.1 / 3.5, 0.1 / 4.5]);
	});
	it.each(['momentum', 'nesterov'] as const)('%s: the velocity is a copy, not the live buffer', (name) => {
		const opt = createOptimizer({ name, lr: 0.1, momentum: 0.5 }, 1, 'float64');
		opt.step(new Float64Array(1), Float64Array.from([2]), 0.1);
		const v = opt.internals().velocity!;
		expect(Array.from(v)).toEqual([2]);
		opt.step(new Float64Array(1), Float64Array.from([2]), 0.1);
		expect(Array.from(v)).toEqual([2]); // unchanged by the next step
		expect(Array.from(opt.internals().velocity!)).toEqual([3]);
	});
});
