// Optimizer steps against numbers worked out by hand from torch.optim's documented algorithms.
// Common setup: θ₀ = [1, −2] and the fixed gradient sequence
//   g₁ = [0.5, −1],  g₂ = [0.2, 0.4],  g₃ = [−0.4, 0.5]
// (fed as given, independent of θ, so each step's arithmetic stands alone). float64 throughout.

import { describe, expect, it } from 'vitest';
import { createOptimizer, DEFAULT_LR, describeOptimizer, OPTIMIZER_DEFAULTS } from '../../src/lib/engine/optim/index';
import { OPTIMIZERS, type OptimizerConfig } from '../../src/lib/engine/types';

const G: [number, number][] = [
	[0.5, -1],
	[0.2, 0.4],
	[-0.4, 0.5]
];

/** θ after each of the three steps of G, starting from [1, −2]. */
function run3(cfg: OptimizerConfig): [number, number][] {
	const opt = createOptimizer(cfg, 2, 'float64');
	const theta = new Float64Array([1, -2]);
	const out: [number, number][] = [];
	for (const g of G) {
		opt.step(theta, new Float64Array(g), cfg.lr);
		out.push([theta[0], theta[1]]);
	}
	expect(opt.t).toBe(3);
	return out;
}

function expectPath(actual: [number, number][], expected: [number, number][], digits = 12): void {
	expect(actual.length).toBe(expected.length);
	for (let k = 0; k < expected.length; k++) {
		expect(actual[k][0]).toBeCloseTo(expected[k][0], digits);
		expect(actual[k][1]).toBeCloseTo(expected[k][1], digits);
	}
}

