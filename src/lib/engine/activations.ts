// Activations as forward/backward pairs over flat arrays of n = B·OUT values.
//   forward(a, z, n):        a = f(z)
//   backward(dz, da, z, a, n): dz = da ⊙ f'(z)   (written, not accumulated; z and a are the cached
//                                               pre- and post-activation from forward)
//   slope(d1, z, a, n) / curvature(d2, z, a, n): f'(z) and f''(z) — what the exact Hessian-vector
//                                               product (curvature/hvp.ts, Pearlmutter's R-operator) needs
import type { ActivationName, FloatArray } from './types';

export interface Activation {
	forward(a: FloatArray, z: FloatArray, n: number): void;
	backward(dz: FloatArray, da: FloatArray, z: FloatArray, a: FloatArray, n: number): void;
	/** d1 = f'(z) */
	slope(d1: FloatArray, z: FloatArray, a: FloatArray, n: number): void;
	/** d2 = f''(z) (0 almost everywhere for the piecewise-linear ones) */
	curvature(d2: FloatArray, z: FloatArray, a: FloatArray, n: number): void;
}

export const LEAKY_SLOPE = 0.01;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

const relu: Activation = {
	forward(a, z, n) {
		for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
	},
	backward(dz, da, z, _a, n) {
		// f'(0) = 0, as in torch
		for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : 0;
	},
	slope(d1, z, _a, n) {
		for (let i = 0; i < n; i++) d1[i] = z[i] > 0 ? 1 : 0;
	},
	curvature(d2, _z, _a, n) {
		d2.fill(0, 0, n);
	}
};

const leakyRelu: Activation = {
	forward(a, z, n) {
		for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i];
	},
	backward(dz, da, z, _a, n) {
		for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : LEAKY_SLOPE * da[i];
	},
	slope(d1, z, _a, n) {
		for (let i = 0; i < n; i++) d1[i] = z[i] > 0 ? 1 : LEAKY_SLOPE;
	},
	curvature(d2, _z, _a, n) {
		d2.fill(0, 0, n);
	}
};

const tanh: Activation = {
	forward(a, z, n) {
		for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
	},
	backward(dz, da, _z, a, n) {
		// tanh' = 1 − tanh²
		for (let i = 0; i < n; i++) dz[i] = da[i] * (1 - a[i] * a[i]);
	},
	slope(d1, _z, a, n) {
		for (let i = 0; i < n; i++) d1[i] = 1 - a[i] * a[i];
	},
	curvature(d2, _z, a, n) {
		// tanh'' = −2 tanh · (1 − tanh²)
		for (let i = 0; i < n; i++) d2[i] = -2 * a[i] * (1 - a[i] * a[i]);
	}
};

const sigmoid: Activation = {
	forward(a, z, n) {
		for (let i = 0; i < n; i++) {
			const v = z[i];
			// two branches so exp never overflows
			if (v >= 0) a[i] = 1 / (1 + Math.exp(-v));
			else {
				const e = Math.exp(v);
				a[i] = e / (1 + e);
			}
		}
	},
	backward(dz, da, _z, a, n) {
		// σ' = σ(1 − σ)
		for (let i = 0; i < n; i++) dz[i] = da[i] * a[i] * (1 - a[i]);
	},
	slope(d1, _z, a, n) {
		for (let i = 0; i < n; i++) d1[i] = a[i] * (1 - a[i]);
	},
	curvature(d2, _z, a, n) {
		// σ'' = σ(1 − σ)(1 − 2σ)
		for (let i = 0; i < n; i++) d2[i] = a[i] * (1 - a[i]) * (1 - 2 * a[i]);
	}
};

// GELU with torch's approximate='tanh' form (JavaScript has no erf):
//   gelu(z) = ½ z (1 + tanh(u)),  u = √(2/π)(z + 0.044715 z³)
//   gelu'(z) = ½(1 + tanh u) + ½ z (1 − tanh² u) √(2/π)(1 + 3·0.044715 z²)
//   gelu''(z) = (1 − t²) u' + ½ z (1 − t²) (u'' − 2 t u'²),  t = tanh u, u' = √(2/π)(1 + 3·0.044715 z²), u'' = √(2/π)·6·0.044715 z
const gelu: Activation = {
	forward(a, z, n) {
		for (let i = 0; i < n; i++) {
			const v = z[i];
			a[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v)));
		}
	},
	backward(dz, da, z, _a, n) {
		for (let i = 0; i < n; i++) {
			const v = z[i];
			const t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
			const d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_C * v * v);
			dz[i] = da[i] * d;
		}
	},
	slope(d1, z, _a, n) {
		for (let i = 0; i < n; i++) {
			const v = z[i];
			const t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
			d1[i] = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_C * v * v);
		}
	},
	curvature(d2, z, _a, n) {
		for (let i = 0; i < n; i++) {
			const v = z[i];
			const t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
			const s = 1 - t * t;
			const u1 = SQRT_2_OVER_PI * (1 + 3 * GELU_C * v * v);
			const u2 = SQRT_2_OVER_PI * 6 * GELU_C * v;
			d2[i] = s * u1 + 0.5 * v * s * (u2 - 2 * t * u1 * u1);
		}
	}
};

const linear: Activation = {
	forward(a, z, n) {
		for (let i = 0; i < n; i++) a[i] = z[i];
	},
	backward(dz, da, _z, _a, n) {
		for (let i = 0; i < n; i++) dz[i] = da[i];
	},
	slope(d1, _z, _a, n) {
		d1.fill(1, 0, n);
	},
	curvature(d2, _z, _a, n) {
		d2.fill(0, 0, n);
	}
};

export const activations: Record<ActivationName, Activation> = {
	relu,
	'leaky-relu': leakyRelu,
	tanh,
	sigmoid,
	gelu,
	linear
};

/** Output range of saturating activations, for the "saturated units" statistic. */
export const ACTIVATION_BOUNDS: Partial<Record<ActivationName, [number, number]>> = {
	tanh: [-1, 1],
	sigmoid: [0, 1]
};
