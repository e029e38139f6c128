// Ticks of a colour bar: powers of ten on a log scale (1, 2, 5 × 10^k when it spans less than two
// decades), d3's nice ticks otherwise, labelled by the same rules as the charts' axes.
import { scaleLinear, scaleLog } from 'd3';
import { decadeTicks, sciLabel, tickLabel } from './ticks';

const mantissa = (v: number) => Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));

export function colorBarTicks(domain: [number, number], log: boolean, count = 5): { value: number; label: string }[] {
	const [lo, hi] = domain;
	if (!(lo < hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
	if (log && lo > 0) {
		const decades = decadeTicks(lo, hi, count);
		if (decades.length >= 2) return decades;
		const values = scaleLog().domain(domain).ticks(count).filter((v) => [1, 2, 5].includes(mantissa(v)));
		return values.map((value) => ({ value, label: value >= 1e4 || value < 1e-3 ? sciLabel(value, 2) : String(Number(value.toPrecision(3))) }));
	}
	const values = scaleLinear().domain(domain).ticks(count);
	const f = tickLabel(values);
	return values.map((value) => ({ value, label: f(value) }));
}
