// The three matrix kernels of a dense layer, each in a naive reference form (kept as the oracle
// the fast forms are tested against) and a fast form used by the MLP.
//
//   forward:    z (B,OUT) = x (B,IN) · Wᵀ (IN,OUT) + bias (OUT)
//   backward W: dW (OUT,IN) += dzᵀ (OUT,B) · x (B,IN);   db (OUT) += Σ_b dz (B,OUT)
//   backward x: dx (B,IN) = dz (B,OUT) · W (OUT,IN)
//
// All arrays row-major. JavaScript has no SIMD or FMA, so speed comes from keeping values in
// registers (a 4×2 block of dot products shares every load of x and W) and from skipping zero
// upstream gradients (a ReLU layer zeroes about half of dz).
import type { FloatArray } from './types';

// ---------------------------------------------------------------- naive reference kernels

export function linearForwardNaive(z: FloatArray, x: FloatArray, W: FloatArray, bias: FloatArray, B: number, IN: number, OUT: number): void {
	for (let b = 0; b < B; b++)
		for (let o = 0; o < OUT; o++) {
			let s = bias[o];
			for (let i = 0; i < IN; i++) s += x[b * IN + i] * W[o * IN + i];
			z[b * OUT + o] = s;
		}
}

export function linearBackwardWeightsNaive(dW: FloatArray, db: FloatArray, dz: FloatArray, x: FloatArray, B: number, IN: number, OUT: number): void {
	for (let o = 0; o < OUT; o++) {
		for (let i = 0; i < IN; i++) {
			let s = 0;
			for (let b = 0; b < B; b++) s += dz[b * OUT + o] * x[b * IN + i];
			dW[o * IN + i] += s;
		}
		let s = 0;
		for (let b = 0; b < B; b++) s += dz[b * OUT + o];
		db[o] += s;
	}
}

export function linearBackwardInputNaive(dx: FloatArray, dz: FloatArray, W: FloatArray, B: number, IN: number, OUT: number): void {
	for (let b = 0; b < B; b++)
		for (let i = 0; i < IN; i++) {
			let s = 0;
			for (let o = 0; o < OUT; o++) s += dz[b * OUT + o] * W[o * IN + i];
			dx[b * IN + i] = s;
		}
}

// ---------------------------------------------------------------- fast kernels

/** z (B,OUT) = x (B,IN) · Wᵀ + bias — blocks of 4 examples × 2 units share their loads. */
export function linearForward(z: FloatArray, x: FloatArray, W: FloatArray, bias: FloatArray, B: number, IN: number, OUT: number): void {
	let b = 0;
	for (; b + 4 <= B; b += 4) {
		const x0 = b * IN;
		const x1 = x0 + IN;
		const x2 = x1 + IN;
		const x3 = x2 + IN;
		const z0 = b * OUT;
		let o = 0;
		for (; o + 2 <= OUT; o += 2) {
			const w0 = o * IN;
			const w1 = w0 + IN;
			let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
			for (let i = 0; i < IN; i++) {
				const a = W[w0 + i];
				const c = W[w1 + i];
				const v0 = x[x0 + i];
				const v1 = x[x1 + i];
				const v2 = x[x2 + i];
				const v3 = x[x3 + i];
				s00 += v0 * a;
				s01 += v0 * c;
				s10 += v1 * a;
				s11 += v1 * c;
				s20 += v2 * a;
				s21 += v2 * c;
				s30 += v3 * a;
				s31 += v3 * c;
			}
			const b0 = bias[o];
			const b1 = bias[o + 1];
			z[z0 + o] = s00 + b0;
			z[z0 + o + 1] = s01 + b1;
			z[z0 + OUT + o] = s10 + b0;
			z[z0 + OUT + o + 1] = s11 + b1;
			z[z0 + 2 * OUT + o] = s20 + b0;
			z[z0 + 2 * OUT + o + 1] = s21 + b1;
			z[z0 + 3 * OUT + o] = s30 + b0;
			z[z0 + 3 * OUT + o + 1] = s31 + b1;
		}
		for (; o < OUT; o++) {
			const w0 = o * IN;
			let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			for (let i = 0; i < IN; i++) {
				const a = W[w0 + i];
				s0 += x[x0 + i] * a;
				s1 += x[x1 + i] * a;
				s2 += x[x2 + i] * a;
				s3 += x[x3 + i] * a;
			}
			z[z0 + o] = s0 + bias[o];
			z[z0 + OUT + o] = s1 + bias[o];
			z[z0 + 2 * OUT + o] = s2 + bias[o];
			z[z0 + 3 * OUT + o] = s3 + bias[o];
		}
	}
	for (; b < B; b++) {
		const xb = b * IN;
		for (let o = 0; o < OUT; o++) {
			const w0 = o * IN;
			let s = 0;
			for (let i = 0; i < IN; i++) s += x[xb + i] * W[w0 + i];
			z[b * OUT + o] = s + bias[o];
		}
	}
}

/** dW += dzᵀ · x, db += Σ_b dz — one row update dW[o,:] += dz[b,o]·x[b,:] per nonzero dz. */
export function linearBackwardWeights(dW: FloatArray, db: FloatArray, dz: FloatArray, x: FloatArray, B: number, IN: number, OUT: number): void {
	for (let b = 0; b < B; b++) {
		const xb = b * IN;
		const zb = b * OUT;
		for (let o = 0; o < OUT; o++) {
			const g = dz[zb + o];
			if (g === 0) continue;
			db[o] += g;
			const w0 = o * IN;
			for (let i = 0; i < IN; i++) dW[w0 + i] += g * x[xb + i];
		}
	}
}

/** dx = dz · W — dx[b,:] = Σ_o dz[b,o]·W[o,:], skipping zero dz. */
export function linearBackwardInput(dx: FloatArray, dz: FloatArray, W: FloatArray, B: number, IN: number, OUT: number): void {
	dx.fill(0, 0, B * IN);
	for (let b = 0; b < B; b++) {
		const xb = b * IN;
		const zb = b * OUT;
		for (let o = 0; o < OUT; o++) {
			const g = dz[zb + o];
			if (g === 0) continue;
			const w0 = o * IN;
			for (let i = 0; i < IN; i++) dx[xb + i] += g * W[w0 + i];
		}
	}
}
