import { describe, expect, it } from 'vitest';
import { describeInit, gain, INIT_PRESETS, initLayer, initStd } from '../../src/lib/engine/init';
import { Rng } from '../../src/lib/engine/rng';
import { INITS } from '../../src/lib/engine/types';
import type { ActivationName, FloatArray, InitConfig } from '../../src/lib/engine/types';
import { gramSchmidt } from './gram-schmidt';

// Layers are (OUT, IN); fan_in = IN, fan_out = OUT. Two shapes: A is 256×512; B is 128×1024, so
// swapping fan_in and fan_out would change the He variance eight-fold and fail.

function layer(out: number, inp: number, cfg: InitConfig, act: ActivationName, seed = 1, f64 = true) {
	const w = f64 ? new Float64Array(out * inp) : new Float32Array(out * inp);
	const b = f64 ? new Float64Array(out) : new Float32Array(out);
	initLayer(w, b, inp, out, cfg, act, new Rng(seed));
	return { w, b };
}

function stats(x: FloatArray): { mean: number; variance: number } {
	let s = 0;
	for (let i = 0; i < x.length; i++) s += x[i];
	const mean = s / x.length;
	let ss = 0;
	for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
	return { mean, variance: ss / (x.length - 1) };
}

// Statistical tolerance: with n iid draws of variance σ², the sample mean has standard error σ/√n and
// the sample variance has standard error √((μ₄ − σ⁴)/n), μ₄ the 4th central moment:
//   normal:       μ₄ = 3σ⁴           ⇒ SE = σ²·√(2/n)
//   U(−a, a):     μ₄ = a⁴/5, σ⁴ = a⁴/9 ⇒ μ₄ − σ⁴ = 4a⁴/45 = 0.8σ⁴ ⇒ SE = σ²·√(0.8/n)
// We allow 4 standard errors (a correct sampler fails with probability ≈ 6·10⁻⁵; n = 131 072 so the
// estimators are very nearly normal). At n = 131 072 that is ±1.6 % (normal) or ±1.0 % (uniform)
// of the variance, tight enough to tell 2/512 from 2/768 or 1/512.
const K = 4;

function expectMoments(w: FloatArray, variance: number, kind: 'normal' | 'uniform'): void {
	const n = w.length;
	const { mean, variance: v } = stats(w);
	expect(Math.abs(mean)).toBeLessThan(K * Math.sqrt(variance / n));
	const se = variance * Math.sqrt((kind === 'normal' ? 2 : 0.8) / n);
	expect(Math.abs(v - variance)).toBeLessThan(K * se);
}

function maxAbs(x: FloatArray): number {
	let m = 0;
	for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
	return m;
}

describe('gain (torch.nn.init.calculate_gain)', () => {
	it('matches the table, worked by hand', () => {
		expect(gain('linear')).toBe(1);
		expect(gain('sigmoid')).toBe(1);
		expect(gain('tanh')).toBeCloseTo(1.6666666666666667, 15);
		expect(gain('relu')).toBeCloseTo(1.4142135623730951, 15);
		// GELU: no torch gain, √2 as for ReLU by our convention
		expect(gain('gelu')).toBeCloseTo(1.4142135623730951, 15);
		// √(2/(1+0.01²)) = √2·(1 + 10⁻⁴)^(−1/2) = √2·(1 − 5·10⁻⁵ + 3.75·10⁻⁹ − …)
		//   = 1.4142135623730951 − 0.0000707106781187 + 0.0000000053033009 = 1.4141428569982773
		expect(gain('leaky-relu')).toBeCloseTo(1.4141428569982773, 12);
	});
});

