// The optimizer flags shared by `surface` and `train`; omitted hyper-parameters take torch's
// defaults (optim/index.ts: OPTIMIZER_DEFAULTS — momentum 0.9 for momentum/nesterov, 0.01 weight
// decay for adamw).
import { OPTIMIZERS, type OptimizerConfig, type OptimizerName } from '../lib/engine/types';
import { choiceFlag, numberFlag, type Flags, type FlagSpec } from './args';

export const OPTIMIZER_FLAGS: Record<string, FlagSpec> = {
	optimizer: { kind: 'string', help: `${OPTIMIZERS.join('|')}` },
	lr: { kind: 'string', help: 'learning rate > 0 (default: a sensible one per optimizer)' },
	momentum: { kind: 'string', help: 'μ in [0, 1) (momentum, nesterov: 0.9; rmsprop: 0)' },
	beta1: { kind: 'string', help: 'β₁ in [0, 1) (adam, adamw: 0.9)' },
	beta2: { kind: 'string', help: 'β₂ in [0, 1) (adam, adamw: 0.999)' },
	eps: { kind: 'string', help: 'ε > 0 (adam, adamw, rmsprop: 1e-8; adagrad: 1e-10)' },
	alpha: { kind: 'string', help: 'rmsprop smoothing α in [0, 1) (0.99)' },
	'weight-decay': { kind: 'string', help: 'λ ≥ 0: L2 (g ← g + λθ), decoupled for adamw (0.01)' }
};

const unit = (v: number) => v >= 0 && v < 1;

export function optimizerFromFlags(flags: Flags, fallbackName: OptimizerName, defaultLr: (name: OptimizerName) => number): OptimizerConfig {
	const name = choiceFlag(flags, 'optimizer', OPTIMIZERS) ?? fallbackName;
	const cfg: OptimizerConfig = {
		name,
		lr: numberFlag(flags, 'lr', (v) => v > 0 && v <= 1e3, 'a number > 0 and ≤ 1000') ?? defaultLr(name)
	};
	const momentum = numberFlag(flags, 'momentum', unit, 'a number in [0, 1)');
	const beta1 = numberFlag(flags, 'beta1', unit, 'a number in [0, 1)');
	const beta2 = numberFlag(flags, 'beta2', unit, 'a number in [0, 1)');
	const eps = numberFlag(flags, 'eps', (v) => v > 0 && v <= 1, 'a number > 0 and ≤ 1');
	const alpha = numberFlag(flags, 'alpha', unit, 'a number in [0, 1)');
	const weightDecay = numberFlag(flags, 'weight-decay', (v) => v >= 0 && v <= 10, 'a number ≥ 0 and ≤ 10');
	if (momentum !== undefined) cfg.momentum = momentum;
	if (beta1 !== undefined) cfg.beta1 = beta1;
	if (beta2 !== undefined) cfg.beta2 = beta2;
	if (eps !== undefined) cfg.eps = eps;
	if (alpha !== undefined) cfg.alpha = alpha;
	if (weightDecay !== undefined) cfg.weightDecay = weightDecay;
	return cfg;
}
