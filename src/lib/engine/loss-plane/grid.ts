// The loss landscape evaluated exactly on a plane: at each grid point (a_i, b_j) the network's
// parameters are set to θ = c + a_i·u + b_j·v and the mean cross-entropy is computed on a fixed
// probe batch (the same examples for every point, so the surface is a function of θ alone).
//
//   a (nA) × b (nB) grid, loss (nB, nA) row-major: loss[j·n + i] = L(c + a_i u + b_j v)
//   cost: n² forward passes of probeN examples ≈ n² · probeN · 2P multiply-adds; e.g. 25 × 25 with
//   256 probes on the MNIST net (P = 109,386) ≈ 3.5 × 10¹⁰ — tens of seconds in a worker, so keep
//   n and probeN modest (21 × 21 with 128 probes is 4× cheaper) and report rows as they finish.
import { softmaxCrossEntropy } from '../loss';
import type { Mlp } from '../mlp';
import type { FloatArray } from '../types';
import type { Plane, ProjectedPath } from './projection';

export interface GridRange {
	a: [number, number];
	b: [number, number];
}

export interface LossGrid {
	/** the n coordinates along u, ascending */
	a: Float64Array;
	/** the n coordinates along v, ascending */
	b: Float64Array;
	/** (n, n) row-major, row = b index; NaN where the loss is not finite */
	loss: Float64Array;
}

/** out ← c + a·u + b·v, each entry formed in float64 and rounded once to out's dtype. */
export function paramsAt(plane: Plane, a: number, b: number, out: FloatArray): FloatArray {
	const { origin, u, v } = plane;
	if (out.length !== origin.length) throw new RangeError(`paramsAt: out has ${out.length} entries, the plane ${origin.length}`);
	for (let i = 0; i < origin.length; i++) out[i] = origin[i] + a * u[i] + b * v[i];
	return out;
}

/** n evenly spaced values from lo to hi inclusive. */
function linspace(lo: number, hi: number, n: number): Float64Array {
	const x = new Float64Array(n);
	for (let i = 0; i < n; i++) x[i] = i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1);
	return x;
}

/**
 * Mean cross-entropy (stable log-sum-exp) on the probe batch at every point of an n × n grid over
 * `range`. mlp.params is restored afterwards. onRow(j) is called after row j (b = b[j]) is done,
 * so a worker can post progress or partial rows.
 */
export function lossGrid(
	mlp: Mlp,
	plane: Plane,
	range: GridRange,
	n: number,
	probeX: FloatArray,
	probeY: Uint8Array,
	probeN: number,
	onRow?: (row: number, grid: LossGrid) => void
): LossGrid {
	const grid = emptyLossGrid(mlp, plane, range, n, probeX, probeY, probeN);
	const saved = mlp.params.slice();
	try {
		for (let j = 0; j < n; j++) {
			lossGridRow(mlp, plane, grid, j, probeX, probeY, probeN);
			onRow?.(j, grid);
		}
	} finally {
		mlp.params.set(saved);
	}
	return grid;
}

/** The grid's coordinates with its losses still 0, after checking the arguments (as lossGrid does). */
export function emptyLossGrid(mlp: Mlp, plane: Plane, range: GridRange, n: number, probeX: FloatArray, probeY: Uint8Array, probeN: number): LossGrid {
	if (!Number.isInteger(n) || n < 2) throw new RangeError(`lossGrid: n must be a whole number ≥ 2, got ${n}`);
	if (plane.origin.length !== mlp.nParams) throw new RangeError(`lossGrid: plane has ${plane.origin.length} parameters, the network ${mlp.nParams}`);
	const IN = mlp.sizes[0];
	if (!Number.isInteger(probeN) || probeN < 1 || probeX.length < probeN * IN || probeY.length < probeN) {
		throw new RangeError(`lossGrid: probe batch of ${probeN} examples does not fit the arrays given`);
	}
	for (const [lo, hi] of [range.a, range.b]) {
		if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) throw new RangeError(`lossGrid: bad range [${lo}, ${hi}]`);
	}
	return { a: linspace(range.a[0], range.a[1], n), b: linspace(range.b[0], range.b[1], n), loss: new Float64Array(n * n) };
}

/**
 * Row j of the grid (b = grid.b[j]) into grid.loss. Overwrites mlp.params (lossGrid restores them),
 * so a worker can compute a grid a few rows at a time between other work.
 */
export function lossGridRow(mlp: Mlp, plane: Plane, grid: LossGrid, j: number, probeX: FloatArray, probeY: Uint8Array, probeN: number): void {
	const n = grid.a.length;
	const C = mlp.nClasses;
	for (let i = 0; i < n; i++) {
		paramsAt(plane, grid.a[i], grid.b[j], mlp.params);
		const logits = mlp.forward(probeX, probeN);
		const { loss } = softmaxCrossEntropy(logits, probeY, probeN, C, null);
		grid.loss[j * n + i] = Number.isFinite(loss) ? loss : NaN;
	}
}

/**
 * A range covering every finite projected point, widened by `margin` × its extent on each side.
 * A flat extent (all points on a line, or one point) borrows the other axis's extent, or 1.
 */
export function gridRange(paths: readonly ProjectedPath[], margin = 0.25): GridRange {
	let aLo = Infinity, aHi = -Infinity, bLo = Infinity, bHi = -Infinity;
	for (const p of paths) {
		for (let k = 0; k < p.a.length; k++) {
			const a = p.a[k];
			const b = p.b[k];
			if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
			if (a < aLo) aLo = a;
			if (a > aHi) aHi = a;
			if (b < bLo) bLo = b;
			if (b > bHi) bHi = b;
		}
	}
	if (aLo > aHi) return { a: [-1, 1], b: [-1, 1] };
	let spanA = aHi - aLo;
	let spanB = bHi - bLo;
	const fallback = Math.max(spanA, spanB) || 1;
	if (!(spanA > 0)) spanA = fallback;
	if (!(spanB > 0)) spanB = fallback;
	const midA = (aLo + aHi) / 2;
	const midB = (bLo + bHi) / 2;
	const halfA = spanA * (0.5 + margin);
	const halfB = spanB * (0.5 + margin);
	return { a: [midA - halfA, midA + halfA], b: [midB - halfB, midB + halfB] };
}
