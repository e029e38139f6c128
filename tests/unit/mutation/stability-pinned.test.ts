// The edge-of-stability bound of every optimizer at η = 0.5, from the formulas in
// curvature/stability.ts's header (Cohen et al. 2021, 2022), worked out by hand: value, whether it
// bounds the preconditioned sharpness, and the formula as shown on the chart.
import { describe, expect, it } from 'vitest';
import { stabilityThreshold } from '../../../src/lib/engine/curvature/stability';

describe('stabilityThreshold at η = 0.5', () => {
	it('sgd 2/η = 4; momentum (2 + 2μ)/η (3.8/η at μ = 0.9 → 7.6; μ = 0.25 → 5); nesterov (2 + 2μ)/((1 + 2μ)η)', () => {
		expect(stabilityThreshold({ name: 'sgd', lr: 0.5 }, 0.5)).toEqual({ value: 4, preconditioned: false, formula: '2/η' });
		expect(stabilityThreshold({ name: 'momentum', lr: 0.5 }, 0.5)).toEqual({ value: 7.6, preconditioned: false, formula: '3.8/η = (2+2μ)/η' });
		expect(stabilityThreshold({ name: 'momentum', lr: 0.5, momentum: 0.25 }, 0.5)).toEqual({ value: 5, preconditioned: false, formula: '(2+2μ)/η, μ = 0.25' });
		// μ = 0.9 default: 3.8/(2.8·0.5) = 2.714…; μ = 0.5: 3/(2·0.5) = 3; μ = 1/3 shown to 3 decimals
		const nd = stabilityThreshold({ name: 'nesterov', lr: 0.5 }, 0.5);
		expect(nd.value).toBeCloseTo(3.8 / 1.4, 14);
		expect(nd.formula).toBe('(2+2μ)/((1+2μ)η), μ = 0.9');
		expect(stabilityThreshold({ name: 'nesterov', lr: 0.5, momentum: 0.5 }, 0.5)).toEqual({ value: 3, preconditioned: false, formula: '(2+2μ)/((1+2μ)η), μ = 0.5' });
		expect(stabilityThreshold({ name: 'momentum', lr: 0.5, momentum: 1 / 3 }, 0.5).formula).toBe('(2+2μ)/η, μ = 0.333');
	});

	it('adam/adamw (2 + 2β₁)/((1 − β₁)η): 38/η at β₁ = 0.9 → 76; β₁ = 0.5 → 6/0.5 = 12; preconditioned', () => {
		const a = stabilityThreshold({ name: 'adam', lr: 0.5 }, 0.5);
		expect(a.value).toBeCloseTo(76, 12);
		expect(a.preconditioned).toBe(true);
		expect(a.formula).toBe('38/η = (2+2β₁)/((1−β₁)η)');
		expect(stabilityThreshold({ name: 'adamw', lr: 0.5, beta1: 0.5 }, 0.5)).toEqual({ value: 12, preconditioned: true, formula: '6/η = (2+2β₁)/((1−β₁)η)' });
	});

	it('rmsprop 2/η (with momentum μ: (2 + 2μ)/η) and adagrad 2/η, both preconditioned', () => {
		expect(stabilityThreshold({ name: 'rmsprop', lr: 0.5 }, 0.5)).toEqual({ value: 4, preconditioned: true, formula: '2/η' });
		expect(stabilityThreshold({ name: 'rmsprop', lr: 0.5, momentum: 0 }, 0.5)).toEqual({ value: 4, preconditioned: true, formula: '2/η' });
		expect(stabilityThreshold({ name: 'rmsprop', lr: 0.5, momentum: 0.5 }, 0.5)).toEqual({ value: 6, preconditioned: true, formula: '(2+2μ)/η, μ = 0.5' });
		expect(stabilityThreshold({ name: 'adagrad', lr: 0.5 }, 0.5)).toEqual({ value: 4, preconditioned: true, formula: '2/η' });
	});

	it('uses the scheduled rate given, not the configured one', () => {
		expect(stabilityThreshold({ name: 'sgd', lr: 0.5 }, 0.25).value).toBe(8);
	});
});
