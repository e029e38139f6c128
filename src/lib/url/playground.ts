// The playground's whole link: the experiment (experiment/url.ts) plus the page options
// (page-options.ts), read from the query as received (query.ts). Never throws; every problem is a
// message naming its field, each message once.
import type { Experiment, FieldError } from '../experiment/model';
import { decodeExperimentPairs, encodeExperiment } from '../experiment/url';
import { LESSONS } from '../lessons/lessons';
import { decodePageOptions, encodePageOptions, PAGE_KEYS, type PageOptions } from './page-options';
import { dedupe, readQuery } from './query';

export interface PlaygroundLink {
	/** the experiment in the link, or null when the link has no experiment setting at all */
	experiment: Experiment | null;
	page: PageOptions;
	errors: FieldError[];
	warnings: FieldError[];
}

const LESSON_IDS = LESSONS.map((l) => l.id);

export function decodePlaygroundLink(search: string): PlaygroundLink {
	const read = readQuery(search);
	const messages = { errors: [...read.errors], warnings: [...read.warnings] };
	const isPage = (key: string) => (PAGE_KEYS as readonly string[]).includes(key);
	const page = decodePageOptions(read.pairs, LESSON_IDS, messages);
	const rest = read.pairs.filter((p) => !isPage(p.key));
	const experiment = decodeExperimentPairs(rest, messages);
	return { experiment, page, errors: dedupe(messages.errors), warnings: dedupe(messages.warnings) };
}

/** the playground's query (no '?'): the experiment, then the page options that differ from the defaults */
export function playgroundQuery(e: Experiment, page: PageOptions): string {
	const options = encodePageOptions(page);
	return options ? `${encodeExperiment(e)}&${options}` : encodeExperiment(e);
}
