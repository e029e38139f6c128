// Axis ticks for the "inside the network" charts: powers of ten on log axes, and linear value and
// step ticks thinned until their labels fit (d3 picks nice steps; this picks how many), then
// placed so none runs off the plot. Pure functions of a d3 scale and a pixel width.
import { format, scaleLog } from 'd3';
import { formatNumber, formatTick, powerOfTenLabel } from './format';
import { pickEvenly } from './hist';

const decadeLabel = powerOfTenLabel;

/**
 * Ticks at powers of ten inside [lo, hi] (every 2nd, 3rd … decade when there are many); a domain
 * inside one decade falls back to d3's log ticks.
 */
export function decadeTicks(lo: number, hi: number, maxTicks = 5): { value: number; label: string }[] {
	const k0 = Math.ceil(Math.log10(lo) - 1e-9);
	const k1 = Math.floor(Math.log10(hi) + 1e-9);
	if (!(k1 >= k0)) {
		const s = scaleLog().domain([lo, hi]);
		const f = format('.2~g');
		const ticks = s.ticks(3);
		return pickEvenly(ticks.length, 3).map((i) => ({ value: ticks[i], label: f(ticks[i]) }));
	}
	const every = Math.max(1, Math.ceil((k1 - k0 + 1) / maxTicks));
	const ticks = [];
	for (let k = k1; k >= k0; k -= every) ticks.push({ value: 10 ** k, label: decadeLabel(k) });
	return ticks.reverse();
}

interface TickScale {
	ticks(count?: number): number[];
}

const siFormat = format('~s');

/** px per character of a 13px tick label (a generous average, so labels never touch) */
const CHAR_PX = 7.5;

type PxScale = TickScale & ((v: number) => number);
export interface TickFit {
	/** px of free space wanted between neighbouring labels */
	gapPx?: number;
	/** labels stacked on a vertical axis: only a line height (≈ 13px) has to fit */
	vertical?: boolean;
}

/**
 * The most ticks (asking d3 for count, count − 1, … 1) whose labels fit between neighbours; d3's
 * ticks are nice steps (1, 2, 5 × 10^k) aligned on 0, so fewer ticks never lose the round numbers.
 */
function fitTicks(scale: PxScale, count: number, labelFor: (ticks: number[]) => (v: number) => string, fit: TickFit, whole = false): number[] {
	const gapPx = fit.gapPx ?? 10;
	let ticks: number[] = [];
	for (let c = Math.max(1, Math.floor(count)); c >= 1; c--) {
		ticks = scale.ticks(c).filter((v) => !whole || Number.isInteger(v));
		if (ticks.length < 2) return ticks;
		const label = labelFor(ticks);
		const longest = Math.max(...ticks.map((v) => label(v).length));
		const need = fit.vertical ? 13 + gapPx / 2 : longest * CHAR_PX + gapPx;
		if (Math.abs(scale(ticks[1]) - scale(ticks[0])) >= need) return ticks;
	}
	return ticks;
}

/** "2.5e−10", "3e7": scientific with ≤ `digits` significant digits, by the kit's formatNumber */
export function sciLabel(v: number, digits = 3): string {
	return formatNumber(v, digits);
}

/**
 * A linear tick label for ticks `step` apart, by the chart kit's formatTick (plot/format.ts):
 * decimals between 0.001 and 99,999, scientific outside — never "1000Y", "1G" or "0.0000000000".
 */
export function tickLabel(ticks: readonly number[]): (v: number) => string {
	const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 0;
	return (v) => formatTick(v, step);
}

/**
 * Value ticks: d3's nice ticks, as many as `count` while their labels fit (so narrow cells never
 * run labels together), labelled like d3's default tickFormat — never 1e+1.
 */
export function valueTicks(scale: PxScale, count: number, fit: TickFit = {}): { value: number; label: string }[] {
	const ticks = fitTicks(scale, count, tickLabel, fit);
	const f = tickLabel(ticks);
	return ticks.map((value) => ({ value, label: f(value) }));
}

const stepLabel = (v: number) => (Math.abs(v) >= 1e6 ? sciLabel(v) : Math.abs(v) >= 1e4 ? siFormat(v) : String(v));
/**
 * Step ticks: whole numbers, 12k style from 10,000 on, as many as fit like valueTicks; when not
 * even two nice ticks fit, the first and last step (a narrow cell still shows its time span).
 */
export function stepTicks(scale: PxScale & { domain(): number[] }, count: number, fit: TickFit = {}): { value: number; label: string }[] {
	let ticks = fitTicks(scale, count, () => stepLabel, fit, true);
	const [lo, hi] = scale.domain();
	if (ticks.length < 2 && Number.isInteger(lo) && Number.isInteger(hi) && lo < hi) ticks = [lo, hi];
	return ticks.map((value) => ({ value, label: stepLabel(value) }));
}

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
