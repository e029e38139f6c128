// The experiment schema: one validator through which the URL, imported config files and the UI's
// own state all pass. It never throws. Each invalid field is reported by its path (the `field`
// the UI highlights, e.g. "runs[1].optimizer.lr") and a message that starts with the name a user
// sees, says what is allowed and what came in, and which value is used instead:
//   "learning rate of run 2 ("Adam"): must be a number > 0 and ≤ 1000, got "abc"; using 0.001"
// Only that field falls back; everything else is kept. A missing field takes its default silently
// (so a URL may say only `ds=moons`), and unknown keys are ignored with a warning.
//
// Invariant: if `errors` is empty, the experiment returned equals the input with missing fields
// filled in and ignored keys dropped — so validating an output again reports no errors.
// The defaults it falls back to are in defaults.ts, the readers of single fields in fields.ts.
import { stepsPerEpoch } from './build';
import * as v from 'valibot';
import { DEFAULT_LR } from '../engine/optim/index';
import {
	INITS,
	OPTIMIZERS,
	type ActivationName,
	type InitConfig,
	type LrSchedule,
	type OptimizerConfig,
	type OptimizerName
} from '../engine/types';
import { DEFAULT_EPOCHS, DEFAULT_EXPERIMENT, defaultExperiment, defaultInit, OPTIMIZER_LABELS, parameterCount, trainSize } from './defaults';
import { bool, idSchema, isRecord, label, num, object, oneOf, own, Report, schemaFor, shown, warnUnknownKeys } from './fields';
import { describeLimit, LIMITS, MAX_PARAMS, RUNS_WARN_ABOVE, type NumberLimit } from './limits';
import { decodeChanges } from './changes';
import type { Experiment, FieldError, RunSpec, SharedSettings } from './model';
import { applies, fieldAt, INIT_PARAMS, limitOf, OPTIMIZER_HYPERS, runField, SCHEDULE_KINDS, SCHEDULE_PARAMS, type Field, type HyperKey } from './registry';

export interface ValidationResult {
	experiment: Experiment;
	/** a value was invalid and has been replaced (the field says which) */
	errors: FieldError[];
	/** nothing was wrong, but something was ignored or deserves a note (unknown keys, > 8 runs) */
	warnings: FieldError[];
}

// ── shared settings ──────────────────────────────────────────────────────────────────────────────

function validateShared(r: Report, input: unknown): SharedSettings {
	const d = DEFAULT_EXPERIMENT.shared;
	const raw = object(r, input, 'shared', 'shared settings');
	const get = (k: string) => own(raw, k);
	warnUnknownKeys(r, raw, 'shared', Object.keys(d));

	const read = (key: string) => sharedField(r, raw, key);
	const rawToy = object(r, get('toy'), 'shared.toy', 'toy data parameters');
	warnUnknownKeys(r, rawToy, 'shared.toy', Object.keys(d.toy));
	const shared: SharedSettings = {
		dataset: read('dataset') as SharedSettings['dataset'],
		toy: { n: read('toy.n') as number, noise: read('toy.noise') as number, k: read('toy.k') as number },
		preprocessing: read('preprocessing') as SharedSettings['preprocessing'],
		hidden: hiddenLayers(r, get('hidden'), d.hidden),
		activation: read('activation') as SharedSettings['activation'],
		batchSize: d.batchSize,
		budget: { ...d.budget },
		evalEvery: read('evalEvery') as number,
		seed: read('seed') as number,
		naiveSoftmax: read('naiveSoftmax') as boolean
	};

	const params = parameterCount(shared);
	if (params > MAX_PARAMS) {
		const got = `got ${params} with ${shared.hidden.join(',')}`;
		r.error('shared.hidden', `hidden layers: the network may have at most ${MAX_PARAMS} parameters, ${got}; using ${d.hidden.join(',')}`);
		shared.hidden = [...d.hidden];
	}

	// The batch is checked against this data set's training split, so after n is known.
	const maxBatch = trainSize(shared);
	shared.batchSize = num(r, get('batchSize'), 'shared.batchSize', LIMITS.batchSize.label, LIMITS.batchSize, Math.min(d.batchSize, maxBatch));
	if (shared.batchSize > maxBatch) {
		r.error('shared.batchSize', `batch size: must be at most the training split (${maxBatch} examples), got ${shared.batchSize}; using ${maxBatch}`);
		shared.batchSize = maxBatch;
	}
	shared.budget = budget(r, get('budget'), shared);
	return shared;
}

