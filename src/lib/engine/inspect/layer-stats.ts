// Per-layer statistics that diagnose initialization and training health: spread of activations,
// dead ReLUs, saturated tanh/sigmoid units, gradient norms, update-to-weight ratios, and symmetric
// (identical) units.
//
// Shapes (legend in ../types.ts): a, z are (B, OUT) row-major — example b, unit j at b·OUT + j;
// W is (OUT, IN) — unit j's incoming weights are row j; b is (OUT).
import type { FloatArray } from '../types';

export interface Summary {
	/** over the finite values only; NaN when there are none */
	min: number;
	max: number;
	mean: number;
	/** population standard deviation √(Σ(x − mean)² / n), like torch.std(unbiased=False) */
	std: number;
	/** number of finite values */
	n: number;
	/** number of NaN / ±∞ values, left out of everything above */
	nonFinite: number;
}

/** min, max, mean and std of the finite values of x (two passes, accumulated in float64). */
export function summarize(x: FloatArray): Summary {
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let n = 0;
	for (let i = 0; i < x.length; i++) {
		const v = x[i];
		if (v - v !== 0) continue;
		if (v < min) min = v;
		if (v > max) max = v;
		sum += v;
		n++;
	}
	const nonFinite = x.length - n;
	if (n === 0) return { min: NaN, max: NaN, mean: NaN, std: NaN, n, nonFinite };
	const mean = sum / n;
	let ss = 0;
	for (let i = 0; i < x.length; i++) {
		const v = x[i];
		if (v - v !== 0) continue;
		ss += (v - mean) * (v - mean);
	}
	return { min, max, mean, std: Math.sqrt(ss / n), n, nonFinite };
}

/**
 * Share of units that never fire on the batch: unit j is dead when x[b, j] ≤ 0 for every example b.
 * Pass the pre-activation z: for relu z ≤ 0 ⇔ a = 0, and for leaky-relu z ≤ 0 is the "off" side
 * (a = 0.01·z there, never exactly 0). Passing relu's a gives the same answer. B = 0 or OUT = 0 → 0.
 */
export function deadShare(x: FloatArray, B: number, OUT: number): number {
	if (B === 0 || OUT === 0) return 0;
	let dead = 0;
	for (let j = 0; j < OUT; j++) {
		let active = false;
		for (let b = 0; b < B && !active; b++) active = x[b * OUT + j] > 0;
		if (!active) dead++;
	}
	return dead / OUT;
}

function isSaturated(v: number, lo: number, hi: number, tol: number): boolean {
	return v <= lo + tol || v >= hi - tol;
}

/**
 * Share of ENTRIES (example × unit) of a (B, OUT) within tol of either bound of the activation's
 * range, e.g. [−1, 1] for tanh and [0, 1] for sigmoid (ACTIVATION_BOUNDS). The issue's
 * "output within 0.03 of its bounds" per value. Empty input → 0.
 */
export function saturatedShare(a: FloatArray, B: number, OUT: number, bounds: readonly [number, number], tol = 0.03): number {
	const n = B * OUT;
	if (n === 0) return 0;
	const [lo, hi] = bounds;
	let sat = 0;
	for (let i = 0; i < n; i++) if (isSaturated(a[i], lo, hi, tol)) sat++;
	return sat / n;
}

/**
 * Share of UNITS saturated on every example of the batch (such a unit passes ≈ no gradient at all,
 * like a dead ReLU). Always ≤ saturatedShare. Empty input → 0.
 */
export function saturatedUnitShare(a: FloatArray, B: number, OUT: number, bounds: readonly [number, number], tol = 0.03): number {
	if (B === 0 || OUT === 0) return 0;
	const [lo, hi] = bounds;
	let units = 0;
	for (let j = 0; j < OUT; j++) {
		let all = true;
		for (let b = 0; b < B && all; b++) all = isSaturated(a[b * OUT + j], lo, hi, tol);
		if (all) units++;
	}
	return units / OUT;
}

/** Σ x² accumulated in float64 (NaN/∞ propagate, so an exploding layer shows as such). */
export function sumSquares(x: FloatArray): number {
	let s = 0;
	for (let i = 0; i < x.length; i++) s += x[i] * x[i];
	return s;
}

/** ‖x‖₂ */
export function l2Norm(x: FloatArray): number {
	return Math.sqrt(sumSquares(x));
}

/** ‖(g_W, g_b)‖₂ = √(‖g_W‖² + ‖g_b‖²), a layer's gradient norm with its bias; omit gb for weights only. */
export function gradNorm(gW: FloatArray, gb?: FloatArray): number {
	return Math.sqrt(sumSquares(gW) + (gb ? sumSquares(gb) : 0));
}

/**
 * ‖θ_after − θ_before‖₂ / ‖θ_before‖₂, the update-to-weight ratio (Karpathy's rule of thumb: ≈ 1e-3).
 * 0/0 → 0 (nothing to move and nothing moved); x/0 with x > 0 → +∞.
 */
export function updateRatio(before: FloatArray, after: FloatArray): number {
	if (before.length !== after.length) throw new RangeError(`updateRatio: lengths differ (${before.length} vs ${after.length})`);
	let dd = 0;
	let tt = 0;
	for (let i = 0; i < before.length; i++) {
		const d = after[i] - before[i];
		dd += d * d;
		tt += before[i] * before[i];
	}
	if (dd === 0) return 0;
	return Math.sqrt(dd) / Math.sqrt(tt);
}

/**
 * Whether all OUT units of a layer are identical: every row of W (OUT, IN) equals row 0 and, when b
 * is given, every bias equals b[0]. Identical units receive identical gradients, so they stay
 * identical for ever (the symmetry problem of zeros or constant init). A layer of a single unit has
 * nothing to be symmetric with: OUT < 2 → false. Exact comparison: one ulp of difference already
 * breaks the symmetry in principle.
 */
export function identicalUnits(W: FloatArray, OUT: number, IN: number, b?: FloatArray): boolean {
	if (OUT < 2) return false;
	for (let j = 1; j < OUT; j++) {
		const row = j * IN;
		for (let i = 0; i < IN; i++) if (W[row + i] !== W[i]) return false;
		if (b && b[j] !== b[0]) return false;
	}
	return true;
}
