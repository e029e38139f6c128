// Presentation scale of every chart on a page: the page sets a getter (1.5 in presentation mode),
// Frames and charts read it; without one, charts draw at 1.
import { getContext, setContext } from 'svelte';

const KEY = Symbol('chart-scale');

/** call in a page or layout component: every chart below reads get() */
export function setChartScale(get: () => number): void {
	setContext(KEY, get);
}

/** the presentation scale getter of the page (always 1 when none was set) */
export function chartScale(): () => number {
	return getContext<(() => number) | undefined>(KEY) ?? (() => 1);
}

/** type and line scale of presentation mode: ≥ 1.5× the normal size */
export const PRESENT_SCALE = 1.5;
