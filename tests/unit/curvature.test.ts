import { describe, expect, it } from 'vitest';
import { trackerConfig, trackerData, trackerSeries } from './long-run';
import { activations } from '../../src/lib/engine/activations';
import { hvpFiniteDifference, MlpHessian } from '../../src/lib/engine/curvature/hvp';
import { powerIteration } from '../../src/lib/engine/curvature/power';
import { stabilityThreshold } from '../../src/lib/engine/curvature/stability';
import { SharpnessTracker, type SharpnessSample } from '../../src/lib/engine/curvature/tracker';
import { sharpnessDomain, sharpnessReadout, thresholdSteps } from '../../src/lib/plot/curvature';
import { softmaxCrossEntropy } from '../../src/lib/engine/loss';
import { Mlp } from '../../src/lib/engine/mlp';
import { createOptimizer } from '../../src/lib/engine/optim/index';
import { Rng } from '../../src/lib/engine/rng';
import { Trainer } from '../../src/lib/engine/trainer';
import { ACTIVATIONS, type OptimizerConfig } from '../../src/lib/engine/types';

// ---------------------------------------------------------------- independent oracles

/** Q diag(λ) Qᵀ with Q orthogonal (Gram–Schmidt of a seeded Gaussian matrix). */
function symmetricWithSpectrum(spectrum: number[], seed: number): Float64Array[] {
	const n = spectrum.length;
	const rng = new Rng(seed);
	const Q: Float64Array[] = [];
	for (let k = 0; k < n; k++) {
		const q = Float64Array.from({ length: n }, () => rng.normal());
		for (const p of Q) {
			let d = 0;
			for (let i = 0; i < n; i++) d += p[i] * q[i];
			for (let i = 0; i < n; i++) q[i] -= d * p[i];
		}
		let s = 0;
		for (let i = 0; i < n; i++) s += q[i] * q[i];
		for (let i = 0; i < n; i++) q[i] /= Math.sqrt(s);
		Q.push(q);
	}
	return Array.from({ length: n }, (_, i) =>
		Float64Array.from({ length: n }, (_, j) => spectrum.reduce((acc, lam, k) => acc + lam * Q[k][i] * Q[k][j], 0))
	);
}

const matVec = (A: Float64Array[]) => (v: Float64Array, out: Float64Array) => {
	for (let i = 0; i < A.length; i++) {
		let s = 0;
		for (let j = 0; j < v.length; j++) s += A[i][j] * v[j];
		out[i] = s;
	}
};

/** All eigenvalues of a symmetric matrix by cyclic Jacobi rotations (the textbook routine). */
function jacobiEigenvalues(M: Float64Array[]): number[] {
	const n = M.length;
	const A = M.map((r) => Float64Array.from(r));
	for (let sweep = 0; sweep < 100; sweep++) {
		let off = 0;
		for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p][q] ** 2;
		if (off < 1e-22) break;
		for (let p = 0; p < n; p++)
			for (let q = p + 1; q < n; q++) {
				if (Math.abs(A[p][q]) < 1e-300) continue;
				const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
				const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				for (let k = 0; k < n; k++) {
					const akp = A[k][p];
					const akq = A[k][q];
					A[k][p] = c * akp - s * akq;
					A[k][q] = s * akp + c * akq;
				}
				for (let k = 0; k < n; k++) {
					const apk = A[p][k];
					const aqk = A[q][k];
					A[p][k] = c * apk - s * aqk;
					A[q][k] = s * apk + c * aqk;
				}
			}
	}
	return A.map((r, i) => r[i]).sort((a, b) => b - a);
}

function tinyMlp(activation: (typeof ACTIVATIONS)[number], sizes = [3, 4, 3, 3], seed = 7) {
	const mlp = new Mlp({ sizes, activation, dtype: 'float64' });
	const rng = new Rng(seed);
	for (let i = 0; i < mlp.nParams; i++) mlp.params[i] = rng.normal() * 0.8;
	const B = 5;
	const x = Float64Array.from({ length: B * sizes[0] }, () => rng.normal());
	const y = Uint8Array.from({ length: B }, (_, i) => i % sizes[sizes.length - 1]);
	return { mlp, x, y, B };
}

