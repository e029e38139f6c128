import { describe, expect, it } from 'vitest';
import { activations } from '../../src/lib/engine/activations';
import { gradCheck } from '../../src/lib/engine/gradcheck';
import {
	linearBackwardInput,
	linearBackwardInputNaive,
	linearBackwardWeights,
	linearBackwardWeightsNaive,
	linearForward,
	linearForwardNaive
} from '../../src/lib/engine/kernels';
import { softmax, softmaxCrossEntropy } from '../../src/lib/engine/loss';
import { Mlp, mlpLayout, SPARSE_INPUT_DENSITY } from '../../src/lib/engine/mlp';
import { Rng } from '../../src/lib/engine/rng';
import { ACTIVATIONS } from '../../src/lib/engine/types';

function fillNormal(a: Float64Array | Float32Array, rng: Rng, scale: number) {
	for (let i = 0; i < a.length; i++) a[i] = rng.normal() * scale;
}

describe('softmax', () => {
	it('stable softmax of [−1, 2, 1000.5] is finite and sums to 1', () => {
		const p = softmax([-1, 2, 1000.5]);
		expect(Array.from(p).every(Number.isFinite)).toBe(true);
		expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 15);
		// by hand: p_2 = 1/(1 + e^(−1001.5) + e^(−998.5)) = 1 in float64
		expect(p[2]).toBe(1);
	});
	it('naive softmax of [−1, 2, 1000.5] gives [0, 0, NaN] as in the lecture', () => {
		const p = softmax([-1, 2, 1000.5], true);
		expect(p[0]).toBe(0);
		expect(p[1]).toBe(0);
		expect(Number.isNaN(p[2])).toBe(true);
	});
	it('matches the lecture on small logits: softmax([−1, 2, 1.5])', () => {
		const p = softmax([-1, 2, 1.5]);
		expect(p[0]).toBeCloseTo(0.03005889, 7);
		expect(p[1]).toBeCloseTo(0.6037489, 7);
		expect(p[2]).toBeCloseTo(0.36619222, 7);
	});
	it('cross-entropy by hand: logits [0, ln 3] label 1 → −ln(3/4)', () => {
		const z = new Float64Array([0, Math.log(3)]);
		const dz = new Float64Array(2);
		const r = softmaxCrossEntropy(z, [1], 1, 2, dz);
		expect(r.loss).toBeCloseTo(-Math.log(0.75), 14);
		expect(dz[0]).toBeCloseTo(0.25, 14);
		expect(dz[1]).toBeCloseTo(-0.25, 14);
		expect(r.correct).toBe(1);
	});
	it('the naive loss becomes NaN on large logits, the stable one stays finite', () => {
		const z = new Float64Array([-1, 2, 1000.5]);
		expect(Number.isNaN(softmaxCrossEntropy(z, [2], 1, 3, null, true).loss)).toBe(true);
		const stable = softmaxCrossEntropy(z, [0], 1, 3, null, false).loss;
		expect(stable).toBeCloseTo(1001.5, 10);
	});
});

