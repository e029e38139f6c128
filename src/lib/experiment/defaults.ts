// The experiment's defaults — the first page's experiment, a new run, an activation's
// initialization, a schedule's parameters — and the sizes its shared settings imply (training
// examples, steps, parameters). Pure data and arithmetic; the validator (schema.ts) falls back
// to these values.
import { totalStepsFor } from './build';
import { datasetInfo, MNIST_TRAIN, TRAIN_FRACTION } from '../engine/data/index';
import { mlpLayout } from '../engine/mlp';
import { DEFAULT_LR } from '../engine/optim/index';
import type { ActivationName, InitConfig, LrSchedule, OptimizerName } from '../engine/types';
import { LIMITS } from './limits';
import type { Experiment, RunSpec, SharedSettings } from './model';
import { defaultInitScheme, INIT_LABELS, OPTIMIZER_LABELS, runField, SHARED_FIELDS } from './registry';

export { INIT_LABELS, OPTIMIZER_LABELS };

/** He for the ReLU family (keeps activations' variance for a half-rectified unit), Xavier otherwise. */
export function defaultInit(activation: ActivationName): InitConfig {
	return { scheme: defaultInitScheme(activation) };
}

const scheduleParam = (key: string): number => runField('schedule', key).default({ optimizer: 'sgd', activation: 'relu', index: 0 }) as number;

/** Parameters a schedule gets when its kind is chosen without them (the registry's defaults). */
export const SCHEDULE_DEFAULTS = {
	step: { kind: 'step', stepSize: scheduleParam('stepSize'), gamma: scheduleParam('gamma') },
	cosine: { kind: 'cosine', etaMin: scheduleParam('etaMin') },
	warmup: { kind: 'warmup', warmupSteps: scheduleParam('warmupSteps') }
} as const satisfies Record<string, LrSchedule>;

/** used when a budget in epochs has an invalid value */
export const DEFAULT_EPOCHS = 10;

/**
 * A spiral trains in a second or two, so the page is alive on first load: SGD against Adam, each
 * at its default learning rate, from the same He-normal θ₀.
 */
export const DEFAULT_EXPERIMENT: Experiment = deepFreeze({
	shared: sharedDefaults(),
	runs: [
		defaultRun(0, 'sgd', 'relu'),
		defaultRun(1, 'adam', 'relu')
	]
});

/** The shared settings, each at its registry default. */
function sharedDefaults(): SharedSettings {
	const out: Record<string, unknown> = {};
	for (const f of SHARED_FIELDS) {
		if (f.path.length === 1) out[f.path[0]] = structuredClone(f.default);
		else ((out[f.path[0]] ??= {}) as Record<string, unknown>)[f.path[1]] = f.default;
	}
	return out as unknown as SharedSettings;
}

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
 * Weights and biases of the network the shared settings describe: Σ (IN + 1)·OUT over the layers,
 * counted by the engine's own layout function. For validated settings (datasetInfo throws on
 * out-of-range toy parameters).
 */
export function parameterCount(shared: SharedSettings): number {
	const info = datasetInfo(shared.dataset, shared.dataset === 'mnist' ? {} : shared.toy);
	return mlpLayout([info.inputDim, ...shared.hidden, info.nClasses]).nParams;
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
