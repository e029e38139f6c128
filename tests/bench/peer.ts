// What every benchmarked library provides: a runner that takes one SGD step per call, and the
// loss check (same weights, same first batch → same loss, before and after one step).
import type { InitialWeights, SyntheticData, Workload } from './workloads';

export interface Runner {
	/** one plain-SGD step on the next mini-batch, completed synchronously */
	step(): void;
	/** objects the library keeps alive (TF.js tensors), checked to stay constant across steps */
	liveObjects?(): number;
	dispose(): void;
}

export interface Peer {
	id: string;
	label: string;
	/** a line about how the peer runs (e.g. WASM SIMD and threads); throws if it is not as required */
	describe?(): Promise<string>;
	/**
	 * A trainer on `data` starting from `weights`. Batches are taken in order, cycling; ours
	 * draws them from its own seeded permutation (the order does not change the work).
	 */
	create(w: Workload, data: SyntheticData, weights: InitialWeights): Promise<Runner>;
	/**
	 * [loss on the first batch, loss on the same batch after one SGD step on it], as a check
	 * that every peer trains the same model the same way.
	 */
	lossCheck(w: Workload, data: SyntheticData, weights: InitialWeights): Promise<[number, number]>;
}

/** rows [k·B, (k+1)·B) of the data: the k-th mini-batch */
export function batchOf(data: SyntheticData, B: number, k: number): { x: Float32Array; y: Uint8Array } {
	return { x: data.x.subarray(k * B * data.D, (k + 1) * B * data.D), y: data.y.subarray(k * B, (k + 1) * B) };
}

/** the first B examples alone, as a one-batch data set */
export function firstBatch(data: SyntheticData, B: number): SyntheticData {
	const { x, y } = batchOf(data, B, 0);
	return { n: B, D: data.D, C: data.C, x, y };
}

/** (OUT, IN) → (IN, OUT), the layout of a TF.js dense kernel */
export function transpose(W: Float64Array, OUT: number, IN: number): Float32Array {
	const t = new Float32Array(IN * OUT);
	for (let o = 0; o < OUT; o++) for (let i = 0; i < IN; i++) t[i * OUT + o] = W[o * IN + i];
	return t;
}
