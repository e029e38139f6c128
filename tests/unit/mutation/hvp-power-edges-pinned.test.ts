// Hessian-vector products and power iteration at their edges, by hand (curvature/hvp.ts, power.ts):
// the refusals with their messages, apply() before prepare(), the finite-difference oracle's float64
// requirement and output bounds; power iteration's Rayleigh quotients on diag(2, 1) and
// [[1, 1], [1, 1]] worked out exactly, the stopping test at equality, an overflowing product, and
// the seeded starts of both passes (the draws replayed from twin Rngs, the quotients by hand).
import { describe, expect, it } from 'vitest';
import { hvpFiniteDifference, MlpHessian } from '../../../src/lib/engine/curvature/hvp';
import { powerIteration } from '../../../src/lib/engine/curvature/power';
import { Mlp } from '../../../src/lib/engine/mlp';
import { Rng } from '../../../src/lib/engine/rng';

const diag = (a: number, b: number) => (v: Float64Array, out: Float64Array) => {
	out[0] = a * v[0];
	out[1] = b * v[1];
};

describe('MlpHessian refusals', () => {
	const mlp = () => new Mlp({ sizes: [2, 2], activation: 'tanh', dtype: 'float64' });

	it('the probe batch: a whole number ≥ 1 of rows, and enough inputs and labels', () => {
		const m = mlp();
		const x = new Float64Array(4);
		const y = new Uint8Array(2);
		expect(() => new MlpHessian(m, x, y, 0)).toThrow('curvature probe: batch must be a whole number ≥ 1, got 0');
		expect(() => new MlpHessian(m, x, y, 1.5)).toThrow('curvature probe: batch must be a whole number ≥ 1, got 1.5');
		expect(new MlpHessian(m, x, y, 1).B).toBe(1);
		expect(new MlpHessian(m, x, y, 2).B).toBe(2);
		expect(() => new MlpHessian(m, x.subarray(0, 3), y, 2)).toThrow('curvature probe: need 2 rows of 2 inputs and 2 labels');
		expect(() => new MlpHessian(m, x, y.subarray(0, 1), 2)).toThrow('curvature probe: need 2 rows of 2 inputs and 2 labels');
		// 3 inputs are enough for 1 row of 2 (B·IN = 2), not for 2
		expect(new MlpHessian(m, x.subarray(0, 3), y, 1).B).toBe(1);
	});

	it('apply() before prepare() and vectors of the wrong length are refused by message', () => {
		const m = mlp();
		const H = new MlpHessian(m, new Float64Array([1, 2]), new Uint8Array([1]), 1);
		const P = m.nParams; // 2·2 + 2 = 6
		expect(() => H.apply(new Float64Array(P), new Float64Array(P))).toThrow('MlpHessian: prepare() before apply()');
		H.prepare();
		expect(() => H.apply(new Float64Array(P + 1), new Float64Array(P))).toThrow('hvp: v and out must have 6 entries');
		expect(() => H.apply(new Float64Array(P), new Float64Array(P - 1))).toThrow('hvp: v and out must have 6 entries');
		expect(() => H.apply(new Float64Array(P), new Float64Array(P))).not.toThrow();
	});

	it('the finite-difference oracle needs a float64 MLP and writes only P entries', () => {
		const m32 = new Mlp({ sizes: [2, 2], activation: 'tanh', dtype: 'float32' });
		expect(() => hvpFiniteDifference(m32, new Float32Array(2), [0], 1, new Float64Array(6), new Float64Array(6))).toThrow('hvpFiniteDifference needs a float64 MLP');
		const m = mlp();
		const out = new Float64Array(7).fill(7);
		hvpFiniteDifference(m, new Float64Array([1, 2]), [0], 1, new Float64Array(6).fill(1), out);
		expect(out[6]).toBe(7);
		expect(out.subarray(0, 6).every(Number.isFinite)).toBe(true);
	});
});

describe('powerIteration, more by hand', () => {
	it('diag(2, 1) from (1, 1)/√2: λ = 3/2 after one product, (4·2 + 1)/5 = 9/5 after two (the last quotient is reported)', () => {
		const one = powerIteration(diag(2, 1), 2, { start: [1, 1], tol: 1e-12, maxIter: 1 });
		expect(one.value).toBeCloseTo(1.5, 15);
		expect([one.products, one.converged]).toEqual([1, false]);
		const two = powerIteration(diag(2, 1), 2, { start: [1, 1], tol: 1e-12, maxIter: 2 });
		expect(two.value).toBeCloseTo(1.8, 15);
		expect([two.products, two.converged]).toEqual([2, false]);
	});

	it('stops when the residual equals tol: [[1, 1], [1, 1]] from (1, 0) has λ = 1, ‖w − λv‖ / λ = 1', () => {
		const ones = (v: Float64Array, out: Float64Array) => {
			out[0] = out[1] = v[0] + v[1];
		};
		const r = powerIteration(ones, 2, { start: [1, 0], tol: 1, maxIter: 10 });
		expect([r.value, r.products, r.converged, r.residual]).toEqual([1, 1, true, 1]);
	});

	it('a product whose norm overflows (1e200 · I) is reported as NaN, not converged', () => {
		const r = powerIteration((v, out) => { out[0] = 1e200 * v[0]; out[1] = 1e200 * v[1]; }, 2, { start: [1, 1] });
		expect(r.value).toBeNaN();
		expect([r.products, r.converged]).toEqual([1, false]);
	});

	it('without a start, the first pass starts from the normalised draws of Rng(seed) (seed 1 by default)', () => {
		for (const seed of [undefined, 5]) {
			const rng = new Rng(seed ?? 1);
			const a = rng.normal();
			const b = rng.normal();
			// one product of diag(3, 1): λ = (3a² + b²) / (a² + b²)
			const r = powerIteration(diag(3, 1), 2, { maxIter: 1, seed });
			expect(r.value).toBeCloseTo((3 * a * a + b * b) / (a * a + b * b), 14);
		}
	});

	it('the shifted second pass starts from the normalised draws of Rng(seed + 1)', () => {
		// diag(−5, 1) from (1, 0): the first pass gives −5 at once (residual 0); the second pass on
		// A + 5I = diag(0, 6) starts at q/‖q‖ from Rng(seed + 1) and, with maxIter 1, reports
		// λ = 6q₁²/‖q‖² − 5 and residual |λ + 5| · r₂ / |λ| where r₂ = ‖w − μv‖ / μ, μ = 6q₁²/‖q‖²
		for (const seed of [undefined, 9]) {
			const rng = new Rng((seed ?? 1) + 1);
			const q0 = rng.normal();
			const q1 = rng.normal();
			const n2 = q0 * q0 + q1 * q1;
			const mu = (6 * q1 * q1) / n2;
			const v0 = q0 / Math.sqrt(n2);
			const v1 = q1 / Math.sqrt(n2);
			const r2 = Math.hypot(0 - mu * v0, 6 * v1 - mu * v1) / mu;
			const r = powerIteration(diag(-5, 1), 2, { start: [1, 0], maxIter: 1, seed });
			expect(r.products).toBe(2);
			expect(r.value).toBeCloseTo(mu - 5, 14);
			expect(r.residual).toBeCloseTo((mu * r2) / Math.abs(mu - 5), 12);
		}
	});
});
