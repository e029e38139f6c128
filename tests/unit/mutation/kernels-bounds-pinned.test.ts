// The kernels' contract on the buffers the Mlp really passes: its weights, biases and their
// gradients are adjacent subarrays of one parameter array (a layer's db sits right after its dW),
// and its activations are sized for the largest batch, so a kernel must read only its B rows (IN
// columns, OUT units) and write only its own output. Each product is checked against the naive
// kernel on exactly-sized arrays while every buffer of the fast one is padded: inputs with NaN (a
// read past the range would turn a result NaN), outputs with a sentinel (a write past the range
// would change it). Shapes cover every remainder of the 4×2 forward blocks and of the 8/4/1 row
// groups of the backward kernels. The scratch tests load a fresh copy of the module, so its
// scratch arrays start at their initial size whatever ran before.
import { describe, expect, it, vi } from 'vitest';
import {
	linearBackwardInput,
	linearBackwardInputNaive,
	linearBackwardWeights,
	linearBackwardWeightsNaive,
	linearBackwardWeightsSparseInput,
	linearForward,
	linearForwardNaive,
	linearForwardSparseInput,
	transposeInto
} from '../../../src/lib/engine/kernels';
import { Rng } from '../../../src/lib/engine/rng';

const PAD = 11;
const SENTINEL = 777;

function draw(n: number, rng: Rng, zeroShare: number): Float64Array {
	const a = new Float64Array(n);
	for (let i = 0; i < n; i++) a[i] = rng.uniform() < zeroShare ? 0 : rng.normal();
	return a;
}

/** a copy of `a` followed by PAD entries of `fill` */
function padded(a: Float64Array, fill: number): Float64Array {
	const p = new Float64Array(a.length + PAD).fill(fill);
	p.set(a);
	return p;
}

/** the first n entries equal ref within 1e-12 relative; the padding still holds the sentinel */
function expectProduct(got: Float64Array, ref: Float64Array): void {
	const n = ref.length;
	for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(ref[i])));
	for (let i = n; i < got.length; i++) expect(got[i]).toBe(SENTINEL);
}

/** one case's operands, drawn in this order: x (a fifth zeros), W, bias, dz (a share dzZeros zeros), dW and db to accumulate into */
function drawCase(rng: Rng, B: number, IN: number, OUT: number, dzZeros: number) {
	const x = draw(B * IN, rng, 0.2);
	const W = draw(OUT * IN, rng, 0);
	const bias = draw(OUT, rng, 0);
	const dz = draw(B * OUT, rng, dzZeros);
	const dW0 = draw(OUT * IN, rng, 0);
	const db0 = draw(OUT, rng, 0);
	return { x, W, bias, dz, dW0, db0 };
}

/** the naive kernels' z = x·Wᵀ + bias and dW0 + dzᵀ·x, db0 + Σ_b dz, on exactly-sized arrays: the oracle of both groups below */
function naiveForwardAndWeights(x: Float64Array, W: Float64Array, bias: Float64Array, dz: Float64Array, dW0: Float64Array, db0: Float64Array, B: number, IN: number, OUT: number) {
	const zRef = new Float64Array(B * OUT);
	linearForwardNaive(zRef, x, W, bias, B, IN, OUT);
	const dWRef = dW0.slice();
	const dbRef = db0.slice();
	linearBackwardWeightsNaive(dWRef, dbRef, dz, x, B, IN, OUT);
	return { zRef, dWRef, dbRef };
}

const SHAPES: [B: number, IN: number, OUT: number][] = [];
for (const B of [1, 2, 3, 4, 5, 7, 8, 9]) for (const [IN, OUT] of [[1, 1], [2, 3], [3, 2], [5, 4], [4, 5], [9, 10]]) SHAPES.push([B, IN, OUT]);

describe('dense kernels read and write only their own ranges', () => {
	for (const [k, [B, IN, OUT]] of SHAPES.entries()) {
		it(`B=${B} IN=${IN} OUT=${OUT}`, () => {
			const { x, W, bias, dz, dW0, db0 } = drawCase(new Rng(900 + k), B, IN, OUT, 0.4);
			const { zRef, dWRef, dbRef } = naiveForwardAndWeights(x, W, bias, dz, dW0, db0, B, IN, OUT);

			const z = padded(new Float64Array(B * OUT), SENTINEL);
			linearForward(z, padded(x, NaN), padded(W, NaN), padded(bias, NaN), B, IN, OUT);
			expectProduct(z, zRef);

			const dW = padded(dW0, SENTINEL);
			const db = padded(db0, SENTINEL);
			linearBackwardWeights(dW, db, padded(dz, NaN), padded(x, NaN), B, IN, OUT);
			expectProduct(dW, dWRef);
			expectProduct(db, dbRef);

			const dxRef = new Float64Array(B * IN);
			linearBackwardInputNaive(dxRef, dz, W, B, IN, OUT);
			const dx = padded(new Float64Array(B * IN).fill(-3), SENTINEL);
			linearBackwardInput(dx, padded(dz, NaN), padded(W, NaN), B, IN, OUT);
			expectProduct(dx, dxRef);
		});
	}
});

