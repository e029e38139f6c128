// The field readers of the experiment schema (schema.ts): each takes a raw value, returns it when
// valid or the fallback when not, and reports why to a Report under the field's path — e.g.
// "learning rate of run 2 ("Adam"): must be a number > 0 and ≤ 1000, got "abc"; using 0.001".
// Numbers, booleans and run ids are checked with valibot; labels are sanitized text.
import * as v from 'valibot';
import { describeLimit, LABEL_MAX, type NumberLimit } from './limits';
import type { FieldError } from './model';

// ── reporting ────────────────────────────────────────────────────────────────────────────────────

export class Report {
	readonly errors: FieldError[] = [];
	readonly warnings: FieldError[] = [];
	error(field: string, message: string): void {
		this.errors.push({ field, message });
	}
	warn(field: string, message: string): void {
		this.warnings.push({ field, message });
	}
}

export function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** x[key] if x is an object that has it as its own key (never an inherited one like "constructor") */
export function own(x: unknown, key: string): unknown {
	return isRecord(x) && Object.hasOwn(x, key) ? x[key] : undefined;
}

const SHOWN_MAX = 32;

/** A value as it may appear in a message: strings quoted and cut short, objects only named. */
export function shown(x: unknown): string {
	if (typeof x === 'string') {
		const cut = x.length > SHOWN_MAX;
		return JSON.stringify(cut ? `${x.slice(0, SHOWN_MAX)}…` : x) + (cut ? ` (${x.length} characters)` : '');
	}
	if (typeof x === 'number' || typeof x === 'boolean' || x === null || x === undefined) return String(x);
	if (Array.isArray(x)) return `a list of ${x.length}`;
	return typeof x === 'object' ? 'an object' : typeof x;
}

const UNKNOWN_SHOWN = 5;

export function warnUnknownKeys(r: Report, raw: unknown, at: string, known: readonly string[], why = 'unknown setting'): void {
	if (!isRecord(raw)) return;
	const extra = Object.keys(raw).filter((k) => !known.includes(k));
	for (const k of extra.slice(0, UNKNOWN_SHOWN)) {
		const name = k.length > SHOWN_MAX ? `${k.slice(0, SHOWN_MAX)}…` : k;
		r.warn(`${at}.${name}`, `${shown(k)}: ${why}; ignored`);
	}
	if (extra.length > UNKNOWN_SHOWN) r.warn(at, `${extra.length - UNKNOWN_SHOWN} more unknown settings ignored`);
}

// ── leaf schemas (valibot) ───────────────────────────────────────────────────────────────────────

// Numbers arrive as numbers (JSON, UI) or as text (URL). Text must be a plain decimal literal:
// no hex, no "Infinity", no empty string (Number('') would be 0).
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
/** A number written as the URL and the CLI accept it (plain decimal, finite), or undefined. */
export function parseNumberText(text: string): number | undefined {
	if (text.length > 64 || !NUMBER_TEXT.test(text)) return undefined;
	const x = Number(text);
	return Number.isFinite(x) ? x + 0 : undefined;
}

const numeric = v.union([v.number(), v.pipe(v.string(), v.maxLength(64), v.regex(NUMBER_TEXT), v.transform(Number))]);

function limitSchema(l: NumberLimit) {
	return v.pipe(
		numeric,
		v.finite(),
		v.check((n) => !l.integer || Number.isInteger(n)),
		v.check((n) => (l.openMin ? n > l.min : n >= l.min)),
		v.check((n) => (l.openMax ? n < l.max : n <= l.max)),
		// −0 would survive JSON but not the URL (String(−0) is "0"); one zero keeps round trips exact.
		v.transform((n) => n + 0)
	);
}

const NUMBER_SCHEMAS = new Map<NumberLimit, ReturnType<typeof limitSchema>>();
export function schemaFor(l: NumberLimit): ReturnType<typeof limitSchema> {
	let s = NUMBER_SCHEMAS.get(l);
	if (!s) NUMBER_SCHEMAS.set(l, (s = limitSchema(l)));
	return s;
}

/** true if x (a number or numeric text) lies within the limit — for inputs that check as you type. */
export function withinLimit(l: NumberLimit, x: unknown): boolean {
	return v.is(schemaFor(l), x);
}

const booleanSchema = v.union([
	v.boolean(),
	v.pipe(
		v.picklist(['1', '0', 'true', 'false']),
		v.transform((s) => s === '1' || s === 'true')
	)
]);
export const idSchema = v.pipe(v.string(), v.regex(/^r(?:0|[1-9]\d{0,8})$/));

// ── field checkers: each returns the valid value or the fallback, reporting why ─────────────────

export function num(r: Report, raw: unknown, field: string, what: string, l: NumberLimit, fallback: number): number {
	if (raw === undefined) return fallback;
	const res = v.safeParse(schemaFor(l), raw);
	if (res.success) return res.output;
	r.error(field, `${what}: must be ${describeLimit(l)}, got ${shown(raw)}; using ${fallback}`);
	return fallback;
}

export function oneOf<T extends string>(r: Report, raw: unknown, field: string, what: string, names: readonly T[], fallback: T): T {
	if (raw === undefined) return fallback;
	const res = v.safeParse(v.picklist(names), raw);
	if (res.success) return res.output;
	r.error(field, `${what}: must be one of ${names.join(', ')}; got ${shown(raw)}; using ${fallback}`);
	return fallback;
}

export function bool(r: Report, raw: unknown, field: string, what: string, fallback: boolean): boolean {
	if (raw === undefined) return fallback;
	const res = v.safeParse(booleanSchema, raw);
	if (res.success) return res.output;
	r.error(field, `${what}: must be true or false (1 or 0), got ${shown(raw)}; using ${fallback}`);
	return fallback;
}

export function object(r: Report, raw: unknown, field: string, what: string): Record<string, unknown> | undefined {
	if (raw === undefined || isRecord(raw)) return raw;
	r.error(field, `${what}: must be an object, got ${shown(raw)}; using the defaults`);
	return undefined;
}

// Control characters (C0, DEL, C1) and bidirectional overrides would let a label reorder or hide
// the text around it; lone surrogates cannot be percent-encoded. Labels are plain text, shown as
// text, never parsed as markup — "<b>" stays the three characters it is.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The label as it will be stored: unsafe characters → space, trimmed, at most LABEL_MAX code points. */
export function sanitizeLabel(s: string): string {
	const head = s.slice(0, 8 * LABEL_MAX);
	const clean = head.replace(UNSAFE_CHARS, ' ').replace(LONE_SURROGATE, '\ufffd').trim();
	return Array.from(clean).slice(0, LABEL_MAX).join('').trim();
}

export function label(r: Report, raw: unknown, field: string, what: string, fallback: string): string {
	if (raw === undefined) return fallback;
	if (typeof raw !== 'string') {
		r.error(field, `${what}: must be text, got ${shown(raw)}; using "${fallback}"`);
		return fallback;
	}
	const clean = sanitizeLabel(raw);
	if (clean === '') {
		r.error(field, `${what}: must not be empty; using "${fallback}"`);
		return fallback;
	}
	if (clean !== raw)
		r.error(
			field,
			`${what}: at most ${LABEL_MAX} characters of plain text without control characters or surrounding spaces, got ${shown(raw)}; using "${clean}"`
		);
	return clean;
}