/** dense Hessian by central differences of backprop gradients, symmetrised */
function denseFdHessian(mlp: Mlp, x: Float64Array, y: Uint8Array, B: number, h = 1e-5): Float64Array[] {
	const P = mlp.nParams;
	const cols: Float64Array[] = [];
	const e = new Float64Array(P);
	for (let j = 0; j < P; j++) {
		e.fill(0);
		e[j] = 1;
		const col = new Float64Array(P);
		hvpFiniteDifference(mlp, x, y, B, e, col, h);
		cols.push(col);
	}
	return Array.from({ length: P }, (_, i) => Float64Array.from({ length: P }, (_, j) => 0.5 * (cols[j][i] + cols[i][j])));
}

// ---------------------------------------------------------------- power iteration

describe('power iteration', () => {
	it('finds the top eigenvalue of quadratics with known spectra to 1e-6', () => {
		const spectra = [
			[5, 3, 1, 0.5, -2],
			[10, 9, 4, 1, 0.1, 0.01, -0.5, -3],
			[1e-3, 5e-4, 1e-4],
			[42, 1, 1, 1, 1, 1]
		];
		spectra.forEach((spec, k) => {
			const A = symmetricWithSpectrum(spec, 100 + k);
			const r = powerIteration(matVec(A), spec.length, { tol: 1e-9, maxIter: 5000, seed: k });
			expect(r.converged).toBe(true);
			expect(Math.abs(r.value - spec[0])).toBeLessThan(1e-6 * Math.max(1, Math.abs(spec[0])));
		});
	});

	it('finds λ_max when a negative eigenvalue dominates in magnitude (shifted second pass)', () => {
		const spec = [2, 1, 0.5, -7];
		const A = symmetricWithSpectrum(spec, 3);
		const r = powerIteration(matVec(A), 4, { tol: 1e-10, maxIter: 5000 });
		expect(r.value).toBeCloseTo(2, 6);
	});

	it('a warm start at the eigenvector converges in one product', () => {
		const A = symmetricWithSpectrum([3, 1, -1], 9);
		const first = powerIteration(matVec(A), 3, { tol: 1e-10, maxIter: 5000 });
		const again = powerIteration(matVec(A), 3, { start: first.vector, tol: 1e-6 });
		expect(again.products).toBe(1);
		expect(again.value).toBeCloseTo(3, 9);
	});

	it('rejects bad options by name', () => {
		expect(() => powerIteration(matVec([Float64Array.of(1)]), 1, { tol: 0 })).toThrow(/tol/);
		expect(() => powerIteration(matVec([Float64Array.of(1)]), 1, { maxIter: 0 })).toThrow(/maxIter/);
	});
});

// ---------------------------------------------------------------- Hessian-vector products

/** H·v by the R-operator and by central differences of gradients (plus λ·v for an L2 penalty λ), for a random v */
function exactAndDifferences(H: MlpHessian, mlp: Mlp, x: Float64Array, y: Uint8Array, B: number, rng: Rng, weightDecay = 0) {
	const v = Float64Array.from({ length: mlp.nParams }, () => rng.normal());
	const exact = new Float64Array(mlp.nParams);
	H.apply(v, exact);
	const fd = new Float64Array(mlp.nParams);
	hvpFiniteDifference(mlp, x, y, B, v, fd, 1e-5);
	for (let i = 0; i < fd.length; i++) fd[i] += weightDecay * v[i];
	return { exact, fd };
}

/** ‖a − b‖ / ‖a‖ */
function relativeError(a: Float64Array, b: Float64Array): number {
	let d2 = 0;
	let n2 = 0;
	for (let i = 0; i < a.length; i++) {
		d2 += (a[i] - b[i]) ** 2;
		n2 += a[i] ** 2;
	}
	return Math.sqrt(d2 / n2);
}

