// The three matrix kernels of a dense layer, each in a naive reference form (kept as the oracle
// the fast forms are tested against) and a fast form used by the MLP.
//
//   forward:    z (B,OUT) = x (B,IN) · Wᵀ (IN,OUT) + bias (OUT)
//   backward W: dW (OUT,IN) += dzᵀ (OUT,B) · x (B,IN);   db (OUT) += Σ_b dz (B,OUT)
//   backward x: dx (B,IN) = dz (B,OUT) · W (OUT,IN)
//
// All arrays row-major. Cost model for V8 (no SIMD, no FMA): a multiply-add is 2 instructions,
// but every typed-array load is about 6 (index add, sign extension, bounds check, address, load),
// and float32 loads and stores add a conversion to or from float64. Speed therefore comes from
//   1. register blocking: each loaded value feeds several multiply-adds whose sums stay in
//      registers (forward: 4 examples × 2 units = 8 sums from 6 loads per step of i);
//   2. skipping zeros: ReLU zeroes about half of every hidden dz, and a zero dz contributes
//      nothing to dW or dx. The backward kernels gather the nonzero rows and add them 8 at a time
//      (see addScaledRows), so each pass over an output row does 8 multiply-adds per load and
//      store of that row. Dense forms of the backward products lose to this at 50 % zeros.
//   3. skipping zero inputs: the first layer's input is the data, and MNIST's pixels are mostly 0;
//      for such inputs the forward product and the weight gradient are sums of rows over the
//      nonzero inputs only (the last section of this file; the Mlp chooses per batch).
// Every inner loop walks memory contiguously.
//
// Complexity budget: these forms were kept because they bought 1.5–3× over the plain loops (see
// `npm run bench`). Alternatives measured on the bench machine (Zen 4, Node 20) and dropped
// because they bought ≤ 10 % or lost: 4×4, 6×4, 8×4 dot blocks (sums spill: V8 has 15 float
// registers, and a spilled sum puts a store→load round trip on its add chain), unrolling i,
// cache blocking over i, output-streaming tiles of 4×4 … 8×8 coefficients, and register-blocked
// sparse dot products for dW. Also measured and dropped (session 2, same process, interleaved
// rounds, medians of 15): a forward pass on packed float64 copies (4 examples and 3 weight rows
// interleaved in one scratch array, `(i + 1) | 0` indices to drop overflow checks, 12 sums in
// registers) — 2.75 ms against 2.70 ms for this 4×2 form on 64×784×128, both ≈ 4.7 GFLOP/s;
// and backward kernels that add 12 rows at a time into a float64 row accumulator — 1.91 ms
// against 1.88 ms (dW), 1.72 against 1.77 ms (dx). Standalone micro-benchmarks of the same ideas
// promised 20–70 %; inside the engine the gain vanished, so the simpler forms stay.
// Measured and dropped in session 5 (Intel Xeon, Node 20): for float32 runs, handing these kernels
// float64 copies of W and of each layer's input (made once per pass, so no inner-loop load converts
// float32; bit for bit the same results). `npm run bench`'s dense float32 workload A went from
// 8,564 to ~10,500 samples/s and B +10 %. But the playground lost: first 5–17 % in its workers
// (`tests/perf/worker-profile.ts`), because the curvature tracker's Hessian-vector products still
// passed float32 to the same kernels and made their loads polymorphic (kernel-arg-types.test now
// guards that every call in a worker passes one array type per argument); then, with hvp.ts copying
// too, neutral in Node but worse with 16 MNIST runs in the browser — 214 MB instead of 168 and 8 %
// fewer steps in a minute (`tests/perf/results/browser-2026-12-06T1605-f64copies-hvp.md`): MNIST's
// first layer, most of the work, takes the mostly-zero path and gains nothing, while the copies
// (the curvature probe's 256 × 784 rows, v, every activation) cost memory and bandwidth.
// Kept since session 6: the same idea inside the kernels (asFloat64 below). Each dense kernel
// converts its float32 operands that the hot loop reads (x, W; Wᵀ and dz on the mostly-zero path)
// into one float64 scratch per operand slot and worker, with TypedArray.prototype.set (a JS copy
// loop cost 20 % of a 784 × 128 forward product). So the hot loops see only Float64Array whoever
// calls them, no run holds a copy, and the first layer's Wᵀ and dWᵀ scratch moved from each run to
// the worker (16 MNIST runs: 160 MB instead of 170, same steps a minute). Bench A float32 went from
// 1.18–1.27× to 1.24–1.29× WASM SIMD (float64 ≈ 1.34×), M float32 2.0× → 2.05×.
import type { FloatArray } from './types';

