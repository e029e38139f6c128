// The fast kernels against the naive references (the oracle), on shapes that hit every edge of
// their blocking: batch not a multiple of 4, odd widths, 0–20 nonzero gradient rows (the backward
// kernels add nonzero rows 8, then 4, then 1 at a time), float32, and non-finite values.
import { describe, expect, it } from 'vitest';
import {
	linearBackwardInput,
	linearBackwardInputNaive,
	linearBackwardWeights,
	linearBackwardWeightsNaive,
	linearForward,
	linearForwardNaive
} from '../../src/lib/engine/kernels';
import { Rng } from '../../src/lib/engine/rng';
import type { FloatArray } from '../../src/lib/engine/types';

function normal(n: number, rng: Rng, zeroShare = 0): Float64Array {
	const a = new Float64Array(n);
	for (let i = 0; i < n; i++) a[i] = rng.uniform() < zeroShare ? 0 : rng.normal();
	return a;
}

/** |a − b| ≤ tol·(1 + |b|) elementwise */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
	expect(a.length).toBe(b.length);
	let worst = 0;
	for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
	expect(worst).toBeLessThanOrEqual(tol);
}

interface Case {
	B: number;
	IN: number;
	OUT: number;
	zeroShare: number;
}

const CASES: Case[] = [
	{ B: 1, IN: 1, OUT: 1, zeroShare: 0 },
	{ B: 3, IN: 5, OUT: 7, zeroShare: 0.3 },
	{ B: 4, IN: 8, OUT: 2, zeroShare: 0 },
	{ B: 7, IN: 9, OUT: 5, zeroShare: 0.5 },
	{ B: 13, IN: 33, OUT: 11, zeroShare: 0.5 },
	// 20 examples and 20 units: 20 = 8 + 8 + 4 nonzero rows when dense, any mix when sparse
	{ B: 20, IN: 17, OUT: 20, zeroShare: 0 },
	{ B: 20, IN: 17, OUT: 20, zeroShare: 0.6 },
	// every dz zero: dW and db unchanged, dx all zero
	{ B: 6, IN: 4, OUT: 3, zeroShare: 1 },
	// a batch larger than any before, so the scratch grows
	{ B: 130, IN: 10, OUT: 9, zeroShare: 0.5 }
];

function run(c: Case, make: (a: Float64Array) => FloatArray, seed: number) {
	const rng = new Rng(seed);
	const x = normal(c.B * c.IN, rng);
	const W = normal(c.OUT * c.IN, rng);
	const bias = normal(c.OUT, rng);
	const dz = normal(c.B * c.OUT, rng, c.zeroShare);
	const dW0 = normal(c.OUT * c.IN, rng); // backward W accumulates onto whatever is there
	const db0 = normal(c.OUT, rng);
	// the references run in float64 on the same (possibly float32-rounded) values
	const [xf, Wf, bf, dzf] = [make(x), make(W), make(bias), make(dz)];
	const ref = (a: FloatArray) => Float64Array.from(a);
	const z = { fast: make(new Float64Array(c.B * c.OUT)), naive: new Float64Array(c.B * c.OUT) };
	linearForward(z.fast, xf, Wf, bf, c.B, c.IN, c.OUT);
	linearForwardNaive(z.naive, ref(xf), ref(Wf), ref(bf), c.B, c.IN, c.OUT);
	const dW = { fast: make(dW0), naive: ref(make(dW0)) };
	const db = { fast: make(db0), naive: ref(make(db0)) };
	linearBackwardWeights(dW.fast, db.fast, dzf, xf, c.B, c.IN, c.OUT);
	linearBackwardWeightsNaive(dW.naive, db.naive, ref(dzf), ref(xf), c.B, c.IN, c.OUT);
	// dx is overwritten, so start the fast one from garbage
	const dx = { fast: make(new Float64Array(c.B * c.IN).fill(7)), naive: new Float64Array(c.B * c.IN) };
	linearBackwardInput(dx.fast, dzf, Wf, c.B, c.IN, c.OUT);
	linearBackwardInputNaive(dx.naive, ref(dzf), ref(Wf), c.B, c.IN, c.OUT);
	return { z, dW, db, dx };
}

describe('fast kernels = naive kernels', () => {
	for (const [k, c] of CASES.entries()) {
		const name = `B=${c.B} IN=${c.IN} OUT=${c.OUT}, ${c.zeroShare * 100}% zero dz`;
		it(`float64, ${name}`, () => {
			const r = run(c, (a) => Float64Array.from(a), 100 + k);
			// only the summation order differs
			for (const q of [r.z, r.dW, r.db, r.dx]) expectClose(q.fast, q.naive, 1e-12);
		});
		it(`float32, ${name}`, () => {
			const r = run(c, (a) => Float32Array.from(a), 200 + k);
			// sums of ≤ 130 products of N(0,1) values, each result rounded once to float32 (2⁻²⁴ ≈ 6e-8
			// relative) — but the fast kernels also store float32 partial sums of dW and dx between
			// groups of rows, so allow a few roundings of a sum of magnitude ≲ √130·4
			for (const q of [r.z, r.dW, r.db, r.dx]) expectClose(q.fast, q.naive, 2e-5);
			expect(r.z.fast).toBeInstanceOf(Float32Array);
		});
	}
});

