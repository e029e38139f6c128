// The experiment in the address bar (config files: config-file.ts). Both directions go through
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
// The keys, their order and which run keys apply to which optimizer/init/schedule all come from
// the field registry (registry.ts); this file only knows the query's punctuation.
import type { InitConfig } from '../engine/types';
import { quote, readQuery, type QueryPair } from '../url/query';
import { LIMITS } from './limits';
import type { Experiment, FieldError, RunSpec, SharedSettings } from './model';
import { applies, RUN_FIELDS, SHARED_FIELDS, type Field, type RunField, type SharedField } from './registry';
import { validateExperiment, type ValidationResult } from './schema';
import { encodeChanges } from './changes';

/** the run segment key of the live-change schedule (a list, so not a registry field) */
const CHANGES_KEY = 'ch';

// URL key → registry entry (the budget's two keys, steps and epochs, lead to one entry).
const SHARED_BY_KEY = new Map<string, SharedField>(
	SHARED_FIELDS.flatMap((f): [string, SharedField][] => (f.type === 'budget' ? Object.values(f.units).map((u) => [u.url, f]) : [[f.url, f]]))
);
// Run segment key → registry entry (label and optimizer name are positional: `label~name~…`).
const RUN_BY_KEY = new Map<string, RunField>(RUN_FIELDS.filter((f) => f.url !== '').map((f) => [f.url, f]));

// ── encode ───────────────────────────────────────────────────────────────────────────────────────

/** The experiment as a query string (no leading '?'), stable and readable. */
export function encodeExperiment(e: Experiment): string {
	const pairs: [string, string][] = [];
	for (const f of SHARED_FIELDS) {
		const value = valueAt(e.shared, f.path);
		if (f.type === 'budget') {
			const b = value as SharedSettings['budget'];
			pairs.push([f.units[b.unit].url, String(b.value)]);
		} else if (!('urlOmit' in f && value === f.urlOmit)) pairs.push([f.url, encodeField(f, value)]);
	}
	e.runs.forEach((run, i) => pairs.push(['r', encodeRun(run, i)]));
	return pairs.map(([k, value]) => `${k}=${encodeValue(value)}`).join('&');
}

function encodeRun(run: RunSpec, i: number): string {
	const seg = [escapeLabel(run.label), run.optimizer.name];
	const on = { optimizer: run.optimizer.name, init: run.init.scheme, schedule: run.schedule.kind };
	for (const f of RUN_FIELDS) {
		if (f.url === '' || !applies(f, on)) continue;
		const value = valueAt(run, f.path);
		if (value === undefined || ('urlOmit' in f && value === f.urlOmit)) continue;
		// id and colour only when they differ from the run's position
		if (f.type === 'id' || f.path[0] === 'color') {
			if (value === f.default({ optimizer: run.optimizer.name, activation: 'relu', index: i })) continue;
		}
		seg.push(`${f.url}=${encodeField(f, value)}`);
	}
	// live hyper-parameter changes, last (changes.ts): the schedule a shared link replays
	if (run.changes && run.changes.length > 0) seg.push(`${CHANGES_KEY}=${encodeChanges(run.changes)}`);
	return seg.join('~');
}

/** One value as URL text; numbers with String(), the shortest text that parses back to the same double. */
function encodeField(f: Field, value: unknown): string {
	switch (f.type) {
		case 'widths':
			return (value as number[]).join(',');
		case 'bool':
			return value ? '1' : '0';
		case 'bias': {
			const b = value as NonNullable<InitConfig['bias']>;
			return b.kind === 'zeros' ? 'zeros' : String(b.value);
		}
		default:
			return String(value);
	}
}

/** The raw value a URL (or CLI) text stands for, before validation: a list, a bias object, or the text. */
export function rawField(f: Field, text: string): unknown {
	if (f.type === 'widths') return text === '' ? [] : text.split(',');
	if (f.type === 'bias') return text === 'zeros' ? { kind: 'zeros' } : { kind: 'constant', value: text };
	return text;
}