/** A shared setting of type number, choice or bool, read and checked as its registry entry says. */
function sharedField(r: Report, raw: Record<string, unknown> | undefined, path: string): unknown {
	const f = fieldAt('shared', path)!;
	const value = f.path.length === 1 ? own(raw, f.path[0]) : own(own(raw, f.path[0]), f.path[1]);
	return readField(r, f, value, `shared.${path}`, f.label, f.default, 'sgd');
}

/** One value of a number, choice or bool field: valid, or the fallback with a message. */
function readField(r: Report, f: Field, value: unknown, at: string, what: string, fallback: unknown, optimizer: OptimizerName): unknown {
	switch (f.type) {
		case 'number':
			return num(r, value, at, what, limitOf(f, optimizer), fallback as number);
		case 'choice':
			return oneOf(r, value, at, what, f.choices, fallback as string);
		case 'bool':
			return bool(r, value, at, what, fallback as boolean);
		default:
			throw new RangeError(`schema: ${at} is not a plain field`);
	}
}

function hiddenLayers(r: Report, raw: unknown, fallback: readonly number[]): number[] {
	const using = `using ${fallback.join(',')}`;
	if (raw === undefined) return [...fallback];
	if (!Array.isArray(raw)) {
		r.error('shared.hidden', `hidden layers: must be a list of widths, got ${shown(raw)}; ${using}`);
		return [...fallback];
	}
	const { hiddenLayers: layers, hiddenWidth: width } = LIMITS;
	if (raw.length > layers.max) {
		r.error('shared.hidden', `${layers.label}: must be ${describeLimit(layers)}, got ${raw.length}; ${using}`);
		return [...fallback];
	}
	const out: number[] = [];
	for (let i = 0; i < raw.length; i++) {
		const res = v.safeParse(schemaFor(width), raw[i]);
		if (!res.success) {
			r.error(`shared.hidden[${i}]`, `width of hidden layer ${i + 1}: must be ${describeLimit(width)}, got ${shown(raw[i])}; ${using}`);
			return [...fallback];
		}
		out.push(res.output);
	}
	return out;
}

function budget(r: Report, input: unknown, shared: SharedSettings): SharedSettings['budget'] {
	const raw = object(r, input, 'shared.budget', 'training budget');
	warnUnknownKeys(r, raw, 'shared.budget', ['unit', 'value']);
	const unit = oneOf(r, own(raw, 'unit'), 'shared.budget.unit', 'budget unit', ['steps', 'epochs'] as const, 'steps');
	if (unit === 'steps') {
		const fallback = DEFAULT_EXPERIMENT.shared.budget.value;
		return { unit, value: num(r, own(raw, 'value'), 'shared.budget.value', LIMITS.steps.label, LIMITS.steps, fallback) };
	}
	let value = num(r, own(raw, 'value'), 'shared.budget.value', LIMITS.epochs.label, LIMITS.epochs, DEFAULT_EPOCHS);
	const perEpoch = stepsPerEpoch(trainSize(shared), shared.batchSize);
	const maxEpochs = Math.floor(LIMITS.steps.max / perEpoch);
	if (value > maxEpochs) {
		r.error('shared.budget.value', `${LIMITS.epochs.label}: ${value} epochs of ${perEpoch} steps exceed the limit of ${LIMITS.steps.max} steps; using ${maxEpochs}`);
		value = maxEpochs;
	}
	return { unit, value };
}

// ── runs ─────────────────────────────────────────────────────────────────────────────────────────

/** true if this optimizer reads the hyper-parameter (the others are ignored by the engine). */
export function usesHyper(name: OptimizerName, key: HyperKey): boolean {
	return applies(runField('optimizer', key), { optimizer: name });
}

export function hyperLimit(name: OptimizerName, key: HyperKey): NumberLimit {
	const f = runField('optimizer', key);
	if (f.type !== 'number') throw new RangeError(`schema: ${key} is not a number`);
	return limitOf(f, name);
}

function validateRuns(r: Report, input: unknown, activation: ActivationName): RunSpec[] {
	const fallback = () => DEFAULT_EXPERIMENT.runs.map((run) => ({ ...structuredClone(run), init: defaultInit(activation) }));
	if (input === undefined) return fallback();
	if (!Array.isArray(input) || input.length === 0) {
		r.error('runs', `runs: must be a list of 1 to ${LIMITS.runs.max} runs, got ${shown(input)}; using the default runs`);
		return fallback();
	}
	let list: unknown[] = input;
	if (list.length > LIMITS.runs.max) {
		r.error('runs', `${LIMITS.runs.label}: at most ${LIMITS.runs.max}, got ${list.length}; keeping the first ${LIMITS.runs.max}`);
		list = list.slice(0, LIMITS.runs.max);
	}
	if (list.length > RUNS_WARN_ABOVE) r.warn('runs', `more than ${RUNS_WARN_ABOVE} runs will train slower`);
	const runs = list.map((raw, i) => validateRun(r, raw, i, activation));
	assignIds(r, runs, list.map((raw) => own(raw, 'id')));
	return runs;
}

