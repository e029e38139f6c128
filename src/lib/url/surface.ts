// The surface race's whole link (fn, from, steps, opt, noise, seed, mu) and its one page option,
// `present=1` (presentation mode), read from the query as received. Never throws; repeated keys
// keep the first, unknown keys are named, every message once.
import type { FieldError } from '../experiment/model';
import { decodeRace, RACE_KEYS, type RaceConfig } from '../test-functions/race-config';
import { decodePresent } from './page-options';
import { checkKeys, dedupe, readQuery } from './query';

export interface SurfaceLink {
	config: RaceConfig;
	/** presentation mode */
	present: boolean;
	errors: FieldError[];
	warnings: FieldError[];
}

export function decodeSurfaceLink(search: string): SurfaceLink {
	const read = readQuery(search);
	const messages = { errors: [...read.errors], warnings: [...read.warnings] };
	const kept = checkKeys(read.pairs, [...RACE_KEYS, 'present'], 'the surface race', messages);
	const params = new URLSearchParams();
	let present = false;
	for (const p of kept) {
		if (p.key === 'present') present = decodePresent(p.value, messages);
		else params.append(p.key, p.value);
	}
	const { config, errors } = decodeRace(params);
	messages.errors.push(...errors);
	return { config, present, errors: dedupe(messages.errors), warnings: dedupe(messages.warnings) };
}

/** the surface page's query (no '?'): the race's settings (race.query), then `present=1` if on */
export function surfaceQuery(raceQuery: string, present: boolean): string {
	if (!present) return raceQuery;
	return raceQuery ? `${raceQuery}&present=1` : 'present=1';
}
