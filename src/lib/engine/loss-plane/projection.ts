// One 2-D plane in weight space shared by all runs of an experiment, and the projection onto it.
//
//   plane  = { origin c (P), u (P), v (P) } with ‖u‖ = ‖v‖ = 1, ⟨u, v⟩ = 0   (float64)
//   project(θ) = (⟨θ − c, u⟩, ⟨θ − c, v⟩)
//
// The plane is a 2-D slice of a landscape with P dimensions: a projected path can cross itself
// or pass "through" a hill that the real path went around. Distances IN the plane are true
// distances (u, v are orthonormal); the part of θ − c off the plane is simply not shown.
//
// PCA plane (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", §7): the top-2
// principal directions of the snapshots' differences D (N, P), d_j = θ_j − c.
//   centre = a given point (θ₀ when the runs share their init): the 2-D subspace through θ₀ that
//     keeps the most of Σ‖θ_j − θ₀‖² (uncentred second moment) — every path starts at (0, 0).
//   centre = the snapshots' mean (origin omitted): classical PCA.
// Computed through the N × N Gram matrix G = D Dᵀ (float64): its top-2 eigenvectors w give
// u ∝ Dᵀ w₁, v ∝ Dᵀ w₂, and its eigenvalues λ the shares of Σ‖d_j‖² = trace G along each.
//   time   O(N² P) for G (dominant) + O(N² b) per subspace iteration (b ≤ 8) + O(N P) for u, v
//   memory O(N²) + 3 P float64 beyond the snapshots themselves (D is never materialised).
// N = R runs × cap; e.g. 8 runs × 64 snapshots of the MNIST net (P = 109,386): N = 512,
// G ≈ 1.4 × 10¹⁰ multiply-adds ≈ 15 s in a worker at ~1 ns each. Cost is quadratic in N, so for
// big nets fit the plane to a subset (e.g. every other snapshot) and project all of them.
import { Rng } from '../rng';
import type { FloatArray } from '../types';

export interface Plane {
	origin: Float64Array;
	u: Float64Array;
	v: Float64Array;
}

export interface PcaPlane extends Plane {
	/** share of Σ‖θ_j − origin‖² along u and along v: each in [0, 1], sum ≤ 1 */
	explained: [number, number];
	/** number of snapshots the plane was fitted to (non-finite ones are left out) */
	used: number;
}

export interface ProjectedPath {
	a: Float64Array;
	b: Float64Array;
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < x.length; i++) s += x[i] * y[i];
	return s;
}

function allFinite(x: ArrayLike<number>): boolean {
	for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
	return true;
}

/** x ← (x − Σ ⟨x, q⟩ q) / ‖·‖ over the given unit vectors, twice (float64 Gram–Schmidt); returns the norm before normalising. */
function orthonormalizeAgainst(x: Float64Array, basis: readonly Float64Array[]): number {
	for (let pass = 0; pass < 2; pass++) {
		for (const q of basis) {
			const c = dot(x, q);
			for (let i = 0; i < x.length; i++) x[i] -= c * q[i];
		}
	}
	const n = Math.sqrt(dot(x, x));
	if (n > 0) for (let i = 0; i < x.length; i++) x[i] /= n;
	return n;
}

/** A unit vector orthogonal to `basis`, for a direction the data do not determine (fixed seed: same every time). */
function completingDirection(P: number, basis: readonly Float64Array[]): Float64Array {
	const rng = new Rng(0x9a7e);
	for (;;) {
		const x = new Float64Array(P);
		for (let i = 0; i < P; i++) x[i] = rng.normal();
		if (orthonormalizeAgainst(x, basis) > 1e-3) return x;
	}
}

/** The two unit directions from raw vectors x, y (either may be zero or collinear): u ∝ x, v ∝ y ⟂ u. */
function orthonormalPair(x: Float64Array, y: Float64Array, scale: number): [Float64Array, Float64Array] {
	const P = x.length;
	const tiny = 1e-12 * Math.max(scale, Number.MIN_VALUE);
	const u = orthonormalizeAgainst(x, []) > tiny ? x : completingDirection(P, []);
	const v = orthonormalizeAgainst(y, [u]) > tiny ? y : completingDirection(P, [u]);
	// a second pass against u in float64: |⟨u, v⟩| at rounding level
	orthonormalizeAgainst(v, [u]);
	return [u, v];
}

