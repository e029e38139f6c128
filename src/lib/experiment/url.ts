// The experiment in the address bar and in config files. Both directions go through
// validateExperiment, so a hand-edited or hostile URL can only ever produce a valid experiment
// plus messages — decoding never throws.
//
// Query format (one key per shared setting, one `r` per run, in order):
//   ds=spiral&n=600&noise=0.05&k=3&pre=none&h=16,16&act=relu&bs=32&steps=3000&eval=50&seed=42
//   &r=SGD~sgd~lr=0.1~init=he-normal&r=Adam~adam~lr=0.001~b1=0.95~init=he-normal~sched=cosine~etamin=0
// A run is `label~optimizer~key=value~…`. Only hyper-parameters that are set appear (the engine
// fills the rest with torch's defaults); `id` and `c` (colour) appear only when they differ from
// the run's position. `steps=` or `epochs=` gives the budget; `naive=1` turns on the naive softmax.
// Numbers are written with String(), the shortest text that parses back to the same double.
import { JSON_MAX, LIMITS, URL_MAX } from './limits';
import type { Experiment, FieldError, RunSpec } from './model';
import { usesHyper, validateExperiment, type ValidationResult } from './schema';

export const EXPERIMENT_FORMAT = 'optimizer-playground/experiment';
export const EXPERIMENT_VERSION = 1;

// URL key → path in the experiment, for the shared settings.
const SHARED_KEYS = {
	ds: 'dataset',
	n: 'toy.n',
	noise: 'toy.noise',
	k: 'toy.k',
	pre: 'preprocessing',
	h: 'hidden',
	act: 'activation',
	bs: 'batchSize',
	steps: 'budget',
	epochs: 'budget',
	eval: 'evalEvery',
	seed: 'seed',
	naive: 'naiveSoftmax'
} as const;

// Run segment key → [object inside the run, field]; '' = a field of the run itself.
const RUN_KEYS = {
	lr: ['optimizer', 'lr'],
	mom: ['optimizer', 'momentum'],
	b1: ['optimizer', 'beta1'],
	b2: ['optimizer', 'beta2'],
	eps: ['optimizer', 'eps'],
	alpha: ['optimizer', 'alpha'],
	wd: ['optimizer', 'weightDecay'],
	init: ['init', 'scheme'],
	std: ['init', 'std'],
	val: ['init', 'value'],
	bound: ['init', 'bound'],
	bias: ['init', 'bias'],
	sched: ['schedule', 'kind'],
	every: ['schedule', 'stepSize'],
	gamma: ['schedule', 'gamma'],
	etamin: ['schedule', 'etaMin'],
	warmup: ['schedule', 'warmupSteps'],
	id: ['', 'id'],
	c: ['', 'color']
} as const;
type RunKey = keyof typeof RUN_KEYS;
const HYPER_URL_KEYS = ['mom', 'b1', 'b2', 'eps', 'alpha', 'wd'] as const;

// ── encode ───────────────────────────────────────────────────────────────────────────────────────

/** The experiment as a query string (no leading '?'), stable and readable. */
export function encodeExperiment(e: Experiment): string {
	const s = e.shared;
	const pairs: [string, string][] = [
		['ds', s.dataset],
		['n', String(s.toy.n)],
		['noise', String(s.toy.noise)],
		['k', String(s.toy.k)],
		['pre', s.preprocessing],
		['h', s.hidden.join(',')],
		['act', s.activation],
		['bs', String(s.batchSize)],
		[s.budget.unit, String(s.budget.value)],
		['eval', String(s.evalEvery)],
		['seed', String(s.seed)]
	];
	if (s.naiveSoftmax) pairs.push(['naive', '1']);
	e.runs.forEach((run, i) => pairs.push(['r', encodeRun(run, i)]));
	return pairs.map(([k, value]) => `${k}=${encodeValue(value)}`).join('&');
}

