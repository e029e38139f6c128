// The benchmark's workloads, their FLOP count, and the data and initial weights every peer shares.
//
// Every peer trains the same MLP (ReLU hidden layers, raw logits, mean softmax cross-entropy,
// plain SGD) on the same seeded synthetic data, starting from the same weights. Workload M is
// A's network on real MNIST digits instead (pixels / 255, ≈ 81 % zeros): not one of the issue's
// targets, but the lecture's own workload, on which this engine skips the zero inputs.
import { loadMnistNode } from '../../src/lib/engine/data/node';
import { Rng } from '../../src/lib/engine/rng';

export interface Workload {
	id: 'A' | 'B' | 'C' | 'M';
	/** [input, hidden…, classes] */
	sizes: number[];
	batch: number;
	/** how throughput is reported: examples per second or optimizer steps per second */
	unit: 'samples/s' | 'steps/s';
	/** number of distinct mini-batches in the synthetic training set (batches cycle) */
	nBatches: number;
	lr: number;
	/** where the inputs come from: seeded uniform [0, 1) values, or the first MNIST train digits */
	data: 'synthetic' | 'mnist';
}

export const WORKLOADS: Workload[] = [
	{ id: 'A', sizes: [784, 128, 64, 10], batch: 64, unit: 'samples/s', nBatches: 16, lr: 0.01, data: 'synthetic' },
	{ id: 'B', sizes: [784, 512, 512, 10], batch: 128, unit: 'samples/s', nBatches: 8, lr: 0.01, data: 'synthetic' },
	{ id: 'C', sizes: [2, 16, 16, 2], batch: 32, unit: 'steps/s', nBatches: 32, lr: 0.01, data: 'synthetic' },
	{ id: 'M', sizes: [784, 128, 64, 10], batch: 64, unit: 'samples/s', nBatches: 16, lr: 0.01, data: 'mnist' }
];

/**
 * Floating-point operations of one training step, counting each multiply-add as 2 FLOPs and
 * only the three matrix products of every layer l (IN_l → OUT_l), batch B:
 *
 *   forward      z = a·Wᵀ          B·IN_l·OUT_l   multiply-adds, every layer
 *   backward W   dW = dzᵀ·a        B·IN_l·OUT_l   multiply-adds, every layer
 *   backward x   da = dz·W         B·IN_l·OUT_l   multiply-adds, every layer but the first
 *                                                 (nobody needs ∂L/∂x of the data)
 *
 *   FLOP/step = 2·B·( 2·Σ_l IN_l·OUT_l + Σ_{l≥1} IN_l·OUT_l )
 *
 * Bias, activation, loss and the SGD update are O(B·OUT + P) and left out. The count is the
 * dense one for every peer ("effective" GFLOP/s): a peer that skips zero gradients still gets
 * credited with the dense count, so GFLOP/s is simply proportional to throughput.
 */
export function flopsPerStep(sizes: readonly number[], B: number): number {
	let all = 0;
	let notFirst = 0;
	for (let l = 0; l + 1 < sizes.length; l++) {
		const mac = sizes[l] * sizes[l + 1];
		all += mac;
		if (l > 0) notFirst += mac;
	}
	return 2 * B * (2 * all + notFirst);
}

export interface SyntheticData {
	/** number of examples = batch · nBatches */
	n: number;
	D: number;
	C: number;
	/** (n, D), dense uniform [0, 1) like scaled pixels */
	x: Float32Array;
	/** (n), uniform random labels */
	y: Uint8Array;
}

export function makeData(w: Workload, seed: number): SyntheticData {
	const rng = new Rng(seed);
	const D = w.sizes[0];
	const C = w.sizes[w.sizes.length - 1];
	const n = w.batch * w.nBatches;
	if (w.data === 'mnist') {
		// the first n train digits in the split's fixed (class-interleaved) order
		const ds = loadMnistNode();
		if (ds.inputDim !== D || ds.nClasses !== C) throw new Error(`workload ${w.id}: MNIST is ${ds.inputDim} → ${ds.nClasses}, not ${D} → ${C}`);
		return { n, D, C, x: ds.trainX.slice(0, n * D), y: ds.trainY.slice(0, n) };
	}
	const x = new Float32Array(n * D);
	for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
	const y = new Uint8Array(n);
	for (let i = 0; i < n; i++) y[i] = rng.int(C);
	return { n, D, C, x, y };
}

/** Initial weights shared by every peer, in float64: W_l (OUT, IN) row-major like torch, b_l (OUT). */
export interface InitialWeights {
	W: Float64Array[];
	b: Float64Array[];
}

/** He-uniform weights, U(−√(6/IN), √(6/IN)), and small nonzero biases U(−0.1, 0.1) so a bias bug shows in the loss check. */
export function makeWeights(sizes: readonly number[], seed: number): InitialWeights {
	const rng = new Rng(seed);
	const W: Float64Array[] = [];
	const b: Float64Array[] = [];
	for (let l = 0; l + 1 < sizes.length; l++) {
		const IN = sizes[l];
		const OUT = sizes[l + 1];
		const bound = Math.sqrt(6 / IN);
		const w = new Float64Array(OUT * IN);
		for (let i = 0; i < w.length; i++) w[i] = rng.uniformRange(-bound, bound);
		const bias = new Float64Array(OUT);
		for (let i = 0; i < OUT; i++) bias[i] = rng.uniformRange(-0.1, 0.1);
		W.push(w);
		b.push(bias);
	}
	return { W, b };
}
