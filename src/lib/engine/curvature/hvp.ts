// Hessian-vector products H·v of the mean softmax cross-entropy of an MLP on a fixed batch, by
// Pearlmutter's R-operator (1994): R{·} = ∂/∂r (·)(θ + r·v) at r = 0, pushed through the forward
// pass and then through the backward pass. R{∇L} = H·v, exactly.
//
// Why the R-operator and not finite differences of gradients, (∇L(θ + h·v) − ∇L(θ − h·v)) / 2h:
//   · exact up to rounding — no step h to choose. In the workers' float32 the difference quotient
//     loses about half the digits (truncation O(h²) against rounding O(ε/h)), and across a ReLU
//     kink a finite step sees a jump the true Hessian does not have;
//   · the same cost or less: the θ-dependent forward/backward quantities are computed ONCE per
//     estimate (prepare) and every power-iteration step is then one R-forward and one R-backward
//     pass (6 matrix products per layer), where central differences need two full gradients.
// hvpFiniteDifference below is that difference quotient, kept as the oracle the tests check this
// pass against.
//
//   Forward (cached by prepare):   z_l = a_{l−1} W_lᵀ + b_l,   a_l = f(z_l),   a_{−1} = x
//   R-forward:  R z_l = R a_{l−1} W_lᵀ + a_{l−1} V_lᵀ + v_b,   R a_l = f'(z_l) ⊙ R z_l,  R a_{−1} = 0
//   Loss:       p = softmax(z_L),  δ_L = ∂L/∂z_L = (p − onehot(y)) / B
//               R δ_L = p ⊙ (R z_L − Σ_k p_k R z_Lk) / B          (the softmax Jacobian times R z_L)
//   Backward:   ∂L/∂W_l = δ_lᵀ a_{l−1},   g_{l−1} = δ_l W_l,   δ_{l−1} = g_{l−1} ⊙ f'(z_{l−1})
//   R-backward: (Hv)_W_l = R δ_lᵀ a_{l−1} + δ_lᵀ R a_{l−1},   (Hv)_b_l = Σ_b R δ_l
//               R g_{l−1} = R δ_l W_l + δ_l V_l
//               R δ_{l−1} = R g_{l−1} ⊙ f'(z_{l−1}) + g_{l−1} ⊙ f''(z_{l−1}) ⊙ R z_{l−1}
// V_l, v_b are v's views in the parameter layout (mlp.ts: [W_0, b_0, W_1, b_1, …]).
//
// Shapes: x (B, IN), y (B), v and out (P); per layer z, a, δ, R z, R a, R δ (B, OUT_l).
// Cost per apply: 6 matrix products of the batch per layer ≈ 2 training steps on a batch of B.
// When the probe's inputs are mostly zeros (MNIST's pixels), the first layer's two products with x
// — x·V_0ᵀ and R δ_0ᵀ x — take the mostly-zero-input kernels, as the Mlp's own passes do (same
// rule, usesSparseInput): on MNIST's 784-128-64-10 that is most of an apply (~40 of ~50 M
// multiply-adds dense, ~12 sparse). Same products, summed in another order.
import { activations, type Activation } from '../activations';
import { softmaxCrossEntropy } from '../loss';
import { linearBackwardInput, linearBackwardWeights, linearBackwardWeightsSparseInput, linearForward, linearForwardSparseInput, transposedScratch, dWtScratch } from '../kernels';
import { usesSparseInput, type Mlp } from '../mlp';
import { allocFloat, type FloatArray } from '../types';

export class MlpHessian {
	readonly nParams: number;
	readonly B: number;
	/** the loss at θ when prepare() last ran */
	loss = NaN;
	private readonly act: Activation;
	private readonly x: FloatArray;
	private readonly y: Uint8Array;
	/** cached at θ by prepare(): z_l, a_l, δ_l, g_l = ∂L/∂a_l, f'(z_l), f''(z_l), p = softmax(z_L) */
	private readonly z: FloatArray[];
	private readonly a: FloatArray[];
	private readonly delta: FloatArray[];
	private readonly g: FloatArray[];
	private readonly d1: FloatArray[];
	private readonly d2: FloatArray[];
	private readonly p: FloatArray;
	/** R-pass scratch */
	private readonly Rz: FloatArray[];
	private readonly Ra: FloatArray[];
	private readonly Rdelta: FloatArray[];
	private readonly Rg: FloatArray;
	private readonly tmp: FloatArray;
	private readonly zeroBias: FloatArray;
	private readonly junkBias: FloatArray;
	private prepared = false;
	/** whether the probe is mostly zeros (the first layer's products then take the sparse kernels) */
	private readonly sparse: boolean;

