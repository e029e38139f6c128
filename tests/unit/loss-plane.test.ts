import { describe, expect, it } from 'vitest';
import {
	gridRange,
	jacobiEigen,
	lossGrid,
	mergeDrain,
	paramsAt,
	pcaPlane,
	planeThroughPoints,
	project,
	projectPath,
	topEigenpairs,
	TrajectoryRecorder,
	type Plane
} from '../../src/lib/engine/loss-plane/index';
import { softmaxCrossEntropy } from '../../src/lib/engine/loss';
import { Mlp } from '../../src/lib/engine/mlp';
import { Rng } from '../../src/lib/engine/rng';

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < x.length; i++) s += x[i] * y[i];
	return s;
}

function randomVector(rng: Rng, P: number, scale = 1): Float64Array {
	return Float64Array.from({ length: P }, () => rng.normal() * scale);
}

/** k random orthonormal vectors in R^P, by Gram–Schmidt done here (independent of the engine). */
function orthonormalVectors(rng: Rng, P: number, k: number): Float64Array[] {
	const out: Float64Array[] = [];
	while (out.length < k) {
		const x = randomVector(rng, P);
		for (let pass = 0; pass < 2; pass++) {
			for (const q of out) {
				const c = dot(x, q);
				for (let i = 0; i < P; i++) x[i] -= c * q[i];
			}
		}
		const n = Math.sqrt(dot(x, x));
		for (let i = 0; i < P; i++) x[i] /= n;
		out.push(x);
	}
	return out;
}

/** θ₀ + Σ_d coef[d]·e[d] */
function combine(theta0: Float64Array, e: Float64Array[], coef: number[]): Float64Array {
	const t = theta0.slice();
	for (let d = 0; d < e.length; d++) for (let i = 0; i < t.length; i++) t[i] += coef[d] * e[d][i];
	return t;
}

function expectOrthonormal(plane: Plane): void {
	expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-9);
	expect(Math.abs(Math.sqrt(dot(plane.u, plane.u)) - 1)).toBeLessThan(1e-9);
	expect(Math.abs(Math.sqrt(dot(plane.v, plane.v)) - 1)).toBeLessThan(1e-9);
}

/** ‖projection of x onto span(u, v)‖ for a unit x */
function inPlaneNorm(x: Float64Array, plane: Plane): number {
	return Math.hypot(dot(x, plane.u), dot(x, plane.v));
}

describe('eigen-solvers', () => {
	it('jacobiEigen of [[2, 1], [1, 2]] gives 3, 1 with (1, 1)/√2 and (1, −1)/√2', () => {
		// by hand: det([[2−λ, 1], [1, 2−λ]]) = (2−λ)² − 1 = 0 → λ = 3, 1
		const { values, vectors } = jacobiEigen(new Float64Array([2, 1, 1, 2]), 2);
		expect(values[0]).toBeCloseTo(3, 14);
		expect(values[1]).toBeCloseTo(1, 14);
		expect(Math.abs(vectors[0][0])).toBeCloseTo(Math.SQRT1_2, 14);
		expect(vectors[0][0] * vectors[0][1]).toBeCloseTo(0.5, 14); // same sign
		expect(vectors[1][0] * vectors[1][1]).toBeCloseTo(-0.5, 14); // opposite signs
	});

	it('subspace iteration agrees with a full Jacobi decomposition on a 30 × 30 PSD matrix', () => {
		const rng = new Rng(7);
		const N = 30;
		// G = A Aᵀ with A (N, 12): rank 12, a generic spectrum
		const A = Array.from({ length: N }, () => randomVector(rng, 12));
		const G = new Float64Array(N * N);
		for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) G[i * N + j] = dot(A[i], A[j]);
		const full = jacobiEigen(G, N);
		const top = topEigenpairs(G, N, 2);
		for (let i = 0; i < 2; i++) {
			expect(Math.abs(top.values[i] - full.values[i]) / full.values[0]).toBeLessThan(1e-9);
			expect(Math.abs(Math.abs(dot(top.vectors[i], full.vectors[i])) - 1)).toBeLessThan(1e-9);
		}
	});
});