/** Mean of the snapshots, in float64. */
export function meanPoint(snapshots: readonly FloatArray[]): Float64Array {
	if (snapshots.length === 0) throw new RangeError('meanPoint: no snapshots');
	const P = snapshots[0].length;
	const m = new Float64Array(P);
	for (const s of snapshots) for (let i = 0; i < P; i++) m[i] += s[i];
	for (let i = 0; i < P; i++) m[i] /= snapshots.length;
	return m;
}

/**
 * G_ij = ⟨θ_i − c, θ_j − c⟩ (N, N), float64, differences formed on the fly.
 * Four columns per sweep of row i, so θ_i and c are read once for every four dot products.
 */
export function gramAbout(snapshots: readonly FloatArray[], c: ArrayLike<number>): Float64Array {
	const N = snapshots.length;
	const P = c.length;
	const G = new Float64Array(N * N);
	const di = new Float64Array(P);
	for (let i = 0; i < N; i++) {
		const si = snapshots[i];
		for (let k = 0; k < P; k++) di[k] = si[k] - c[k];
		let j = 0;
		for (; j + 3 <= i; j += 4) {
			const s0 = snapshots[j], s1 = snapshots[j + 1], s2 = snapshots[j + 2], s3 = snapshots[j + 3];
			let g0 = 0, g1 = 0, g2 = 0, g3 = 0;
			for (let k = 0; k < P; k++) {
				const d = di[k];
				const ck = c[k];
				g0 += d * (s0[k] - ck);
				g1 += d * (s1[k] - ck);
				g2 += d * (s2[k] - ck);
				g3 += d * (s3[k] - ck);
			}
			G[i * N + j] = G[j * N + i] = g0;
			G[i * N + j + 1] = G[(j + 1) * N + i] = g1;
			G[i * N + j + 2] = G[(j + 2) * N + i] = g2;
			G[i * N + j + 3] = G[(j + 3) * N + i] = g3;
		}
		for (; j <= i; j++) {
			const sj = snapshots[j];
			let g = 0;
			for (let k = 0; k < P; k++) g += di[k] * (sj[k] - c[k]);
			G[i * N + j] = G[j * N + i] = g;
		}
	}
	return G;
}

/**
 * The PCA plane of all runs' snapshots (pass every run's snapshots in one list; the order does not
 * matter). With `origin` (e.g. the shared θ₀) the plane passes through it and every path that
 * starts there starts at (0, 0); without it, the plane is centred at the snapshots' mean.
 * Snapshots with a non-finite entry (a diverged run) are left out of the fit.
 */
export function pcaPlane(snapshots: readonly FloatArray[], origin?: ArrayLike<number>): PcaPlane {
	const finite = snapshots.filter(allFinite);
	const P = origin ? origin.length : finite.length > 0 ? finite[0].length : 0;
	if (P < 2) throw new RangeError('pcaPlane: need finite snapshots of at least 2 parameters (or an origin)');
	for (const s of finite) if (s.length !== P) throw new RangeError(`pcaPlane: snapshot of length ${s.length}, expected ${P}`);
	const c = origin ? Float64Array.from(origin) : meanPoint(finite);
	const N = finite.length;
	const G = gramAbout(finite, c);
	let trace = 0;
	for (let i = 0; i < N; i++) trace += G[i * N + i];

	const x = new Float64Array(P);
	const y = new Float64Array(P);
	let lambda: [number, number] = [0, 0];
	if (N > 0 && trace > 0) {
		const top = topEigenpairs(G, N, 2);
		const w1 = top.vectors[0];
		const w2 = N > 1 ? top.vectors[1] : new Float64Array(N);
		lambda = [Math.max(0, top.values[0]), N > 1 ? Math.max(0, top.values[1]) : 0];
		// sign convention: the snapshot farthest along each direction lies on its positive side
		const s1 = signOfLargest(w1);
		const s2 = signOfLargest(w2);
		// x = Dᵀ w₁, y = Dᵀ w₂, accumulated row by row (cache-friendly over P)
		for (let j = 0; j < N; j++) {
			const sj = finite[j];
			const a = s1 * w1[j];
			const b = s2 * w2[j];
			for (let k = 0; k < P; k++) {
				const d = sj[k] - c[k];
				x[k] += a * d;
				y[k] += b * d;
			}
		}
	}
	// a direction whose eigenvalue is ~0 is not determined by the data (e.g. a single straight path)
	const scale = Math.sqrt(Math.max(trace, 0));
	if (!(lambda[1] > 1e-20 * trace)) y.fill(0);
	const [u, v] = orthonormalPair(x, y, scale);
	const explained: [number, number] = trace > 0 ? [Math.min(1, lambda[0] / trace), Math.min(1, lambda[1] / trace)] : [0, 0];
	if (explained[0] + explained[1] > 1) explained[1] = 1 - explained[0];
	return { origin: c, u, v, explained, used: N };
}