// ---------------------------------------------------------------- naive reference kernels

export function linearForwardNaive(z: FloatArray, x: FloatArray, W: FloatArray, bias: FloatArray, B: number, IN: number, OUT: number): void {
	for (let b = 0; b < B; b++)
		for (let o = 0; o < OUT; o++) {
			let s = bias[o];
			for (let i = 0; i < IN; i++) s += x[b * IN + i] * W[o * IN + i];
			z[b * OUT + o] = s;
		}
}

export function linearBackwardWeightsNaive(dW: FloatArray, db: FloatArray, dz: FloatArray, x: FloatArray, B: number, IN: number, OUT: number): void {
	for (let o = 0; o < OUT; o++) {
		for (let i = 0; i < IN; i++) {
			let s = 0;
			for (let b = 0; b < B; b++) s += dz[b * OUT + o] * x[b * IN + i];
			dW[o * IN + i] += s;
		}
		let s = 0;
		for (let b = 0; b < B; b++) s += dz[b * OUT + o];
		db[o] += s;
	}
}

export function linearBackwardInputNaive(dx: FloatArray, dz: FloatArray, W: FloatArray, B: number, IN: number, OUT: number): void {
	for (let b = 0; b < B; b++)
		for (let i = 0; i < IN; i++) {
			let s = 0;
			for (let o = 0; o < OUT; o++) s += dz[b * OUT + o] * W[o * IN + i];
			dx[b * IN + i] = s;
		}
}

// ---------------------------------------------------------------- fast kernels

// Float64 views of a float32 operand, one scratch per operand slot and per worker (module-level,
// grown on demand, shared by every run of the worker). The hot loops below then read only
// Float64Array: V8 converts each float32 element once per call instead of once per multiply-add.
// Values are exact (float32 ⊂ float64), so every sum is the same, bit for bit.
const f64Scratch: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
function asFloat64(a: FloatArray, n: number, slot: number): Float64Array {
	if (a instanceof Float64Array) return a;
	let s = f64Scratch[slot];
	if (s.length < n) s = f64Scratch[slot] = new Float64Array(n);
	s.set(a.length === n ? a : a.subarray(0, n));
	return s;
}