describe('pcaPlane', () => {
	const P = 500;

	it('returns an orthonormal basis with explained shares in [0, 1] summing to ≤ 1 (random walk)', () => {
		const rng = new Rng(1);
		const theta0 = randomVector(rng, P);
		const snaps: Float64Array[] = [];
		for (let r = 0; r < 3; r++) {
			let t = theta0.slice();
			snaps.push(t);
			for (let s = 0; s < 20; s++) {
				t = t.map((x) => x + rng.normal() * 0.1);
				snaps.push(t);
			}
		}
		for (const plane of [pcaPlane(snaps, theta0), pcaPlane(snaps)]) {
			expectOrthonormal(plane);
			const [e1, e2] = plane.explained;
			expect(e1).toBeGreaterThanOrEqual(0);
			expect(e2).toBeGreaterThanOrEqual(0);
			expect(e1).toBeLessThanOrEqual(1);
			expect(e1 + e2).toBeLessThanOrEqual(1);
			expect(e1).toBeGreaterThanOrEqual(e2);
			// the shares are what the projections actually capture: Σ‖proj‖² / Σ‖θ − c‖²
			let captured = 0;
			let total = 0;
			for (const s of snaps) {
				const [a, b] = project(s, plane);
				captured += a * a + b * b;
				for (let i = 0; i < P; i++) total += (s[i] - plane.origin[i]) ** 2;
			}
			expect(Math.abs(captured / total - (e1 + e2))).toBeLessThan(1e-9);
			// and PCA captures at least as much as any other plane through the same centre
			for (let k = 0; k < 5; k++) {
				const other = planeThroughPoints(plane.origin, randomVector(rng, P), randomVector(rng, P));
				let otherCaptured = 0;
				for (const s of snaps) {
					const [a, b] = project(s, other);
					otherCaptured += a * a + b * b;
				}
				expect(otherCaptured).toBeLessThanOrEqual(captured);
			}
		}
	});

	it('recovers a trajectory that lies in a known plane, up to rotation/reflection', () => {
		const rng = new Rng(2);
		const theta0 = randomVector(rng, P);
		const [e1, e2] = orthonormalVectors(rng, P, 2);
		// three runs from θ₀ along different curves in span(e1, e2)
		const coords: [number, number][] = [];
		for (let r = 0; r < 3; r++) {
			for (let t = 0; t < 20; t++) {
				const angle = r * 2 + t / 5;
				coords.push([t * Math.cos(angle) * 0.3, t * Math.sin(angle) * 0.2 + r * 0.01 * t]);
			}
		}
		const snaps = coords.map(([a, b]) => combine(theta0, [e1, e2], [a, b]));
		const plane = pcaPlane(snaps, theta0);
		expectOrthonormal(plane);
		expect(Math.abs(inPlaneNorm(e1, plane) - 1)).toBeLessThan(1e-9);
		expect(Math.abs(inPlaneNorm(e2, plane) - 1)).toBeLessThan(1e-9);
		// all the spread lies in the plane: the two shares add up to 1
		expect(Math.abs(plane.explained[0] + plane.explained[1] - 1)).toBeLessThan(1e-9);
		const path = projectPath(snaps, plane);
		// θ₀ itself projects to the origin
		const p0 = project(theta0, plane);
		expect(Math.abs(p0[0])).toBeLessThan(1e-9);
		expect(Math.abs(p0[1])).toBeLessThan(1e-9);
		for (let i = 0; i < coords.length; i += 7) {
			for (let j = 0; j < coords.length; j += 3) {
				const truth = Math.hypot(coords[i][0] - coords[j][0], coords[i][1] - coords[j][1]);
				const seen = Math.hypot(path.a[i] - path.a[j], path.b[i] - path.b[j]);
				expect(Math.abs(seen - truth)).toBeLessThan(1e-9);
			}
		}
	});

	it('finds the axes and shares of a hand-built cloud: [9/14, 4/14] (24 points, rank 3)', () => {
		const rng = new Rng(3);
		const theta0 = randomVector(rng, P);
		const [e1, e2, e3] = orthonormalVectors(rng, P, 3);
		// block k (k = 1..4) has points ±3k e1, ±2k e2, ±k e3; the coordinate columns are orthogonal, so
		// Σx² = 2·9·(1+4+9+16) = 540, Σy² = 2·4·30 = 240, Σz² = 2·1·30 = 60, total 840
		// → shares 540/840 = 9/14 along e1, 240/840 = 4/14 along e2; the mean is θ₀ (symmetric cloud)
		const snaps: Float64Array[] = [];
		for (let k = 1; k <= 4; k++) {
			for (const sgn of [1, -1]) {
				snaps.push(combine(theta0, [e1, e2, e3], [sgn * 3 * k, 0, 0]));
				snaps.push(combine(theta0, [e1, e2, e3], [0, sgn * 2 * k, 0]));
				snaps.push(combine(theta0, [e1, e2, e3], [0, 0, sgn * k]));
			}
		}
		for (const plane of [pcaPlane(snaps, theta0), pcaPlane(snaps)]) {
			expect(plane.used).toBe(24);
			expect(Math.abs(plane.explained[0] - 9 / 14)).toBeLessThan(1e-9);
			expect(Math.abs(plane.explained[1] - 4 / 14)).toBeLessThan(1e-9);
			expect(Math.abs(Math.abs(dot(plane.u, e1)) - 1)).toBeLessThan(1e-9);
			expect(Math.abs(Math.abs(dot(plane.v, e2)) - 1)).toBeLessThan(1e-9);
			expect(Math.abs(dot(plane.u, e3))).toBeLessThan(1e-9);
		}
	});

	it('leaves out non-finite snapshots and completes the basis for a straight path', () => {
		const rng = new Rng(4);
		const theta0 = randomVector(rng, P);
		const [e1] = orthonormalVectors(rng, P, 1);
		const snaps = [0, 1, 2, 3].map((t) => combine(theta0, [e1], [t]));
		const bad = theta0.slice();
		bad[7] = NaN;
		const plane = pcaPlane([...snaps, bad], theta0);
		expect(plane.used).toBe(4);
		expectOrthonormal(plane);
		expect(Math.abs(Math.abs(dot(plane.u, e1)) - 1)).toBeLessThan(1e-9);
		// one direction holds everything: shares [1, 0]
		expect(Math.abs(plane.explained[0] - 1)).toBeLessThan(1e-9);
		expect(plane.explained[1]).toBeLessThan(1e-9);
	});
});