describe('three hand-computed steps per optimizer (lr 0.1 unless stated)', () => {
	it('sgd: θ ← θ − lr·g', () => {
		// x: 1 − 0.1·0.5 = 0.95;  0.95 − 0.1·0.2 = 0.93;  0.93 + 0.1·0.4 = 0.97
		// y: −2 + 0.1·1 = −1.9;  −1.9 − 0.1·0.4 = −1.94;  −1.94 − 0.1·0.5 = −1.99
		expectPath(run3({ name: 'sgd', lr: 0.1 }), [
			[0.95, -1.9],
			[0.93, -1.94],
			[0.97, -1.99]
		]);
	});

	it('momentum (μ 0.9): b ← μb + g, θ ← θ − lr·b', () => {
		// x: b = 0.5, θ = 1 − 0.05 = 0.95;  b = 0.45 + 0.2 = 0.65, θ = 0.95 − 0.065 = 0.885;
		//    b = 0.585 − 0.4 = 0.185, θ = 0.885 − 0.0185 = 0.8665
		// y: b = −1, θ = −1.9;  b = −0.9 + 0.4 = −0.5, θ = −1.9 + 0.05 = −1.85;
		//    b = −0.45 + 0.5 = 0.05, θ = −1.85 − 0.005 = −1.855
		expectPath(run3({ name: 'momentum', lr: 0.1 }), [
			[0.95, -1.9],
			[0.885, -1.85],
			[0.8665, -1.855]
		]);
	});

	it('nesterov (μ 0.9): b ← μb + g, θ ← θ − lr·(g + μb)', () => {
		// x: b = 0.5, d = 0.5 + 0.45 = 0.95, θ = 1 − 0.095 = 0.905
		//    b = 0.65, d = 0.2 + 0.585 = 0.785, θ = 0.905 − 0.0785 = 0.8265
		//    b = 0.185, d = −0.4 + 0.1665 = −0.2335, θ = 0.8265 + 0.02335 = 0.84985
		// y: b = −1, d = −1 − 0.9 = −1.9, θ = −2 + 0.19 = −1.81
		//    b = −0.5, d = 0.4 − 0.45 = −0.05, θ = −1.81 + 0.005 = −1.805
		//    b = 0.05, d = 0.5 + 0.045 = 0.545, θ = −1.805 − 0.0545 = −1.8595
		expectPath(run3({ name: 'nesterov', lr: 0.1 }), [
			[0.905, -1.81],
			[0.8265, -1.805],
			[0.84985, -1.8595]
		]);
	});

	// Adam's moments for G (β₁ 0.9, β₂ 0.999), shared by the adam and adamw cases:
	// x: t1 m = 0.1·0.5 = 0.05,           v = 0.001·0.25 = 0.00025
	//    t2 m = 0.045 + 0.02 = 0.065,     v = 0.00024975 + 0.00004 = 0.00028975
	//    t3 m = 0.0585 − 0.04 = 0.0185,   v = 0.00028946025 + 0.00016 = 0.00044946025
	// y: t1 m = −0.1,                      v = 0.001
	//    t2 m = −0.09 + 0.04 = −0.05,     v = 0.000999 + 0.00016 = 0.001159
	//    t3 m = −0.045 + 0.05 = 0.005,    v = 0.001157841 + 0.00025 = 0.001407841
	// bias corrections: 1 − β₁ᵗ = 0.1, 0.19, 0.271;  1 − β₂ᵗ = 0.001, 0.001999, 0.002997001
	const eps = 1e-8;
	const adamDir = (m: number, bc1: number, v: number, bc2: number) => m / bc1 / (Math.sqrt(v / bc2) + eps);
	const dx = [adamDir(0.05, 0.1, 0.00025, 0.001), adamDir(0.065, 0.19, 0.00028975, 0.001999), adamDir(0.0185, 0.271, 0.00044946025, 0.002997001)];
	const dy = [adamDir(-0.1, 0.1, 0.001, 0.001), adamDir(-0.05, 0.19, 0.001159, 0.001999), adamDir(0.005, 0.271, 0.001407841, 0.002997001)];

	it('adam: bias-corrected moments, ε outside the root', () => {
		// t1: m̂ = 0.5, v̂ = 0.25 → step 0.1·0.5/(0.5 + 1e-8) ≈ 0.1 (and ≈ −0.1 for y: m̂ = −1, v̂ = 1)
		expect(dx[0]).toBeCloseTo(1, 7);
		const x1 = 1 - 0.1 * dx[0];
		const y1 = -2 - 0.1 * dy[0];
		const x2 = x1 - 0.1 * dx[1];
		const y2 = y1 - 0.1 * dy[1];
		expectPath(run3({ name: 'adam', lr: 0.1 }), [
			[x1, y1],
			[x2, y2],
			[x2 - 0.1 * dx[2], y2 - 0.1 * dy[2]]
		]);
	});

	it('adamw (λ 0.01 default): θ ← θ·(1 − lr·λ), then the Adam step on the raw gradient', () => {
		const s = 1 - 0.1 * 0.01; // 0.999
		const x1 = 1 * s - 0.1 * dx[0];
		const y1 = -2 * s - 0.1 * dy[0];
		const x2 = x1 * s - 0.1 * dx[1];
		const y2 = y1 * s - 0.1 * dy[1];
		expectPath(run3({ name: 'adamw', lr: 0.1 }), [
			[x1, y1],
			[x2, y2],
			[x2 * s - 0.1 * dx[2], y2 * s - 0.1 * dy[2]]
		]);
	});

	it('rmsprop (α 0.99, lr 0.01): v ← αv + (1−α)g², θ ← θ − lr·g/(√v + ε)', () => {
		// x: v = 0.01·0.25 = 0.0025 (√ = 0.05);  v = 0.002475 + 0.0004 = 0.002875;
		//    v = 0.00284625 + 0.0016 = 0.00444625
		// y: v = 0.01 (√ = 0.1);  v = 0.0099 + 0.0016 = 0.0115;  v = 0.011385 + 0.0025 = 0.013885
		const x1 = 1 - (0.01 * 0.5) / (0.05 + eps); // ≈ 0.9
		const y1 = -2 + (0.01 * 1) / (0.1 + eps); // ≈ −1.9
		const x2 = x1 - (0.01 * 0.2) / (Math.sqrt(0.002875) + eps);
		const y2 = y1 - (0.01 * 0.4) / (Math.sqrt(0.0115) + eps);
		const x3 = x2 + (0.01 * 0.4) / (Math.sqrt(0.00444625) + eps);
		const y3 = y2 - (0.01 * 0.5) / (Math.sqrt(0.013885) + eps);
		expect(x1).toBeCloseTo(0.9, 6);
		expectPath(run3({ name: 'rmsprop', lr: 0.01 }), [
			[x1, y1],
			[x2, y2],
			[x3, y3]
		]);
	});

	it('rmsprop with momentum 0.9: b ← μb + g/(√v + ε), θ ← θ − lr·b', () => {
		// same v as above; the normalised gradients q = g/(√v + ε):
		const qx = [0.5 / (0.05 + eps), 0.2 / (Math.sqrt(0.002875) + eps), -0.4 / (Math.sqrt(0.00444625) + eps)];
		const qy = [-1 / (0.1 + eps), 0.4 / (Math.sqrt(0.0115) + eps), 0.5 / (Math.sqrt(0.013885) + eps)];
		const bx1 = qx[0];
		const bx2 = 0.9 * bx1 + qx[1];
		const bx3 = 0.9 * bx2 + qx[2];
		const by1 = qy[0];
		const by2 = 0.9 * by1 + qy[1];
		const by3 = 0.9 * by2 + qy[2];
		expectPath(run3({ name: 'rmsprop', lr: 0.01, momentum: 0.9 }), [
			[1 - 0.01 * bx1, -2 - 0.01 * by1],
			[1 - 0.01 * (bx1 + bx2), -2 - 0.01 * (by1 + by2)],
			[1 - 0.01 * (bx1 + bx2 + bx3), -2 - 0.01 * (by1 + by2 + by3)]
		]);
	});

	it('adagrad (ε 1e-10): s ← s + g², θ ← θ − lr·g/(√s + ε)', () => {
		// x: s = 0.25, 0.29, 0.45;  y: s = 1, 1.16, 1.41
		const e = 1e-10;
		const x1 = 1 - (0.1 * 0.5) / (0.5 + e); // ≈ 0.9
		const y1 = -2 + (0.1 * 1) / (1 + e); // ≈ −1.9
		const x2 = x1 - (0.1 * 0.2) / (Math.sqrt(0.29) + e);
		const y2 = y1 - (0.1 * 0.4) / (Math.sqrt(1.16) + e);
		expectPath(run3({ name: 'adagrad', lr: 0.1 }), [
			[x1, y1],
			[x2, y2],
			[x2 + (0.1 * 0.4) / (Math.sqrt(0.45) + e), y2 - (0.1 * 0.5) / (Math.sqrt(1.41) + e)]
		]);
	});
});

