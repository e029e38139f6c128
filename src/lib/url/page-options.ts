// The playground's page options — which view and sub-view, which lesson, presentation mode,
// hidden controls — as one typed codec beside the experiment's (experiment/url.ts). They ride in
// the same query string but are not part of the experiment:
// `…&view=inside&sub=stats&quantity=weight&lesson=init-scale&present=1&hide=settings,runs`.
//
// Decoding never throws: a bad value falls back to the default with a message naming the option
// and what it allows, in the experiment codec's format ("field: must be …, got …; using …").
// Encoding writes only what differs from the defaults, so a plain link stays short.
import type { FieldError } from '../experiment/model';
import { QUANTITIES, type Quantity } from '../plot/hist';
import { HIDEABLE, type Hideable } from '../ui/shortcuts';
import { checkKeys, quote, type QueryMessages, type QueryPair } from './query';

/** the playground's views (tabs), in order */
/** the views; `short` is what a phone's tab shows (the tab's accessible name stays `label`, which contains it) */
export const VIEWS = [
	{ id: 'curves', label: 'Curves', short: 'Curves' },
	{ id: 'inside', label: 'Inside the network', short: 'Inside' },
	{ id: 'paths', label: 'Weight-space paths', short: 'Paths' },
	{ id: 'curvature', label: 'Curvature', short: 'Curvature' },
	{ id: 'data', label: 'Data & predictions', short: 'Data' }
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];
export const VIEW_IDS: readonly ViewId[] = VIEWS.map((v) => v.id);

/**
 * The sub-views a view offers, the first being its default. "Inside the network": the histogram
 * grid, each layer through time as percentile bands or a ridgeline, every run overlaid on one
 * layer, per-layer statistics over training.
 */
export const SUB_VIEWS = {
	inside: [
		{ id: 'grid', label: 'histograms' },
		{ id: 'bands', label: 'bands through time' },
		{ id: 'ridgeline', label: 'ridgeline through time' },
		{ id: 'overlay', label: 'overlay' },
		{ id: 'stats', label: 'layer statistics' }
	]
} as const satisfies Partial<Record<ViewId, readonly { id: string; label: string }[]>>;
export type InsideSub = (typeof SUB_VIEWS.inside)[number]['id'];
const INSIDE_SUBS: readonly string[] = SUB_VIEWS.inside.map((s) => s.id);
/** the quantity the inside view's histograms show, by default */
export const DEFAULT_QUANTITY: Quantity = 'postact';

export interface PageOptions {
	view: ViewId;
	/** the inside view's sub-view (read whatever the view, so a tab switch keeps it) */
	sub: InsideSub;
	/** the quantity the inside view's histograms show */
	quantity: Quantity;
	/** the lesson the link came from (its id), or null */
	lesson: string | null;
	/** presentation mode */
	present: boolean;
	/** controls a "share with students" link hides, in HIDEABLE order */
	hide: Hideable[];
}

export const PAGE_KEYS = ['view', 'sub', 'quantity', 'lesson', 'present', 'hide'] as const;

export function defaultPageOptions(): PageOptions {
	return { view: 'curves', sub: 'grid', quantity: DEFAULT_QUANTITY, lesson: null, present: false, hide: [] };
}

const HIDE_IDS: readonly string[] = HIDEABLE.map((h) => h.id);

/**
 * Reads the page options among `pairs` (other keys are left to the caller). `lessonIds` lists
 * the lessons a link may name. Each repeated key, bad value and unknown hide item gets a message.
 */
export function decodePageOptions(pairs: readonly QueryPair[], lessonIds: readonly string[], messages: QueryMessages): PageOptions {
	const o = defaultPageOptions();
	const mine = pairs.filter((p) => (PAGE_KEYS as readonly string[]).includes(p.key));
	const err = (field: string, message: string) => messages.errors.push({ field, message } satisfies FieldError);
	for (const { key, value } of checkKeys(mine, PAGE_KEYS, 'the playground', messages)) {
		if (key === 'view') {
			if ((VIEW_IDS as readonly string[]).includes(value)) o.view = value as ViewId;
			else err('view', `view: must be one of ${VIEW_IDS.join(', ')}, got ${quote(value)}; showing ${o.view}`);
		} else if (key === 'sub') {
			if (INSIDE_SUBS.includes(value)) o.sub = value as InsideSub;
			else err('sub', `sub: the inside view's sub-view must be one of ${INSIDE_SUBS.join(', ')}, got ${quote(value)}; showing ${o.sub}`);
		} else if (key === 'quantity') {
			if ((QUANTITIES as readonly string[]).includes(value)) o.quantity = value as Quantity;
			else err('quantity', `quantity: must be one of ${QUANTITIES.join(', ')}, got ${quote(value)}; showing ${o.quantity}`);
		} else if (key === 'lesson') {
			if (lessonIds.includes(value)) o.lesson = value;
			else err('lesson', `lesson: no lesson is called ${quote(value)} (the lessons are ${lessonIds.join(', ')}); no lesson banner`);
		} else if (key === 'present') o.present = decodePresent(value, messages);
		else if (key === 'hide') o.hide = decodeHide(value, messages);
	}
	return o;
}

/**
 * `present=1` turns presentation mode on, `present=0` leaves it off; anything else is reported and
 * leaves it off. The playground, the surface race and the sweep read the option alike.
 */
export function decodePresent(value: string, messages: QueryMessages): boolean {
	if (value === '1') return true;
	if (value !== '0') messages.errors.push({ field: 'present', message: `present: must be 1 (presentation mode) or 0, got ${quote(value)}; presentation mode off` });
	return false;
}

/** `settings,runs` → the hideable ids in HIDEABLE order; unknown and repeated items are reported */
export function decodeHide(value: string, messages: QueryMessages): Hideable[] {
	const items = value.split(',').filter((v) => v !== '');
	const bad = items.filter((v) => !HIDE_IDS.includes(v));
	const shown = [...new Set(bad)].slice(0, 5).map(quote).join(', ');
	if (bad.length > 0)
		messages.errors.push({
			field: 'hide',
			message: `hide: ${shown}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''} ${bad.length === 1 ? 'is' : 'are'} not something a link can hide (it can hide ${HIDE_IDS.join(', ')}); ignored`
		});
	const twice = items.filter((v, i) => HIDE_IDS.includes(v) && items.indexOf(v) !== i);
	if (twice.length > 0)
		messages.warnings.push({ field: 'hide', message: `hide: ${[...new Set(twice)].map(quote).join(', ')} given more than once; hidden once` });
	const set = new Set(items);
	return HIDEABLE.map((h) => h.id).filter((id) => set.has(id));
}

/** The options as query pairs (no leading '&'); '' when all are the defaults. */
export function encodePageOptions(o: PageOptions): string {
	const parts: string[] = [];
	if (o.view !== 'curves') parts.push(`view=${o.view}`);
	if (o.sub !== 'grid') parts.push(`sub=${o.sub}`);
	if (o.quantity !== DEFAULT_QUANTITY) parts.push(`quantity=${o.quantity}`);
	if (o.lesson !== null) parts.push(`lesson=${encodeURIComponent(o.lesson)}`);
	if (o.present) parts.push('present=1');
	const hide = HIDEABLE.map((h) => h.id).filter((id) => o.hide.includes(id));
	if (hide.length > 0) parts.push(`hide=${hide.join(',')}`);
	return parts.join('&');
}
