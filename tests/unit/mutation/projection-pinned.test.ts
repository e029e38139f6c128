// The weight-space plane by hand (loss-plane/projection.ts): the completing directions replayed
// from their fixed seed, the relative thresholds that decide when a direction is "not determined by
// the data", the PCA plane's sign convention and shares (2 × 2 scatter matrices worked out by hand),
// the cyclic Jacobi sweep's stopping rule and rotation (Golub & Van Loan §8.5, sym.schur2), and the
// subspace iteration's block size, iteration cap and stopping test. Every expected value is derived
// here from the formula or checked by a property that does not use the code under test
// (A v = λ v, orthonormality), never compared with another run of the same code.
import { describe, expect, it } from 'vitest';
import { gramAbout, jacobiEigen, meanPoint, pcaPlane, planeThroughPoints, project, topEigenpairs } from '../../../src/lib/engine/loss-plane/projection';
import { Rng } from '../../../src/lib/engine/rng';

const dot = (x: ArrayLike<number>, y: ArrayLike<number>) => {
	let s = 0;
	for (let i = 0; i < x.length; i++) s += x[i] * y[i];
	return s;
};
const unit = (x: ArrayLike<number>) => {
	const n = Math.sqrt(dot(x, x));
	return Array.from(x, (v) => v / n);
};
/** x minus its part along the unit vector u, normalised */
const orthTo = (x: ArrayLike<number>, u: ArrayLike<number>) => {
	const c = dot(x, u);
	return unit(Array.from(x, (v, i) => v - c * u[i]));
};
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what = ''): void {
	expect(got.length, what).toBe(want.length);
	for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThan(tol);
}
/** ±want: eigenvectors are defined up to sign */
function expectParallel(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what = ''): void {
	const s = dot(got, want) < 0 ? -1 : 1;
	expectClose(Array.from(got, (v) => s * v), want, tol, what);
}

/** the completing directions' draws: attempt k uses the k-th run of P normals of Rng(0x9a7e) */
function completingDraws(P: number, attempts: number): number[][] {
	const rng = new Rng(0x9a7e);
	return Array.from({ length: attempts }, () => Array.from({ length: P }, () => rng.normal()));
}

describe('planeThroughPoints: directions the points do not determine', () => {
	it('θ₀ = a = b: u is the first seeded draw; v the second, since the first is u itself', () => {
		const [r1, r2] = completingDraws(3, 2);
		const plane = planeThroughPoints([1, 2, 3], [1, 2, 3], [1, 2, 3]);
		const u = unit(r1);
		expectClose(plane.u, u, 1e-14, 'u');
		expectClose(plane.v, orthTo(r2, u), 1e-12, 'v');
		expect(Array.from(plane.origin)).toEqual([1, 2, 3]);
	});

	it('the threshold is relative to the longer of a − θ₀, b − θ₀: tiny vectors still span a plane', () => {
		const plane = planeThroughPoints([0, 0, 0], [1e-7, 0, 0], [0, 2e-7, 0]);
		expect(Array.from(plane.u)).toEqual([1, 0, 0]);
		expect(Array.from(plane.v)).toEqual([0, 1, 0]);
	});

	it('a − θ₀ under 1e-12 × ‖b − θ₀‖ is no direction: u is the seeded draw, v ∝ b − θ₀ ⟂ u', () => {
		const [r1] = completingDraws(3, 1);
		const plane = planeThroughPoints([0, 0, 0], [1e-13, 0, 0], [0, 1, 0]);
		const u = unit(r1);
		expectClose(plane.u, u, 1e-14, 'u');
		expectClose(plane.v, orthTo([0, 1, 0], u), 1e-14, 'v');
	});

	it('differences are taken from θ₀ (not added to it)', () => {
		// a − θ₀ = (2, 0, 0), b − θ₀ = (1, 3, 0)
		const plane = planeThroughPoints([5, -4, 7], [7, -4, 7], [6, -1, 7]);
		expect(Array.from(plane.u)).toEqual([1, 0, 0]);
		expect(Array.from(plane.v)).toEqual([0, 1, 0]);
		expect(project([6, -1, 9], plane)).toEqual([1, 3]);
	});

	it('refuses vectors of different lengths and fewer than 2 parameters, by message', () => {
		expect(() => planeThroughPoints([0, 0], [1, 0, 0], [0, 1])).toThrow('planeThroughPoints: vectors of different lengths');
		expect(() => planeThroughPoints([0, 0], [1, 0], [0, 1, 0])).toThrow('planeThroughPoints: vectors of different lengths');
		expect(() => planeThroughPoints([0], [1], [2])).toThrow('planeThroughPoints: need at least 2 parameters');
		const p2 = planeThroughPoints([0, 0], [3, 0], [1, 1]);
		expect(Array.from(p2.u)).toEqual([1, 0]);
		expect(Array.from(p2.v)).toEqual([0, 1]);
	});
});

