// topEigenpairs' stopping rules with no iteration cap (maxIter = ∞), by hand: it must stop by itself
// when the residuals of the top pairs are ≤ 1e-12·|λ₁| (relative to the largest Ritz value, so a
// dense matrix whose residuals stay at rounding level still stops), when they are exactly 0 (the
// null matrix), and on a 2 × 2 indefinite matrix (λ = 1 and −1e6, rotated off the axes) where
// N ≤ 8 makes the first Rayleigh–Ritz step exact.
import { describe, expect, it } from 'vitest';
import { topEigenpairs } from '../../../src/lib/engine/loss-plane/projection';

const dot = (x: ArrayLike<number>, y: ArrayLike<number>) => {
	let s = 0;
	for (let i = 0; i < x.length; i++) s += x[i] * y[i];
	return s;
};

describe('topEigenpairs stops by itself', () => {
	it('a dense G = H D H (H the Householder reflection along (1, …, 1)): top pairs 1e4 and 5e3 with H’s columns', () => {
		const N = 10;
		const d = [1e4, 5e3, 1, 1, 1, 1, 1, 1, 1 - 1e-9, 0.5];
		// H = I − (2/N)·11ᵀ: column k is e_k − 0.2·1, a unit vector; H is symmetric and orthogonal
		const H = (i: number, j: number) => (i === j ? 1 : 0) - 2 / N;
		const G = new Float64Array(N * N);
		for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) for (let k = 0; k < N; k++) G[i * N + j] += H(i, k) * d[k] * H(k, j);
		const r = topEigenpairs(G, N, 2, Infinity);
		expect(r.values[0]).toBeCloseTo(1e4, 7);
		expect(r.values[1]).toBeCloseTo(5e3, 7);
		for (const k of [0, 1]) {
			const col = Array.from({ length: N }, (_, i) => H(i, k));
			expect(Math.abs(Math.abs(dot(r.vectors[k], col)) - 1)).toBeLessThan(1e-12);
		}
	});

	it('the null 10 × 10 matrix: residuals exactly 0 ≤ 1e-12 · 0', () => {
		const r = topEigenpairs(new Float64Array(100), 10, 2, Infinity);
		expect(Array.from(r.values)).toEqual([0, 0]);
	});

	it('N ≤ 8, indefinite: the exact step gives 1 along (1, 1)/√2 and −1e6 along (1, −1)/√2', () => {
		// G = ½[[1 − 1e6, 1 + 1e6], [1 + 1e6, 1 − 1e6]]: λ = 1 along (1, 1)/√2, −1e6 along (1, −1)/√2
		const r = topEigenpairs(Float64Array.of(-499999.5, 500000.5, 500000.5, -499999.5), 2, 2, Infinity);
		expect(r.values[0]).toBeCloseTo(1, 8);
		expect(r.values[1]).toBeCloseTo(-1e6, 6);
		expect(Math.abs(dot(r.vectors[0], [Math.SQRT1_2, Math.SQRT1_2]))).toBeCloseTo(1, 12);
	});
});