describe('initLayer: sample moments match the published variances', () => {
	type Case = [name: string, out: number, inp: number, cfg: InitConfig, act: ActivationName, variance: number, kind: 'normal' | 'uniform'];
	const cases: Case[] = [
		// U(−0.05, 0.05): 0.05²/3 = 0.0025/3
		['uniform default', 256, 512, { scheme: 'uniform' }, 'relu', 0.0025 / 3, 'uniform'],
		// U(−0.3, 0.3): 0.09/3 = 0.03
		['uniform a=0.3', 128, 1024, { scheme: 'uniform', bound: 0.3 }, 'relu', 0.03, 'uniform'],
		['normal default σ=0.01', 256, 512, { scheme: 'normal' }, 'relu', 1e-4, 'normal'],
		['too large σ=1', 128, 1024, INIT_PRESETS['too large'], 'tanh', 1, 'normal'],
		// a = √(6/(512+256)) = √(1/128); a²/3 = 1/384 (no activation gain: xavier uses gain 1)
		['xavier-uniform A', 256, 512, { scheme: 'xavier-uniform' }, 'relu', 1 / 384, 'uniform'],
		// a² = 6/(1024+128) = 1/192; /3 = 1/576
		['xavier-uniform B', 128, 1024, { scheme: 'xavier-uniform' }, 'tanh', 1 / 576, 'uniform'],
		// σ² = 2/768 = 1/384
		['xavier-normal A', 256, 512, { scheme: 'xavier-normal' }, 'relu', 1 / 384, 'normal'],
		['xavier-normal B', 128, 1024, { scheme: 'xavier-normal' }, 'linear', 1 / 576, 'normal'],
		// bound = √2·√(3/512); bound²/3 = 2·3/512/3 = 2/512
		['he-uniform relu A', 256, 512, { scheme: 'he-uniform' }, 'relu', 2 / 512, 'uniform'],
		// bound = (5/3)·√(3/1024); bound²/3 = (25/9)/1024 = 25/9216
		['he-uniform tanh B', 128, 1024, { scheme: 'he-uniform' }, 'tanh', 25 / 9216, 'uniform'],
		// σ² = 2/512
		['he-normal relu A', 256, 512, { scheme: 'he-normal' }, 'relu', 2 / 512, 'normal'],
		// σ² = (2/(1+10⁻⁴))/1024 = 2/1024.1024
		['he-normal leaky B', 128, 1024, { scheme: 'he-normal' }, 'leaky-relu', 2 / 1024.1024, 'normal'],
		// sigmoid gain 1: σ² = 1/1024
		['he-normal sigmoid B', 128, 1024, { scheme: 'he-normal' }, 'sigmoid', 1 / 1024, 'normal'],
		// σ² = 1/fan_in whatever the activation
		['lecun-normal A', 256, 512, { scheme: 'lecun-normal' }, 'relu', 1 / 512, 'normal'],
		['lecun-normal B', 128, 1024, { scheme: 'lecun-normal' }, 'tanh', 1 / 1024, 'normal'],
		// bound = 1/√512; bound²/3 = 1/1536
		['torch-default A', 256, 512, { scheme: 'torch-default' }, 'relu', 1 / 1536, 'uniform'],
		['torch-default B', 128, 1024, { scheme: 'torch-default' }, 'tanh', 1 / 3072, 'uniform']
	];
	for (const [name, out, inp, cfg, act, variance, kind] of cases) {
		it(name, () => {
			const { w } = layer(out, inp, cfg, act, 7);
			expectMoments(w, variance, kind);
		});
	}

	it('orthogonal: the mean of W² is exactly g²/max(fan_in, fan_out)', () => {
		// g·Q has min(IN,OUT) orthonormal rows or columns scaled by g: Σ W² = g²·min(IN,OUT)
		for (const [out, inp, act, ms] of [
			[256, 512, 'relu', 2 / 512],
			[512, 128, 'tanh', 25 / 9 / 512],
			[100, 100, 'linear', 1 / 100]
		] as const) {
			const { w } = layer(out, inp, { scheme: 'orthogonal' }, act);
			let s = 0;
			for (let i = 0; i < w.length; i++) s += w[i] * w[i];
			expect(s / w.length).toBeCloseTo(ms, 12);
		}
	});
});