/** z (B,OUT) = x (B,IN) · Wᵀ + bias — blocks of 4 examples × 2 units share their loads. */
export function linearForward(z: FloatArray, xIn: FloatArray, WIn: FloatArray, bias: FloatArray, B: number, IN: number, OUT: number): void {
	const x = asFloat64(xIn, B * IN, 0);
	const W = asFloat64(WIn, OUT * IN, 1);
	let b = 0;
	for (; b + 4 <= B; b += 4) {
		// rows b…b+3 of x
		const x0 = b * IN;
		const x1 = x0 + IN;
		const x2 = x1 + IN;
		const x3 = x2 + IN;
		const z0 = b * OUT;
		let o = 0;
		for (; o + 2 <= OUT; o += 2) {
			// rows o, o+1 of W
			const w0 = o * IN;
			const w1 = w0 + IN;
			let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
			for (let i = 0; i < IN; i++) {
				const a = W[w0 + i];
				const c = W[w1 + i];
				const v0 = x[x0 + i];
				const v1 = x[x1 + i];
				const v2 = x[x2 + i];
				const v3 = x[x3 + i];
				s00 += v0 * a;
				s01 += v0 * c;
				s10 += v1 * a;
				s11 += v1 * c;
				s20 += v2 * a;
				s21 += v2 * c;
				s30 += v3 * a;
				s31 += v3 * c;
			}
			const b0 = bias[o];
			const b1 = bias[o + 1];
			z[z0 + o] = s00 + b0;
			z[z0 + o + 1] = s01 + b1;
			z[z0 + OUT + o] = s10 + b0;
			z[z0 + OUT + o + 1] = s11 + b1;
			z[z0 + 2 * OUT + o] = s20 + b0;
			z[z0 + 2 * OUT + o + 1] = s21 + b1;
			z[z0 + 3 * OUT + o] = s30 + b0;
			z[z0 + 3 * OUT + o + 1] = s31 + b1;
		}
		// an odd last unit: 4 × 1
		for (; o < OUT; o++) {
			const w0 = o * IN;
			let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			for (let i = 0; i < IN; i++) {
				const a = W[w0 + i];
				s0 += x[x0 + i] * a;
				s1 += x[x1 + i] * a;
				s2 += x[x2 + i] * a;
				s3 += x[x3 + i] * a;
			}
			z[z0 + o] = s0 + bias[o];
			z[z0 + OUT + o] = s1 + bias[o];
			z[z0 + 2 * OUT + o] = s2 + bias[o];
			z[z0 + 3 * OUT + o] = s3 + bias[o];
		}
	}
	// the last B mod 4 examples: 1 × 1
	for (; b < B; b++) {
		const xb = b * IN;
		for (let o = 0; o < OUT; o++) {
			const w0 = o * IN;
			let s = 0;
			for (let i = 0; i < IN; i++) s += x[xb + i] * W[w0 + i];
			z[b * OUT + o] = s + bias[o];
		}
	}
}

// Scratch for the nonzero rows gathered by the backward kernels: offsets into the source matrix
// and their coefficients. Grown on demand and reused, so a training step allocates nothing.
let rowOffsets = new Int32Array(64);
let rowCoefs = new Float64Array(64);
function ensureScratch(n: number): void {
	if (rowOffsets.length >= n) return;
	rowOffsets = new Int32Array(n);
	rowCoefs = new Float64Array(n);
}

/**
 * y[yOff + i] += Σ_k coef[k] · M[off[k] + i] for i < len, from ≤ k < from + n: a sum of n scaled rows of M
 * added into one row of y. Rows go 8 at a time (then 4, then 1), so each load and store of y
 * carries 8 multiply-adds; the 8 coefficients stay in registers across the pass.
 */
function addScaledRows(y: FloatArray, yOff: number, M: FloatArray, off: Int32Array, coef: Float64Array, n: number, len: number, from = 0): void {
	let k = from;
	const end = from + n;
	for (; k + 8 <= end; k += 8) {
		const m0 = off[k], m1 = off[k + 1], m2 = off[k + 2], m3 = off[k + 3];
		const m4 = off[k + 4], m5 = off[k + 5], m6 = off[k + 6], m7 = off[k + 7];
		const g0 = coef[k], g1 = coef[k + 1], g2 = coef[k + 2], g3 = coef[k + 3];
		const g4 = coef[k + 4], g5 = coef[k + 5], g6 = coef[k + 6], g7 = coef[k + 7];
		for (let i = 0; i < len; i++) {
			y[yOff + i] +=
				g0 * M[m0 + i] + g1 * M[m1 + i] + g2 * M[m2 + i] + g3 * M[m3 + i] +
				g4 * M[m4 + i] + g5 * M[m5 + i] + g6 * M[m6 + i] + g7 * M[m7 + i];
		}
	}
	for (; k + 4 <= end; k += 4) {
		const m0 = off[k], m1 = off[k + 1], m2 = off[k + 2], m3 = off[k + 3];
		const g0 = coef[k], g1 = coef[k + 1], g2 = coef[k + 2], g3 = coef[k + 3];
		for (let i = 0; i < len; i++) y[yOff + i] += g0 * M[m0 + i] + g1 * M[m1 + i] + g2 * M[m2 + i] + g3 * M[m3 + i];
	}
	for (; k < end; k++) {
		const m0 = off[k];
		const g0 = coef[k];
		for (let i = 0; i < len; i++) y[yOff + i] += g0 * M[m0 + i];
	}
}

