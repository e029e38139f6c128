// The optimizers, ordered from simplest to most complex, behind one factory. Each lives in its
// own module with an explicit state type and one flat loop over the P parameters; each follows
// torch.optim's documented algorithm (https://pytorch.org/docs/stable/optim.html) and says so.

import type { Dtype, Optimizer, OptimizerConfig, OptimizerName } from '../types';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import { AdamW } from './adamw';
import { requirePositive } from './hyper';
import { Momentum } from './momentum';
import { Nesterov } from './nesterov';
import { Rmsprop } from './rmsprop';
import { Sgd } from './sgd';

export { Adagrad, Adam, AdamW, Momentum, Nesterov, Rmsprop, Sgd };

type Hyper = Omit<OptimizerConfig, 'name' | 'lr'>;

/**
 * torch.optim's default for every hyper-parameter each optimizer uses (the keys present are the
 * fields that optimizer reads; the others in OptimizerConfig are ignored). Two deliberate
 * departures from torch's constructor defaults, because torch has no separate "momentum" or
 * "nesterov" class: their μ is 0.9 (torch.optim.SGD's is 0, which would make them plain SGD).
 * adamw's 0.01 is torch.optim.AdamW's own default.
 */
export const OPTIMIZER_DEFAULTS = {
	sgd: { weightDecay: 0 },
	momentum: { momentum: 0.9, weightDecay: 0 },
	nesterov: { momentum: 0.9, weightDecay: 0 },
	adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false },
	adamw: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false },
	rmsprop: { alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0 },
	adagrad: { eps: 1e-10, weightDecay: 0 }
} as const satisfies Record<OptimizerName, Hyper>;

/**
 * A sensible starting learning rate per optimizer for a 784-128-64-10 ReLU MLP on MNIST with
 * batch 64 (the playground's default experiment):
 * - sgd 0.1: the usual stable rate for a small He-initialised ReLU MLP on [0,1]-scaled pixels;
 *   noticeably faster than 0.01 and well short of the ~0.5 where such a net starts to blow up.
 * - momentum, nesterov 0.01: with μ = 0.9 the steady-state step is lr/(1 − μ) = 10·lr, so 0.01
 *   moves as far per step as SGD at 0.1 — a like-for-like comparison with sgd.
 * - adam, adamw 1e-3: Kingma & Ba's and torch's default; the step is ≈ lr per coordinate
 *   regardless of gradient scale, so it does not depend on the model.
 * - rmsprop 1e-3: torch's default 1e-2 is too large here — without bias correction the first
 *   steps are ≈ 10·lr·sign(g) (α = 0.99), and 0.1 per weight wrecks the initialisation; 1e-3 is
 *   also Keras' default.
 * - adagrad 0.01: torch's default; the accumulator only shrinks the rate, so it needs a larger
 *   start than adam.
 */
export const DEFAULT_LR: Record<OptimizerName, number> = {
	sgd: 0.1,
	momentum: 0.01,
	nesterov: 0.01,
	adam: 1e-3,
	adamw: 1e-3,
	rmsprop: 1e-3,
	adagrad: 0.01
};

/** The config with every omitted field replaced by its OPTIMIZER_DEFAULTS value. */
export function withDefaults(cfg: OptimizerConfig): OptimizerConfig {
	return { ...OPTIMIZER_DEFAULTS[cfg.name], ...stripUndefined(cfg) };
}

function stripUndefined(cfg: OptimizerConfig): OptimizerConfig {
	const out = { ...cfg };
	for (const k of Object.keys(out) as (keyof OptimizerConfig)[]) if (out[k] === undefined) delete out[k];
	return out;
}

/**
 * Changes a live optimizer's hyper-parameters to cfg's (same name), keeping its state: cfg is
 * validated exactly like createOptimizer's (a RangeError names a bad field), through a one-parameter
 * optimizer whose hyper-parameters the live one adopts.
 */
export function retuneOptimizer(live: Optimizer, cfg: OptimizerConfig, dtype: Dtype): void {
	if (cfg.name !== live.name) throw new RangeError(`optimizer: a live change keeps the optimizer (${live.name}), got ${cfg.name}`);
	live.adopt(createOptimizer(cfg, 1, dtype));
}

/**
 * A fresh optimizer for nParams parameters, its state allocated once in `dtype`. Throws a
 * RangeError naming the field if a hyper-parameter is out of range (lr must be > 0).
 */
export function createOptimizer(cfg: OptimizerConfig, nParams: number, dtype: Dtype): Optimizer {
	const name = cfg.name;
	requirePositive(name, 'lr', cfg.lr);
	const d = OPTIMIZER_DEFAULTS;
	switch (name) {
		case 'sgd':
			return new Sgd(nParams, dtype, { weightDecay: cfg.weightDecay ?? d.sgd.weightDecay });
		case 'momentum':
			return new Momentum(nParams, dtype, {
				momentum: cfg.momentum ?? d.momentum.momentum,
				weightDecay: cfg.weightDecay ?? d.momentum.weightDecay
			});
		case 'nesterov':
			return new Nesterov(nParams, dtype, {
				momentum: cfg.momentum ?? d.nesterov.momentum,
				weightDecay: cfg.weightDecay ?? d.nesterov.weightDecay
			});
		case 'adam':
		case 'adamw': {
			const def = d[name];
			const hyper = {
				beta1: cfg.beta1 ?? def.beta1,
				beta2: cfg.beta2 ?? def.beta2,
				eps: cfg.eps ?? def.eps,
				weightDecay: cfg.weightDecay ?? def.weightDecay,
				amsgrad: cfg.amsgrad ?? def.amsgrad
			};
			return name === 'adam' ? new Adam(nParams, dtype, hyper) : new AdamW(nParams, dtype, hyper);
		}
		case 'rmsprop':
			return new Rmsprop(nParams, dtype, {
				alpha: cfg.alpha ?? d.rmsprop.alpha,
				eps: cfg.eps ?? d.rmsprop.eps,
				momentum: cfg.momentum ?? d.rmsprop.momentum,
				weightDecay: cfg.weightDecay ?? d.rmsprop.weightDecay
			});
		case 'adagrad':
			return new Adagrad(nParams, dtype, {
				eps: cfg.eps ?? d.adagrad.eps,
				weightDecay: cfg.weightDecay ?? d.adagrad.weightDecay
			});
		default: {
			const never: never = name;
			throw new RangeError(`optimizer: unknown name ${String(never)}`);
		}
	}
}

const DESCRIPTIONS: Record<OptimizerName, string> = {
	sgd: 'θ ← θ − η·g',
	momentum: 'b ← μ·b + g;  θ ← θ − η·b',
	nesterov: 'b ← μ·b + g;  θ ← θ − η·(g + μ·b)',
	adam: 'm ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  θ ← θ − η·m̂/(√v̂ + ε)',
	adamw: 'θ ← θ·(1 − η·λ);  m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  θ ← θ − η·m̂/(√v̂ + ε)  (m̂, v̂ as in Adam)',
	rmsprop: 'v ← α·v + (1−α)·g²;  θ ← θ − η·g/(√v + ε)  (with μ > 0: b ← μ·b + g/(√v + ε);  θ ← θ − η·b)',
	adagrad: 's ← s + g²;  θ ← θ − η·g/(√s + ε)'
};

/**
 * The update rule as a one-line unicode formula for help text (η = learning rate, g = gradient,
 * t = step number). For every optimizer but adamw, weight decay λ > 0 first sets g ← g + λθ.
 */
export function describeOptimizer(name: OptimizerName): string {
	return DESCRIPTIONS[name];
}