function validateRun(r: Report, input: unknown, i: number, activation: ActivationName): RunSpec {
	const at = `runs[${i}]`;
	const raw = object(r, input, at, `run ${i + 1}`);
	warnUnknownKeys(r, raw, at, ['id', 'label', 'color', 'optimizer', 'schedule', 'init', 'changes']);
	const rawOpt = object(r, own(raw, 'optimizer'), `${at}.optimizer`, `optimizer of run ${i + 1}`);
	const name = oneOf(r, own(rawOpt, 'name'), `${at}.optimizer.name`, `optimizer of run ${i + 1}`, OPTIMIZERS, 'adam');
	const runLabel = label(r, own(raw, 'label'), `${at}.label`, `label of run ${i + 1}`, OPTIMIZER_LABELS[name]);
	const who = `run ${i + 1} (${JSON.stringify(runLabel)})`;
	const run: RunSpec = {
		id: '', // assigned once every run's id is known
		label: runLabel,
		color: num(r, own(raw, 'color'), `${at}.color`, `colour of ${who}`, LIMITS.color, i),
		optimizer: optimizer(r, rawOpt, name, `${at}.optimizer`, who),
		schedule: schedule(r, own(raw, 'schedule'), `${at}.schedule`, who),
		init: init(r, own(raw, 'init'), `${at}.init`, who, activation)
	};
	const rawChanges = own(raw, 'changes');
	if (rawChanges !== undefined) {
		const { changes, errors } = decodeChanges(rawChanges, name, who);
		for (const message of errors) r.error(`${at}.changes`, message);
		if (changes.length > 0) run.changes = changes;
	}
	return run;
}

function optimizer(r: Report, raw: Record<string, unknown> | undefined, name: OptimizerName, at: string, who: string): OptimizerConfig {
	warnUnknownKeys(r, raw, at, ['name', 'lr', ...OPTIMIZER_HYPERS.map((f) => f.path[1])]);
	const cfg: OptimizerConfig = { name, lr: num(r, own(raw, 'lr'), `${at}.lr`, `learning rate of ${who}`, LIMITS.lr, DEFAULT_LR[name]) };
	for (const f of OPTIMIZER_HYPERS) {
		const key = f.path[1];
		const value = own(raw, key);
		if (value === undefined) continue;
		if (!applies(f, { optimizer: name })) {
			r.warn(`${at}.${key}`, `${f.label} of ${who}: ${name} does not use it; ignored`);
			continue;
		}
		const def = f.default({ optimizer: name, activation: 'relu', index: 0 });
		const before = r.errors.length;
		const got = readField(r, f, value, `${at}.${key}`, `${f.label} of ${who}`, def, name);
		if (r.errors.length === before) (cfg as unknown as Record<string, unknown>)[key] = got;
		else r.errors[before].message = r.errors[before].message.replace(/; using [^;]*$/, `; using the default ${def}`);
	}
	return cfg;
}

/** for defaults that depend on nothing (schedule and init parameters) */
const NO_CONTEXT = { optimizer: 'sgd', activation: 'relu', index: 0 } as const;

function schedule(r: Report, input: unknown, at: string, who: string): LrSchedule {
	const raw = object(r, input, at, `schedule of ${who}`);
	const kind = oneOf(r, own(raw, 'kind'), `${at}.kind`, `schedule of ${who}`, SCHEDULE_KINDS, 'constant');
	const params = SCHEDULE_PARAMS.filter((f) => applies(f, { schedule: kind }));
	warnUnknownKeys(r, raw, at, ['kind', ...params.map((f) => f.path[1])], `not used by the ${kind} schedule`);
	const out: Record<string, unknown> = { kind };
	for (const f of params) {
		const key = f.path[1];
		out[key] = num(r, own(raw, key), `${at}.${key}`, `${f.label} of ${who}`, f.limit, f.default(NO_CONTEXT) as number);
	}
	return out as unknown as LrSchedule;
}