/** dW += dzᵀ · x, db += Σ_b dz — per unit o, dW[o,:] += Σ_b dz[b,o]·x[b,:] over the nonzero dz[b,o]. */
export function linearBackwardWeights(dW: FloatArray, db: FloatArray, dz: FloatArray, xIn: FloatArray, B: number, IN: number, OUT: number): void {
	ensureScratch(B);
	const x = asFloat64(xIn, B * IN, 0);
	const off = rowOffsets;
	const coef = rowCoefs;
	for (let o = 0; o < OUT; o++) {
		let n = 0;
		let s = 0;
		for (let b = 0; b < B; b++) {
			const g = dz[b * OUT + o];
			if (g === 0) continue;
			off[n] = b * IN;
			coef[n] = g;
			n++;
			s += g;
		}
		db[o] += s;
		addScaledRows(dW, o * IN, x, off, coef, n, IN);
	}
}

/** dx = dz · W — per example b, dx[b,:] = Σ_o dz[b,o]·W[o,:] over the nonzero dz[b,o]. */
export function linearBackwardInput(dx: FloatArray, dz: FloatArray, WIn: FloatArray, B: number, IN: number, OUT: number): void {
	ensureScratch(OUT);
	const W = asFloat64(WIn, OUT * IN, 1);
	const off = rowOffsets;
	const coef = rowCoefs;
	dx.fill(0, 0, B * IN);
	for (let b = 0; b < B; b++) {
		const zb = b * OUT;
		let n = 0;
		for (let o = 0; o < OUT; o++) {
			const g = dz[zb + o];
			if (g === 0) continue;
			off[n] = o * IN;
			coef[n] = g;
			n++;
		}
		addScaledRows(dx, b * IN, W, off, coef, n, IN);
	}
}

// ---------------------------------------------------------------- mostly-zero inputs
//
// The first layer's input is the data, and MNIST's pixels are mostly 0 (≈ 81 % of them, when not
// standardized). A zero input contributes nothing to z or to dW, so for such inputs the same
// products are computed from the nonzero entries only, as sums of rows (addScaledRows again):
//   forward:    z[b,:]  = bias + Σ_{i: x[b,i] ≠ 0} x[b,i] · Wᵀ[i,:]        (Wᵀ (IN,OUT), given)
//   backward W: dWᵀ[i,:] = Σ_{b: x[b,i] ≠ 0} x[b,i] · dz[b,:], added into dW (OUT,IN) transposed
// Work ∝ nonzeros · OUT instead of B · IN · OUT. The Mlp picks these when at most
// SPARSE_INPUT_DENSITY of the batch's inputs are nonzero. As with zero gradients above, a skipped
// zero input meets a non-finite weight as 0, where the dense product gives 0·∞ = NaN; the trainer's
// parameter scan reports a non-finite weight as divergence in any case.

// Scratch for Wᵀ and dWᵀ (IN, OUT) on this path: one per worker, shared by its runs (they never
// overlap: a worker steps one run at a time) and by the curvature tracker's products, grown on
// demand — not a pair per run (16 MNIST runs would hold 13 MB of it). Wᵀ is float64 whatever the
// run's dtype (its values are exact copies, so the sums are the same, and the hot loop reads one
// array type); dWᵀ accumulates in the run's dtype, rounded where it always was.
let wtScratch = new Float64Array(0);
const dwtScratch = { float32: new Float32Array(0), float64: new Float64Array(0) };

/** Wᵀ (IN,OUT) for W (OUT,IN) in the worker's float64 scratch, valid until the next call. */
export function transposedScratch(W: FloatArray, OUT: number, IN: number): Float64Array {
	if (wtScratch.length < IN * OUT) wtScratch = new Float64Array(IN * OUT);
	transposeInto(wtScratch, W, OUT, IN);
	return wtScratch;
}