describe('kernels: fast forms agree with the naive references', () => {
	for (const [B, IN, OUT] of [
		[1, 1, 1],
		[5, 7, 3],
		[8, 16, 9],
		[13, 33, 10]
	]) {
		it(`B=${B} IN=${IN} OUT=${OUT}`, () => {
			const rng = new Rng(B * 1000 + IN * 10 + OUT);
			const x = new Float64Array(B * IN);
			const W = new Float64Array(OUT * IN);
			const bias = new Float64Array(OUT);
			const dz = new Float64Array(B * OUT);
			fillNormal(x, rng, 1);
			fillNormal(W, rng, 1);
			fillNormal(bias, rng, 1);
			fillNormal(dz, rng, 1);
			for (let i = 0; i < dz.length; i += 3) dz[i] = 0; // exercise the zero-skipping path
			const z1 = new Float64Array(B * OUT);
			const z2 = new Float64Array(B * OUT);
			linearForwardNaive(z1, x, W, bias, B, IN, OUT);
			linearForward(z2, x, W, bias, B, IN, OUT);
			for (let i = 0; i < z1.length; i++) expect(z2[i]).toBeCloseTo(z1[i], 12);
			const dW1 = new Float64Array(OUT * IN).fill(0.5);
			const dW2 = new Float64Array(OUT * IN).fill(0.5);
			const db1 = new Float64Array(OUT);
			const db2 = new Float64Array(OUT);
			linearBackwardWeightsNaive(dW1, db1, dz, x, B, IN, OUT);
			linearBackwardWeights(dW2, db2, dz, x, B, IN, OUT);
			for (let i = 0; i < dW1.length; i++) expect(dW2[i]).toBeCloseTo(dW1[i], 12);
			for (let i = 0; i < db1.length; i++) expect(db2[i]).toBeCloseTo(db1[i], 12);
			const dx1 = new Float64Array(B * IN);
			const dx2 = new Float64Array(B * IN).fill(7);
			linearBackwardInputNaive(dx1, dz, W, B, IN, OUT);
			linearBackwardInput(dx2, dz, W, B, IN, OUT);
			for (let i = 0; i < dx1.length; i++) expect(dx2[i]).toBeCloseTo(dx1[i], 12);
		});
	}
	it('forward by hand: x=[1,2], W=[[3,4],[5,6]], b=[0.5,−1] → [11.5, 16]', () => {
		const z = new Float64Array(2);
		linearForward(z, new Float64Array([1, 2]), new Float64Array([3, 4, 5, 6]), new Float64Array([0.5, -1]), 1, 2, 2);
		expect(Array.from(z)).toEqual([11.5, 16]);
	});
});

describe('activations by hand', () => {
	const z = new Float64Array([-2, -0.5, 0, 0.5, 2]);
	const expected: Record<string, number[]> = {
		relu: [0, 0, 0, 0.5, 2],
		'leaky-relu': [-0.02, -0.005, 0, 0.5, 2],
		tanh: [Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(0.5), Math.tanh(2)],
		sigmoid: [1 / (1 + Math.E ** 2), 1 / (1 + Math.E ** 0.5), 0.5, 1 / (1 + Math.E ** -0.5), 1 / (1 + Math.E ** -2)],
		linear: [-2, -0.5, 0, 0.5, 2]
	};
	for (const [name, want] of Object.entries(expected)) {
		it(name, () => {
			const a = new Float64Array(5);
			activations[name as keyof typeof activations].forward(a, z, 5);
			want.forEach((w, i) => expect(a[i]).toBeCloseTo(w, 14));
		});
	}
	it('gelu(1) ≈ 0.841192 (tanh form), gelu(0) = 0', () => {
		const a = new Float64Array(2);
		activations.gelu.forward(a, new Float64Array([1, 0]), 2);
		// ½·1·(1 + tanh(√(2/π)·1.044715)) = ½(1 + tanh(0.833554)) = ½(1 + 0.682384) = 0.841192
		expect(a[0]).toBeCloseTo(0.841192, 5);
		expect(a[1]).toBe(0);
	});
});