describe('R-operator Hessian-vector products', () => {
	it('activation second derivatives match finite differences of their first derivatives', () => {
		const z = Float64Array.from({ length: 41 }, (_, i) => -3 + 0.15 * i + 0.01);
		for (const name of ['tanh', 'sigmoid', 'gelu'] as const) {
			const act = activations[name];
			const a = new Float64Array(z.length);
			act.forward(a, z, z.length);
			const d2 = new Float64Array(z.length);
			act.curvature(d2, z, a, z.length);
			const h = 1e-5;
			const slopeAt = (zz: number) => {
				const zi = Float64Array.of(zz);
				const ai = new Float64Array(1);
				act.forward(ai, zi, 1);
				const d = new Float64Array(1);
				act.slope(d, zi, ai, 1);
				return d[0];
			};
			for (let i = 0; i < z.length; i++) expect(d2[i]).toBeCloseTo((slopeAt(z[i] + h) - slopeAt(z[i] - h)) / (2 * h), 7);
		}
	});

	for (const act of ACTIVATIONS) {
		it(`equals central differences of gradients (${act}, 2 hidden layers)`, () => {
			const { mlp, x, y, B } = tinyMlp(act);
			const H = new MlpHessian(mlp, x, y, B);
			H.prepare();
			const rng = new Rng(11);
			for (let trial = 0; trial < 3; trial++) {
				const { exact, fd } = exactAndDifferences(H, mlp, x, y, B, rng);
				expect(relativeError(exact, fd)).toBeLessThan(1e-6);
			}
		});
	}

	for (const act of ['relu', 'tanh'] as const) {
		it(`on a mostly-zero probe (MNIST-like, 85 % zeros) the first layer's sparse products give the same H·v (${act})`, () => {
			const sizes = [30, 6, 5, 3];
			const mlp = new Mlp({ sizes, activation: act, dtype: 'float64' });
			const rng = new Rng(23);
			for (let i = 0; i < mlp.nParams; i++) mlp.params[i] = rng.normal() * 0.5;
			const B = 6;
			const x = Float64Array.from({ length: B * 30 }, () => (rng.uniform() < 0.85 ? 0 : rng.uniform()));
			const y = Uint8Array.from({ length: B }, (_, i) => i % 3);
			const H = new MlpHessian(mlp, x, y, B, 0.01);
			expect(H.sparseProbe).toBe(true);
			H.prepare();
			for (let trial = 0; trial < 3; trial++) {
				const { exact, fd } = exactAndDifferences(H, mlp, x, y, B, rng, 0.01);
				expect(relativeError(exact, fd)).toBeLessThan(1e-6);
				// the first layer's block is where the sparse kernels act: each of its entries, W_0 and b_0
				const W0 = mlp.layers[0];
				for (let i = W0.wOffset; i < W0.bOffset + W0.fanOut; i++) expect(Math.abs(exact[i] - fd[i])).toBeLessThan(1e-6 * (1 + Math.abs(fd[i])));
			}
		});
	}

	it('a dense probe keeps the dense products', () => {
		const { mlp, x, y, B } = tinyMlp('relu');
		expect(new MlpHessian(mlp, x, y, B).sparseProbe).toBe(false);
	});

	it('adds λ·v for an L2 penalty', () => {
		const { mlp, x, y, B } = tinyMlp('tanh');
		const v = Float64Array.from({ length: mlp.nParams }, (_, i) => Math.sin(i));
		const plain = new MlpHessian(mlp, x, y, B);
		const wd = new MlpHessian(mlp, x, y, B, 0.1);
		plain.prepare();
		wd.prepare();
		const a = new Float64Array(mlp.nParams);
		const b = new Float64Array(mlp.nParams);
		plain.apply(v, a);
		wd.apply(v, b);
		for (let i = 0; i < a.length; i++) expect(b[i] - a[i]).toBeCloseTo(0.1 * v[i], 12);
	});

	it('λ_max of a tiny MLP matches the top eigenvalue of its dense finite-difference Hessian', () => {
		for (const act of ['tanh', 'gelu', 'relu'] as const) {
			const { mlp, x, y, B } = tinyMlp(act, [2, 3, 3], 5);
			const dense = denseFdHessian(mlp, x, y, B);
			const top = jacobiEigenvalues(dense)[0];
			const H = new MlpHessian(mlp, x, y, B);
			H.prepare();
			const r = powerIteration((v, out) => H.apply(v, out), mlp.nParams, { tol: 1e-10, maxIter: 20000 });
			expect(r.converged).toBe(true);
			expect(Math.abs(r.value - top) / Math.abs(top)).toBeLessThan(1e-6);
		}
	});

	it('agrees between float32 and float64 models to float32 precision', () => {
		const { mlp, x, y, B } = tinyMlp('relu', [3, 8, 3]);
		const m32 = new Mlp({ sizes: [3, 8, 3], activation: 'relu', dtype: 'float32' });
		m32.params.set(mlp.params);
		mlp.params.set(m32.params); // both on the same float32-representable θ
		const v = Float64Array.from({ length: mlp.nParams }, (_, i) => Math.cos(i));
		const h64 = new MlpHessian(mlp, x, y, B);
		const h32 = new MlpHessian(m32, x, y, B);
		h64.prepare();
		h32.prepare();
		const a = new Float64Array(mlp.nParams);
		const b = new Float32Array(mlp.nParams);
		h64.apply(v, a);
		h32.apply(Float32Array.from(v), b);
		for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 4);
	});

	it('the loss prepare() reports is the model loss on the probe', () => {
		const { mlp, x, y, B } = tinyMlp('sigmoid');
		const H = new MlpHessian(mlp, x, y, B);
		const loss = H.prepare();
		expect(loss).toBe(softmaxCrossEntropy(mlp.forward(x, B), y, B, mlp.nClasses, null).loss);
	});
});

