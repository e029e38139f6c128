// The optimizers' shared hyper-parameter checks (engine/optim/hyper.ts), called directly, with the
// messages written out by hand — including values from untyped JavaScript (a URL or a JSON file
// could hand over a string).
import { describe, expect, it } from 'vitest';
import {
	checkStepArgs,
	requireBoolean,
	requireNonNegative,
	requireOpenUnitInterval,
	requirePositive,
	requireSize,
	requireUnitInterval
} from '../../../src/lib/engine/optim/hyper';

const any = (v: unknown) => v as number;

describe('hyper-parameter checks', () => {
	it('requirePositive', () => {
		expect(requirePositive('adam', 'eps', 1e-8)).toBe(1e-8);
		expect(() => requirePositive('adam', 'eps', 0)).toThrow(new RangeError('adam: eps must be a finite number > 0, got 0'));
		expect(() => requirePositive('adam', 'eps', any('1'))).toThrow(new RangeError('adam: eps must be a finite number > 0, got string 1'));
		expect(() => requirePositive('adam', 'eps', Infinity)).toThrow(new RangeError('adam: eps must be a finite number > 0, got Infinity'));
	});

	it('requireNonNegative', () => {
		expect(requireNonNegative('sgd', 'weightDecay', 0)).toBe(0);
		expect(() => requireNonNegative('sgd', 'weightDecay', -0.1)).toThrow(new RangeError('sgd: weightDecay must be a finite number ≥ 0, got -0.1'));
		expect(() => requireNonNegative('sgd', 'weightDecay', Infinity)).toThrow(new RangeError('sgd: weightDecay must be a finite number ≥ 0, got Infinity'));
		expect(() => requireNonNegative('sgd', 'weightDecay', NaN)).toThrow(new RangeError('sgd: weightDecay must be a finite number ≥ 0, got NaN'));
		expect(() => requireNonNegative('sgd', 'weightDecay', any(null))).toThrow(new RangeError('sgd: weightDecay must be a finite number ≥ 0, got object null'));
	});

	it('requireUnitInterval: [0, 1), a numeric string is refused (no coercion)', () => {
		expect(requireUnitInterval('momentum', 'momentum', 0)).toBe(0);
		expect(requireUnitInterval('momentum', 'momentum', 0.999)).toBe(0.999);
		expect(() => requireUnitInterval('momentum', 'momentum', 1)).toThrow(new RangeError('momentum: momentum must be in [0, 1), got 1'));
		expect(() => requireUnitInterval('adam', 'beta1', any('0.5'))).toThrow(new RangeError('adam: beta1 must be in [0, 1), got string 0.5'));
	});

	it('requireOpenUnitInterval: (0, 1)', () => {
		expect(requireOpenUnitInterval('nesterov', 'momentum', 0.5)).toBe(0.5);
		for (const v of [0, 1])
			expect(() => requireOpenUnitInterval('nesterov', 'momentum', v)).toThrow(new RangeError(`nesterov: momentum must be in (0, 1), got ${v}`));
		expect(() => requireOpenUnitInterval('nesterov', 'momentum', any('0.5'))).toThrow(
			new RangeError('nesterov: momentum must be in (0, 1), got string 0.5')
		);
	});

	it('requireBoolean', () => {
		expect(requireBoolean('adam', 'amsgrad', false)).toBe(false);
		expect(() => requireBoolean('adam', 'amsgrad', 'true' as unknown as boolean)).toThrow(new RangeError('adam: amsgrad must be true or false, got string true'));
	});

	it('checkStepArgs: lengths, then lr ≥ 0 (0 is legal: a schedule may reach it)', () => {
		const a3 = new Float64Array(3);
		expect(() => checkStepArgs('rmsprop', 3, a3, a3, 0)).not.toThrow();
		expect(() => checkStepArgs('rmsprop', 3, new Float64Array(2), a3, 0.1)).toThrow(
			new RangeError('rmsprop: expected params and grads of length 3, got 2 and 3')
		);
		expect(() => checkStepArgs('rmsprop', 3, a3, new Float64Array(4), 0.1)).toThrow(
			new RangeError('rmsprop: expected params and grads of length 3, got 3 and 4')
		);
		expect(() => checkStepArgs('rmsprop', 3, a3, a3, -1)).toThrow(new RangeError('rmsprop: lr must be a finite number ≥ 0, got -1'));
		expect(() => checkStepArgs('rmsprop', 3, a3, a3, Infinity)).toThrow(new RangeError('rmsprop: lr must be a finite number ≥ 0, got Infinity'));
	});

	it('requireSize: an integer ≥ 0', () => {
		expect(requireSize('sgd', 0)).toBe(0);
		expect(() => requireSize('sgd', -1)).toThrow(new RangeError('sgd: nParams must be an integer ≥ 0, got -1'));
		expect(() => requireSize('sgd', 2.5)).toThrow(new RangeError('sgd: nParams must be an integer ≥ 0, got 2.5'));
	});
});