describe('the naive kernels (the oracle) too, against products written out here on plain arrays', () => {
	for (const [k, [B, IN, OUT]] of SHAPES.entries()) {
		it(`B=${B} IN=${IN} OUT=${OUT}`, () => {
			const { x, W, bias, dz, dW0, db0 } = drawCase(new Rng(2900 + k), B, IN, OUT, 0.3);
			const dot = (n: number, f: (j: number) => number) => Array.from({ length: n }, (_, j) => f(j)).reduce((s, v) => s + v, 0);
			// z[b,o] = bias[o] + Σ_i x[b,i]·W[o,i];  dW[o,i] += Σ_b dz[b,o]·x[b,i];  db[o] += Σ_b dz[b,o];  dx[b,i] = Σ_o dz[b,o]·W[o,i]
			const zWant = Float64Array.from({ length: B * OUT }, (_, e) => bias[e % OUT] + dot(IN, (i) => x[Math.floor(e / OUT) * IN + i] * W[(e % OUT) * IN + i]));
			const dWWant = Float64Array.from({ length: OUT * IN }, (_, e) => dW0[e] + dot(B, (b) => dz[b * OUT + Math.floor(e / IN)] * x[b * IN + (e % IN)]));
			const dbWant = Float64Array.from({ length: OUT }, (_, o) => db0[o] + dot(B, (b) => dz[b * OUT + o]));
			const dxWant = Float64Array.from({ length: B * IN }, (_, e) => dot(OUT, (o) => dz[Math.floor(e / IN) * OUT + o] * W[o * IN + (e % IN)]));

			const z = padded(new Float64Array(B * OUT), SENTINEL);
			linearForwardNaive(z, padded(x, NaN), padded(W, NaN), padded(bias, NaN), B, IN, OUT);
			expectProduct(z, zWant);
			const dW = padded(dW0, SENTINEL);
			const db = padded(db0, SENTINEL);
			linearBackwardWeightsNaive(dW, db, padded(dz, NaN), padded(x, NaN), B, IN, OUT);
			expectProduct(dW, dWWant);
			expectProduct(db, dbWant);
			const dx = padded(new Float64Array(B * IN).fill(-3), SENTINEL);
			linearBackwardInputNaive(dx, padded(dz, NaN), padded(W, NaN), B, IN, OUT);
			expectProduct(dx, dxWant);
		});
	}
});

describe('a skipped zero meets a non-finite value as 0 (the documented difference from the dense product)', () => {
	it('backward x: a zero dz[b,o] takes nothing from an infinite row o of W', () => {
		// dz = [0, 2], W = [[∞, NaN], [1, 3]] → dx = 0·W[0] (skipped) + 2·[1, 3] = [2, 6]
		const dx = new Float64Array(2);
		linearBackwardInput(dx, new Float64Array([0, 2]), new Float64Array([Infinity, NaN, 1, 3]), 1, 2, 2);
		expect(Array.from(dx)).toEqual([2, 6]);
	});

	it('forward on mostly-zero inputs: a zero x[b,i] takes nothing from an infinite row i of Wᵀ', () => {
		// x = [0, 2], Wᵀ = [[∞, −∞], [1, 3]], b = [0.5, −1] → z = b + 2·[1, 3] = [2.5, 5]
		const z = new Float64Array(2);
		linearForwardSparseInput(z, new Float64Array([0, 2]), new Float64Array([Infinity, -Infinity, 1, 3]), new Float64Array([0.5, -1]), 1, 2, 2);
		expect(Array.from(z)).toEqual([2.5, 5]);
	});

	it('backward W on mostly-zero inputs: a zero x[b,i] takes nothing from an infinite dz row b', () => {
		// x = [[0, 1], [2, 0]], dz = [[∞], [3]] → dW = [Σ_b dz·x[b,0], Σ_b dz·x[b,1]] = [3·2, ∞·1]; db = ∞ + 3
		const dW = new Float64Array(2);
		const db = new Float64Array(1);
		linearBackwardWeightsSparseInput(dW, db, new Float64Array([Infinity, 3]), new Float64Array([0, 1, 2, 0]), new Float64Array(2), 2, 2, 1);
		expect(Array.from(dW)).toEqual([6, Infinity]);
		expect(db[0]).toBe(Infinity);
	});
});