	/**
	 * x (B, IN) and y (B) are the fixed probe batch (copied). weightDecay adds λ·v, the Hessian of
	 * torch's L2 term ½λ‖θ‖², for optimizers that fold λθ into the gradient (all but AdamW).
	 */
	constructor(
		readonly mlp: Mlp,
		x: ArrayLike<number>,
		y: ArrayLike<number>,
		B: number,
		readonly weightDecay = 0
	) {
		const dt = mlp.dtype;
		const IN = mlp.sizes[0];
		if (!Number.isInteger(B) || B < 1) throw new RangeError(`curvature probe: batch must be a whole number ≥ 1, got ${B}`);
		if (x.length < B * IN || y.length < B) throw new RangeError(`curvature probe: need ${B} rows of ${IN} inputs and ${B} labels`);
		this.nParams = mlp.nParams;
		this.B = B;
		this.act = activations[mlp.activationName];
		this.x = allocFloat(dt, B * IN);
		for (let i = 0; i < B * IN; i++) this.x[i] = x[i];
		this.y = Uint8Array.from({ length: B }, (_, i) => y[i]);
		const per = (f: (out: number) => number) => mlp.layers.map((L) => allocFloat(dt, f(L.fanOut)));
		this.z = per((o) => B * o);
		this.a = per((o) => B * o);
		this.delta = per((o) => B * o);
		this.g = per((o) => B * o);
		this.d1 = per((o) => B * o);
		this.d2 = per((o) => B * o);
		this.Rz = per((o) => B * o);
		this.Ra = per((o) => B * o);
		this.Rdelta = per((o) => B * o);
		const widest = Math.max(...mlp.sizes);
		this.Rg = allocFloat(dt, B * widest);
		this.tmp = allocFloat(dt, B * widest);
		this.zeroBias = allocFloat(dt, widest);
		this.junkBias = allocFloat(dt, widest);
		this.p = allocFloat(dt, B * mlp.nClasses);
		this.sparse = usesSparseInput(this.x, B, IN);
	}

	/** whether the first layer's products with the probe take the mostly-zero-input kernels */
	get sparseProbe(): boolean {
		return this.sparse;
	}

	/** Caches everything H·v needs at the current θ (one forward and one backward pass). Returns the loss. */
	prepare(): number {
		const { mlp, B } = this;
		const last = mlp.depth - 1;
		const C = mlp.nClasses;
		const logits = mlp.forward(this.x, B);
		for (let l = 0; l <= last; l++) {
			const n = B * mlp.layers[l].fanOut;
			this.z[l].set(mlp.preActivation(l).subarray(0, n));
			if (l < last) {
				this.a[l].set(mlp.output(l).subarray(0, n));
				this.act.slope(this.d1[l], this.z[l], this.a[l], n);
				this.act.curvature(this.d2[l], this.z[l], this.a[l], n);
			}
		}
		this.loss = softmaxCrossEntropy(logits, this.y, B, C, this.delta[last]).loss;
		// p = δ_L·B + onehot(y)
		for (let b = 0; b < B; b++)
			for (let c = 0; c < C; c++) this.p[b * C + c] = this.delta[last][b * C + c] * B + (c === this.y[b] ? 1 : 0);
		for (let l = last; l > 0; l--) {
			const L = mlp.layers[l];
			const n = B * L.fanIn;
			linearBackwardInput(this.g[l - 1], this.delta[l], mlp.weight(l), B, L.fanIn, L.fanOut);
			const d1 = this.d1[l - 1];
			const g = this.g[l - 1];
			const dPrev = this.delta[l - 1];
			for (let i = 0; i < n; i++) dPrev[i] = g[i] * d1[i];
		}
		this.prepared = true;
		return this.loss;
	}

