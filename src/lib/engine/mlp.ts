// A multi-layer perceptron: dense layers with an activation after every hidden layer and raw
// logits out (softmax lives in the loss).
//
//   sizes = [IN, H1, …, Hk, C];  layer l maps sizes[l] → sizes[l+1]
//   z_l = a_{l−1} · W_lᵀ + b_l   (B, OUT_l)       a_{−1} = x (B, IN)
//   a_l = f(z_l)                 (B, OUT_l)       for hidden layers; the last z is the logits
//
// Parameters live in ONE flat array (P) with a view per layer, laid out [W_0, b_0, W_1, b_1, …];
// gradients mirror it, so an optimizer step is one loop and a snapshot is one copy.
import { activations, type Activation } from './activations';
import {
	linearBackwardInput,
	linearBackwardWeights,
	linearBackwardWeightsSparseInput,
	linearForward,
	linearForwardSparseInput,
	transposedScratch,
	dWtScratch
} from './kernels';
import { allocFloat, type ActivationName, type Dtype, type FloatArray } from './types';

export const MAX_HIDDEN_LAYERS = 16;
/**
 * The first layer uses the kernels for mostly-zero inputs (kernels.ts) when at most this share of
 * the batch's inputs are nonzero — MNIST's raw pixels are ≈ 19 % nonzero. Measured on 64×784×128:
 * forward 1.2 ms against 3.1 ms dense at 19 %, break-even near 45 %; weight gradient 1.4 against
 * 2.2 ms, break-even near 33 %.
 */
export const SPARSE_INPUT_DENSITY = 1 / 3;

/** whether a forward of the B rows x (B, IN) takes the mostly-zero-input path for the first layer */
export function usesSparseInput(x: FloatArray, B: number, IN: number): boolean {
	// the scan stops at the first nonzero past the limit: a dense batch is known dense early
	const limit = SPARSE_INPUT_DENSITY * B * IN;
	const n = B * IN;
	let k = 0;
	for (let i = 0; i < n; i++) if (x[i] !== 0 && ++k > limit) return false;
	return true;
}
export const MAX_WIDTH = 4096;

export interface LayerLayout {
	fanIn: number;
	fanOut: number;
	/** offset of W (fanOut × fanIn) in the flat parameter array */
	wOffset: number;
	/** offset of b (fanOut) */
	bOffset: number;
}

/** The flat layout of an MLP's parameters: one function, used by params, grads and snapshots. */
export function mlpLayout(sizes: readonly number[]): { layers: LayerLayout[]; nParams: number } {
	const layers: LayerLayout[] = [];
	let off = 0;
	for (let l = 0; l + 1 < sizes.length; l++) {
		const fanIn = sizes[l];
		const fanOut = sizes[l + 1];
		layers.push({ fanIn, fanOut, wOffset: off, bOffset: off + fanIn * fanOut });
		off += fanIn * fanOut + fanOut;
	}
	return { layers, nParams: off };
}

export interface MlpSpec {
	/** [input, hidden…, classes] */
	sizes: number[];
	activation: ActivationName;
	dtype?: Dtype;
}

export function validateSizes(sizes: readonly number[]): void {
	if (sizes.length < 2) throw new RangeError('sizes: need at least an input and an output size');
	if (sizes.length - 2 > MAX_HIDDEN_LAYERS) throw new RangeError(`hidden: at most ${MAX_HIDDEN_LAYERS} hidden layers, got ${sizes.length - 2}`);
	for (let l = 0; l < sizes.length; l++) {
		const s = sizes[l];
		if (!Number.isInteger(s) || s < 1) throw new RangeError(`sizes[${l}]: must be a whole number ≥ 1, got ${s}`);
		if (l > 0 && l < sizes.length - 1 && s > MAX_WIDTH) throw new RangeError(`hidden: each width must be 1–${MAX_WIDTH}, got ${s}`);
	}
}

export class Mlp {
	readonly sizes: readonly number[];
	readonly activationName: ActivationName;
	readonly dtype: Dtype;
	readonly layers: LayerLayout[];
	readonly nParams: number;
	readonly params: FloatArray;
	readonly grads: FloatArray;
	private readonly act: Activation;
	/** per-layer views of params and grads, made once so a training step allocates none */
	private readonly views: { W: FloatArray; b: FloatArray; gW: FloatArray; gb: FloatArray }[];

	/** batch capacity of the caches below */
	private cap = 0;
	/** pre-activations z_l and post-activations a_l, (cap, OUT_l) each; a_L is unused (logits = z_L) */
	z: FloatArray[] = [];
	a: FloatArray[] = [];
	/** gradient scratch: dz_l (cap, OUT_l) and da_l (cap, IN_l), da_0 empty (the input gradient is never computed) */
	private dz: FloatArray[] = [];
	private da: FloatArray[] = [];
	/** the input of the last forward pass and its batch size (backward needs them) */
	private lastX: FloatArray | null = null;
	private lastB = 0;
	/** the view forward returned last */
	private logits: FloatArray = new Float64Array(0);
	/** whether the last forward took the mostly-zero-input path for the first layer (its Wᵀ and dWᵀ scratch is the worker's, in kernels.ts) */
	private sparseInput = false;
	/** forward passes so far: a cache reader (Trainer.evalCache) checks that none ran since it was filled */
	forwards = 0;