// ---------------------------------------------------------------- stability thresholds

/** iterate an optimizer on f(θ) = ½ a θ² from θ = 1; true if |θ| blew past 1e6 */
function divergesOnQuadratic(cfg: OptimizerConfig, a: number, steps = 3000): boolean {
	const opt = createOptimizer(cfg, 1, 'float64');
	const p = Float64Array.of(1);
	const g = new Float64Array(1);
	for (let t = 0; t < steps; t++) {
		g[0] = a * p[0];
		opt.step(p, g, cfg.lr);
		if (!(Math.abs(p[0]) < 1e6)) return true;
	}
	return false;
}

describe('stability thresholds', () => {
	it('match the real optimizers on 1-D quadratics: just below converges, just above diverges', () => {
		const cases: OptimizerConfig[] = [
			{ name: 'sgd', lr: 0.1 },
			{ name: 'momentum', lr: 0.01, momentum: 0.9 },
			{ name: 'momentum', lr: 0.05, momentum: 0.5 },
			{ name: 'nesterov', lr: 0.01, momentum: 0.9 }
		];
		for (const cfg of cases) {
			const th = stabilityThreshold(cfg, cfg.lr);
			expect(th.preconditioned).toBe(false);
			expect(divergesOnQuadratic(cfg, th.value * 0.98)).toBe(false);
			expect(divergesOnQuadratic(cfg, th.value * 1.02)).toBe(true);
		}
	});

	it('gives 2/η, 3.8/η and 38/η for sgd, momentum 0.9 and Adam β₁ = 0.9', () => {
		expect(stabilityThreshold({ name: 'sgd', lr: 0.5 }, 0.5).value).toBeCloseTo(4, 12);
		expect(stabilityThreshold({ name: 'momentum', lr: 0.1 }, 0.1).value).toBeCloseTo(38, 12);
		expect(stabilityThreshold({ name: 'adam', lr: 0.001 }, 0.001).value).toBeCloseTo(38000, 6);
		expect(stabilityThreshold({ name: 'adam', lr: 0.001 }, 0.001).preconditioned).toBe(true);
	});

	it("Adam's 38/η: the EMA-of-gradients recurrence with a frozen preconditioner is stable exactly below it", () => {
		// m ← β₁m + (1−β₁)·a·θ;  θ ← θ − η·m  (P⁻¹H = a): the linear map's spectral radius crosses 1 at a = 38/η
		const eta = 0.01;
		const b1 = 0.9;
		const run = (a: number) => {
			let th = 1;
			let m = 0;
			for (let t = 0; t < 5000; t++) {
				m = b1 * m + (1 - b1) * a * th;
				th -= eta * m;
				if (Math.abs(th) > 1e6) return true;
			}
			return false;
		};
		const th = stabilityThreshold({ name: 'adam', lr: eta, beta1: b1 }, eta).value;
		expect(run(th * 0.99)).toBe(false);
		expect(run(th * 1.01)).toBe(true);
	});
});