describe('meanPoint and gramAbout', () => {
	it('mean of the snapshots; none is refused by message', () => {
		expect(Array.from(meanPoint([Float64Array.of(1, 2), Float64Array.of(3, -6)]))).toEqual([2, -2]);
		expect(() => meanPoint([])).toThrow('meanPoint: no snapshots');
	});

	it('G_ij = ⟨θ_i − c, θ_j − c⟩ for 6 snapshots (the four-wide sweep and the rest agree with the definition)', () => {
		const snaps = [[1, 0], [0, 2], [1, 1], [-1, 3], [2, -2], [0.5, 4]].map((s) => Float64Array.from(s));
		const c = [0.5, -1];
		const G = gramAbout(snaps, c);
		for (let i = 0; i < 6; i++)
			for (let j = 0; j < 6; j++) expect(G[i * 6 + j]).toBe((snaps[i][0] - c[0]) * (snaps[j][0] - c[0]) + (snaps[i][1] - c[1]) * (snaps[j][1] - c[1]));
	});
});

describe('pcaPlane by hand', () => {
	it('refusals: no finite snapshot and no origin, fewer than 2 parameters, mixed lengths', () => {
		const need = 'pcaPlane: need finite snapshots of at least 2 parameters (or an origin)';
		expect(() => pcaPlane([])).toThrow(need);
		expect(() => pcaPlane([Float64Array.of(NaN, 1)])).toThrow(need);
		expect(() => pcaPlane([Float64Array.of(1)])).toThrow(need);
		expect(() => pcaPlane([Float64Array.of(1, 2), Float64Array.of(1, 2, 3)])).toThrow('pcaPlane: snapshot of length 3, expected 2');
		expect(pcaPlane([Float64Array.of(1, 0), Float64Array.of(0, 2)]).used).toBe(2);
	});

	it('no finite snapshot but an origin: both directions are the seeded ones, shares [0, 0]', () => {
		const [r1, r2] = completingDraws(3, 2);
		const plane = pcaPlane([Float64Array.of(NaN, 1, 2)], [0, 0, 0]);
		expect(plane.used).toBe(0);
		expect(plane.explained).toEqual([0, 0]);
		const u = unit(r1);
		expectClose(plane.u, u, 1e-14, 'u');
		expectClose(plane.v, orthTo(r2, u), 1e-12, 'v');
	});

	it('every snapshot at the origin (trace 0): shares [0, 0], not NaN', () => {
		const plane = pcaPlane([Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)], [1, 2, 3]);
		expect(plane.used).toBe(2);
		expect(plane.explained).toEqual([0, 0]);
	});

	it('one snapshot: u points at it, shares [1, 0], v is the seeded draw ⟂ u', () => {
		const [r1] = completingDraws(3, 1);
		const plane = pcaPlane([Float64Array.of(1, 2, 2)], [0, 0, 0]);
		expectClose(plane.u, [1 / 3, 2 / 3, 2 / 3], 1e-15, 'u');
		expect(plane.explained).toEqual([1, 0]);
		expectClose(plane.v, orthTo(r1, [1 / 3, 2 / 3, 2 / 3]), 1e-12, 'v');
	});

	it('two snapshots (2, 0, 0) and (0, 1, 0): u = e₁, v = e₂, shares [4/5, 1/5]', () => {
		const plane = pcaPlane([Float64Array.of(2, 0, 0), Float64Array.of(0, 1, 0)], [0, 0, 0]);
		expectClose(plane.u, [1, 0, 0], 1e-15, 'u');
		expectClose(plane.v, [0, 1, 0], 1e-15, 'v');
		expect(plane.explained[0]).toBeCloseTo(0.8, 15);
		expect(plane.explained[1]).toBeCloseTo(0.2, 15);
	});

	it('sign convention: the snapshot farthest along u (and along v) projects onto the positive side', () => {
		// four snapshots in R³ about 0; u, v must be the top two eigenvectors of S = Σ d dᵀ
		const snaps = [[-3, -1, 3], [-2, 1, 3], [-2, 2, -1], [2, 0, 1]].map((s) => Float64Array.from(s));
		const plane = pcaPlane(snaps, [0, 0, 0]);
		const S = [0, 1, 2].map((r) => [0, 1, 2].map((c) => snaps.reduce((acc, d) => acc + d[r] * d[c], 0)));
		const Sx = (x: ArrayLike<number>) => S.map((row) => dot(row, x));
		const lu = dot(plane.u, Sx(plane.u));
		const lv = dot(plane.v, Sx(plane.v));
		expectClose(Sx(plane.u), Array.from(plane.u, (x) => lu * x), 1e-9, 'S u = λ u');
		expectClose(Sx(plane.v), Array.from(plane.v, (x) => lv * x), 1e-9, 'S v = λ v');
		expect(lu).toBeGreaterThan(lv);
		for (const dir of [0, 1]) {
			const along = snaps.map((s) => project(s, plane)[dir]);
			const far = along.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
			expect(far, `direction ${dir}: ${along}`).toBeGreaterThan(0);
		}
		// the shares are λ / trace; trace = Σ‖d‖² = 19 + 14 + 9 + 5 = 47
		expect(plane.explained[0]).toBeCloseTo(lu / 47, 12);
		expect(plane.explained[1]).toBeCloseTo(lv / 47, 12);
	});

	it('shares of a planar cloud: (24 ± √117)/48 about the mean 0, summing to at most 1', () => {
		// x = (−2, 3, −1, −2), y = (−2, −1, 4, 3) about 0 (their mean is (−0.5, 1): use the origin 0):
		// S = [[18, −9], [−9, 30]], trace 48, λ = 24 ± √(36 + 81) = 24 ± √117. In float64 the two
		// shares add up to 1 + 4e-16; the second is then taken as 1 − the first.
		const plane = pcaPlane([[-2, -2, 0], [3, -1, 0], [-1, 4, 0], [-2, 3, 0]].map((s) => Float64Array.from(s)), [0, 0, 0]);
		expect(plane.explained[0]).toBeCloseTo((24 + Math.sqrt(117)) / 48, 14);
		expect(plane.explained[1]).toBeCloseTo((24 - Math.sqrt(117)) / 48, 14);
		expect(plane.explained[0] + plane.explained[1]).toBeLessThanOrEqual(1);
	});

	it('a second direction under 1e-20 of the trace is not determined: v is the seeded draw ⟂ u', () => {
		// d₁ = (1, ε, 0), d₂ = (2, −ε, 0), ε = 1e-10: λ₂ = det G / trace G ≈ 9ε²/5 = 1.8e-20, i.e.
		// 3.6e-21 of the trace 5 — below 1e-20. y = Dᵀw₂ ≈ (0, 3ε/√5, 0) alone would pass the 1e-12 test.
		const [r1] = completingDraws(3, 1);
		const plane = pcaPlane([Float64Array.of(1, 1e-10, 0), Float64Array.of(2, -1e-10, 0)], [0, 0, 0]);
		expectClose(plane.u, [1, 0, 0], 1e-9, 'u');
		expectClose(plane.v, orthTo(r1, plane.u), 1e-9, 'v');
	});

	it('a straight path (3r, 5r): the second direction is rounding (< 1e-12 √trace), so v is the seeded draw ⟂ u', () => {
		// G = 9·[[9, 15], [15, 25]] is exactly rank 1; its second Ritz value is rounding noise
		// (~1e-17 of the trace, above 1e-20), and y = Dᵀw₂ is rounding too: under 1e-12·√trace
		const [r1] = completingDraws(3, 1);
		const plane = pcaPlane([Float64Array.of(3, 6, 6), Float64Array.of(5, 10, 10)], [0, 0, 0]);
		expectClose(plane.u, [1 / 3, 2 / 3, 2 / 3], 1e-15, 'u');
		expectClose(plane.v, orthTo(r1, [1 / 3, 2 / 3, 2 / 3]), 1e-12, 'v');
		expect(plane.explained[0]).toBeCloseTo(1, 15);
		expect(plane.explained[1]).toBeLessThan(1e-15);
	});

	it('a real second direction of 3e-15 of the trace is kept at any scale (the threshold is relative)', () => {
		// d₁ = s(3, ε, 0), d₂ = s(5, −ε, 0), ε = 2⁻²²: det = 64 s⁴ε², λ₂/trace ≈ 64ε²/34² = 3.2e-15
		const eps = 2 ** -22;
		for (const s of [1, 2 ** -8]) {
			const plane = pcaPlane([Float64Array.of(3 * s, eps * s, 0), Float64Array.of(5 * s, -eps * s, 0)], [0, 0, 0]);
			expectParallel(plane.u, [1, 0, 0], 1e-6, `u, s = ${s}`);
			expectParallel(plane.v, [0, 1, 0], 1e-6, `v, s = ${s}`);
			expect(plane.explained[1]).toBeGreaterThan(1e-15);
		}
	});
});

