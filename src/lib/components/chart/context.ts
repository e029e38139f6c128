// The chart kit's typed context (Layer Cake's idea without its data plumbing): a chart computes its
// scales once, <Frame> publishes them with the plot size, and the axes and marks inside read them.
// Small multiples share a domain through a SharedExtent that every panel reports its extent to.
import { createContext } from 'svelte';
import type { TickableScale } from '$lib/plot/format';

export interface Margin {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export interface ChartScale extends TickableScale {
	range(): number[];
}

/** what a Frame gives the axes and marks inside it; read its fields inside reactive code */
export interface ChartContext {
	readonly x: ChartScale;
	readonly y: ChartScale;
	readonly innerWidth: number;
	readonly innerHeight: number;
	readonly margin: Margin;
	/** id of a clip path of the plot area: clip-path="url(#{clipId})" */
	readonly clipId: string;
	/** presentation scale of type and strokes (1 normally) */
	readonly scale: number;
}

export const [getChartContext, setChartContext] = createContext<ChartContext>();

export { SharedExtent, getSharedExtent, setSharedExtent } from './shared.svelte';