function valueAt(x: object, path: readonly string[]): unknown {
	let v: unknown = x;
	for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
	return v;
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

/**
 * Parses a query string (with or without '?'), or pairs already read by readQuery, into a valid
 * experiment. Never throws. Length limits apply to the text as received (url/query.ts): an
 * over-long field is refused alone, the rest of the link still counts.
 */
export function decodeExperiment(search: string | URLSearchParams | readonly QueryPair[]): ValidationResult {
	const errors: FieldError[] = [];
	const warnings: FieldError[] = [];
	try {
		let pairs: readonly QueryPair[];
		if (Array.isArray(search)) pairs = search;
		else {
			const read = readQuery(typeof search === 'string' ? search : search.toString());
			errors.push(...read.errors);
			pairs = read.pairs;
		}
		return merge(validateExperiment(queryToObject(pairs, errors, warnings)), errors, warnings);
	} catch (e) {
		// the reader and the parser below do not throw on any string; this is a last resort.
		errors.push({ field: 'url', message: `link: could not be read (${e instanceof Error ? e.message : 'unknown error'}); using the default experiment` });
		return merge(validateExperiment(undefined), errors, warnings);
	}
}

/** The result with messages found before validation put first. */
export function merge(res: ValidationResult, errors: FieldError[], warnings: FieldError[]): ValidationResult {
	return { experiment: res.experiment, errors: [...errors, ...res.errors], warnings: [...warnings, ...res.warnings] };
}

/** The query as the plain object validateExperiment reads; values stay text, the schema parses them. */
function queryToObject(params: readonly QueryPair[], errors: FieldError[], warnings: FieldError[]): unknown {
	const shared: Record<string, unknown> = {};
	const seen = new Set<SharedField>();
	const runs: unknown[] = [];
	for (const { key, value } of params) {
		if (key === 'r') {
			runs.push(value);
			continue;
		}
		const f = SHARED_BY_KEY.get(key);
		if (!f) {
			warnings.push({ field: 'url', message: `unknown setting ${quote(key)} in the link; ignored` });
			continue;
		}
		if (seen.has(f)) {
			const what = f.type === 'budget' ? 'steps/epochs' : key;
			errors.push({ field: `shared.${f.path.join('.')}`, message: `${what}: given more than once in the link; using the first` });
			continue;
		}
		seen.add(f);
		setAt(shared, f.path, f.type === 'budget' ? { unit: key, value } : rawField(f, value));
	}
	// Runs beyond the limit are only counted (the schema reports them), never parsed.
	const parsed = runs.map((text, i) => (i < LIMITS.runs.max ? parseRun(String(text), i, errors, warnings) : {}));
	return { shared, ...(runs.length > 0 ? { runs: parsed } : {}) };
}

function parseRun(text: string, i: number, errors: FieldError[], warnings: FieldError[]): Record<string, unknown> {
	const [label, name, ...rest] = text.split('~');
	const run: Record<string, unknown> = { label: unescapeLabel(label), optimizer: { name: name ?? '' } };
	for (const segment of rest) {
		const eq = segment.indexOf('=');
		const key = eq < 0 ? segment : segment.slice(0, eq);
		if (key === CHANGES_KEY && eq >= 0) {
			if (run.changes !== undefined) errors.push({ field: `runs[${i}].changes`, message: `run ${i + 1}: ${key} given more than once; using the first` });
			else run.changes = segment.slice(eq + 1);
			continue;
		}
		const f = eq < 0 ? undefined : RUN_BY_KEY.get(key);
		if (!f) {
			warnings.push({ field: `runs[${i}]`, message: `run ${i + 1}: unknown setting ${quote(segment)} in the link; ignored` });
			continue;
		}
		if (valueAt(run, f.path) !== undefined) {
			errors.push({ field: `runs[${i}].${f.path.join('.')}`, message: `run ${i + 1}: ${key} given more than once; using the first` });
			continue;
		}
		setAt(run, f.path, rawField(f, segment.slice(eq + 1)));
	}
	return run;
}

/** x[path[0]][path[1]] = value, creating the inner object */
export function setAt(x: Record<string, unknown>, path: readonly string[], value: unknown): void {
	if (path.length === 1) x[path[0]] = value;
	else ((x[path[0]] ??= {}) as Record<string, unknown>)[path[1]] = value;
}

/** how a message shows a value (one rule for every link codec) */
export { quote };

/**
 * The experiment among a route's query pairs (those its own codec left over), its messages added
 * to the route's; null when the link holds no experiment setting at all.
 */
export function decodeExperimentPairs(rest: readonly QueryPair[], messages: { errors: FieldError[]; warnings: FieldError[] }): Experiment | null {
	if (rest.length === 0) return null;
	const decoded = decodeExperiment(rest);
	messages.errors.push(...decoded.errors);
	messages.warnings.push(...decoded.warnings);
	return decoded.experiment;
}
