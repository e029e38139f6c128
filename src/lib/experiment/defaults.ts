// The experiment's defaults — the first page's experiment, a new run, an activation's
// initialization, a schedule's parameters — and the sizes its shared settings imply (training
// examples, steps, parameters). Pure data and arithmetic; the validator (schema.ts) falls back
// to these values.
import { totalStepsFor } from './build';
import { datasetInfo, MNIST_TRAIN, TRAIN_FRACTION } from '../engine/data/index';
import { DEFAULT_LR } from '../engine/optim/index';
import type { ActivationName, InitConfig, InitName, LrSchedule, OptimizerName } from '../engine/types';
import { LIMITS } from './limits';
import type { Experiment, RunSpec, SharedSettings } from './model';

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
	sgd: 'SGD',
	momentum: 'Momentum',
	nesterov: 'Nesterov',
	adam: 'Adam',
	adamw: 'AdamW',
	rmsprop: 'RMSprop',
	adagrad: 'Adagrad'
};

/** Short names of the initialization schemes, as run summaries and lessons show them. */
export const INIT_LABELS: Record<InitName, string> = {
	zeros: 'zeros',
	constant: 'constant',
	uniform: 'uniform',
	normal: 'normal',
	'xavier-uniform': 'Xavier uniform',
	'xavier-normal': 'Xavier normal',
	'he-uniform': 'He uniform',
	'he-normal': 'He normal',
	'lecun-normal': 'LeCun normal',
	orthogonal: 'orthogonal',
	'torch-default': 'torch default'
};

/** He for the ReLU family (keeps activations' variance for a half-rectified unit), Xavier otherwise. */
export function defaultInit(activation: ActivationName): InitConfig {
	return activation === 'tanh' || activation === 'sigmoid' || activation === 'linear'
		? { scheme: 'xavier-uniform' }
		: { scheme: 'he-normal' };
}

/** Parameters a schedule gets when its kind is chosen without them. */
export const SCHEDULE_DEFAULTS = {
	step: { kind: 'step', stepSize: 1000, gamma: 0.5 },
	cosine: { kind: 'cosine', etaMin: 0 },
	warmup: { kind: 'warmup', warmupSteps: 100 }
} as const satisfies Record<string, LrSchedule>;

/** used when a budget in epochs has an invalid value */
export const DEFAULT_EPOCHS = 10;

/**
 * A spiral trains in a second or two, so the page is alive on first load: SGD against Adam, each
 * at its default learning rate, from the same He-normal θ₀.
 */
export const DEFAULT_EXPERIMENT: Experiment = deepFreeze({
	shared: {
		dataset: 'spiral',
		toy: { n: 600, noise: 0.05, k: 3 },
		preprocessing: 'none',
		hidden: [16, 16],
		activation: 'relu',
		batchSize: 32,
		budget: { unit: 'steps', value: 3000 },
		evalEvery: 50,
		seed: 42,
		naiveSoftmax: false
	},
	runs: [
		defaultRun(0, 'sgd', 'relu'),
		defaultRun(1, 'adam', 'relu')
	]
});

/** A fresh, mutable copy of DEFAULT_EXPERIMENT. */
export function defaultExperiment(): Experiment {
	return structuredClone(DEFAULT_EXPERIMENT);
}

/** Training examples: MNIST's fixed 8000, or round(0.8·n) for a toy set (the rule toyDataset splits by). */
export function trainSize(shared: SharedSettings): number {
	return shared.dataset === 'mnist' ? MNIST_TRAIN : Math.round(TRAIN_FRACTION * shared.toy.n);
}

/** the run's total optimizer steps — the same rule the workers and the CLI use (build.ts) */
export function totalSteps(shared: SharedSettings): number {
	return totalStepsFor(shared, trainSize(shared));
}

/**
 * Weights and biases of the network the shared settings describe: Σ (IN + 1)·OUT over the layers.
 * For validated settings (datasetInfo throws on out-of-range toy parameters).
 */
export function parameterCount(shared: SharedSettings): number {
	const info = datasetInfo(shared.dataset, shared.dataset === 'mnist' ? {} : shared.toy);
	const sizes = [info.inputDim, ...shared.hidden, info.nClasses];
	let p = 0;
	for (let l = 0; l + 1 < sizes.length; l++) p += (sizes[l] + 1) * sizes[l + 1];
	return p;
}

/** The run a missing or malformed entry becomes: the optimizer at its default rate. */
export function defaultRun(index: number, optimizer: OptimizerName, activation: ActivationName): RunSpec {
	return {
		id: `r${index}`,
		label: OPTIMIZER_LABELS[optimizer],
		color: index % (LIMITS.color.max + 1),
		optimizer: { name: optimizer, lr: DEFAULT_LR[optimizer] },
		schedule: { kind: 'constant' },
		init: defaultInit(activation)
	};
}

function deepFreeze<T>(x: T): T {
	if (typeof x === 'object' && x !== null) {
		for (const value of Object.values(x)) deepFreeze(value);
		Object.freeze(x);
	}
	return x;
}
