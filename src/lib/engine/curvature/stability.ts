// Where a step becomes unstable: on a quadratic ½ a θ², each optimizer's update is a linear
// recurrence, and it blows up once the curvature a passes a threshold set by the learning rate η
// (Cohen et al., "Gradient descent on neural networks typically occurs at the edge of stability",
// ICLR 2021; "Adaptive gradient methods at the edge of stability", 2022):
//
//   sgd:       θ ← θ − η a θ                          stable iff a < 2/η
//   momentum:  b ← μ b + a θ; θ ← θ − η b              stable iff a < (2 + 2μ)/η       (3.8/η at μ = 0.9)
//   nesterov:  θ ← θ − η (a θ + μ b)                   stable iff a < (2 + 2μ)/((1 + 2μ) η)
//   adam(w):   θ ← θ − η P⁻¹ m,  m an EMA (β₁) of g      stable iff the preconditioned sharpness
//              λ_max(P⁻¹ H) < (2 + 2β₁)/((1 − β₁) η)   (38/η at β₁ = 0.9),  P = diag(√v̂ + ε)
//   rmsprop, adagrad (no momentum): λ_max(P⁻¹ H) < 2/η with P = diag(√v + ε), resp. diag(√s + ε);
//              rmsprop with momentum μ: (2 + 2μ)/η
// For a network the curvature that matters is the top Hessian eigenvalue λ_max ("sharpness"),
// and for the adaptive methods that of P^{-1/2} H P^{-1/2} (the same eigenvalues as P⁻¹H). Adam's
// m̂ carries a bias correction 1/(1 − β₁ᵗ) that tends to 1 after a few dozen steps; it is left out.
// tests/unit/curvature.test.ts checks every threshold against the real optimizer modules on 1-D
// quadratics (just below: converges, just above: diverges).
import type { OptimizerConfig } from '../types';

export interface StabilityThreshold {
	/** the sharpness bound at this learning rate */
	value: number;
	/** whether the bound applies to the preconditioned sharpness λ_max(P⁻¹H) */
	preconditioned: boolean;
	/** the bound as a formula, e.g. "2/η", "(2+2μ)/η", "38/η" */
	formula: string;
}

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

/** The stability bound of an optimizer at learning rate lr (the scheduled rate of the current step). */
export function stabilityThreshold(cfg: OptimizerConfig, lr: number): StabilityThreshold {
	switch (cfg.name) {
		case 'sgd':
			return { value: 2 / lr, preconditioned: false, formula: '2/η' };
		case 'momentum': {
			const mu = cfg.momentum ?? 0.9;
			return { value: (2 + 2 * mu) / lr, preconditioned: false, formula: mu === 0.9 ? '3.8/η = (2+2μ)/η' : `(2+2μ)/η, μ = ${fmt(mu)}` };
		}
		case 'nesterov': {
			const mu = cfg.momentum ?? 0.9;
			return { value: (2 + 2 * mu) / ((1 + 2 * mu) * lr), preconditioned: false, formula: `(2+2μ)/((1+2μ)η), μ = ${fmt(mu)}` };
		}
		case 'adam':
		case 'adamw': {
			const b1 = cfg.beta1 ?? 0.9;
			const c = (2 + 2 * b1) / (1 - b1);
			return { value: c / lr, preconditioned: true, formula: `${fmt(c)}/η = (2+2β₁)/((1−β₁)η)` };
		}
		case 'rmsprop': {
			const mu = cfg.momentum ?? 0;
			return mu > 0
				? { value: (2 + 2 * mu) / lr, preconditioned: true, formula: `(2+2μ)/η, μ = ${fmt(mu)}` }
				: { value: 2 / lr, preconditioned: true, formula: '2/η' };
		}
		case 'adagrad':
			return { value: 2 / lr, preconditioned: true, formula: '2/η' };
	}
}
