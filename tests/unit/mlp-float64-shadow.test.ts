// A float32 Mlp hands its kernels float64 copies of W, of each layer's input and (on the
// mostly-zero-input path) of the first layer's dz — a speed measure (mlp.ts, `shadow`). It must
// change no bit: every logit, activation and gradient equals what the same kernels compute when
// they read the float32 arrays themselves, as the Mlp did before. The reference below is that
// earlier path written out layer by layer, on float32 arrays only.
import { describe, expect, it } from 'vitest';
import { activations } from '../../src/lib/engine/activations';
import {
	linearBackwardInput,
	linearBackwardWeights,
	linearBackwardWeightsSparseInput,
	linearForward,
	linearForwardSparseInput,
	transposeInto
} from '../../src/lib/engine/kernels';
import { Mlp, mlpLayout, usesSparseInput } from '../../src/lib/engine/mlp';
import { Rng } from '../../src/lib/engine/rng';
import type { ActivationName } from '../../src/lib/engine/types';

interface Pass {
	logits: Float32Array;
	outputs: Float32Array[];
	grads: Float32Array;
}

/** forward and backward of a float32 MLP with the kernels reading float32 arrays only */
function referencePass(sizes: number[], act: ActivationName, params: Float32Array, x: Float32Array, B: number, dLogits: Float32Array): Pass {
	const { layers, nParams } = mlpLayout(sizes);
	const f = activations[act];
	const W = (l: number) => params.subarray(layers[l].wOffset, layers[l].wOffset + layers[l].fanIn * layers[l].fanOut);
	const b = (l: number) => params.subarray(layers[l].bOffset, layers[l].bOffset + layers[l].fanOut);
	const grads = new Float32Array(nParams);
	const gW = (l: number) => grads.subarray(layers[l].wOffset, layers[l].wOffset + layers[l].fanIn * layers[l].fanOut);
	const gb = (l: number) => grads.subarray(layers[l].bOffset, layers[l].bOffset + layers[l].fanOut);
	const z = layers.map((L) => new Float32Array(B * L.fanOut));
	const a = layers.map((L) => new Float32Array(B * L.fanOut));
	const last = layers.length - 1;
	const sparse = usesSparseInput(x, B, sizes[0]);
	let input: Float32Array = x;
	for (let l = 0; l <= last; l++) {
		const { fanIn, fanOut } = layers[l];
		if (l === 0 && sparse) {
			const Wt = new Float32Array(fanIn * fanOut);
			transposeInto(Wt, W(0), fanOut, fanIn);
			linearForwardSparseInput(z[0], input, Wt, b(0), B, fanIn, fanOut);
		} else linearForward(z[l], input, W(l), b(l), B, fanIn, fanOut);
		if (l < last) {
			f.forward(a[l], z[l], B * fanOut);
			input = a[l];
		}
	}
	let dz: Float32Array = dLogits;
	for (let l = last; l >= 0; l--) {
		const { fanIn, fanOut } = layers[l];
		const inp = l === 0 ? x : a[l - 1];
		if (l === 0 && sparse) linearBackwardWeightsSparseInput(gW(0), gb(0), dz, inp, new Float32Array(fanIn * fanOut), B, fanIn, fanOut);
		else linearBackwardWeights(gW(l), gb(l), dz, inp, B, fanIn, fanOut);
		if (l > 0) {
			const da = new Float32Array(B * fanIn);
			linearBackwardInput(da, dz, W(l), B, fanIn, fanOut);
			const prev = new Float32Array(B * fanIn);
			f.backward(prev, da, z[l - 1], a[l - 1], B * fanIn);
			dz = prev;
		}
	}
	return { logits: z[last], outputs: a.slice(0, last), grads };
}

function input(B: number, IN: number, zeroShare: number, rng: Rng): Float32Array {
	const x = new Float32Array(B * IN);
	for (let i = 0; i < x.length; i++) x[i] = rng.uniform() < zeroShare ? 0 : rng.normal();
	return x;
}

/** element-wise identity, NaN and ±0 included: the byte images are equal */
function expectBits(got: Float32Array, want: Float32Array, what: string): void {
	expect(got.length, what).toBe(want.length);
	const g = new Uint32Array(got.buffer, got.byteOffset, got.length);
	const w = new Uint32Array(want.buffer, want.byteOffset, want.length);
	let first = -1;
	for (let i = 0; i < g.length && first < 0; i++) if (g[i] !== w[i]) first = i;
	expect(first < 0 ? 'identical' : `${what}[${first}]: ${got[first]} vs ${want[first]}`).toBe('identical');
}