describe('kernels by hand', () => {
	// x = [[1, 2], [3, 4]] (B=2, IN=2), W = [[1, 2], [3, 4]] (OUT=2), dz = [[1, 0], [2, 3]]
	const x = new Float64Array([1, 2, 3, 4]);
	const W = new Float64Array([1, 2, 3, 4]);
	const dz = new Float64Array([1, 0, 2, 3]);

	it('forward: z = x·Wᵀ + b', () => {
		// row 0: [1·1 + 2·2, 1·3 + 2·4] + [0.5, −1] = [5.5, 10]; row 1: [3 + 8, 9 + 16] + b = [11.5, 24]
		const z = new Float64Array(4);
		linearForward(z, x, W, new Float64Array([0.5, -1]), 2, 2, 2);
		expect(Array.from(z)).toEqual([5.5, 10, 11.5, 24]);
	});

	it('backward W: dW += dzᵀ·x, db += Σ_b dz', () => {
		// dW[0] = 1·[1, 2] + 2·[3, 4] = [7, 10];  dW[1] = 0·[1, 2] + 3·[3, 4] = [9, 12]
		// db = [1 + 2, 0 + 3] = [3, 3]; both added to the ones already there
		const dW = new Float64Array([1, 1, 1, 1]);
		const db = new Float64Array([10, 20]);
		linearBackwardWeights(dW, db, dz, x, 2, 2, 2);
		expect(Array.from(dW)).toEqual([8, 11, 10, 13]);
		expect(Array.from(db)).toEqual([13, 23]);
	});

	it('backward x: dx = dz·W (overwrites)', () => {
		// dx[0] = 1·[1, 2] + 0·[3, 4] = [1, 2];  dx[1] = 2·[1, 2] + 3·[3, 4] = [11, 16]
		const dx = new Float64Array(4).fill(-5);
		linearBackwardInput(dx, dz, W, 2, 2, 2);
		expect(Array.from(dx)).toEqual([1, 2, 11, 16]);
	});
});

describe('non-finite values', () => {
	it('a NaN gradient reaches dW, db and dx', () => {
		const x = new Float64Array([1, 2]);
		const W = new Float64Array([3, 4]);
		const dz = new Float64Array([Number.NaN]);
		const dW = new Float64Array(2);
		const db = new Float64Array(1);
		const dx = new Float64Array(2);
		linearBackwardWeights(dW, db, dz, x, 1, 2, 1);
		linearBackwardInput(dx, dz, W, 1, 2, 1);
		for (const v of [...dW, ...db, ...dx]) expect(Number.isNaN(v)).toBe(true);
	});

	it('an infinite input gives an infinite output, as in the reference', () => {
		const x = new Float64Array([Number.POSITIVE_INFINITY, 1, 2, 3, 4, 5, 6, 7]);
		const W = new Float64Array([1, 1]);
		const z = new Float64Array(8);
		const zRef = new Float64Array(8);
		linearForward(z, x, W, new Float64Array([0]), 8, 1, 1);
		linearForwardNaive(zRef, x, W, new Float64Array([0]), 8, 1, 1);
		expect(Array.from(z)).toEqual(Array.from(zRef));
		expect(z[0]).toBe(Number.POSITIVE_INFINITY);
	});

	it('a zero gradient contributes exactly nothing, even against an infinite input', () => {
		// The fast kernels skip zero dz rows: dW gets 0 from them where the reference computes
		// 0·∞ = NaN (as torch would). Training only meets this when an activation overflows to ∞
		// and yet the loss stays finite (every unit after it ReLU-masked); otherwise the loss or the
		// parameters turn non-finite and the trainer reports divergence. Documented, not hidden.
		const x = new Float64Array([Number.POSITIVE_INFINITY, 1]);
		const dz = new Float64Array([0]);
		const dW = new Float64Array(2);
		const db = new Float64Array(1);
		linearBackwardWeights(dW, db, dz, x, 1, 2, 1);
		expect(Array.from(dW)).toEqual([0, 0]);
		const dWRef = new Float64Array(2);
		linearBackwardWeightsNaive(dWRef, new Float64Array(1), dz, x, 1, 2, 1);
		expect(Number.isNaN(dWRef[0])).toBe(true);
	});
});
