// The fast kernels against the naive references (the oracle), on shapes that hit every edge of
// their blocking: batch not a multiple of 4, odd widths, 0–20 nonzero gradient rows (the backward
// kernels add nonzero rows 8, then 4, then 1 at a time), float32, and non-finite values.
import { describe, expect, it } from 'vitest';
import {
	linearBackwardInput,
	linearBackwardInputNaive,
	linearBackwardWeights,
	linearBackwardWeightsNaive,
	linearBackwardWeightsSparseInput,
	linearForward,
	linearForwardNaive,
	linearForwardSparseInput,
	transposeInto,
	transposedScratch,
	dWtScratch
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

describe('float32 operands: the kernels read them exactly (converted once into float64 scratch)', () => {
	// Each kernel converts the float32 arrays its hot loop reads into a per-worker float64 scratch.
	// float32 ⊂ float64, so a call on float32 operands must equal, bit for bit, the same call on
	// float64 copies of them (outputs float32 in both). The cases run one after another, so scratch
	// left by a larger call must not leak into a smaller one.
	for (const [k, c] of CASES.entries()) {
		it(`B=${c.B} IN=${c.IN} OUT=${c.OUT}`, () => {
			const rng = new Rng(300 + k);
			const x = Float32Array.from(normal(c.B * c.IN, rng, 0.7));
			const W = Float32Array.from(normal(c.OUT * c.IN, rng));
			const bias = Float32Array.from(normal(c.OUT, rng));
			const dz = Float32Array.from(normal(c.B * c.OUT, rng, c.zeroShare));
			const Wt = new Float32Array(c.IN * c.OUT);
			transposeInto(Wt, W, c.OUT, c.IN);
			const f64 = (a: Float32Array) => Float64Array.from(a);
			const both = (f: (x: FloatArray, W: FloatArray, dz: FloatArray, Wt: FloatArray) => Float32Array) => {
				const a = f(x, W, dz, Wt);
				const b = f(f64(x), f64(W), f64(dz), f64(Wt));
				expect(a).toEqual(b);
				return a;
			};
			both((x, W) => {
				const z = new Float32Array(c.B * c.OUT);
				linearForward(z, x, W, bias, c.B, c.IN, c.OUT);
				return z;
			});
			both((x, _W, dz) => {
				const dW = new Float32Array(c.OUT * c.IN).fill(0.25);
				linearBackwardWeights(dW, new Float32Array(c.OUT), dz, x, c.B, c.IN, c.OUT);
				return dW;
			});
			both((_x, W, dz) => {
				const dx = new Float32Array(c.B * c.IN);
				linearBackwardInput(dx, dz, W, c.B, c.IN, c.OUT);
				return dx;
			});
			both((x, _W, _dz, Wt) => {
				const z = new Float32Array(c.B * c.OUT);
				linearForwardSparseInput(z, x, Wt, bias, c.B, c.IN, c.OUT);
				return z;
			});
			both((x, _W, dz) => {
				const dW = new Float32Array(c.OUT * c.IN).fill(-0.5);
				linearBackwardWeightsSparseInput(dW, new Float32Array(c.OUT), dz, x, new Float32Array(c.IN * c.OUT), c.B, c.IN, c.OUT);
				return dW;
			});
		});
	}
});

describe('the float64 scratch never leaks from one call into the next', () => {
	// The forward and backward kernels share the scratch slots (x in slot 0, W in slot 1): a kernel
	// that copied too little would read the previous call's values. Each call here follows one on
	// other operands of the same shape, and its operands are longer than n (garbage past the end,
	// never read; x2 longer than any scratch so far), so the copy must take exactly the first n values.
	const B = 5, IN = 7, OUT = 6;
	const draw = (n: number, seed: number, pad = 0) => {
		const a = Float32Array.from(normal(n + pad, new Rng(seed), 0.3));
		a.fill(NaN, n);
		return a;
	};
	const exact = (a: Float32Array, n: number) => Float64Array.from(a.subarray(0, n));
	it('backward W after a forward on another x; backward x after a forward with another W', () => {
		const x1 = draw(B * IN, 1), W1 = draw(OUT * IN, 2), bias = new Float32Array(OUT);
		const x2 = draw(B * IN, 3, 100_000), W2 = draw(OUT * IN, 4, 9), dz = draw(B * OUT, 5);
		const dWa = new Float32Array(OUT * IN), dWb = new Float32Array(OUT * IN);
		linearForward(new Float32Array(B * OUT), x1, W1, bias, B, IN, OUT);
		linearBackwardWeights(dWa, new Float32Array(OUT), dz, x2, B, IN, OUT);
		linearBackwardWeights(dWb, new Float32Array(OUT), dz, exact(x2, B * IN), B, IN, OUT);
		expect(dWa).toEqual(dWb);
		const dxa = new Float32Array(B * IN), dxb = new Float32Array(B * IN);
		linearForward(new Float32Array(B * OUT), x1, W1, bias, B, IN, OUT);
		linearBackwardInput(dxa, dz, W2, B, IN, OUT);
		linearBackwardInput(dxb, dz, exact(W2, OUT * IN), B, IN, OUT);
		expect(dxa).toEqual(dxb);
		// and the forward itself on padded operands after the backward calls
		const za = new Float32Array(B * OUT), zb = new Float32Array(B * OUT);
		linearForward(za, x2, W2, bias, B, IN, OUT);
		linearForward(zb, exact(x2, B * IN), exact(W2, OUT * IN), bias, B, IN, OUT);
		expect(za).toEqual(zb);
		expect(za.every(Number.isFinite)).toBe(true);
	});
});

describe("the worker's first-layer scratch (shared by its runs and the curvature products)", () => {
	it('transposedScratch: Wᵀ by hand, as float64 whatever W is, reused while large enough', () => {
		// W (OUT 2, IN 3) = [[1, 2, 3], [4, 5, 6]] → Wᵀ (3, 2) = [[1, 4], [2, 5], [3, 6]]
		const t = transposedScratch(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3);
		expect(t).toBeInstanceOf(Float64Array);
		expect(Array.from(t.subarray(0, 6))).toEqual([1, 4, 2, 5, 3, 6]);
		// a larger W grows it; a smaller one reuses the same array
		const big = transposedScratch(new Float64Array(4 * 1000).fill(0.5), 4, 1000);
		expect(big.length).toBeGreaterThanOrEqual(4000);
		const again = transposedScratch(Float64Array.from([7, 8]), 1, 2);
		expect(again).toBe(big);
		expect(Array.from(again.subarray(0, 2))).toEqual([7, 8]);
	});
	it('dWtScratch: one array per dtype, at least n long, grown on demand and reused', () => {
		const a = dWtScratch('float32', 10);
		expect(a).toBeInstanceOf(Float32Array);
		expect(a.length).toBeGreaterThanOrEqual(10);
		const b = dWtScratch('float64', 10);
		expect(b).toBeInstanceOf(Float64Array);
		expect(b.length).toBeGreaterThanOrEqual(10);
		const n = Math.max(a.length, b.length) + 5000;
		const a2 = dWtScratch('float32', n);
		const b2 = dWtScratch('float64', n);
		expect([a2.length >= n, b2.length >= n]).toEqual([true, true]);
		expect(dWtScratch('float32', 3)).toBe(a2);
		expect(dWtScratch('float64', n)).toBe(b2);
		expect(a2).toBeInstanceOf(Float32Array);
	});
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

describe('kernels for mostly-zero inputs = naive kernels', () => {
	// inputs with 0 … 100 % zeros (MNIST's pixels are ≈ 81 % zero), odd widths, more than 8 and
	// fewer than 4 nonzeros per row and per column (addScaledRows goes 8, 4, 1 at a time)
	const cases = [
		{ B: 1, IN: 1, OUT: 1, zeros: 0 },
		{ B: 3, IN: 29, OUT: 7, zeros: 0.8 },
		{ B: 20, IN: 17, OUT: 11, zeros: 0.5 },
		{ B: 64, IN: 50, OUT: 13, zeros: 0.81 },
		{ B: 9, IN: 40, OUT: 5, zeros: 0 },
		{ B: 6, IN: 12, OUT: 4, zeros: 1 }
	];
	for (const [k, c] of cases.entries()) {
		for (const [dtype, make, tol] of [
			['float64', (a: Float64Array) => Float64Array.from(a), 1e-12],
			['float32', (a: Float64Array) => Float32Array.from(a), 2e-5]
		] as const) {
			it(`${dtype}, B=${c.B} IN=${c.IN} OUT=${c.OUT}, ${c.zeros * 100}% zero x`, () => {
				const rng = new Rng(500 + k);
				const x = make(normal(c.B * c.IN, rng, c.zeros));
				const W = make(normal(c.OUT * c.IN, rng));
				const bias = make(normal(c.OUT, rng));
				const dz = make(normal(c.B * c.OUT, rng, 0.5));
				const dW0 = normal(c.OUT * c.IN, rng);
				const db0 = normal(c.OUT, rng);
				const f64 = (a: FloatArray) => Float64Array.from(a);

				const Wt = make(new Float64Array(c.IN * c.OUT));
				transposeInto(Wt, W, c.OUT, c.IN);
				for (let o = 0; o < c.OUT; o++) for (let i = 0; i < c.IN; i++) expect(Wt[i * c.OUT + o]).toBe(W[o * c.IN + i]);

				const z = make(new Float64Array(c.B * c.OUT).fill(9));
				const zRef = new Float64Array(c.B * c.OUT);
				linearForwardSparseInput(z, x, Wt, bias, c.B, c.IN, c.OUT);
				linearForwardNaive(zRef, f64(x), f64(W), f64(bias), c.B, c.IN, c.OUT);
				expectClose(z, zRef, tol);

				const dW = make(dW0);
				const db = make(db0);
				const dWRef = f64(make(dW0));
				const dbRef = f64(make(db0));
				const dWt = make(new Float64Array(c.IN * c.OUT).fill(3)); // scratch: starts dirty
				linearBackwardWeightsSparseInput(dW, db, dz, x, dWt, c.B, c.IN, c.OUT);
				linearBackwardWeightsNaive(dWRef, dbRef, f64(dz), f64(x), c.B, c.IN, c.OUT);
				expectClose(dW, dWRef, tol);
				expectClose(db, dbRef, tol);
			});
		}
	}

	it('by hand: x = [[0, 2], [3, 0]], W = [[1, 2], [3, 4]], b = [0.5, −1], dz = [[1, 0], [2, 3]]', () => {
		const x = new Float64Array([0, 2, 3, 0]);
		const W = new Float64Array([1, 2, 3, 4]);
		const Wt = new Float64Array(4);
		transposeInto(Wt, W, 2, 2);
		expect(Array.from(Wt)).toEqual([1, 3, 2, 4]);
		// z[0] = 2·[2, 4] + b = [4.5, 7];  z[1] = 3·[1, 3] + b = [3.5, 8]
		const z = new Float64Array(4);
		linearForwardSparseInput(z, x, Wt, new Float64Array([0.5, -1]), 2, 2, 2);
		expect(Array.from(z)).toEqual([4.5, 7, 3.5, 8]);
		// dW[o,i] = Σ_b dz[b,o]·x[b,i]: dW[0] = [2·3, 1·2] = [6, 2]; dW[1] = [3·3, 0·2] = [9, 0]; added to 1s
		const dW = new Float64Array([1, 1, 1, 1]);
		const db = new Float64Array(2);
		linearBackwardWeightsSparseInput(dW, db, new Float64Array([1, 0, 2, 3]), x, new Float64Array(4), 2, 2, 2);
		expect(Array.from(dW)).toEqual([7, 3, 10, 1]);
		expect(Array.from(db)).toEqual([3, 3]);
	});

	it('a NaN input reaches z and dW, as in the reference', () => {
		const x = new Float64Array([Number.NaN, 0]);
		const W = new Float64Array([1, 2]);
		const z = new Float64Array(1);
		linearForwardSparseInput(z, x, W, new Float64Array(1), 1, 2, 1);
		expect(Number.isNaN(z[0])).toBe(true);
		const dW = new Float64Array(2);
		linearBackwardWeightsSparseInput(dW, new Float64Array(1), new Float64Array([1]), x, new Float64Array(2), 1, 2, 1);
		expect(Number.isNaN(dW[0])).toBe(true);
		expect(dW[1]).toBe(0);
	});
});