describe('adam first step', () => {
	it('moves every coordinate by ≈ lr·sign(g), whatever the gradient scale (bias correction)', () => {
		// m̂₁ = g and v̂₁ = g², so Δ = −lr·g/(|g| + ε). Without bias correction it would be
		// −lr·0.1·g/(√0.001·|g|) ≈ −0.316·lr·sign(g).
		const g = new Float64Array([0.01, -0.3, 7, -250, 1e4]);
		const theta = new Float64Array(g.length);
		createOptimizer({ name: 'adam', lr: 0.01 }, g.length, 'float64').step(theta, g, 0.01);
		for (let i = 0; i < g.length; i++) expect(theta[i] / (-0.01 * Math.sign(g[i]))).toBeCloseTo(1, 5);
	});
});

describe('weight decay', () => {
	it('sgd: L2 folded into the gradient, g ← g + λθ', () => {
		// λ 0.1: g = [0.5 + 0.1, −1 − 0.2] = [0.6, −1.2];  θ = [1 − 0.06, −2 + 0.12]
		const theta = new Float64Array([1, -2]);
		createOptimizer({ name: 'sgd', lr: 0.1, weightDecay: 0.1 }, 2, 'float64').step(theta, new Float64Array([0.5, -1]), 0.1);
		expect(theta[0]).toBeCloseTo(0.94, 14);
		expect(theta[1]).toBeCloseTo(-1.88, 14);
	});

	it('momentum: the penalty enters the buffer', () => {
		// λ 0.1, μ 0.9. t1: g = [0.6, −1.2] = b, θ = [0.94, −1.88].
		// t2: g = [0.2 + 0.094, 0.4 − 0.188] = [0.294, 0.212]; b = [0.54 + 0.294, −1.08 + 0.212] = [0.834, −0.868]
		//     θ = [0.94 − 0.0834, −1.88 + 0.0868] = [0.8566, −1.7932]
		const opt = createOptimizer({ name: 'momentum', lr: 0.1, weightDecay: 0.1 }, 2, 'float64');
		const theta = new Float64Array([1, -2]);
		opt.step(theta, new Float64Array([0.5, -1]), 0.1);
		opt.step(theta, new Float64Array([0.2, 0.4]), 0.1);
		expect(theta[0]).toBeCloseTo(0.8566, 14);
		expect(theta[1]).toBeCloseTo(-1.7932, 14);
	});

	it('adam (L2) and adamw (decoupled) differ as the algorithms say', () => {
		// λ 0.1, lr 0.1, g = [0.5, −1].
		// adam:  g' = [0.6, −1.2]; the first step is −lr·g'/(|g'| + ε) ≈ −0.1·sign(g') → [0.9, −1.9]
		// adamw: θ·(1 − 0.01) = [0.99, −1.98], then −lr·g/(|g| + ε) → ≈ [0.89, −1.88]
		const thA = new Float64Array([1, -2]);
		const thW = new Float64Array([1, -2]);
		createOptimizer({ name: 'adam', lr: 0.1, weightDecay: 0.1 }, 2, 'float64').step(thA, new Float64Array([0.5, -1]), 0.1);
		createOptimizer({ name: 'adamw', lr: 0.1, weightDecay: 0.1 }, 2, 'float64').step(thW, new Float64Array([0.5, -1]), 0.1);
		expect(thA[0]).toBeCloseTo(1 - (0.1 * 0.6) / (0.6 + 1e-8), 14);
		expect(thA[1]).toBeCloseTo(-2 + (0.1 * 1.2) / (1.2 + 1e-8), 14);
		expect(thW[0]).toBeCloseTo(0.99 - (0.1 * 0.5) / (0.5 + 1e-8), 14);
		expect(thW[1]).toBeCloseTo(-1.98 + (0.1 * 1) / (1 + 1e-8), 14);
	});

	it('with zero gradient, adamw shrinks θ by (1 − lr·λ) while adam-L2 takes a full lr-sized step', () => {
		// adam: g' = λθ = [0.1, −0.2] → Δ ≈ −lr·sign(θ) = [−0.1, +0.1]
		// adamw: g = 0 → m = v = 0 → Adam step 0/(0 + ε) = 0; only θ·(1 − 0.01) remains
		const thA = new Float64Array([1, -2]);
		const thW = new Float64Array([1, -2]);
		const zero = new Float64Array(2);
		createOptimizer({ name: 'adam', lr: 0.1, weightDecay: 0.1 }, 2, 'float64').step(thA, zero, 0.1);
		createOptimizer({ name: 'adamw', lr: 0.1, weightDecay: 0.1 }, 2, 'float64').step(thW, zero, 0.1);
		expect(thA[0]).toBeCloseTo(0.9, 6);
		expect(thA[1]).toBeCloseTo(-1.9, 6);
		expect(thW[0]).toBe(0.99);
		expect(thW[1]).toBe(-1.98);
	});

	it('adamw defaults to λ = 0.01, adam to 0', () => {
		expect(OPTIMIZER_DEFAULTS.adamw.weightDecay).toBe(0.01);
		expect(OPTIMIZER_DEFAULTS.adam.weightDecay).toBe(0);
	});
});

