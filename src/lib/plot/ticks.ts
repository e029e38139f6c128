// Placing horizontal tick labels so none runs off the plot or onto its neighbour (the chart kit's
// AxisX uses it; the tick values and labels come from plot/format.ts). Pure functions of pixel
// positions and a width.

/** px per character of a 13px tick label (a generous average, so labels never touch) */
const CHAR_PX = 7.5;

/** text-anchor that keeps a tick label centred on px inside [0, width] */
export function tickAnchor(px: number, label: string, width: number): 'start' | 'middle' | 'end' {
	const half = (label.length * CHAR_PX) / 2;
	return px - half < 0 ? 'start' : px + half > width ? 'end' : 'middle';
}

export interface PlacedTick {
	value: number;
	label: string;
	x: number;
	anchor: 'start' | 'middle' | 'end';
}

/**
 * Horizontal tick labels placed inside [0, width]: labels at the edges are anchored inwards, and
 * a label that would then overlap its kept left neighbour is dropped — except the last one, which
 * (like the first) marks the end of the range and wins over an inner neighbour.
 */
export function placeTicks(ticks: readonly { value: number; label: string }[], px: (v: number) => number, width: number, gapPx = 6): PlacedTick[] {
	const extent = (t: PlacedTick): [number, number] => {
		const w = t.label.length * CHAR_PX;
		return t.anchor === 'start' ? [t.x, t.x + w] : t.anchor === 'end' ? [t.x - w, t.x] : [t.x - w / 2, t.x + w / 2];
	};
	const kept: PlacedTick[] = [];
	ticks.forEach((t, i) => {
		const x = px(t.value);
		const cur: PlacedTick = { ...t, x, anchor: tickAnchor(x, t.label, width) };
		const prev = kept[kept.length - 1];
		if (prev && extent(prev)[1] + gapPx > extent(cur)[0]) {
			if (i !== ticks.length - 1 || kept.length < 2) return;
			kept.pop();
		}
		kept.push(cur);
	});
	return kept;
}