function init(r: Report, input: unknown, at: string, who: string, activation: ActivationName): InitConfig {
	const fallback = defaultInit(activation);
	const raw = object(r, input, at, `init of ${who}`);
	if (raw === undefined) return fallback;
	const scheme = oneOf(r, own(raw, 'scheme'), `${at}.scheme`, `init of ${who}`, INITS, fallback.scheme);
	const params = INIT_PARAMS.filter((f) => applies(f, { init: scheme }));
	const withBias = applies(runField('init', 'bias'), { init: scheme });
	const known = ['scheme', ...params.map((f) => f.path[1]), ...(withBias ? ['bias'] : [])];
	warnUnknownKeys(r, raw, at, known, `not used by the ${scheme} init`);
	const cfg: InitConfig = { scheme };
	for (const f of params) {
		const key = f.path[1];
		const value = own(raw, key);
		if (value === undefined) continue;
		const res = v.safeParse(schemaFor(f.limit), value);
		if (res.success) cfg[key] = res.output;
		else r.error(`${at}.${key}`, `${f.label} of ${who}: must be ${describeLimit(f.limit)}, got ${shown(value)}; using the default ${f.default(NO_CONTEXT)}`);
	}
	const bias = own(raw, 'bias');
	if (bias !== undefined && withBias) {
		const b = biasInit(r, bias, `${at}.bias`, who);
		if (b) cfg.bias = b;
	}
	return cfg;
}

function biasInit(r: Report, raw: unknown, at: string, who: string): InitConfig['bias'] {
	const kind = own(raw, 'kind');
	if (kind === 'zeros' && isRecord(raw)) return { kind };
	const l = LIMITS.biasValue;
	const res = v.safeParse(schemaFor(l), own(raw, 'value'));
	if (kind === 'constant' && res.success) return { kind, value: res.output };
	const rule = `{ kind: 'zeros' } or { kind: 'constant', value: ${describeLimit(l)} }`;
	const got = kind === 'constant' ? shown(own(raw, 'value')) : shown(kind ?? raw);
	r.error(at, `bias init of ${who}: must be ${rule}, got ${got}; using zeros`);
	return undefined;
}

/** Ids 'r0', 'r1', …: the first run to claim a valid id keeps it; the rest get the first free one. */
function assignIds(r: Report, runs: RunSpec[], rawIds: unknown[]): void {
	const taken = new Set<string>();
	const wanted = rawIds.map((id, i) => {
		if (id === undefined) return null;
		if (!v.is(idSchema, id)) {
			r.error(`runs[${i}].id`, `id of run ${i + 1}: must be "r" followed by a number (e.g. "r${i}"), got ${shown(id)}; assigning a new one`);
			return null;
		}
		if (taken.has(id)) {
			r.error(`runs[${i}].id`, `id of run ${i + 1}: ${shown(id)} is used by an earlier run; assigning a new one`);
			return null;
		}
		taken.add(id);
		return id;
	});
	runs.forEach((run, i) => {
		let id = wanted[i] ?? `r${i}`;
		for (let n = 0; wanted[i] === null && taken.has(id); n++) id = `r${n}`;
		taken.add(id);
		run.id = id;
	});
}

/**
 * One optimizer config on its own (the CLI's `surface` command): the same checks and messages as a
 * run's optimizer, fields named `optimizer.<key>`. Never throws.
 */
export function validateOptimizer(input: unknown, fallbackName: OptimizerName): { optimizer: OptimizerConfig; errors: FieldError[]; warnings: FieldError[] } {
	const r = new Report();
	const raw = object(r, input, 'optimizer', 'optimizer');
	const name = oneOf(r, own(raw, 'name'), 'optimizer.name', 'optimizer', OPTIMIZERS, fallbackName);
	return { optimizer: optimizer(r, raw, name, 'optimizer', 'the optimizer'), errors: r.errors, warnings: r.warnings };
}

// ── the entry point ──────────────────────────────────────────────────────────────────────────────

/** Validates anything (parsed JSON, a decoded URL, UI state). Never throws. */
export function validateExperiment(input: unknown): ValidationResult {
	const r = new Report();
	try {
		const raw = object(r, input, 'experiment', 'experiment');
		warnUnknownKeys(r, raw, 'experiment', ['shared', 'runs']);
		const shared = validateShared(r, own(raw, 'shared'));
		const runs = validateRuns(r, own(raw, 'runs'), shared.activation);
		return { experiment: { shared, runs }, errors: r.errors, warnings: r.warnings };
	} catch (e) {
		// Only a hostile object (a throwing getter, a Proxy) can get here; plain data cannot.
		r.error('experiment', `experiment: could not be read (${e instanceof Error ? e.message : 'unknown error'}); using the default experiment`);
		return { experiment: defaultExperiment(), errors: r.errors, warnings: r.warnings };
	}
}