describe('jacobiEigen by hand', () => {
	it('stops when the off-diagonal mass is ≤ 1e-32 ‖A‖²_F: a 0.5 next to 1e20 is rounding level', () => {
		// ‖A‖²_F = 1 + 1 + 2·0.25 + 1e40: off = 0.25 ≤ 1e8, so the matrix is already diagonal
		const A = Float64Array.of(1, 0.5, 0, 0.5, 1, 0, 0, 0, 1e20);
		const { values, vectors } = jacobiEigen(A, 3);
		expect(Array.from(values)).toEqual([1e20, 1, 1]);
		expect(vectors.map((v) => Array.from(v))).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
	});

	it('stops exactly at the bound: off = 1 = 1e-32 · (1e32 + 2)', () => {
		const A = Float64Array.of(1e16, 0, 0, 0, 0, 1, 0, 1, 0);
		expect(Array.from(jacobiEigen(A, 3).values)).toEqual([1e16, 0, 0]);
		// one step further from the bound (off = 4 > 1): the (1, 2) block is rotated → 2 and −2
		const B = Float64Array.of(1e16, 0, 0, 0, 0, 2, 0, 2, 0);
		const vb = jacobiEigen(B, 3).values;
		expect(vb[0]).toBe(1e16);
		expect(vb[1]).toBeCloseTo(2, 14);
		expect(vb[2]).toBeCloseTo(-2, 14);
	});

	it('[[2, 1], [1, 2]]: θ = 0 gives t = +1 (sym.schur2: τ ≥ 0), so V = [[c, c], [−c, c]] with c = 1/√2', () => {
		const { values, vectors } = jacobiEigen(Float64Array.of(2, 1, 1, 2), 2);
		expect(values[0]).toBeCloseTo(3, 15);
		expect(values[1]).toBeCloseTo(1, 15);
		const c = 1 / Math.sqrt(2);
		expectClose(vectors[0], [c, c], 1e-15, 'λ = 3');
		expectClose(vectors[1], [c, -c], 1e-15, 'λ = 1');
	});

	it('zero off-diagonal entries are skipped (equal diagonal entries would give θ = 0/0)', () => {
		// [[1, 0, 1], [0, 1, 0], [1, 0, 1]]: λ = 2, 1, 0 with (1, 0, 1)/√2, e₂, (1, 0, −1)/√2
		const { values, vectors } = jacobiEigen(Float64Array.of(1, 0, 1, 0, 1, 0, 1, 0, 1), 3);
		expectClose(values, [2, 1, 0], 1e-15, 'values');
		const c = 1 / Math.sqrt(2);
		expectParallel(vectors[0], [c, 0, c], 1e-15);
		expectParallel(vectors[1], [0, 1, 0], 1e-15);
		expectParallel(vectors[2], [c, 0, -c], 1e-15);
	});

	it('a general symmetric 3 × 3: A v = λ v, orthonormal, descending, Σλ = trace', () => {
		const A = [4, 1, 2, 1, 3, 0, 2, 0, 5];
		const { values, vectors } = jacobiEigen(Float64Array.from(A), 3);
		expect(values[0]).toBeGreaterThanOrEqual(values[1]);
		expect(values[1]).toBeGreaterThanOrEqual(values[2]);
		expect(values[0] + values[1] + values[2]).toBeCloseTo(12, 13);
		for (let k = 0; k < 3; k++) {
			const v = vectors[k];
			const Av = [0, 1, 2].map((r) => A[r * 3] * v[0] + A[r * 3 + 1] * v[1] + A[r * 3 + 2] * v[2]);
			expectClose(Av, Array.from(v, (x) => values[k] * x), 1e-13, `A v${k}`);
			for (let l = 0; l < 3; l++) expect(dot(v, vectors[l])).toBeCloseTo(k === l ? 1 : 0, 14);
		}
		// det A = 4·15 − 1·5 + 2·(−6) = 43
		expect(values[0] * values[1] * values[2]).toBeCloseTo(43, 11);
	});

	it('a NaN entry never meets the stopping test: the sweeps are capped (NaN out, no hang)', () => {
		const { values } = jacobiEigen(Float64Array.of(NaN, 1, 1, 0), 2);
		expect(values.length).toBe(2);
		expect(Array.from(values).some(Number.isNaN)).toBe(true);
	});
});