// ---------------------------------------------------------------- the tracker

describe('SharpnessTracker', () => {
	const data = trackerData;
	const cfg = trackerConfig;

	// 3,000 training steps: too slow to repeat for every engine mutant under mutation testing (MUTATION=1)
	it.skipIf(process.env.MUTATION)('keeps its work within the budget and is deterministic', () => {
		const series = () => trackerSeries(cfg({ totalSteps: 3000 }), 0.05);
		const a = series();
		const b = series();
		expect(a.samples.length).toBeGreaterThan(8);
		expect(a.samples[0].step).toBe(0);
		expect(a.cost.workShare).toBeLessThanOrEqual(0.05);
		expect(a.cost.workShare).toBeGreaterThan(0.04);
		expect(b.samples).toEqual(a.samples);
		for (const s of a.samples) expect(s.threshold).toBeCloseTo(2 / 0.5, 12);
	});

	it('estimates the same λ_max as a cold, tight power iteration at the same θ', () => {
		const t = new Trainer(data, cfg({ dtype: 'float64' }));
		for (let i = 0; i < 50; i++) t.step();
		const tr = new SharpnessTracker(t);
		const s = tr.estimateNow();
		const H = new MlpHessian(t.mlp, tr.hessian['x' as never] as Float64Array, tr.hessian['y' as never] as Uint8Array, tr.hessian.B);
		H.prepare();
		const ref = powerIteration((v, out) => H.apply(v, out), t.mlp.nParams, { tol: 1e-10, maxIter: 20000, seed: 99 });
		expect(s.value).toBeCloseTo(ref.value, 2);
	});

	it('tracks the preconditioned sharpness for Adam after its first step', () => {
		const t = new Trainer(data, cfg({ optimizer: { name: 'adam', lr: 0.01 } }));
		const tr = new SharpnessTracker(t);
		expect(tr.estimateNow().preconditioned).toBe(false);
		t.step();
		const s = tr.estimateNow();
		expect(s.preconditioned).toBe(true);
		expect(s.threshold).toBeCloseTo(3800, 6);
		expect(tr.meta.preconditioned).toBe(true);
	});
});

// ---------------------------------------------------------------- plot math


describe('curvature plot math', () => {
	const s = (step: number, value: number, threshold: number): SharpnessSample => ({ step, value, threshold, lr: 2 / threshold, products: 3, converged: true, preconditioned: false });
	it('the bound as a step line that follows a schedule and extends to the last step', () => {
		expect(thresholdSteps([s(0, 1, 20), s(100, 5, 20), s(200, 8, 10)], 300)).toEqual([
			[0, 20],
			[200, 20],
			[200, 10],
			[300, 10]
		]);
		expect(thresholdSteps([], 10)).toEqual([]);
	});
	it('reads λ now, the bound, the ratio and the highest ratio, skipping non-finite estimates', () => {
		const r = sharpnessReadout([s(0, 1, 20), s(100, 19, 20), s(200, 18, 20), s(300, NaN, 20)])!;
		expect(r).toEqual({ step: 200, value: 18, threshold: 20, ratio: 0.9, peakRatio: 0.95 });
		expect(sharpnessReadout([])).toBeNull();
	});
	it('a log domain over values and bounds, at least a decade wide', () => {
		const [lo, hi] = sharpnessDomain([[s(0, 1, 20), s(10, 19, 20)]]);
		expect(lo).toBeCloseTo(1 / 1.2, 12);
		expect(hi).toBeCloseTo(24, 12);
		const [a, b] = sharpnessDomain([[s(0, 4, 5)]]);
		expect(b / a).toBeGreaterThanOrEqual(10);
		expect(sharpnessDomain([])).toEqual([0.1, 10]);
	});
});

describe('the default probe', () => {
	it('is the batch itself within [64, 256]', async () => {
		const { defaultProbeSize } = await import('../../src/lib/engine/curvature/tracker');
		expect([1, 32, 64, 240, 256, 480, 8000].map(defaultProbeSize)).toEqual([64, 64, 64, 240, 256, 256, 256]);
	});
});