describe('mostly-zero-input kernels read and write only their own ranges', () => {
	for (const [k, [B, IN, OUT]] of SHAPES.entries()) {
		it(`B=${B} IN=${IN} OUT=${OUT}`, () => {
			const rng = new Rng(1900 + k);
			const x = draw(B * IN, rng, 0.6);
			const W = draw(OUT * IN, rng, 0);
			const bias = draw(OUT, rng, 0);
			const dz = draw(B * OUT, rng, 0.3);
			const dW0 = draw(OUT * IN, rng, 0);
			const db0 = draw(OUT, rng, 0);

			const Wt = padded(new Float64Array(IN * OUT), SENTINEL);
			transposeInto(Wt, padded(W, NaN), OUT, IN);
			const WtRef = new Float64Array(IN * OUT);
			for (let o = 0; o < OUT; o++) for (let i = 0; i < IN; i++) WtRef[i * OUT + o] = W[o * IN + i];
			expectProduct(Wt, WtRef);
			const { zRef, dWRef, dbRef } = naiveForwardAndWeights(x, W, bias, dz, dW0, db0, B, IN, OUT);

			const z = padded(new Float64Array(B * OUT).fill(5), SENTINEL);
			linearForwardSparseInput(z, padded(x, NaN), padded(WtRef, NaN), padded(bias, NaN), B, IN, OUT);
			expectProduct(z, zRef);

			const dW = padded(dW0, SENTINEL);
			const db = padded(db0, SENTINEL);
			// the scratch dWt starts dirty and is exactly IN·OUT long, as the Mlp's
			const dWt = new Float64Array(IN * OUT).fill(4);
			linearBackwardWeightsSparseInput(dW, db, padded(dz, NaN), padded(x, NaN), dWt, B, IN, OUT);
			expectProduct(dW, dWRef);
			expectProduct(db, dbRef);
		});
	}
});

describe('the scratch arrays grow, and a smaller call after a larger one starts clean', () => {
	type Kernels = typeof import('../../../src/lib/engine/kernels');
	async function fresh(): Promise<Kernels> {
		vi.resetModules();
		return import('../../../src/lib/engine/kernels');
	}

	it('backward kernels with more than 64 nonzero rows (initial scratch 64)', async () => {
		const K = await fresh();
		const rng = new Rng(41);
		// linearBackwardInput gathers up to OUT rows of W, linearBackwardWeights up to B rows of x
		for (const [B, IN, OUT] of [
			[3, 4, 150],
			[150, 3, 2]
		]) {
			const dz = draw(B * OUT, rng, 0);
			const x = draw(B * IN, rng, 0);
			const W = draw(OUT * IN, rng, 0);
			const dxRef = new Float64Array(B * IN);
			linearBackwardInputNaive(dxRef, dz, W, B, IN, OUT);
			const dx = new Float64Array(B * IN);
			K.linearBackwardInput(dx, dz, W, B, IN, OUT);
			expectProduct(dx, dxRef);
			const [dWRef, dbRef, dW, db] = [new Float64Array(OUT * IN), new Float64Array(OUT), new Float64Array(OUT * IN), new Float64Array(OUT)];
			linearBackwardWeightsNaive(dWRef, dbRef, dz, x, B, IN, OUT);
			K.linearBackwardWeights(dW, db, dz, x, B, IN, OUT);
			expectProduct(dW, dWRef);
			expectProduct(db, dbRef);
		}
	});

	it('forward on mostly-zero inputs with more than 64 nonzero inputs in a row', async () => {
		const K = await fresh();
		const rng = new Rng(42);
		const [B, IN, OUT] = [2, 100, 3];
		const x = draw(B * IN, rng, 0.1);
		const W = draw(OUT * IN, rng, 0);
		const bias = draw(OUT, rng, 0);
		const Wt = new Float64Array(IN * OUT);
		K.transposeInto(Wt, W, OUT, IN);
		const zRef = new Float64Array(B * OUT);
		linearForwardNaive(zRef, x, W, bias, B, IN, OUT);
		const z = new Float64Array(B * OUT);
		K.linearForwardSparseInput(z, x, Wt, bias, B, IN, OUT);
		expectProduct(z, zRef);
	});

	/** the sparse-input backward W of a fresh module against the naive one, layer after layer */
	async function sparseBackwardLayers(seed: number, shapes: number[][]): Promise<void> {
		const K = await fresh();
		const rng = new Rng(seed);
		for (const [B, IN, OUT] of shapes) {
			const x = draw(B * IN, rng, 0.1);
			const dz = draw(B * OUT, rng, 0.2);
			const dW0 = draw(OUT * IN, rng, 0);
			const db0 = draw(OUT, rng, 0);
			const dWRef = dW0.slice();
			const dbRef = db0.slice();
			linearBackwardWeightsNaive(dWRef, dbRef, dz, x, B, IN, OUT);
			const dW = dW0.slice();
			const db = db0.slice();
			K.linearBackwardWeightsSparseInput(dW, db, dz, x, new Float64Array(IN * OUT).fill(-1), B, IN, OUT);
			expectProduct(dW, dWRef);
			expectProduct(db, dbRef);
		}
	}

	it('backward W on mostly-zero inputs: IN + 1 > 64 columns, more than 64 nonzeros, then a smaller layer', async () => {
		// 70 inputs (column starts grow), 3 × 70 · 0.9 ≈ 189 nonzeros (column lists grow); then
		// smaller layers, whose column starts must not keep the first call's counts
		await sparseBackwardLayers(43, [
			[3, 70, 4],
			[4, 5, 3],
			[2, 9, 2]
		]);
	});

	it('backward W on mostly-zero inputs with exactly 64 inputs: the 65 column starts need the first growth', async () => {
		// 3 × 64 · 0.9 ≈ 173 nonzeros: the column lists grow as well
		await sparseBackwardLayers(44, [
			[3, 64, 2],
			[2, 9, 2]
		]);
	});
});
