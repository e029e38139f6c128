// Outlier-robust y domains. A run that explodes (a loss of 1e23, an activation std of 1e35) must
// not set the axis for the others, and no drawn line may be clipped into the axis. So:
//
// 1. The sane ceiling: take each series' first finite value (its level at initialisation) and the
//    lower median of those, `base`. A series is healthy when it never exceeds FACTOR × base. The
//    ceiling is FACTOR × the largest healthy value — healthy series are never cut (they stay at
//    least FACTOR below it), and with no healthy series there is no ceiling.
// 2. Each series is drawn up to its first value that is non-finite or above the ceiling, and marked
//    there with the cause and the value ("NaN at step 1", "loss 1e23 at step 37").
// 3. The domain is the extent of what is drawn (positive values only on a log axis).
//
// Pure functions over plain arrays, tested with hand-computed cases in tests/unit/chart-kit.test.ts.

/** how far above the largest healthy value a series may climb before it is cut */
export const SANE_FACTOR = 10;

export type CutCause = 'nan' | 'inf' | 'high';

export interface SeriesCut {
	/** first index not drawn; values.length when all are drawn */
	index: number;
	cause: CutCause | null;
	/** the value at `index` (NaN when none) */
	value: number;
}

function lowerMedian(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[(s.length - 1) >> 1];
}

function firstFinite(values: ArrayLike<number>): number {
	for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) return values[i];
	return NaN;
}

/** the largest value before the first non-finite one (−Infinity when none) */
function maxBeforeBreak(values: ArrayLike<number>): number {
	let m = -Infinity;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!Number.isFinite(v)) break;
		if (v > m) m = v;
	}
	return m;
}

/**
 * The ceiling above which a series is cut, from each series' values in order (train losses,
 * activation stds …). Infinity when no series is healthy.
 */
export function saneCeiling(series: readonly ArrayLike<number>[], factor = SANE_FACTOR): number {
	const starts = series.map(firstFinite).filter((v) => Number.isFinite(v));
	if (starts.length === 0) return Infinity;
	const base = Math.abs(lowerMedian(starts));
	let healthyMax = -Infinity;
	for (const s of series) {
		const m = maxBeforeBreak(s);
		if (Number.isFinite(m) && m <= factor * base) healthyMax = Math.max(healthyMax, m);
	}
	if (!Number.isFinite(healthyMax)) return Infinity;
	return factor * (healthyMax > 0 ? healthyMax : base);
}

/** where a series leaves the sane range: its first non-finite value or value above `ceiling` */
export function cutSeries(values: ArrayLike<number>, ceiling: number): SeriesCut {
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (Number.isNaN(v)) return { index: i, cause: 'nan', value: v };
		if (!Number.isFinite(v)) return { index: i, cause: 'inf', value: v };
		if (v > ceiling) return { index: i, cause: 'high', value: v };
	}
	return { index: values.length, cause: null, value: NaN };
}

/**
 * "NaN at step 1", "loss ∞ at step 3", "loss 1e23 at step 37": what a cut marker says.
 * `quantity` names the value ("loss", "std").
 */
export function cutLabel(cut: { cause: CutCause | null; value: number }, step: number, quantity = 'loss'): string {
	if (cut.cause === 'nan') return `${quantity} NaN at step ${step}`;
	const v = cut.value;
	const text = !Number.isFinite(v) ? (v > 0 ? '∞' : '−∞') : formatCompact(v);
	return `${quantity} ${text} at step ${step}`;
}

/** 2 significant digits in scientific notation past 10⁴ ("1.0e23" style, as the issue reads it) */
function formatCompact(v: number): string {
	const a = Math.abs(v);
	if (a >= 1e4 || (a > 0 && a < 1e-3)) {
		const [m, e] = v.toExponential(1).split('e');
		return `${m.replace('-', '−')}e${Number(e) < 0 ? '−' : ''}${Math.abs(Number(e))}`;
	}
	return String(Number(v.toPrecision(3)));
}

/** running extent of drawn values; `minPositive` serves log axes */
export class Extent {
	min = Infinity;
	max = -Infinity;
	minPositive = Infinity;

	add(v: number): void {
		if (!Number.isFinite(v)) return;
		if (v < this.min) this.min = v;
		if (v > this.max) this.max = v;
		if (v > 0 && v < this.minPositive) this.minPositive = v;
	}

	addAll(values: ArrayLike<number>, end = values.length): void {
		for (let i = 0; i < Math.min(end, values.length); i++) this.add(values[i]);
	}

	get empty(): boolean {
		return !(this.min <= this.max);
	}
}

/**
 * The domain of drawn values: [min, max] (on a log axis [min positive, max]), widened when it is
 * a single value; `fallback` when nothing is drawn.
 */
export function fitDomain(e: Extent, log: boolean, fallback: [number, number] = log ? [0.01, 10] : [0, 1]): [number, number] {
	const lo = log ? e.minPositive : e.min;
	const hi = e.max;
	if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return fallback;
	if (lo === hi) return log ? [lo / 2, hi * 2] : lo === 0 ? [0, 1] : [lo - Math.abs(lo) / 2, hi + Math.abs(hi) / 2];
	return [lo, hi];
}

/** [lo, hi] widened by `frac` of its span on each side (in log space on a log axis), so no line runs along the frame */
export function padDomain([lo, hi]: [number, number], log: boolean, frac: number): [number, number] {
	if (log) {
		const k = (Math.log10(hi) - Math.log10(lo)) * frac;
		return [lo / 10 ** k, hi * 10 ** k];
	}
	const d = (hi - lo) * frac;
	return [lo - d, hi + d];
}

export interface ZoomedDomain {
	domain: [number, number];
	/** true when the axis does not start at 0: draw a "zoomed" mark */
	zoomed: boolean;
}

/**
 * Accuracy axis that zooms to where the runs are going: the lower bound is set by the later half of
 * each series (so the ~10 % of the step-0 evaluation does not squash a 3-point spread between the
 * final values), rounded down to 5 % and padded; when that bound is below 20 % the axis starts at
 * 0. Points below a zoomed axis are clipped and the axis says so.
 */
export function accuracyDomain(series: readonly ArrayLike<number>[]): ZoomedDomain {
	let lo = Infinity;
	let hi = -Infinity;
	for (const s of series) {
		const finite: number[] = [];
		for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) finite.push(s[i]);
		if (finite.length === 0) continue;
		for (const v of finite) hi = Math.max(hi, v);
		for (const v of finite.slice(Math.floor(finite.length / 2))) lo = Math.min(lo, v);
	}
	if (!(lo <= hi)) return { domain: [0, 1], zoomed: false };
	const span = Math.max(hi - lo, 0.02);
	const top = Math.min(1, Math.ceil((hi + span * 0.08) * 100) / 100);
	const bottom = Math.floor((lo - span * 0.15) * 20) / 20;
	if (bottom < 0.2) return { domain: [0, Math.max(top, 0.05)], zoomed: false };
	return { domain: [bottom, top], zoomed: true };
}