function signOfLargest(w: Float64Array): number {
	let best = 0;
	for (let i = 0; i < w.length; i++) if (Math.abs(w[i]) > Math.abs(best)) best = w[i];
	return best < 0 ? -1 : 1;
}

/**
 * The plane through θ₀ and two points a, b (e.g. two runs' end points): u ∝ a − θ₀, v ∝ the part
 * of b − θ₀ orthogonal to u. If a or b does not determine a direction (equal to θ₀, or collinear),
 * a fixed-seed random direction completes the basis.
 */
export function planeThroughPoints(theta0: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): Plane {
	const P = theta0.length;
	if (a.length !== P || b.length !== P) throw new RangeError('planeThroughPoints: vectors of different lengths');
	if (P < 2) throw new RangeError('planeThroughPoints: need at least 2 parameters');
	const origin = Float64Array.from(theta0);
	const x = new Float64Array(P);
	const y = new Float64Array(P);
	for (let i = 0; i < P; i++) {
		x[i] = a[i] - origin[i];
		y[i] = b[i] - origin[i];
	}
	const scale = Math.max(Math.sqrt(dot(x, x)), Math.sqrt(dot(y, y)));
	const [u, v] = orthonormalPair(x, y, scale);
	return { origin, u, v };
}

/** (⟨θ − c, u⟩, ⟨θ − c, v⟩) */
export function project(theta: ArrayLike<number>, plane: Plane): [number, number] {
	const { origin, u, v } = plane;
	let a = 0;
	let b = 0;
	for (let i = 0; i < origin.length; i++) {
		const d = theta[i] - origin[i];
		a += d * u[i];
		b += d * v[i];
	}
	return [a, b];
}

/** The projected coordinates of a run's snapshots, in order. */
export function projectPath(snapshots: readonly ArrayLike<number>[], plane: Plane): ProjectedPath {
	const a = new Float64Array(snapshots.length);
	const b = new Float64Array(snapshots.length);
	for (let j = 0; j < snapshots.length; j++) [a[j], b[j]] = project(snapshots[j], plane);
	return { a, b };
}

// ── eigenpairs of the Gram matrix ─────────────────────────────────────────────────────────────

/**
 * Cyclic Jacobi eigen-decomposition of a small symmetric matrix A (n, n), row-major (Golub & Van
 * Loan, Matrix Computations, §8.5): rotations zero a_pq one at a time until the off-diagonal mass
 * is at rounding level. Returns eigenvalues descending and the matching unit eigenvectors.
 */