describe('contracts', () => {
	it.each(OPTIMIZERS)('%s leaves grads unchanged and counts steps', (name) => {
		const opt = createOptimizer({ name, lr: 0.05, weightDecay: 0.1 }, 3, 'float64');
		const theta = new Float64Array([0.3, -1, 2]);
		const grads = new Float64Array([1, -0.5, 0.25]);
		const copy = grads.slice();
		expect(opt.t).toBe(0);
		opt.step(theta, grads, 0.05);
		opt.step(theta, grads, 0.05);
		expect(Array.from(grads)).toEqual(Array.from(copy));
		expect(opt.t).toBe(2);
		expect(opt.name).toBe(name);
	});

	it.each(OPTIMIZERS)('%s in float32 tracks float64 and keeps float32 state', (name) => {
		const o32 = createOptimizer({ name, lr: 0.01 }, 2, 'float32');
		const o64 = createOptimizer({ name, lr: 0.01 }, 2, 'float64');
		const t32 = new Float32Array([1, -2]);
		const t64 = new Float64Array([1, -2]);
		for (const g of G) {
			o32.step(t32, new Float32Array(g), 0.01);
			o64.step(t64, new Float64Array(g), 0.01);
		}
		expect(t32[0]).toBeCloseTo(t64[0], 5);
		expect(t32[1]).toBeCloseTo(t64[1], 5);
		const eff = o32.internals().effectiveLr;
		expect(eff).toBeInstanceOf(Float32Array);
	});

	it('internals: momentum velocity is the buffer; adam exposes m̂ and lr/(√v̂ + ε)', () => {
		const mom = createOptimizer({ name: 'momentum', lr: 0.1 }, 2, 'float64');
		expect(mom.internals()).toEqual({});
		const th = new Float64Array([1, -2]);
		mom.step(th, new Float64Array(G[0]), 0.1);
		mom.step(th, new Float64Array(G[1]), 0.1);
		// b₂ = [0.65, −0.5] (see the momentum case above)
		const v = mom.internals().velocity!;
		expect(v[0]).toBeCloseTo(0.65, 14);
		expect(v[1]).toBeCloseTo(-0.5, 14);

		const adam = createOptimizer({ name: 'adam', lr: 0.1 }, 2, 'float64');
		const th2 = new Float64Array([1, -2]);
		adam.step(th2, new Float64Array(G[0]), 0.1);
		adam.step(th2, new Float64Array(G[1]), 0.1);
		// t2, x: m̂ = 0.065/0.19, v̂ = 0.00028975/0.001999
		const ai = adam.internals();
		expect(ai.velocity![0]).toBeCloseTo(0.065 / 0.19, 12);
		expect(ai.effectiveLr![0]).toBeCloseTo(0.1 / (Math.sqrt(0.00028975 / 0.001999) + 1e-8), 12);
		// internals are copies: mutating them must not touch the optimizer's state
		ai.velocity![0] = 123;
		expect(adam.internals().velocity![0]).toBeCloseTo(0.065 / 0.19, 12);
	});

	it('uses the lr passed to step (the scheduled one), not the configured one', () => {
		const opt = createOptimizer({ name: 'sgd', lr: 0.1 }, 1, 'float64');
		const th = new Float64Array([1]);
		opt.step(th, new Float64Array([2]), 0.25); // 1 − 0.25·2 = 0.5
		expect(th[0]).toBe(0.5);
	});

	it('rejects params/grads of the wrong length and a bad step lr', () => {
		const opt = createOptimizer({ name: 'adam', lr: 0.1 }, 2, 'float64');
		expect(() => opt.step(new Float64Array(3), new Float64Array(3), 0.1)).toThrow(RangeError);
		expect(() => opt.step(new Float64Array(2), new Float64Array(2), Number.NaN)).toThrow(/lr/);
		expect(() => opt.step(new Float64Array(2), new Float64Array(2), -1)).toThrow(/lr/);
	});
});