describe('initLayer: bounds', () => {
	it('uniform schemes stay within their bounds (float32 storage included)', () => {
		const cases: [InitConfig, ActivationName, number][] = [
			[{ scheme: 'uniform', bound: 0.2 }, 'relu', 0.2],
			[{ scheme: 'xavier-uniform' }, 'relu', Math.sqrt(6 / (512 + 256))],
			[{ scheme: 'he-uniform' }, 'tanh', (5 / 3) * Math.sqrt(3 / 512)],
			[{ scheme: 'torch-default' }, 'relu', 1 / Math.sqrt(512)]
		];
		for (const [cfg, act, bound] of cases) {
			const d = layer(256, 512, cfg, act, 3);
			expect(maxAbs(d.w)).toBeLessThanOrEqual(bound);
			// the extremes are reached: with 131 072 draws the max is within 0.1 % of the bound
			expect(maxAbs(d.w)).toBeGreaterThan(0.999 * bound);
			const s = layer(256, 512, cfg, act, 3, false);
			// rounding to float32 is monotone, so |w| ≤ fround(bound)
			expect(maxAbs(s.w)).toBeLessThanOrEqual(Math.fround(bound));
		}
	});

	it('torch-default biases are U(−1/√fan_in, 1/√fan_in) and ignore cfg.bias', () => {
		// OUT = 4096, IN = 16: bound = 1/4, Var = 1/48; 4 SE of the variance = 4·√(0.8/4096) = 5.6 %
		const { b } = layer(4096, 16, { scheme: 'torch-default', bias: { kind: 'constant', value: 3 } }, 'relu', 11);
		expect(maxAbs(b)).toBeLessThanOrEqual(0.25);
		expectMoments(b, 1 / 48, 'uniform');
	});
});

describe('initLayer: units and biases', () => {
	it('zeros and constant give identical units (rows)', () => {
		const z = layer(8, 5, { scheme: 'zeros' }, 'relu');
		expect(Array.from(z.w).every((v) => v === 0)).toBe(true);
		const c = layer(8, 5, { scheme: 'constant' }, 'relu');
		expect(Array.from(c.w).every((v) => v === 0.1)).toBe(true);
		const c2 = layer(8, 5, { scheme: 'constant', value: -2.5 }, 'relu');
		for (let r = 1; r < 8; r++) expect(Array.from(c2.w.subarray(r * 5, r * 5 + 5))).toEqual([-2.5, -2.5, -2.5, -2.5, -2.5]);
	});

	it('bias is zeros by default and the constant when asked', () => {
		expect(Array.from(layer(4, 3, { scheme: 'he-normal' }, 'relu').b)).toEqual([0, 0, 0, 0]);
		const b = layer(4, 3, { scheme: 'xavier-uniform', bias: { kind: 'constant', value: 0.5 } }, 'relu').b;
		expect(Array.from(b)).toEqual([0.5, 0.5, 0.5, 0.5]);
		// the bias is overwritten, not left over from the buffer's previous contents
		const w = new Float64Array(12);
		const bb = new Float64Array([9, 9, 9, 9]);
		initLayer(w, bb, 3, 4, { scheme: 'normal' }, 'relu', new Rng(1));
		expect(Array.from(bb)).toEqual([0, 0, 0, 0]);
	});

	it('draws weights in row-major order, then the bias', () => {
		// torch-default, fan_in 4: bound = 1/2. Replay the same stream by hand.
		const { w, b } = layer(3, 4, { scheme: 'torch-default' }, 'relu', 5);
		const r = new Rng(5);
		for (let i = 0; i < 12; i++) expect(w[i]).toBe(-0.5 + (0.5 - -0.5) * r.uniform());
		for (let i = 0; i < 3; i++) expect(b[i]).toBe(-0.5 + 1 * r.uniform());
		// normal σ = 0.3: w[i] = 0.3·z_i in draw order
		const n = layer(2, 3, { scheme: 'normal', std: 0.3 }, 'relu', 6).w;
		const r2 = new Rng(6);
		for (let i = 0; i < 6; i++) expect(n[i]).toBe(0.3 * r2.normal());
	});
});