export function jacobiEigen(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array[] } {
	const a = A.slice();
	const V = new Float64Array(n * n);
	for (let i = 0; i < n; i++) V[i * n + i] = 1;
	let frob = 0;
	for (let i = 0; i < n * n; i++) frob += a[i] * a[i];
	for (let sweep = 0; sweep < 64; sweep++) {
		let off = 0;
		for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
		if (off <= 1e-32 * frob) break;
		for (let p = 0; p < n; p++) {
			for (let q = p + 1; q < n; q++) {
				const apq = a[p * n + q];
				if (apq === 0) continue;
				// choose t = tan φ, the smaller root of t² + 2θt − 1 = 0, so that a'_pq = 0
				const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
				const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				for (let k = 0; k < n; k++) {
					const akp = a[k * n + p];
					const akq = a[k * n + q];
					a[k * n + p] = c * akp - s * akq;
					a[k * n + q] = s * akp + c * akq;
				}
				for (let k = 0; k < n; k++) {
					const apk = a[p * n + k];
					const aqk = a[q * n + k];
					a[p * n + k] = c * apk - s * aqk;
					a[q * n + k] = s * apk + c * aqk;
				}
				for (let k = 0; k < n; k++) {
					const vkp = V[k * n + p];
					const vkq = V[k * n + q];
					V[k * n + p] = c * vkp - s * vkq;
					V[k * n + q] = s * vkp + c * vkq;
				}
			}
		}
	}
	const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
	const values = Float64Array.from(order, (i) => a[i * n + i]);
	const vectors = order.map((i) => Float64Array.from({ length: n }, (_, k) => V[k * n + i]));
	return { values, vectors };
}

/** y = G x, G (N, N) row-major */
function matVec(G: Float64Array, N: number, x: Float64Array): Float64Array {
	const y = new Float64Array(N);
	for (let i = 0; i < N; i++) {
		let s = 0;
		const row = i * N;
		for (let j = 0; j < N; j++) s += G[row + j] * x[j];
		y[i] = s;
	}
	return y;
}

/** Orthonormal columns spanning the given ones; a column the others (nearly) span is replaced by a random one. */
function orthonormalColumns(cols: Float64Array[], rng: Rng): Float64Array[] {
	const out: Float64Array[] = [];
	for (const col of cols) {
		let q = col.slice();
		const before = Math.sqrt(dot(q, q));
		if (!(before > 0 && orthonormalizeAgainst(q, out) > 1e-10 * before)) {
			do q = Float64Array.from({ length: col.length }, () => rng.normal());
			while (!(orthonormalizeAgainst(q, out) > 1e-3));
		}
		out.push(q);
	}
	return out;
}

/**
 * The `count` largest eigenpairs of a symmetric positive semi-definite G (N, N) by subspace
 * iteration with Rayleigh–Ritz (Saad, Numerical Methods for Large Eigenvalue Problems, §5.2),
 * block size b = min(N, 8): the error shrinks like (λ_{b+1} / λ_count)^iter, and when N ≤ 8 the
 * block spans R^N and one Rayleigh–Ritz step is exact. Fixed seed: the same G gives the same result.
 */
export function topEigenpairs(G: Float64Array, N: number, count: number, maxIter = 300): { values: Float64Array; vectors: Float64Array[] } {
	const b = Math.min(N, Math.max(count, 8));
	const rng = new Rng(0x51ab);
	let Q: Float64Array[] = [];
	for (let i = 0; i < b; i++) Q.push(Float64Array.from({ length: N }, () => rng.normal()));
	let Y = Q.map((q) => matVec(G, N, q));
	let ritz: Float64Array = new Float64Array(b);
	for (let iter = 0; iter < maxIter; iter++) {
		Q = orthonormalColumns(Y, rng);
		Y = Q.map((q) => matVec(G, N, q));
		const H = new Float64Array(b * b);
		for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) H[i * b + j] = 0.5 * (dot(Q[i], Y[j]) + dot(Q[j], Y[i]));
		const { values, vectors: S } = jacobiEigen(H, b);
		ritz = values;
		// rotate the block onto the Ritz vectors: Q ← Q S, Y ← Y S (= G Q)
		const rot = (M: Float64Array[]) => S.map((s) => {
			const z = new Float64Array(N);
			for (let j = 0; j < b; j++) for (let k = 0; k < N; k++) z[k] += s[j] * M[j][k];
			return z;
		});
		Q = rot(Q);
		Y = rot(Y);
		let converged = true;
		for (let i = 0; i < Math.min(count, b); i++) {
			let r = 0;
			for (let k = 0; k < N; k++) r += (Y[i][k] - ritz[i] * Q[i][k]) ** 2;
			if (Math.sqrt(r) > 1e-12 * Math.abs(ritz[0])) converged = false;
		}
		if (converged || N <= b) break;
	}
	return { values: ritz.slice(0, count), vectors: Q.slice(0, count) };
}