describe('hyper-parameter validation', () => {
	const bad: [OptimizerConfig, string][] = [
		[{ name: 'sgd', lr: 0 }, 'lr'],
		[{ name: 'sgd', lr: -0.1 }, 'lr'],
		[{ name: 'adam', lr: Number.NaN }, 'lr'],
		[{ name: 'sgd', lr: Number.POSITIVE_INFINITY }, 'lr'],
		[{ name: 'sgd', lr: 0.1, weightDecay: -1 }, 'weightDecay'],
		[{ name: 'momentum', lr: 0.1, momentum: 1 }, 'momentum'],
		[{ name: 'momentum', lr: 0.1, momentum: -0.1 }, 'momentum'],
		[{ name: 'nesterov', lr: 0.1, momentum: 0 }, 'momentum'],
		[{ name: 'adam', lr: 0.1, beta1: 1 }, 'beta1'],
		[{ name: 'adam', lr: 0.1, beta1: -0.5 }, 'beta1'],
		[{ name: 'adamw', lr: 0.1, beta2: 1.5 }, 'beta2'],
		[{ name: 'adam', lr: 0.1, eps: 0 }, 'eps'],
		[{ name: 'adamw', lr: 0.1, weightDecay: Number.NaN }, 'weightDecay'],
		[{ name: 'rmsprop', lr: 0.1, alpha: 1 }, 'alpha'],
		[{ name: 'rmsprop', lr: 0.1, momentum: 2 }, 'momentum'],
		[{ name: 'adagrad', lr: 0.1, eps: -1e-10 }, 'eps']
	];
	it.each(bad)('%o throws a RangeError naming %s', (cfg, field) => {
		expect(() => createOptimizer(cfg, 4, 'float64')).toThrow(RangeError);
		expect(() => createOptimizer(cfg, 4, 'float64')).toThrow(new RegExp(`\\b${field}\\b.*must be`));
	});

	it('accepts the boundary values 0 for μ, β and λ', () => {
		expect(() => createOptimizer({ name: 'momentum', lr: 0.1, momentum: 0 }, 1, 'float64')).not.toThrow();
		expect(() => createOptimizer({ name: 'adam', lr: 0.1, beta1: 0, beta2: 0, weightDecay: 0 }, 1, 'float64')).not.toThrow();
	});

	it('rejects a non-integer parameter count', () => {
		expect(() => createOptimizer({ name: 'sgd', lr: 0.1 }, 1.5, 'float64')).toThrow(/nParams/);
	});
});