function encodeRun(run: RunSpec, i: number): string {
	const o = run.optimizer;
	const seg = [escapeLabel(run.label), o.name, `lr=${o.lr}`];
	for (const key of HYPER_URL_KEYS) {
		const field = RUN_KEYS[key][1];
		const value = o[field];
		if (value !== undefined && usesHyper(o.name, field)) seg.push(`${key}=${value}`);
	}
	const init = run.init;
	seg.push(`init=${init.scheme}`);
	if (init.scheme === 'normal' && init.std !== undefined) seg.push(`std=${init.std}`);
	if (init.scheme === 'constant' && init.value !== undefined) seg.push(`val=${init.value}`);
	if (init.scheme === 'uniform' && init.bound !== undefined) seg.push(`bound=${init.bound}`);
	if (init.bias && init.scheme !== 'torch-default') seg.push(`bias=${init.bias.kind === 'zeros' ? 'zeros' : init.bias.value}`);
	const sc = run.schedule;
	if (sc.kind === 'step') seg.push('sched=step', `every=${sc.stepSize}`, `gamma=${sc.gamma}`);
	if (sc.kind === 'cosine') seg.push('sched=cosine', `etamin=${sc.etaMin}`);
	if (sc.kind === 'warmup') seg.push('sched=warmup', `warmup=${sc.warmupSteps}`);
	if (run.id !== `r${i}`) seg.push(`id=${run.id}`);
	if (run.color !== i) seg.push(`c=${run.color}`);
	return seg.join('~');
}

// Inside a run, '~' separates segments, so a label escapes '~' (and '%', to stay reversible).
function escapeLabel(label: string): string {
	return label.replace(/%/g, '%25').replace(/~/g, '%7E');
}

function unescapeLabel(text: string): string {
	return text.replace(/%(25|7E)/gi, (_, hex: string) => (hex === '25' ? '%' : '~'));
}

// Percent-encode like encodeURIComponent, but leave the separators that are legal in a query
// value (, : = @ /) readable and write spaces as '+', as form encoding does. Lone surrogates
// (which encodeURIComponent rejects) cannot occur in a valid label; U+FFFD stands in regardless.
function encodeValue(value: string): string {
	const wellFormed = value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
	return encodeURIComponent(wellFormed)
		.replace(/%(2C|3A|3D|40|2F)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
		.replace(/%20/g, '+');
}

// ── decode ───────────────────────────────────────────────────────────────────────────────────────

/** Parses a query string (with or without '?') into a valid experiment. Never throws. */
export function decodeExperiment(search: string | URLSearchParams): ValidationResult {
	const errors: FieldError[] = [];
	const warnings: FieldError[] = [];
	try {
		const text = typeof search === 'string' ? search : search.toString();
		if (text.length > URL_MAX) {
			errors.push({ field: 'url', message: `link: at most ${URL_MAX} characters, got ${text.length}; using the default experiment` });
			return merge(validateExperiment(undefined), errors, warnings);
		}
		const params = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text);
		return merge(validateExperiment(queryToObject(params, errors, warnings)), errors, warnings);
	} catch (e) {
		// URLSearchParams and the parser below do not throw on any string; this is a last resort.
		errors.push({ field: 'url', message: `link: could not be read (${e instanceof Error ? e.message : 'unknown error'}); using the default experiment` });
		return merge(validateExperiment(undefined), errors, warnings);
	}
}

function merge(res: ValidationResult, errors: FieldError[], warnings: FieldError[]): ValidationResult {
	return { experiment: res.experiment, errors: [...errors, ...res.errors], warnings: [...warnings, ...res.warnings] };
}

