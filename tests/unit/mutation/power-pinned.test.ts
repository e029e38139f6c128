// Power iteration on 2 × 2 operators worked out by hand: an exact eigenvector start converges in
// one product, the null operator gives 0, a non-finite product gives NaN, a rotation never
// converges (products = maxIter), a negative dominant eigenvalue triggers the shifted second pass
// (diag(−5, 1) → λ_max = 1), and the refusals by message.
import { describe, expect, it } from 'vitest';
import { powerIteration } from '../../../src/lib/engine/curvature/power';

const diag = (a: number, b: number) => (v: Float64Array, out: Float64Array) => {
	out[0] = a * v[0];
	out[1] = b * v[1];
};

describe('powerIteration by hand', () => {
	it('start on the eigenvector of 3 (scaled): one product, λ = 3, residual 0', () => {
		const r = powerIteration(diag(3, 1), 2, { start: [2, 0] });
		expect([r.value, r.products, r.converged, r.residual]).toEqual([3, 1, true, 0]);
		expect(Array.from(r.vector)).toEqual([1, 0]);
	});

	it('the null operator: λ = 0 after one product; a NaN product: NaN, not converged', () => {
		const z = powerIteration(() => undefined, 2, { start: [1, 0] });
		expect([z.value, z.products, z.converged, z.residual]).toEqual([0, 1, true, 0]);
		const nan = powerIteration((_v, out) => out.fill(NaN), 2, { start: [1, 0] });
		expect(nan.value).toBeNaN();
		expect([nan.products, nan.converged]).toEqual([1, false]);
	});

	it('a 90° rotation has no real dominant eigenvalue: v·Av = 0 forever, maxIter products, not converged', () => {
		const rot = (v: Float64Array, out: Float64Array) => {
			out[0] = -v[1];
			out[1] = v[0];
		};
		const r = powerIteration(rot, 2, { start: [1, 0], maxIter: 7 });
		expect([r.value, r.products, r.converged]).toEqual([0, 7, false]);
		expect(powerIteration(rot, 2, { start: [1, 0], maxIter: 1 }).products).toBe(1);
	});

	it('diag(−5, 1): the first pass finds −5, the shifted pass A + 5I finds 6 → λ_max = 1', () => {
		const r = powerIteration(diag(-5, 1), 2, { start: [1, 0], tol: 1e-12 });
		expect(r.value).toBeCloseTo(1, 9);
		expect(r.converged).toBe(true);
		// the first pass took 1 product (start on the −5 eigenvector), the second at least 2
		expect(r.products).toBeGreaterThan(2);
		expect(Math.abs(r.vector[1])).toBeCloseTo(1, 5);
	});

	it('a start of the wrong length or zero norm falls back to the seeded draw; refusals by message', () => {
		const a = powerIteration(diag(3, 1), 2, { start: [1, 0, 0], seed: 4 });
		const b = powerIteration(diag(3, 1), 2, { seed: 4 });
		expect(a).toEqual(b);
		expect(a.value).toBeCloseTo(3, 5);
		expect(powerIteration(diag(3, 1), 2, { start: [0, 0], seed: 4 })).toEqual(b);
		expect(() => powerIteration(diag(3, 1), 2, { tol: 0 })).toThrow('power iteration: tol must be > 0, got 0');
		expect(() => powerIteration(diag(3, 1), 2, { maxIter: 0 })).toThrow('power iteration: maxIter must be a whole number ≥ 1, got 0');
	});
});
