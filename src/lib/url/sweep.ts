// The sweep page's whole link: the base experiment in the playground's format (experiment/url.ts)
// plus the sweep's own settings under `sw-` keys, so they cannot collide with the experiment's
// (`steps`, `seed`):
//   /sweep/?<experiment>&sw-opt=sgd,momentum,adam&sw-lrmin=0.0001&sw-lrmax=1&sw-points=9&sw-seeds=2&sw-steps=300
// plus the page option `present=1` (presentation mode).
// Only settings that differ from DEFAULT_SWEEP are written. Never throws; a bad value falls back
// to its default with a message naming the field, each message once.
import { OPTIMIZERS, type OptimizerName } from '../engine/types';
import { describeLimit } from '../experiment/limits';
import type { Experiment, FieldError } from '../experiment/model';
import { withinLimit } from '../experiment/fields';
import { decodeExperimentPairs, encodeExperiment } from '../experiment/url';
import { checkSweep, DEFAULT_SWEEP, SWEEP_FIELDS, type SweepField, type SweepNumberKey, type SweepSettings } from '../sweep/sweep';
import { decodePresent } from './page-options';
import { checkKeys, dedupe, quote, readQuery } from './query';

/** the URL key of each sweep setting (from the sweep's field table, sweep/sweep.ts) */
export const SWEEP_KEYS = {
	optimizers: 'sw-opt',
	...(Object.fromEntries(SWEEP_FIELDS.map((f) => [f.key, f.url])) as Record<SweepNumberKey, string>)
} satisfies Record<keyof SweepSettings, string>;
const KEYS: readonly string[] = Object.values(SWEEP_KEYS);

export interface SweepLink {
	/** the base experiment, or null when the link holds none of its settings */
	experiment: Experiment | null;
	settings: SweepSettings;
	/** presentation mode */
	present: boolean;
	errors: FieldError[];
	warnings: FieldError[];
}

/** a plain decimal or exponent number, as the experiment's numbers; '', 'Infinity', '0x10' → NaN */
function decimal(text: string): number {
	const t = text.trim();
	return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

export function defaultSweepSettings(): SweepSettings {
	return { ...DEFAULT_SWEEP, optimizers: [...DEFAULT_SWEEP.optimizers] };
}

export function decodeSweepLink(search: string): SweepLink {
	const read = readQuery(search);
	const messages = { errors: [...read.errors], warnings: [...read.warnings] };
	const mine = read.pairs.filter((p) => KEYS.includes(p.key));
	const page = read.pairs.filter((p) => p.key === 'present');
	const rest = read.pairs.filter((p) => !KEYS.includes(p.key) && p.key !== 'present');
	let present = false;
	for (const p of checkKeys(page, ['present'], 'the sweep', messages)) present = decodePresent(p.value, messages);
	const s = defaultSweepSettings();
	const err = (field: string, message: string) => messages.errors.push({ field, message });
	for (const { key, value } of checkKeys(mine, KEYS, 'the sweep', messages)) {
		if (key === SWEEP_KEYS.optimizers) {
			const items = value.split(',').filter((t) => t !== '');
			const bad = items.filter((t) => !(OPTIMIZERS as readonly string[]).includes(t));
			if (bad.length > 0) err('optimizers', `${key}: ${[...new Set(bad)].slice(0, 5).map(quote).join(', ')} ${bad.length === 1 ? 'is not an optimizer' : 'are not optimizers'} (choose from ${OPTIMIZERS.join(', ')}); left out`);
			const chosen = OPTIMIZERS.filter((o) => items.includes(o));
			if (chosen.length > 0) s.optimizers = chosen;
			else err('optimizers', `${key}: names no optimizer; using ${s.optimizers.join(', ')}`);
			continue;
		}
		const { key: field, limit, label } = SWEEP_FIELDS.find((f) => f.url === key) as SweepField;
		const x = decimal(value);
		if (withinLimit(limit, x)) s[field] = x;
		else err(field, `${key} (${label}): must be ${describeLimit(limit)}, got ${quote(value)}; using ${s[field]}`);
	}
	// settings valid one by one may still not go together (largest < smallest rate, too many jobs)
	const together = checkSweep(s);
	if (together.length > 0) {
		for (const e of together) err(e.field, `${e.message}; using the default sweep`);
		Object.assign(s, defaultSweepSettings());
	}
	const experiment = decodeExperimentPairs(rest, messages);
	return { experiment, settings: s, present, errors: dedupe(messages.errors), warnings: dedupe(messages.warnings) };
}

/** the settings that are valid and differ from the defaults, as query pairs (no leading '&') */
export function encodeSweepSettings(s: SweepSettings): string {
	const d = DEFAULT_SWEEP;
	const parts: string[] = [];
	const opts: OptimizerName[] = OPTIMIZERS.filter((o) => s.optimizers.includes(o));
	if (opts.length > 0 && opts.join(',') !== d.optimizers.join(',')) parts.push(`${SWEEP_KEYS.optimizers}=${opts.join(',')}`);
	for (const f of SWEEP_FIELDS) {
		const x = s[f.key];
		if (x !== d[f.key] && withinLimit(f.limit, x)) parts.push(`${f.url}=${x}`);
	}
	return parts.join('&');
}

/** the sweep page's query (no '?'), with `present=1` when presentation mode is on */
export function sweepQuery(base: Experiment, s: SweepSettings, present = false): string {
	const settings = encodeSweepSettings(s);
	const q = settings ? `${encodeExperiment(base)}&${settings}` : encodeExperiment(base);
	return present ? `${q}&present=1` : q;
}