describe('float32 Mlp: the float64 copies its kernels read change no bit', () => {
	const cases: { name: string; sizes: number[]; act: ActivationName; batches: [number, number][] }[] = [
		// [B, share of zero inputs] per step; 0.8 takes the mostly-zero first-layer path, 0 the dense one
		{ name: 'ReLU, dense then mostly-zero inputs, odd sizes', sizes: [37, 13, 9, 5], act: 'relu', batches: [[7, 0], [7, 0.8], [13, 0], [2, 0.8]] },
		{ name: 'tanh, batch growing and shrinking', sizes: [20, 11, 3], act: 'tanh', batches: [[3, 0], [41, 0], [5, 0], [41, 0.9], [1, 0]] },
		{ name: 'GELU, one hidden layer, mostly-zero inputs', sizes: [50, 17, 4], act: 'gelu', batches: [[9, 0.85], [16, 0.85], [9, 0.85]] },
		{ name: 'leaky ReLU, no hidden layer', sizes: [6, 3], act: 'leaky-relu', batches: [[5, 0], [5, 0.9]] },
		{ name: 'sigmoid, four hidden layers', sizes: [12, 8, 8, 8, 8, 2], act: 'sigmoid', batches: [[6, 0], [8, 0]] }
	];
	for (const c of cases) {
		it(c.name, () => {
			const rng = new Rng(97);
			const mlp = new Mlp({ sizes: c.sizes, activation: c.act, dtype: 'float32' });
			const C = c.sizes[c.sizes.length - 1];
			for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = rng.normal() * 0.4;
			c.batches.forEach(([B, zeros], step) => {
				const x = input(B, c.sizes[0], zeros, rng);
				const dLogits = new Float32Array(B * C);
				for (let i = 0; i < dLogits.length; i++) dLogits[i] = rng.normal() * 0.1;
				const want = referencePass(c.sizes, c.act, mlp.params.slice() as Float32Array, x, B, dLogits);
				const logits = mlp.forward(x, B);
				expect(mlp.usedSparseInput, `step ${step}: path`).toBe(zeros >= 0.8);
				expectBits(logits as Float32Array, want.logits, `step ${step} logits`);
				want.outputs.forEach((o, l) => expectBits(mlp.output(l) as Float32Array, o, `step ${step} a_${l}`));
				mlp.zeroGrad();
				mlp.backward(dLogits);
				expectBits(mlp.grads as Float32Array, want.grads, `step ${step} grads`);
				// an SGD step, so the next forward must copy new weights
				for (let i = 0; i < mlp.params.length; i++) mlp.params[i] -= 0.5 * mlp.grads[i];
			});
		});
	}

	it('a forward of another batch in between (an evaluation) leaves backward on the latest forward', () => {
		const rng = new Rng(5);
		const sizes = [15, 10, 6, 3];
		const mlp = new Mlp({ sizes, activation: 'relu', dtype: 'float32' });
		for (let i = 0; i < mlp.params.length; i++) mlp.params[i] = rng.normal() * 0.5;
		const big = input(30, 15, 0, rng);
		const x = input(4, 15, 0, rng);
		const dLogits = new Float32Array(4 * 3).map(() => rng.normal());
		mlp.forward(big, 30);
		mlp.forward(x, 4);
		mlp.zeroGrad();
		mlp.backward(dLogits);
		const want = referencePass(sizes, 'relu', mlp.params.slice() as Float32Array, x, 4, dLogits);
		expectBits(mlp.grads as Float32Array, want.grads, 'grads');
	});

	it('the float32 kernels really differ from float64 arithmetic here (the check has teeth)', () => {
		// The same network in float64 rounds differently: were the float32 path computing in a
		// float64 pipeline without its stores' rounding, the comparisons above would fail.
		const rng = new Rng(3);
		const sizes = [37, 13, 9, 5];
		const m32 = new Mlp({ sizes, activation: 'relu', dtype: 'float32' });
		const m64 = new Mlp({ sizes, activation: 'relu', dtype: 'float64' });
		for (let i = 0; i < m32.params.length; i++) m64.params[i] = m32.params[i] = rng.normal() * 0.4;
		const x = input(7, 37, 0, rng);
		const l32 = m32.forward(x, 7);
		const l64 = Float32Array.from(m64.forward(x, 7));
		let differ = 0;
		for (let i = 0; i < l32.length; i++) if (l32[i] !== l64[i]) differ++;
		expect(differ).toBeGreaterThan(0);
	});
});