describe('initLayer: orthogonal (torch.nn.init.orthogonal_)', () => {
	// (W·Wᵀ)[i][j] for W (rows, cols) row-major, or (WᵀW) when byCols
	function gram(w: FloatArray, rows: number, cols: number, byCols: boolean): number[][] {
		const k = byCols ? cols : rows;
		const g: number[][] = [];
		for (let i = 0; i < k; i++) {
			g.push([]);
			for (let j = 0; j < k; j++) {
				let s = 0;
				if (byCols) for (let r = 0; r < rows; r++) s += w[r * cols + i] * w[r * cols + j];
				else for (let c = 0; c < cols; c++) s += w[i * cols + c] * w[j * cols + c];
				g[i].push(s);
			}
		}
		return g;
	}
	function expectScaledIdentity(g: number[][], s: number): void {
		let worst = 0;
		for (let i = 0; i < g.length; i++) for (let j = 0; j < g.length; j++) worst = Math.max(worst, Math.abs(g[i][j] - (i === j ? s : 0)));
		expect(worst).toBeLessThan(1e-6);
	}

	it('W·Wᵀ = g²I when OUT ≤ IN, WᵀW = g²I when OUT ≥ IN', () => {
		// relu g² = 2; tanh g² = 25/9; linear g² = 1
		expectScaledIdentity(gram(layer(64, 256, { scheme: 'orthogonal' }, 'relu').w, 64, 256, false), 2);
		expectScaledIdentity(gram(layer(256, 64, { scheme: 'orthogonal' }, 'tanh').w, 256, 64, true), 25 / 9);
		const sq = layer(128, 128, { scheme: 'orthogonal' }, 'linear').w;
		expectScaledIdentity(gram(sq, 128, 128, false), 1);
		expectScaledIdentity(gram(sq, 128, 128, true), 1);
	});

	it('matches Gram–Schmidt on the same normal draws (torch sign convention: diag R > 0)', () => {
		// The QR with positive diag R is unique, so classical Gram–Schmidt on A's columns is an
		// independent oracle. A (rows, cols) is drawn row-major; when rows < cols torch orthogonalises
		// Aᵀ, i.e. A's rows.
		// tall 3×2 (OUT 3, IN 2), relu gain √2: W's columns = g·GS(A's columns)
		{
			const r = new Rng(9);
			const z = Array.from({ length: 6 }, () => r.normal());
			const cols = gramSchmidt([[z[0], z[2], z[4]], [z[1], z[3], z[5]]]);
			const w = layer(3, 2, { scheme: 'orthogonal' }, 'relu', 9).w;
			for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) expect(w[i * 2 + j]).toBeCloseTo(Math.SQRT2 * cols[j][i], 12);
		}
		// wide 2×3 (OUT 2, IN 3), linear: W's rows = GS(A's rows)
		{
			const r = new Rng(10);
			const z = Array.from({ length: 6 }, () => r.normal());
			const rows = gramSchmidt([z.slice(0, 3), z.slice(3, 6)]);
			const w = layer(2, 3, { scheme: 'orthogonal' }, 'linear', 10).w;
			for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(w[i * 3 + j]).toBeCloseTo(rows[i][j], 12);
		}
		// 1×1: W = g·sign(z)
		{
			const z = new Rng(12).normal();
			expect(layer(1, 1, { scheme: 'orthogonal' }, 'tanh', 12).w[0]).toBeCloseTo((5 / 3) * Math.sign(z), 15);
		}
	});
});

describe('initLayer: determinism', () => {
	it('same seed → bit-identical weights and biases; another seed differs', () => {
		for (const scheme of INITS) {
			const cfg: InitConfig = { scheme };
			const a = layer(16, 24, cfg, 'tanh', 123, false);
			const b = layer(16, 24, cfg, 'tanh', 123, false);
			expect(new Uint8Array(a.w.buffer)).toEqual(new Uint8Array(b.w.buffer));
			expect(new Uint8Array(a.b.buffer)).toEqual(new Uint8Array(b.b.buffer));
			if (scheme !== 'zeros' && scheme !== 'constant') {
				const c = layer(16, 24, cfg, 'tanh', 124, false);
				expect(Array.from(c.w)).not.toEqual(Array.from(a.w));
			}
		}
	});
});

