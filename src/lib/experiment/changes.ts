// A run's live hyper-parameter changes as link text, e.g. `ch=812:lr=0.4,1200:lr=0.2:mom=0.8`:
// changes separated by ',', each `step:key=value:key=value`, the keys those of the run's link
// segment (lr, mom, b1, b2, wd — the field registry's URL keys) and the values checked against the
// same limits. A shared link replays the run bit for bit: the engine applies each change before
// the update after `step` updates (Trainer, HyperChange).
import * as v from 'valibot';
import { LIVE_HYPER, type HyperChange, type LiveHyper, type OptimizerConfig, type OptimizerName } from '../engine/types';
import { describeLimit, LIMITS } from './limits';
import { schemaFor, shown } from './fields';
import { applies, limitOf, runField } from './registry';

/** the registry's entry of a live hyper-parameter: its URL key, label and limit */
function fieldOf(key: LiveHyper) {
	const f = runField('optimizer', key);
	if (f.type !== 'number') throw new RangeError(`changes: ${key} is not a number`);
	return f;
}

const BY_URL = new Map<string, LiveHyper>(LIVE_HYPER.map((k) => [fieldOf(k).url, k]));

/** the schedule as link text (changes in step order) */
export function encodeChanges(changes: readonly HyperChange[]): string {
	return changes
		.map((c) => [String(c.step), ...LIVE_HYPER.filter((k) => c[k] !== undefined).map((k) => `${fieldOf(k).url}=${String(c[k])}`)].join(':'))
		.join(',');
}

/**
 * Validates a schedule (from a link's text, or any input): steps whole numbers in increasing order,
 * each value within its field's limit and used by the optimizer. A bad change is left out with a
 * message naming it; the others are kept. Never throws.
 */
export function decodeChanges(input: unknown, optimizer: OptimizerName, who = 'the run'): { changes: HyperChange[]; errors: string[] } {
	const errors: string[] = [];
	const items: unknown[] = typeof input === 'string' ? (input === '' ? [] : input.split(',').map(textToRaw)) : Array.isArray(input) ? input : [input];
	const out: HyperChange[] = [];
	items.forEach((raw, i) => {
		const at = `live change ${i + 1} of ${who}`;
		if (raw === null || typeof raw !== 'object') {
			errors.push(`${at}: must be step:key=value, got ${shown(raw)}; ignored`);
			return;
		}
		const rec = raw as Record<string, unknown>;
		const step = v.safeParse(schemaFor(LIMITS.steps), rec.step === undefined ? undefined : Number(rec.step));
		if (!step.success && rec.step !== 0 && rec.step !== '0') {
			errors.push(`${at}: step must be a whole number from 0 to ${LIMITS.steps.max}, got ${shown(rec.step)}; ignored`);
			return;
		}
		const s = step.success ? step.output : 0;
		const last = out.at(-1);
		if (last && s <= last.step) {
			errors.push(`${at}: step ${s} must come after step ${last.step}; ignored`);
			return;
		}
		const change: HyperChange = { step: s };
		let bad = false;
		for (const key of Object.keys(rec)) {
			if (key === 'step') continue;
			if (!(LIVE_HYPER as readonly string[]).includes(key)) {
				errors.push(`${at}: unknown setting ${shown(key)}; ignored`);
				bad = true;
				continue;
			}
			const k = key as LiveHyper;
			const f = fieldOf(k);
			if (!applies(f, { optimizer })) {
				errors.push(`${at}: ${f.label} — ${optimizer} does not use it; ignored`);
				bad = true;
				continue;
			}
			const limit = limitOf(f, optimizer);
			const res = v.safeParse(schemaFor(limit), typeof rec[k] === 'string' ? Number(rec[k]) : rec[k]);
			if (!res.success) {
				errors.push(`${at}: ${f.label} must be ${describeLimit(limit)}, got ${shown(rec[k])}; ignored`);
				bad = true;
				continue;
			}
			change[k] = res.output;
		}
		if (!bad && Object.keys(change).length > 1) out.push(change);
		else if (!bad) errors.push(`${at}: changes nothing; ignored`);
	});
	return { changes: out, errors };
}

/** `812:lr=0.4:mom=0.8` → { step: '812', lr: '0.4', momentum: '0.8' } (text values; checked above) */
function textToRaw(text: string): Record<string, string> {
	const [step, ...parts] = text.split(':');
	const raw: Record<string, string> = { step };
	for (const p of parts) {
		const eq = p.indexOf('=');
		const key = eq < 0 ? p : p.slice(0, eq);
		raw[BY_URL.get(key) ?? key] = eq < 0 ? '' : p.slice(eq + 1);
	}
	return raw;
}

/** "η 0.1 → 0.4 at step 812" — what a chart marks at a change (from = the values in force before) */
export function describeChange(change: HyperChange, before: Partial<Record<LiveHyper, number>>): string {
	const symbol: Record<LiveHyper, string> = { lr: 'η', momentum: 'μ', beta1: 'β₁', beta2: 'β₂', weightDecay: 'λ' };
	const parts = LIVE_HYPER.filter((k) => change[k] !== undefined).map((k) => `${symbol[k]} ${before[k] ?? '?'} → ${change[k]}`);
	return `${parts.join(', ')} at step ${change.step}`;
}

/**
 * Each change of a run's schedule in words, with the values in force before it ("η 0.1 → 0.4 at
 * step 812", then "η 0.4 → 0.2 at step 1200"): what every chart with a step axis marks at its step.
 */
export function describeSchedule(optimizer: { readonly [K in LiveHyper]?: number }, changes: readonly HyperChange[] | undefined): { step: number; text: string }[] {
	let before: Partial<Record<LiveHyper, number>> = {};
	for (const k of LIVE_HYPER) if (optimizer[k] !== undefined) before[k] = optimizer[k];
	return (changes ?? []).map((c) => {
		const text = describeChange(c, before);
		before = { ...before };
		for (const k of LIVE_HYPER) if (c[k] !== undefined) before[k] = c[k];
		return { step: c.step, text };
	});
}

/** the optimizer's hyper-parameters in force after all of a run's changes (what the editor shows) */
export function effectiveOptimizer(optimizer: OptimizerConfig, changes: readonly HyperChange[] | undefined): OptimizerConfig {
	const out: OptimizerConfig = { ...optimizer };
	for (const c of changes ?? []) for (const k of LIVE_HYPER) if (c[k] !== undefined) out[k] = c[k];
	return out;
}

/**
 * The live change that turns `from` into `to` (same optimizer, only live hyper-parameters differ),
 * or null if anything else differs or nothing does.
 */
export function liveDiff(from: OptimizerConfig, to: OptimizerConfig): Omit<HyperChange, 'step'> | null {
	if (otherSettings(from) !== otherSettings(to)) return null;
	const diff: Omit<HyperChange, 'step'> = {};
	for (const k of LIVE_HYPER) {
		const b = to[k];
		if (b === from[k]) continue;
		// a hyper-parameter set back to "default" (undefined) is not a value the engine can adopt live
		if (b === undefined) return null;
		diff[k] = b;
	}
	return Object.keys(diff).length > 0 ? diff : null;
}

/** everything but the live hyper-parameters, as comparable text */
function otherSettings(o: OptimizerConfig): string {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { lr, momentum, beta1, beta2, weightDecay, ...rest } = o;
	return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
}
