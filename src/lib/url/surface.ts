// The surface race's whole link (fn, from, steps, opt, noise, seed), read from the query as
// received. Never throws; repeated keys keep the first, unknown keys are named, every message once.
import type { FieldError } from '../experiment/model';
import { decodeRace, RACE_KEYS, type RaceConfig } from '../test-functions/race-config';
import { checkKeys, dedupe, readQuery } from './query';

export interface SurfaceLink {
	config: RaceConfig;
	errors: FieldError[];
	warnings: FieldError[];
}

export function decodeSurfaceLink(search: string): SurfaceLink {
	const read = readQuery(search);
	const messages = { errors: [...read.errors], warnings: [...read.warnings] };
	const kept = checkKeys(read.pairs, RACE_KEYS, 'the surface race', messages);
	const params = new URLSearchParams();
	for (const p of kept) params.append(p.key, p.value);
	const { config, errors } = decodeRace(params);
	messages.errors.push(...errors);
	return { config, errors: dedupe(messages.errors), warnings: dedupe(messages.warnings) };
}
