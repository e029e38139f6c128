import { describe, expect, it } from 'vitest';
import { interpolationAlphas, lossAlongLine, pointOnLine } from '../../src/lib/engine/loss-plane/interpolate';
import { Mlp } from '../../src/lib/engine/mlp';

describe('loss along the line θ₀ → θ_now → 1.5×', () => {
	it('α runs 0, 0.05, …, 1.5 with 1 exactly on the grid', () => {
		const a = interpolationAlphas();
		expect(a.length).toBe(31);
		expect(a[0]).toBe(0);
		expect(a[20]).toBe(1);
		expect(a[30]).toBe(1.5);
		expect(() => interpolationAlphas(0)).toThrow(/interpolation/);
	});

	it('θ(α) = θ₀ + α(θ₁ − θ₀)', () => {
		const out = new Float64Array(2);
		expect(Array.from(pointOnLine([1, 2], [3, -2], 1.5, out))).toEqual([4, -4]);
	});

	it('matches the loss of a logistic model worked out by hand along the line', () => {
		// 2 inputs → 2 classes, no hidden layer: logits z = W x + b. θ = [W00 W01 W10 W11 b0 b1].
		const mlp = new Mlp({ sizes: [2, 2], activation: 'linear', dtype: 'float64' });
		const theta0 = [0, 0, 0, 0, 0, 0];
		const theta1 = [1, -1, -1, 1, 0.5, -0.5];
		const x = Float64Array.of(1, 0, 0, 2);
		const y = [0, 1];
		const alphas = [0, 0.5, 1, 1.5];
		const got = lossAlongLine(mlp, theta0, theta1, alphas, x, y, 2);
		// example 1: z = α·(1 + 0.5, −1 − 0.5) → margin m₁ = z_y − z_other = 3α; example 2: z = α·(−2 + 0.5, 2 − 0.5) → m₂ = 3α
		for (let k = 0; k < alphas.length; k++) expect(got[k]).toBeCloseTo(Math.log1p(Math.exp(-3 * alphas[k])), 12);
		expect(got[0]).toBeCloseTo(Math.log(2), 12);
		// the model's own parameters are restored
		expect(Array.from(mlp.params)).toEqual([0, 0, 0, 0, 0, 0]);
	});

	it('reports NaN, not Infinity, where the network overflows', () => {
		const mlp = new Mlp({ sizes: [1, 2], activation: 'linear', dtype: 'float32' });
		const got = lossAlongLine(mlp, [0, 0, 0, 0], [1e38, -1e38, 0, 0], [0, 1.5], Float32Array.of(10), [1], 1);
		expect(got[0]).toBeCloseTo(Math.log(2), 6);
		expect(Number.isNaN(got[1])).toBe(true);
	});
});