describe('defaults and help text', () => {
	it('match torch.optim (with μ 0.9 for momentum/nesterov)', () => {
		expect(OPTIMIZER_DEFAULTS.adam).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false });
		expect(OPTIMIZER_DEFAULTS.adamw.amsgrad).toBe(false);
		expect(OPTIMIZER_DEFAULTS.rmsprop).toEqual({ alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0 });
		expect(OPTIMIZER_DEFAULTS.adagrad).toEqual({ eps: 1e-10, weightDecay: 0 });
		expect(OPTIMIZER_DEFAULTS.momentum.momentum).toBe(0.9);
		expect(OPTIMIZER_DEFAULTS.nesterov.momentum).toBe(0.9);
	});

	it.each(OPTIMIZERS)('%s has a default lr that creates a valid optimizer, and a formula', (name) => {
		expect(() => createOptimizer({ name, lr: DEFAULT_LR[name] }, 1, 'float32')).not.toThrow();
		expect(describeOptimizer(name)).toMatch(/θ ← /);
	});
});

// AMSGrad as torch.optim.Adam/AdamW document it (docs corrected in pytorch#142323 to match the code):
//   v_max ← max(v_max, v);  θ ← θ − lr·m̂ / (√(v_max / (1 − β₂ᵗ)) + ε)
// β₁ = β₂ = 0.5 make the maximum matter within three steps. x coordinate, g = 2, 0, 1, lr 0.1:
//   t=1: m = 1,    v = 2,   v_max = 2; m̂ = 1/0.5 = 2,        v̂ = 2/0.5 = 4     → Δ = −0.1·2/2 = −0.1
//   t=2: m = 0.5,  v = 1,   v_max = 2; m̂ = 0.5/0.75 = 2/3,   v̂ = 2/0.75 = 8/3  → Δ = −0.1·(2/3)/√(8/3) ≈ −0.0408248
//        (plain Adam would divide by √(1/0.75) and step −0.0577350)
//   t=3: m = 0.75, v = 1,   v_max = 2; m̂ = 0.75/0.875 = 6/7, v̂ = 2/0.875 = 16/7 → Δ = −0.1·(6/7)/√(16/7) ≈ −0.0566947
// y coordinate, g = −1, 0.5, 0: m = −0.5, 0, 0, so it moves only on the first step, by +0.1.
// The values below also come from a numpy transcription of the documented algorithm (float64).
describe('amsgrad (adam, adamw)', () => {
	const GA: [number, number][] = [
		[2, -1],
		[0, 0.5],
		[1, 0]
	];
	function path(cfg: OptimizerConfig): number[][] {
		const opt = createOptimizer(cfg, 2, 'float64');
		const theta = new Float64Array([1, 1]);
		return GA.map((g) => {
			opt.step(theta, new Float64Array(g), cfg.lr);
			return [...theta];
		});
	}
	const hyper = { lr: 0.1, beta1: 0.5, beta2: 0.5, amsgrad: true } as const;
	const close = (got: number[][], want: number[][]) =>
		want.forEach((row, t) => row.forEach((x, i) => expect(got[t][i], `step ${t + 1}, θ[${i}]`).toBeCloseTo(x, 12)));

	it('adam: the denominator keeps the largest v (steps by hand and by numpy)', () => {
		const got = path({ name: 'adam', ...hyper });
		close(got, [
			[0.9000000005, 1.099999999],
			[0.8591751717036137, 1.099999999],
			[0.8024805011272296, 1.099999999]
		]);
		expect(got[1][0] - got[0][0]).toBeCloseTo(-0.1 * (2 / 3) / Math.sqrt(8 / 3), 8);
		expect(got[2][0] - got[1][0]).toBeCloseTo(-0.1 * (6 / 7) / Math.sqrt(16 / 7), 8);
		// without amsgrad the second step is larger, the denominator having shrunk with v
		const plain = path({ name: 'adam', ...hyper, amsgrad: false });
		expect(plain[1][0] - plain[0][0]).toBeCloseTo(-0.1 * (2 / 3) / Math.sqrt(1 / 0.75), 8);
	});

	it('adamw: decoupled decay first, then the same AMSGrad step (λ 0.1)', () => {
		close(path({ name: 'adamw', ...hyper, weightDecay: 0.1 }), [
			[0.8900000004999999, 1.089999999],
			[0.8402751716986137, 1.07909999901],
			[0.7751777494052434, 1.0683089990199002]
		]);
	});

	it('adam: L2 folded into g before the moments and the maximum (λ 0.1)', () => {
		close(path({ name: 'adam', ...hyper, weightDecay: 0.1 }), [
			[0.9000000004761904, 1.0999999988888889],
			[0.8556759006253373, 1.0854845043244514],
			[0.7960810694085455, 1.0696479232942477]
		]);
	});

	it('exposes lr/(√v̂ + ε) from the maximum, and rejects a non-boolean flag', () => {
		const opt = createOptimizer({ name: 'adam', ...hyper }, 2, 'float64');
		const theta = new Float64Array([1, 1]);
		for (const g of GA.slice(0, 2)) opt.step(theta, new Float64Array(g), 0.1);
		expect(opt.internals().effectiveLr![0]).toBeCloseTo(0.1 / (Math.sqrt(2 / 0.75) + 1e-8), 12);
		expect(() => createOptimizer({ name: 'adam', lr: 0.1, amsgrad: 1 as unknown as boolean }, 1, 'float64')).toThrow(/amsgrad/);
	});
});