describe('initStd and describeInit', () => {
	it('gives the theoretical std, worked by hand', () => {
		expect(initStd({ scheme: 'zeros' }, 512, 256, 'relu')).toBe(0);
		expect(initStd({ scheme: 'constant', value: 3 }, 512, 256, 'relu')).toBe(0);
		// 0.05/√3
		expect(initStd({ scheme: 'uniform' }, 512, 256, 'relu')).toBeCloseTo(0.028867513459481287, 14);
		expect(initStd({ scheme: 'normal', std: 0.7 }, 512, 256, 'relu')).toBe(0.7);
		// √(2/768) = √(1/384) = 0.05103103630798288
		expect(initStd({ scheme: 'xavier-uniform' }, 512, 256, 'relu')).toBeCloseTo(0.05103103630798288, 14);
		expect(initStd({ scheme: 'xavier-normal' }, 512, 256, 'relu')).toBeCloseTo(0.05103103630798288, 14);
		// √2/√512 = √(1/256) = 1/16
		expect(initStd({ scheme: 'he-normal' }, 512, 256, 'relu')).toBeCloseTo(0.0625, 14);
		expect(initStd({ scheme: 'he-uniform' }, 512, 256, 'relu')).toBeCloseTo(0.0625, 14);
		// 1/√1024 = 1/32
		expect(initStd({ scheme: 'lecun-normal' }, 1024, 128, 'relu')).toBeCloseTo(0.03125, 14);
		// tanh: (5/3)/√max(100, 400) = (5/3)/20 = 1/12
		expect(initStd({ scheme: 'orthogonal' }, 100, 400, 'tanh')).toBeCloseTo(1 / 12, 14);
		// 1/√(3·12) = 1/6
		expect(initStd({ scheme: 'torch-default' }, 12, 99, 'relu')).toBeCloseTo(1 / 6, 14);
	});

	it('describes every scheme with a formula', () => {
		for (const s of INITS) expect(describeInit(s).length).toBeGreaterThan(5);
		expect(describeInit('he-normal')).toContain('fan_in');
		expect(describeInit('xavier-uniform')).toContain('fan_out');
	});
});

describe('validation', () => {
	const w = new Float64Array(6);
	const b = new Float64Array(2);
	const run = (cfg: InitConfig, fanIn = 3, fanOut = 2) => () => initLayer(w, b, fanIn, fanOut, cfg, 'relu', new Rng(1));

	it('rejects bad numbers with a RangeError naming the field', () => {
		for (const std of [0, -1, NaN, Infinity]) expect(run({ scheme: 'normal', std })).toThrow(/std.*> 0/);
		for (const bound of [0, -0.1, NaN, -Infinity]) expect(run({ scheme: 'uniform', bound })).toThrow(/bound.*> 0/);
		for (const value of [NaN, Infinity]) expect(run({ scheme: 'constant', value })).toThrow(/value.*finite/);
		expect(run({ scheme: 'he-normal', bias: { kind: 'constant', value: NaN } })).toThrow(/bias\.value/);
		expect(run({ scheme: 'normal', std: 0 })).toThrow(RangeError);
		expect(run({ scheme: 'bogus' as InitConfig['scheme'] })).toThrow(/scheme/);
	});

	it('rejects shapes that do not match fan_in × fan_out', () => {
		expect(run({ scheme: 'zeros' }, 2, 2)).toThrow(/weight length/);
		expect(run({ scheme: 'zeros' }, 6, 1)).toThrow(/bias length/);
		expect(run({ scheme: 'zeros' }, 0, 2)).toThrow(/fanIn/);
	});
});
