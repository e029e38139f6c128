// The lessons page's link: `/lessons/?lesson=<id>` opens the gallery at one lesson's card. Read
// from the query as received; never throws; anything else in the link gets a message.
import type { FieldError } from '../experiment/model';
import { LESSONS } from '../lessons/lessons';
import { checkKeys, dedupe, quote, readQuery } from './query';

export interface LessonsLink {
	/** the lesson whose card to show first, or null */
	lesson: string | null;
	errors: FieldError[];
	warnings: FieldError[];
}

export function decodeLessonsLink(search: string): LessonsLink {
	const read = readQuery(search);
	const messages = { errors: [...read.errors], warnings: [...read.warnings] };
	let lesson: string | null = null;
	for (const { value } of checkKeys(read.pairs, ['lesson'], 'the lessons page', messages)) {
		if (LESSONS.some((l) => l.id === value)) lesson = value;
		else messages.errors.push({ field: 'lesson', message: `lesson: no lesson is called ${quote(value)} (the lessons are ${LESSONS.map((l) => l.id).join(', ')}); showing them all` });
	}
	return { lesson, errors: dedupe(messages.errors), warnings: dedupe(messages.warnings) };
}