describe('topEigenpairs by hand', () => {
	const diag = (d: number[]) => {
		const n = d.length;
		const G = new Float64Array(n * n);
		d.forEach((x, i) => (G[i * n + i] = x));
		return G;
	};
	const e = (n: number, k: number) => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));

	it('returns exactly `count` pairs', () => {
		const r = topEigenpairs(diag([3, 2, 1]), 3, 2);
		expect(r.values.length).toBe(2);
		expect(r.vectors.length).toBe(2);
		expectClose(r.values, [3, 2], 1e-14);
		expectParallel(r.vectors[0], e(3, 0), 1e-14);
		expectParallel(r.vectors[1], e(3, 1), 1e-14);
	});

	it('N ≤ 8: the block spans R^N, so λ₂ ≈ λ₃ (1 vs 1 − 1e-6) does not slow it down', () => {
		const r = topEigenpairs(diag([3, 1, 1 - 1e-6, 0.5]), 4, 2);
		expectClose(r.values, [3, 1], 1e-12);
		// a vector's rounding error is ~ ε‖G‖ / gap = 2e-16 · 3 / 1e-6 ≈ 1e-9
		expectParallel(r.vectors[0], e(4, 0), 1e-8);
		expectParallel(r.vectors[1], e(4, 1), 1e-8);
	});

	it('with no iteration cap it stops by itself once the top two residuals are at rounding level (N = 10)', () => {
		// λ₉ is within 1e-9 of λ₈: the 8th Ritz pair would take ~10⁹ iterations; the top two converge
		// at the rate λ₉/λ₂ = 2e-4 per iteration
		const d = [1e4, 5e3, 1, 1, 1, 1, 1, 1, 1 - 1e-9, 0.5];
		const r = topEigenpairs(diag(d), 10, 2, Infinity);
		expect(r.values[0]).toBeCloseTo(1e4, 8);
		expect(r.values[1]).toBeCloseTo(5e3, 8);
		expectParallel(r.vectors[0], e(10, 0), 1e-9);
		expectParallel(r.vectors[1], e(10, 1), 1e-9);
	});

	it('maxIter caps the work when the top pair cannot converge; 0 iterations estimate nothing', () => {
		// λ₁ … λ₉ within 1e-9 of each other: no Ritz vector settles in a few iterations
		const d = [1, 1 - 1e-9, 1 - 2e-9, 1 - 3e-9, 1 - 4e-9, 1 - 5e-9, 1 - 6e-9, 1 - 7e-9, 1 - 8e-9, 1 - 9e-9];
		const r = topEigenpairs(diag(d), 10, 2, 3);
		for (const v of r.values) {
			expect(v).toBeGreaterThan(1 - 1e-8);
			expect(v).toBeLessThanOrEqual(1 + 1e-12);
		}
		expect(Array.from(topEigenpairs(diag(d), 10, 2, 0).values)).toEqual([0, 0]);
	});

	it('the null matrix: eigenvalues 0 with orthonormal vectors (dependent columns replaced by fresh draws)', () => {
		for (const N of [3, 10]) {
			const r = topEigenpairs(new Float64Array(N * N), N, 2);
			expect(Array.from(r.values)).toEqual([0, 0]);
			expect(dot(r.vectors[0], r.vectors[0])).toBeCloseTo(1, 14);
			expect(dot(r.vectors[1], r.vectors[1])).toBeCloseTo(1, 14);
			expect(Math.abs(dot(r.vectors[0], r.vectors[1]))).toBeLessThan(1e-14);
		}
	});

	it('a rank-1 matrix: λ₁ = ‖g‖², then 0; the second vector is a unit vector ⟂ g', () => {
		const g = [1, 2, 2, 0, 1];
		const G = new Float64Array(25);
		for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) G[i * 5 + j] = g[i] * g[j];
		const r = topEigenpairs(G, 5, 2);
		expect(r.values[0]).toBeCloseTo(10, 13);
		expect(Math.abs(r.values[1])).toBeLessThan(1e-13);
		expectParallel(r.vectors[0], unit(g), 1e-14);
		expect(dot(r.vectors[1], r.vectors[1])).toBeCloseTo(1, 14);
		expect(Math.abs(dot(r.vectors[1], g))).toBeLessThan(1e-13);
	});
});

describe('pcaPlane sign ties', () => {
	it('θ and its mirror image are equally far: the first snapshot is put on the positive side', () => {
		const cases: [number[][], number[]][] = [
			[[[1, 0, 0], [-1, 0, 0]], [1, 0, 0]],
			[[[0, 2, 0], [0, -2, 0]], [0, 1, 0]],
			[[[1, 1, 0], [-1, -1, 0]], [Math.SQRT1_2, Math.SQRT1_2, 0]]
		];
		for (const [snaps, u] of cases) expectClose(pcaPlane(snaps.map((s) => Float64Array.from(s)), [0, 0, 0]).u, u, 1e-15, JSON.stringify(snaps));
	});
});