/** The worker's dWᵀ scratch in the given dtype, at least n long. */
export function dWtScratch(dtype: 'float32' | 'float64', n: number): FloatArray {
	if (dtype === 'float32') {
		if (dwtScratch.float32.length < n) dwtScratch.float32 = new Float32Array(n);
		return dwtScratch.float32;
	}
	if (dwtScratch.float64.length < n) dwtScratch.float64 = new Float64Array(n);
	return dwtScratch.float64;
}

/** Wt (IN,OUT) = Wᵀ for W (OUT,IN). */
export function transposeInto(Wt: FloatArray, W: FloatArray, OUT: number, IN: number): void {
	for (let o = 0; o < OUT; o++) {
		const w0 = o * IN;
		for (let i = 0; i < IN; i++) Wt[i * OUT + o] = W[w0 + i];
	}
}

/** z (B,OUT) = x (B,IN) · Wᵀ + bias, from the nonzero x only; Wt = Wᵀ (IN,OUT). */
export function linearForwardSparseInput(z: FloatArray, x: FloatArray, WtIn: FloatArray, bias: FloatArray, B: number, IN: number, OUT: number): void {
	ensureScratch(IN);
	const Wt = asFloat64(WtIn, IN * OUT, 1);
	const off = rowOffsets;
	const coef = rowCoefs;
	for (let b = 0; b < B; b++) {
		const xb = b * IN;
		let n = 0;
		for (let i = 0; i < IN; i++) {
			const v = x[xb + i];
			if (v === 0) continue;
			off[n] = i * OUT;
			coef[n] = v;
			n++;
		}
		const zb = b * OUT;
		for (let o = 0; o < OUT; o++) z[zb + o] = bias[o];
		addScaledRows(z, zb, Wt, off, coef, n, OUT);
	}
}

// per-column lists of the nonzero inputs (compressed sparse columns), and dWᵀ
let colStart = new Int32Array(64);
let colOffsets = new Int32Array(64);
let colCoefs = new Float64Array(64);

/** dW (OUT,IN) += dzᵀ · x and db += Σ_b dz, from the nonzero x only; dWt (IN,OUT) is scratch. */
export function linearBackwardWeightsSparseInput(
	dW: FloatArray,
	db: FloatArray,
	dz: FloatArray,
	x: FloatArray,
	dWt: FloatArray,
	B: number,
	IN: number,
	OUT: number
): void {
	// column i's nonzeros x[b,i] as (offset of row b of dz, x[b,i]), at colStart[i] … colStart[i+1]−1
	if (colStart.length < IN + 1) colStart = new Int32Array(IN + 1);
	const start = colStart;
	start.fill(0, 0, IN + 1);
	for (let b = 0; b < B; b++) {
		const xb = b * IN;
		for (let i = 0; i < IN; i++) if (x[xb + i] !== 0) start[i + 1]++;
	}
	for (let i = 0; i < IN; i++) start[i + 1] += start[i];
	const nnz = start[IN];
	if (colOffsets.length < nnz) {
		colOffsets = new Int32Array(nnz);
		colCoefs = new Float64Array(nnz);
	}
	const off = colOffsets;
	const coef = colCoefs;
	for (let b = 0; b < B; b++) {
		const xb = b * IN;
		for (let i = 0; i < IN; i++) {
			const v = x[xb + i];
			if (v === 0) continue;
			const k = start[i]++;
			off[k] = b * OUT;
			coef[k] = v;
		}
	}
	// start[i] now holds the end of column i, which is where column i+1 begins
	dWt.fill(0, 0, IN * OUT);
	const dz64 = asFloat64(dz, B * OUT, 0);
	for (let i = 0, from = 0; i < IN; i++) {
		const to = start[i];
		addScaledRows(dWt, i * OUT, dz64, off, coef, to - from, OUT, from);
		from = to;
	}
	for (let o = 0; o < OUT; o++) {
		const w0 = o * IN;
		for (let i = 0; i < IN; i++) dW[w0 + i] += dWt[i * OUT + o];
	}
	for (let o = 0; o < OUT; o++) {
		let s = 0;
		for (let b = 0; b < B; b++) s += dz[b * OUT + o];
		db[o] += s;
	}
}