	/** out (P) = H·v (P) at the θ of the last prepare(). */
	apply(v: ArrayLike<number>, out: FloatArray): void {
		if (!this.prepared) throw new Error('MlpHessian: prepare() before apply()');
		const { mlp, B } = this;
		const last = mlp.depth - 1;
		const C = mlp.nClasses;
		const P = this.nParams;
		if (v.length !== P || out.length !== P) throw new RangeError(`hvp: v and out must have ${P} entries`);
		const vv = v as FloatArray;
		// R-forward
		for (let l = 0; l <= last; l++) {
			const L = mlp.layers[l];
			const IN = L.fanIn;
			const OUT = L.fanOut;
			const Vl = vv.subarray(L.wOffset, L.wOffset + IN * OUT);
			const vb = vv.subarray(L.bOffset, L.bOffset + OUT);
			const input = l === 0 ? this.x : this.a[l - 1];
			const Rz = this.Rz[l];
			if (l === 0 && this.sparse) {
				linearForwardSparseInput(Rz, input, transposedScratch(Vl, OUT, IN), vb, B, IN, OUT);
			} else linearForward(Rz, input, Vl, vb, B, IN, OUT);
			if (l > 0) {
				linearForward(this.tmp, this.Ra[l - 1], mlp.weight(l), this.zeroBias, B, IN, OUT);
				for (let i = 0; i < B * OUT; i++) Rz[i] += this.tmp[i];
			}
			if (l < last) {
				const Ra = this.Ra[l];
				const d1 = this.d1[l];
				for (let i = 0; i < B * OUT; i++) Ra[i] = d1[i] * Rz[i];
			}
		}
		// R δ_L = p ⊙ (R z_L − p·R z_L) / B
		{
			const Rz = this.Rz[last];
			const Rd = this.Rdelta[last];
			const p = this.p;
			for (let b = 0; b < B; b++) {
				const row = b * C;
				let dot = 0;
				for (let c = 0; c < C; c++) dot += p[row + c] * Rz[row + c];
				for (let c = 0; c < C; c++) Rd[row + c] = (p[row + c] * (Rz[row + c] - dot)) / B;
			}
		}
		// R-backward
		out.fill(0);
		for (let l = last; l >= 0; l--) {
			const L = mlp.layers[l];
			const IN = L.fanIn;
			const OUT = L.fanOut;
			const oW = out.subarray(L.wOffset, L.wOffset + IN * OUT);
			const ob = out.subarray(L.bOffset, L.bOffset + OUT);
			const input = l === 0 ? this.x : this.a[l - 1];
			if (l === 0 && this.sparse) linearBackwardWeightsSparseInput(oW, ob, this.Rdelta[0], input, dWtScratch(mlp.dtype, IN * OUT), B, IN, OUT);
			else linearBackwardWeights(oW, ob, this.Rdelta[l], input, B, IN, OUT);
			if (l === 0) break;
			this.junkBias.fill(0);
			linearBackwardWeights(oW, this.junkBias, this.delta[l], this.Ra[l - 1], B, IN, OUT);
			const Vl = vv.subarray(L.wOffset, L.wOffset + IN * OUT);
			linearBackwardInput(this.Rg, this.Rdelta[l], mlp.weight(l), B, IN, OUT);
			linearBackwardInput(this.tmp, this.delta[l], Vl, B, IN, OUT);
			const n = B * IN;
			const RdPrev = this.Rdelta[l - 1];
			const d1 = this.d1[l - 1];
			const d2 = this.d2[l - 1];
			const g = this.g[l - 1];
			const Rz = this.Rz[l - 1];
			for (let i = 0; i < n; i++) RdPrev[i] = (this.Rg[i] + this.tmp[i]) * d1[i] + g[i] * d2[i] * Rz[i];
		}
		if (this.weightDecay > 0) for (let i = 0; i < P; i++) out[i] += this.weightDecay * vv[i];
	}
}

/**
 * The oracle: central differences of backprop gradients, (∇L(θ + h·v) − ∇L(θ − h·v)) / 2h, on a
 * float64 MLP. θ is restored bit for bit afterwards. O(h²) truncation error.
 */
export function hvpFiniteDifference(mlp: Mlp, x: FloatArray, y: ArrayLike<number>, B: number, v: ArrayLike<number>, out: Float64Array, h = 1e-5): void {
	if (mlp.dtype !== 'float64') throw new Error('hvpFiniteDifference needs a float64 MLP');
	const P = mlp.nParams;
	const theta = Float64Array.from(mlp.params);
	const dLogits = allocFloat('float64', B * mlp.nClasses);
	const gradAt = (sign: number): Float64Array => {
		for (let i = 0; i < P; i++) mlp.params[i] = theta[i] + sign * h * v[i];
		softmaxCrossEntropy(mlp.forward(x, B), y, B, mlp.nClasses, dLogits);
		mlp.zeroGrad();
		mlp.backward(dLogits);
		return Float64Array.from(mlp.grads);
	};
	const gp = gradAt(1);
	const gm = gradAt(-1);
	mlp.params.set(theta);
	for (let i = 0; i < P; i++) out[i] = (gp[i] - gm[i]) / (2 * h);
}
