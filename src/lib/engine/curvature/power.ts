// Power iteration for the top eigenvalue λ_max of a symmetric operator given only as products A·v
// (here the loss Hessian through MlpHessian.apply — the matrix itself is never formed).
//
//   v ← v / ‖v‖;  repeat: w = A v;  λ = vᵀw (Rayleigh quotient);  r = ‖w − λ v‖;  v ← w / ‖w‖
//   stop when r ≤ tol·|λ|  (for a symmetric A the Rayleigh quotient's error is ≤ r² / gap)
//
// Power iteration finds the eigenvalue of largest MAGNITUDE. A Hessian away from a minimum can
// have a negative eigenvalue larger in magnitude than its top one; then the first pass converges to
// that λ < 0 and a second pass on the shifted operator A − λI (whose spectrum is ≥ 0 with top
// λ_max − λ) finds λ_max. Warm start: passing the last estimate's eigenvector as `start` makes a
// slowly moving λ_max converge in a few products instead of dozens.
//
// Vectors are float64 whatever the operator's dtype, so the normalisations do not drift.
import { Rng } from '../rng';

export type Operator = (v: Float64Array, out: Float64Array) => void;

export interface PowerOptions {
	/** initial vector (not modified); otherwise a seeded Gaussian direction */
	start?: ArrayLike<number> | null;
	/** relative residual ‖Av − λv‖ / |λ| to stop at (default 1e-6) */
	tol?: number;
	/** operator products per pass (default 500) */
	maxIter?: number;
	seed?: number;
}

export interface PowerResult {
	/** the top (algebraically largest) eigenvalue estimate */
	value: number;
	/** its unit eigenvector estimate (P) */
	vector: Float64Array;
	/** operator products used, both passes */
	products: number;
	converged: boolean;
	/** relative residual at the end */
	residual: number;
}

function dot(a: Float64Array, b: Float64Array): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) s += a[i] * b[i];
	return s;
}

function pass(apply: Operator, v: Float64Array, shift: number, tol: number, maxIter: number): { value: number; products: number; converged: boolean; residual: number } {
	const n = v.length;
	const w = new Float64Array(n);
	let value = 0;
	let residual = Infinity;
	for (let k = 1; k <= maxIter; k++) {
		apply(v, w);
		if (shift !== 0) for (let i = 0; i < n; i++) w[i] -= shift * v[i];
		value = dot(v, w);
		let r2 = 0;
		for (let i = 0; i < n; i++) r2 += (w[i] - value * v[i]) ** 2;
		residual = Math.sqrt(r2) / Math.max(Math.abs(value), 1e-300);
		const norm = Math.sqrt(dot(w, w));
		if (!Number.isFinite(norm) || !Number.isFinite(value)) return { value: NaN, products: k, converged: false, residual: NaN };
		if (norm === 0) return { value: 0, products: k, converged: true, residual: 0 }; // v in the null space; λ = 0 here
		if (residual <= tol) return { value, products: k, converged: true, residual };
		for (let i = 0; i < n; i++) v[i] = w[i] / norm;
	}
	return { value, products: maxIter, converged: false, residual };
}

export function powerIteration(apply: Operator, n: number, opts: PowerOptions = {}): PowerResult {
	const tol = opts.tol ?? 1e-6;
	const maxIter = opts.maxIter ?? 500;
	if (!(tol > 0)) throw new RangeError(`power iteration: tol must be > 0, got ${tol}`);
	if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`power iteration: maxIter must be a whole number ≥ 1, got ${maxIter}`);
	const v = new Float64Array(n);
	let norm = 0;
	if (opts.start && opts.start.length === n) {
		for (let i = 0; i < n; i++) v[i] = opts.start[i];
		norm = Math.sqrt(dot(v, v));
	}
	if (!(norm > 0) || !Number.isFinite(norm)) {
		const rng = new Rng(opts.seed ?? 1);
		for (let i = 0; i < n; i++) v[i] = rng.normal();
		norm = Math.sqrt(dot(v, v));
	}
	for (let i = 0; i < n; i++) v[i] /= norm;
	const first = pass(apply, v, 0, tol, maxIter);
	if (!(first.value < 0)) return { value: first.value, vector: v, products: first.products, converged: first.converged, residual: first.residual };
	// the dominant eigenvalue is negative: find the top of A − λ₋I, which is λ_max − λ₋ ≥ 0
	const shift = first.value;
	const rng = new Rng((opts.seed ?? 1) + 1);
	for (let i = 0; i < n; i++) v[i] = rng.normal();
	norm = Math.sqrt(dot(v, v));
	for (let i = 0; i < n; i++) v[i] /= norm;
	const second = pass(apply, v, shift, tol, maxIter);
	return {
		value: second.value + shift,
		vector: v,
		products: first.products + second.products,
		converged: second.converged,
		residual: Math.abs(second.value) * second.residual / Math.max(Math.abs(second.value + shift), 1e-300)
	};
}