describe('planeThroughPoints', () => {
	it('spans θ₀ → a and θ₀ → b, orthonormalised, with u along a − θ₀', () => {
		// θ₀ = 0, a = (2, 0, 0), b = (1, 3, 0): u = (1, 0, 0), v = (0, 1, 0); b projects to (1, 3)
		const plane = planeThroughPoints([0, 0, 0], [2, 0, 0], [1, 3, 0]);
		expectOrthonormal(plane);
		expect(Array.from(plane.u)).toEqual([1, 0, 0]);
		expect(Array.from(plane.v)).toEqual([0, 1, 0]);
		const [a, b] = project([1, 3, 5], plane);
		expect(a).toBeCloseTo(1, 14);
		expect(b).toBeCloseTo(3, 14);
	});

	it('completes the basis when the points are collinear', () => {
		const plane = planeThroughPoints([1, 1, 1, 1], [2, 1, 1, 1], [3, 1, 1, 1]);
		expectOrthonormal(plane);
		expect(Math.abs(plane.u[0])).toBeCloseTo(1, 14);
	});
});

describe('lossGrid', () => {
	// softmax regression on 2 inputs, 2 classes: sizes [2, 2], params [W (2×2), b (2)] → b at 4, 5.
	// On the plane c = 0, u = e4, v = e5 the logits are (a, b) for every input, so with label 0
	// L(a, b) = log(e^a + e^b) − a = log(1 + e^(b − a)).
	function softmaxRegression(): { mlp: Mlp; plane: Plane } {
		const mlp = new Mlp({ sizes: [2, 2], activation: 'linear', dtype: 'float64' });
		const plane = planeThroughPoints(new Float64Array(6), [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1]);
		return { mlp, plane };
	}

	it('evaluates the loss at c + a·u + b·v, rows indexed by b (hand values)', () => {
		const { mlp, plane } = softmaxRegression();
		const x = new Float64Array([0.3, -0.7, 1.2, 0.5]);
		const y = new Uint8Array([0, 0]);
		const g = lossGrid(mlp, plane, { a: [-1, 1], b: [-1, 1] }, 3, x, y, 2);
		expect(Array.from(g.a)).toEqual([-1, 0, 1]);
		expect(Array.from(g.b)).toEqual([-1, 0, 1]);
		// (a, b) = (1, −1) → loss[j=0, i=2]: log(1 + e^−2) = log(1.1353352832) = 0.1269280110
		expect(g.loss[2]).toBeCloseTo(0.126928011, 9);
		// (a, b) = (−1, 1) → loss[j=2, i=0]: log(1 + e^2) = log(8.3890560989) = 2.1269280110
		expect(g.loss[6]).toBeCloseTo(2.126928011, 9);
		// (0, 0) → log 2 = 0.6931471806
		expect(g.loss[4]).toBeCloseTo(0.6931471806, 9);
	});

	it('reports a non-finite loss as NaN', () => {
		const { mlp } = softmaxRegression();
		// logits (−1.7e308, 1.7e308) with label 0: loss = 1.7e308 + log 1 + 1.7e308 = +∞ → NaN
		const origin = new Float64Array([0, 0, 0, 0, -1.7e308, 1.7e308]);
		const plane: Plane = { origin, u: new Float64Array([0, 0, 0, 0, 1, 0]), v: new Float64Array([0, 0, 0, 0, 0, 1]) };
		const g = lossGrid(mlp, plane, { a: [0, 1e-300], b: [0, 1e-300] }, 2, new Float64Array([1, 1]), new Uint8Array([0]), 1);
		expect(Array.from(g.loss).every(Number.isNaN)).toBe(true);
	});

	it('matches a direct forward pass at one grid point (float32 tanh net) and restores the parameters', () => {
		const rng = new Rng(5);
		const sizes = [5, 7, 3];
		const mlp = new Mlp({ sizes, activation: 'tanh', dtype: 'float32' });
		for (let i = 0; i < mlp.nParams; i++) mlp.params[i] = rng.normal() * 0.5;
		const before = mlp.params.slice();
		const P = mlp.nParams;
		const plane = planeThroughPoints(randomVector(rng, P, 0.5), randomVector(rng, P, 0.5), randomVector(rng, P, 0.5));
		const B = 10;
		const x = Float32Array.from({ length: B * 5 }, () => rng.normal());
		const y = Uint8Array.from({ length: B }, () => rng.int(3));
		const range = { a: [-2, 1] as [number, number], b: [-0.5, 1.5] as [number, number] };
		const g = lossGrid(mlp, plane, range, 5, x, y, B);
		expect(Array.from(mlp.params)).toEqual(Array.from(before));

		// grid point (i = 1, j = 3): a = −2 + 3·1/4 = −1.25, b = −0.5 + 2·3/4 = 1
		expect(g.a[1]).toBe(-1.25);
		expect(g.b[3]).toBe(1);
		const direct = new Mlp({ sizes, activation: 'tanh', dtype: 'float32' });
		for (let k = 0; k < P; k++) direct.params[k] = plane.origin[k] + -1.25 * plane.u[k] + 1 * plane.v[k];
		const { loss } = softmaxCrossEntropy(direct.forward(x, B), y, B, 3, null);
		expect(g.loss[3 * 5 + 1]).toBe(loss);
		// paramsAt builds the same vector
		expect(Array.from(paramsAt(plane, -1.25, 1, new Float32Array(P)))).toEqual(Array.from(direct.params));
	});

	it('rejects a plane of the wrong size and a grid smaller than 2 × 2', () => {
		const { mlp, plane } = softmaxRegression();
		const x = new Float64Array(2);
		const y = new Uint8Array(1);
		expect(() => lossGrid(mlp, plane, { a: [0, 1], b: [0, 1] }, 1, x, y, 1)).toThrow(RangeError);
		const small = planeThroughPoints([0, 0, 0], [1, 0, 0], [0, 1, 0]);
		expect(() => lossGrid(mlp, small, { a: [0, 1], b: [0, 1] }, 3, x, y, 1)).toThrow(RangeError);
	});
});