/** The query as the plain object validateExperiment reads; values stay text, the schema parses them. */
function queryToObject(params: URLSearchParams, errors: FieldError[], warnings: FieldError[]): unknown {
	const shared: Record<string, unknown> = {};
	const toy: Record<string, unknown> = {};
	const seen = new Set<string>();
	const runs: unknown[] = [];
	for (const [key, value] of params) {
		if (key === 'r') {
			runs.push(value);
			continue;
		}
		if (!Object.hasOwn(SHARED_KEYS, key)) {
			warnings.push({ field: 'url', message: `unknown setting ${quote(key)} in the link; ignored` });
			continue;
		}
		const path = SHARED_KEYS[key as keyof typeof SHARED_KEYS];
		if (seen.has(path)) {
			const what = path === 'budget' ? 'steps/epochs' : key;
			errors.push({ field: `shared.${path}`, message: `${what}: given more than once in the link; using the first` });
			continue;
		}
		seen.add(path);
		if (path === 'toy.n' || path === 'toy.noise' || path === 'toy.k') toy[path.slice(4)] = value;
		else if (path === 'hidden') shared.hidden = value === '' ? [] : value.split(',');
		else if (path === 'budget') shared.budget = { unit: key, value };
		else shared[path] = value;
	}
	if (seen.has('toy.n') || seen.has('toy.noise') || seen.has('toy.k')) shared.toy = toy;
	// Runs beyond the limit are only counted (the schema reports them), never parsed.
	const parsed = runs.map((text, i) => (i < LIMITS.runs.max ? parseRun(String(text), i, errors, warnings) : {}));
	return { shared, ...(runs.length > 0 ? { runs: parsed } : {}) };
}

function parseRun(text: string, i: number, errors: FieldError[], warnings: FieldError[]): Record<string, unknown> {
	const [label, name, ...rest] = text.split('~');
	const run: Record<string, unknown> = { label: unescapeLabel(label) };
	const parts: Record<string, Record<string, unknown>> = { optimizer: { name: name ?? '' } };
	for (const segment of rest) {
		const eq = segment.indexOf('=');
		const key = eq < 0 ? segment : segment.slice(0, eq);
		if (!Object.hasOwn(RUN_KEYS, key) || eq < 0) {
			warnings.push({ field: `runs[${i}]`, message: `run ${i + 1}: unknown setting ${quote(segment)} in the link; ignored` });
			continue;
		}
		const [part, field] = RUN_KEYS[key as RunKey];
		const target = part === '' ? run : (parts[part] ??= {});
		if (Object.hasOwn(target, field)) {
			errors.push({ field: `runs[${i}].${part ? `${part}.` : ''}${field}`, message: `run ${i + 1}: ${key} given more than once; using the first` });
			continue;
		}
		const value = segment.slice(eq + 1);
		target[field] = field === 'bias' ? (value === 'zeros' ? { kind: 'zeros' } : { kind: 'constant', value }) : value;
	}
	return { ...run, ...parts };
}

function quote(s: string): string {
	return JSON.stringify(s.length > 32 ? `${s.slice(0, 32)}…` : s);
}

// ── config files ─────────────────────────────────────────────────────────────────────────────────

/** A config file: the experiment with a format tag and version, tab-indented. */
export function experimentToJson(e: Experiment): string {
	return `${JSON.stringify({ format: EXPERIMENT_FORMAT, version: EXPERIMENT_VERSION, shared: e.shared, runs: e.runs }, null, '\t')}\n`;
}

/** Reads a config file (as written by experimentToJson) into a valid experiment. Never throws. */
export function experimentFromJson(text: string): ValidationResult {
	const errors: FieldError[] = [];
	const warnings: FieldError[] = [];
	const fail = (message: string) => {
		errors.push({ field: 'file', message: `config file: ${message}; using the default experiment` });
		return merge(validateExperiment(undefined), errors, warnings);
	};
	if (typeof text !== 'string') return fail('must be text');
	if (text.length > JSON_MAX) return fail(`at most ${JSON_MAX} characters (1 MB), got ${text.length}`);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		return fail(`not valid JSON (${e instanceof Error ? e.message.slice(0, 200) : 'parse error'})`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('must hold a JSON object { "shared": …, "runs": … }');
	const { format, version, ...rest } = data as Record<string, unknown>;
	if (format !== undefined && format !== EXPERIMENT_FORMAT)
		warnings.push({ field: 'format', message: `config file: format is ${quote(String(format))}, expected "${EXPERIMENT_FORMAT}"; reading it anyway` });
	if (typeof version === 'number' && version > EXPERIMENT_VERSION)
		warnings.push({ field: 'version', message: `config file: version ${version} is newer than ${EXPERIMENT_VERSION}; settings this version does not know are ignored` });
	return merge(validateExperiment(rest), errors, warnings);
}