describe('MLP layout', () => {
	it('puts [W0, b0, W1, b1] in one flat array', () => {
		const { layers, nParams } = mlpLayout([3, 4, 2]);
		expect(layers[0]).toEqual({ fanIn: 3, fanOut: 4, wOffset: 0, bOffset: 12 });
		expect(layers[1]).toEqual({ fanIn: 4, fanOut: 2, wOffset: 16, bOffset: 24 });
		expect(nParams).toBe(26);
	});
	it('784-128-64-10 has 109,386 parameters', () => {
		expect(mlpLayout([784, 128, 64, 10]).nParams).toBe(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
	});
	it('rejects too many layers and too-wide layers', () => {
		expect(() => new Mlp({ sizes: [2, ...Array(17).fill(4), 2], activation: 'relu' })).toThrow(/hidden/);
		expect(() => new Mlp({ sizes: [2, 5000, 2], activation: 'relu' })).toThrow(/hidden/);
	});
});

describe('finite-difference gradient check (float64), every activation, 1–3 hidden layers', () => {
	for (const act of ACTIVATIONS) {
		for (const depth of [1, 2, 3]) {
			it(`${act}, ${depth} hidden`, () => {
				const rng = new Rng(depth * 31 + act.length);
				const sizes = [5, ...[7, 6, 4].slice(0, depth), 3];
				const mlp = new Mlp({ sizes, activation: act, dtype: 'float64' });
				fillNormal(mlp.params, rng, 0.7);
				const B = 4;
				const x = new Float64Array(B * 5);
				fillNormal(x, rng, 1);
				const y = [0, 2, 1, 2];
				const r = gradCheck(mlp, x, y, B, 1e-5);
				expect(r.checked).toBe(mlp.nParams);
				expect(r.relativeError).toBeLessThan(1e-6);
			});
		}
	}
});

describe('mostly-zero inputs (MNIST-like) take the sparse first-layer kernels', () => {
	function sparseInput(B: number, IN: number, zeros: number, rng: Rng): Float64Array {
		const x = new Float64Array(B * IN);
		for (let i = 0; i < x.length; i++) x[i] = rng.uniform() < zeros ? 0 : rng.uniform();
		return x;
	}

	it('the path follows the share of nonzero inputs (threshold SPARSE_INPUT_DENSITY)', () => {
		const rng = new Rng(3);
		const mlp = new Mlp({ sizes: [30, 8, 3], activation: 'relu', dtype: 'float64' });
		fillNormal(mlp.params, rng, 0.5);
		mlp.forward(sparseInput(4, 30, 0.8, rng), 4);
		expect(mlp.usedSparseInput).toBe(true);
		mlp.forward(sparseInput(4, 30, 0.2, rng), 4);
		expect(mlp.usedSparseInput).toBe(false);
		expect(SPARSE_INPUT_DENSITY).toBeGreaterThan(0.2);
		expect(SPARSE_INPUT_DENSITY).toBeLessThan(0.8);
	});

	it('the threshold by hand: B = 3, IN = 4, limit ⅓ · 12 = 4 nonzeros; entries past B·IN do not count', () => {
		const mlp = new Mlp({ sizes: [4, 2, 2], activation: 'relu', dtype: 'float64' });
		const x = (nonzero: number[]) => {
			const a = new Float64Array(20).fill(7); // rows 3… are not part of the batch
			a.fill(0, 0, 12);
			for (const i of nonzero) a[i] = 1;
			return a;
		};
		mlp.forward(x([0, 5, 6, 11]), 3);
		expect(mlp.usedSparseInput).toBe(true);
		mlp.forward(x([0, 1, 5, 6, 11]), 3);
		expect(mlp.usedSparseInput).toBe(false);
		mlp.forward(x([]), 3);
		expect(mlp.usedSparseInput).toBe(true);
		mlp.forward(x([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 3);
		expect(mlp.usedSparseInput).toBe(false);
	});

	it('finite-difference gradient check through the sparse path (float64, 2 hidden layers)', () => {
		const rng = new Rng(11);
		const mlp = new Mlp({ sizes: [40, 9, 7, 4], activation: 'relu', dtype: 'float64' });
		fillNormal(mlp.params, rng, 0.6);
		const B = 6;
		const x = sparseInput(B, 40, 0.85, rng);
		const r = gradCheck(mlp, x, [0, 3, 1, 2, 3, 0], B, 1e-5);
		expect(mlp.usedSparseInput).toBe(true);
		expect(r.checked).toBe(mlp.nParams);
		expect(r.relativeError).toBeLessThan(1e-6);
	});

	it('float32 logits through the sparse path equal the naive kernels up to rounding', () => {
		const rng = new Rng(12);
		const sizes = [60, 16, 5];
		const a = new Mlp({ sizes, activation: 'relu', dtype: 'float32' });
		fillNormal(a.params, rng, 0.4);
		const B = 8;
		const x = Float32Array.from(sparseInput(B, 60, 0.8, rng));
		// against the naive kernels on a float64 copy of the same parameters
		const ref = new Mlp({ sizes, activation: 'relu', dtype: 'float64' });
		ref.params.set(a.params);
		const logits = a.forward(x, B).slice();
		expect(a.usedSparseInput).toBe(true);
		const zRef = new Float64Array(B * 16);
		linearForwardNaive(zRef, Float64Array.from(x), ref.weight(0), ref.bias(0), B, 60, 16);
		const h = zRef.map((v) => Math.max(0, v));
		const lRef = new Float64Array(B * 5);
		linearForwardNaive(lRef, h, ref.weight(1), ref.bias(1), B, 16, 5);
		for (let i = 0; i < logits.length; i++) expect(Math.abs(logits[i] - lRef[i])).toBeLessThan(1e-4 * (1 + Math.abs(lRef[i])));
	});
});