describe('gridRange', () => {
	it('covers every finite point with a margin', () => {
		// a ∈ [0, 2]: mid 1, half-width 2·(0.5 + 0.25) = 1.5 → [−0.5, 2.5]
		// b ∈ [0, 1]: mid 0.5, half-width 1·0.75 = 0.75 → [−0.25, 1.25]
		const r = gridRange([
			{ a: new Float64Array([0, 2, NaN]), b: new Float64Array([0, 0.5, 7]) },
			{ a: new Float64Array([1]), b: new Float64Array([1]) }
		]);
		expect(r.a[0]).toBeCloseTo(-0.5, 14);
		expect(r.a[1]).toBeCloseTo(2.5, 14);
		expect(r.b[0]).toBeCloseTo(-0.25, 14);
		expect(r.b[1]).toBeCloseTo(1.25, 14);
	});

	it('gives a single point an extent of 1 (half-width 0.75 with margin 0.25)', () => {
		const r = gridRange([{ a: new Float64Array([3]), b: new Float64Array([4]) }]);
		expect(r).toEqual({ a: [2.25, 3.75], b: [3.25, 4.75] });
	});
});

describe('TrajectoryRecorder', () => {
	function paramsOf(step: number): Float32Array {
		return new Float32Array([step, -step, 0.5]);
	}

	it('keeps ≤ cap snapshots over a long run, always step 0 and the latest', () => {
		const rec = new TrajectoryRecorder({ cap: 8 });
		for (let s = 0; s <= 1000; s++) {
			rec.record(s, paramsOf(s));
			const steps = rec.steps();
			expect(steps.length).toBeLessThanOrEqual(8);
			expect(steps[0]).toBe(0);
			expect(steps[steps.length - 1]).toBe(s);
		}
		// by hand: with cap 8 the schedule holds ≤ 7; it thins when step 7k arrives, so k doubles at
		// steps 7, 14, 28, 56, 112, 224, 448, 896 → k = 256; kept multiples of 256 ≤ 1000 are
		// 0, 256, 512, 768, and 1000 is the off-schedule latest
		expect(rec.every).toBe(256);
		expect(rec.steps()).toEqual([0, 256, 512, 768, 1000]);
		for (const s of rec.snapshots()) expect(Array.from(s.params)).toEqual([s.step, -s.step, 0.5]);
	});

	it('drain hands over fresh copies, and mergeDrain reproduces what the recorder holds', () => {
		const rec = new TrajectoryRecorder({ cap: 6, every: 2 });
		let held = mergeDrain([], { added: [], retained: [] });
		for (let s = 0; s <= 100; s++) {
			rec.record(s, paramsOf(s));
			if (s % 9 === 0) held = mergeDrain(held, rec.drain());
		}
		held = mergeDrain(held, rec.drain());
		expect(held.map((h) => h.step)).toEqual(rec.steps());
		for (const h of held) expect(Array.from(h.params)).toEqual([h.step, -h.step, 0.5]);
		// copies: changing one does not touch the recorder
		held[0].params[0] = 123;
		expect(rec.snapshots()[0].params[0]).toBe(0);
		// a second drain with nothing new adds nothing
		expect(rec.drain().added).toEqual([]);
	});

	it('rejects steps that do not increase and caps below 4', () => {
		const rec = new TrajectoryRecorder();
		rec.record(0, paramsOf(0));
		expect(() => rec.record(0, paramsOf(0))).toThrow(RangeError);
		expect(() => new TrajectoryRecorder({ cap: 3 })).toThrow(RangeError);
	});
});
