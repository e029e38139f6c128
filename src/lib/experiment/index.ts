// The experiment: its model, limits, schema, URL and config-file formats, and quick actions.
// Pure TypeScript (no DOM, no Svelte), so the page, the workers, the CLI and Node tests share it.
export type { Experiment, FieldError, RunSpec, SharedSettings, ToyParams } from './model';
export { describeLimit, JSON_MAX, LABEL_MAX, LIMITS, MAX_PARAMS, RUNS_WARN_ABOVE, URL_MAX, type LimitName, type NumberLimit } from './limits';
export {
	DEFAULT_EPOCHS,
	DEFAULT_EXPERIMENT,
	defaultExperiment,
	defaultInit,
	defaultRun,
	INIT_LABELS,
	OPTIMIZER_LABELS,
	parameterCount,
	SCHEDULE_DEFAULTS,
	totalSteps,
	trainSize
} from './defaults';
export { parseNumberText, sanitizeLabel, withinLimit } from './fields';
export { hyperLimit, usesHyper, validateExperiment, validateOptimizer, type ValidationResult } from './schema';
export { decodeExperiment, encodeExperiment } from './url';
export { EXPERIMENT_FORMAT, EXPERIMENT_VERSION, experimentFromJson, experimentToJson } from './config-file';
export {
	applies,
	describeAppliesTo,
	FIELDS,
	fieldAt,
	INIT_PARAMS,
	limitOf,
	OPTIMIZER_HYPERS,
	RUN_FIELDS,
	runField,
	SCHEDULE_KINDS,
	SCHEDULE_PARAMS,
	SHARED_FIELDS,
	type Field,
	type HyperKey,
	type RunField,
	type SharedField
} from './registry';
export { addRun, compareAllInits, compareAllOptimizers, duplicateRun, fairnessReport, INIT_COMPARISON, removeRun, type FairnessReport } from './presets';
