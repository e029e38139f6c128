// A link's query string as it was received, read once for every route. Pure (no DOM), never throws.
//
// Length limits are measured on the text as received, not on a re-encoded copy (URLSearchParams
// writes ',' as '%2C', which tripled a 12,000-character link of commas): one key=value pair longer
// than FIELD_MAX is refused alone, and pairs past URL_MAX characters in total are refused, so a
// huge link costs one pass over its text and every other field still counts.
//
// Each pair is decoded exactly as the browser's URLSearchParams decodes it ('+' is a space,
// malformed %-escapes stay as they are).
import { URL_MAX } from '../experiment/limits';
import type { FieldError } from '../experiment/model';

/** characters of one key=value pair as received; a valid run `r=…` needs at most about 2,000 */
export const FIELD_MAX = 3_000;

export interface QueryPair {
	key: string;
	value: string;
	/** characters of this pair as received (still percent-encoded) */
	length: number;
}

export interface QueryMessages {
	errors: FieldError[];
	warnings: FieldError[];
}

export interface ReadQuery extends QueryMessages {
	/** the pairs that were read, in order (duplicates included: each route decides) */
	pairs: QueryPair[];
}

/** "view" as a message shows it: JSON-quoted, at most 32 characters (markup stays text in Svelte) */
export function quote(s: string): string {
	return JSON.stringify(s.length > 32 ? `${s.slice(0, 32)}…` : s);
}

/** Splits a query string ('?' optional) into decoded pairs, refusing over-long ones with a message. */
export function readQuery(search: string): ReadQuery {
	const errors: FieldError[] = [];
	const pairs: QueryPair[] = [];
	const text = typeof search === 'string' ? (search.startsWith('?') ? search.slice(1) : search) : '';
	let used = 0;
	let beyond = 0;
	for (const raw of text.split('&')) {
		if (raw === '') continue;
		if (raw.length > FIELD_MAX) {
			const name = rawKey(raw);
			errors.push({ field: `link.${name}`, message: `${name}: at most ${FIELD_MAX} characters in the link, got ${raw.length}; ignored` });
			continue;
		}
		if (used + raw.length > URL_MAX) {
			beyond++;
			continue;
		}
		used += raw.length + 1;
		for (const [key, value] of new URLSearchParams(raw)) pairs.push({ key, value, length: raw.length });
	}
	if (beyond > 0)
		errors.push({
			field: 'link',
			message: `link: at most ${URL_MAX} characters, got ${text.length}; the last ${beyond} setting${beyond === 1 ? '' : 's'} past the limit ${beyond === 1 ? 'was' : 'were'} ignored`
		});
	return { pairs, errors, warnings: [] };
}

/** the key of a raw pair, decoded and shortened for a message */
function rawKey(raw: string): string {
	const eq = raw.indexOf('=');
	const head = (eq < 0 ? raw : raw.slice(0, eq)).slice(0, 64);
	const key = new URLSearchParams(`${head}=`).keys().next().value ?? head;
	return key.length > 32 ? `${key.slice(0, 32)}…` : key;
}

/** The pairs back as a query string (no '?'), each pair encoded as URLSearchParams would. */
export function pairsToQuery(pairs: readonly QueryPair[]): string {
	const q = new URLSearchParams();
	for (const p of pairs) q.append(p.key, p.value);
	return q.toString();
}

/**
 * Keeps the first of each key that may appear once and reports the others; every key not in
 * `known` is reported as unknown, naming what the route reads. `multi` keys may repeat.
 */
export function checkKeys(
	pairs: readonly QueryPair[],
	known: readonly string[],
	where: string,
	messages: QueryMessages,
	multi: readonly string[] = []
): QueryPair[] {
	const seen = new Set<string>();
	const kept: QueryPair[] = [];
	for (const p of pairs) {
		if (!known.includes(p.key)) {
			messages.warnings.push({ field: `link.${p.key}`, message: `unknown setting ${quote(p.key)} in the link; ignored (${where} reads ${known.join(', ')})` });
			continue;
		}
		if (!multi.includes(p.key) && seen.has(p.key)) {
			messages.errors.push({ field: `link.${p.key}`, message: `${p.key}: given more than once in the link; using the first` });
			continue;
		}
		seen.add(p.key);
		kept.push(p);
	}
	return kept;
}

/** The messages without repeats (same field and text), in their first order. */
export function dedupe(list: readonly FieldError[]): FieldError[] {
	const seen = new Set<string>();
	return list.filter((m) => {
		const k = `${m.field}\u0000${m.message}`;
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}

/**
 * Why a link the app is about to hand out is too long, or null. The app refuses what lies past
 * URL_MAX characters, so a longer link would not open as it was made.
 */
export function linkTooLong(link: string): string | null {
	if (link.length <= URL_MAX) return null;
	return `This link would be ${link.length.toLocaleString('en-US')} characters; links may have at most ${URL_MAX.toLocaleString('en-US')}, so it would not open as made. Shorten the run labels or remove runs.`;
}
