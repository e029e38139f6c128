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
export { sanitizeLabel, withinLimit } from './fields';
export { hyperLimit, usesHyper, validateExperiment, type ValidationResult } from './schema';
export { decodeExperiment, encodeExperiment, EXPERIMENT_FORMAT, EXPERIMENT_VERSION, experimentFromJson, experimentToJson } from './url';
export { addRun, compareAllInits, compareAllOptimizers, duplicateRun, fairnessReport, INIT_COMPARISON, removeRun, type FairnessReport } from './presets';