	constructor(spec: MlpSpec) {
		validateSizes(spec.sizes);
		this.sizes = spec.sizes.slice();
		this.activationName = spec.activation;
		this.act = activations[spec.activation];
		if (!this.act) throw new RangeError(`activation: unknown "${spec.activation}"`);
		this.dtype = spec.dtype ?? 'float32';
		const { layers, nParams } = mlpLayout(this.sizes);
		this.layers = layers;
		this.nParams = nParams;
		this.params = allocFloat(this.dtype, nParams);
		this.grads = allocFloat(this.dtype, nParams);
		this.views = layers.map((L) => {
			const wEnd = L.wOffset + L.fanIn * L.fanOut;
			const bEnd = L.bOffset + L.fanOut;
			return {
				W: this.params.subarray(L.wOffset, wEnd),
				b: this.params.subarray(L.bOffset, bEnd),
				gW: this.grads.subarray(L.wOffset, wEnd),
				gb: this.grads.subarray(L.bOffset, bEnd)
			};
		});
	}

	get depth(): number {
		return this.layers.length;
	}
	get nClasses(): number {
		return this.sizes[this.sizes.length - 1];
	}

	/** W_l (OUT, IN) — a view into params */
	weight(l: number): FloatArray {
		return this.views[l].W;
	}
	/** b_l (OUT) — a view into params */
	bias(l: number): FloatArray {
		return this.views[l].b;
	}
	weightGrad(l: number): FloatArray {
		return this.views[l].gW;
	}
	biasGrad(l: number): FloatArray {
		return this.views[l].gb;
	}

	private ensureCapacity(B: number): void {
		if (B <= this.cap) return;
		const cap = B;
		this.cap = cap;
		this.z = this.layers.map((L) => allocFloat(this.dtype, cap * L.fanOut));
		this.a = this.layers.map((L) => allocFloat(this.dtype, cap * L.fanOut));
		this.dz = this.layers.map((L) => allocFloat(this.dtype, cap * L.fanOut));
		// da[0] would be dL/dx, which backward never computes: not allocated (cap × IN, 1.5 MB for MNIST's eval chunks)
		this.da = this.layers.map((L, l) => allocFloat(this.dtype, l === 0 ? 0 : cap * L.fanIn));
	}

	/** x (B, IN) → logits (B, C), a view into the cache valid until the next forward. */
	forward(x: FloatArray, B: number): FloatArray {
		this.ensureCapacity(B);
		let input = x;
		const last = this.layers.length - 1;
		const L0 = this.layers[0];
		this.sparseInput = usesSparseInput(x, B, L0.fanIn);
		this.forwards++;
		for (let l = 0; l <= last; l++) {
			const L = this.layers[l];
			const z = this.z[l];
			if (l === 0 && this.sparseInput) {
				const w0t = transposedScratch(this.weight(0), L.fanOut, L.fanIn);
				linearForwardSparseInput(z, input, w0t, this.bias(0), B, L.fanIn, L.fanOut);
			} else linearForward(z, input, this.weight(l), this.bias(l), B, L.fanIn, L.fanOut);
			if (l < last) {
				this.act.forward(this.a[l], z, B * L.fanOut);
				input = this.a[l];
			}
		}
		this.lastX = x;
		this.lastB = B;
		// the same batch size as last time (every training step) reuses the view
		const n = B * this.nClasses;
		if (this.logits.length !== n || this.logits.buffer !== this.z[last].buffer) this.logits = this.z[last].subarray(0, n);
		return this.logits;
	}

	/** whether the last forward used the kernels for mostly-zero inputs in the first layer */
	get usedSparseInput(): boolean {
		return this.sparseInput;
	}

	/** Post-activation of layer l for the last forward (B, OUT_l); for the last layer, the logits. */
	output(l: number): FloatArray {
		const n = this.lastB * this.layers[l].fanOut;
		return l === this.layers.length - 1 ? this.z[l].subarray(0, n) : this.a[l].subarray(0, n);
	}
	preActivation(l: number): FloatArray {
		return this.z[l].subarray(0, this.lastB * this.layers[l].fanOut);
	}

	zeroGrad(): void {
		this.grads.fill(0);
	}

	/**
	 * Backward from ∂L/∂logits (B, C) of the last forward; ACCUMULATES into this.grads
	 * (call zeroGrad first). The input gradient of the first layer is never needed, so not computed.
	 */
	backward(dLogits: FloatArray): void {
		const B = this.lastB;
		const x = this.lastX;
		if (!x) throw new Error('backward before forward');
		const last = this.layers.length - 1;
		let dz: FloatArray = dLogits;
		for (let l = last; l >= 0; l--) {
			const L = this.layers[l];
			const input = l === 0 ? x : this.a[l - 1];
			if (l === 0 && this.sparseInput) {
				const dw0t = dWtScratch(this.dtype, L.fanIn * L.fanOut);
				linearBackwardWeightsSparseInput(this.weightGrad(0), this.biasGrad(0), dz, input, dw0t, B, L.fanIn, L.fanOut);
			} else linearBackwardWeights(this.weightGrad(l), this.biasGrad(l), dz, input, B, L.fanIn, L.fanOut);
			if (l > 0) {
				const da = this.da[l];
				linearBackwardInput(da, dz, this.weight(l), B, L.fanIn, L.fanOut);
				const dzPrev = this.dz[l - 1];
				this.act.backward(dzPrev, da, this.z[l - 1], this.a[l - 1], B * L.fanIn);
				dz = dzPrev;
			}
		}
	}
}

