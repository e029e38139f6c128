// Scales that one exploding (or vanishing) run cannot flatten, for the "inside the network" views.
//
// Histograms: runs whose values have a similar magnitude share bins and heights (house style 10);
// a run whose magnitude is more than SCALE_FACTOR× off that group is drawn on its own bins and
// marked with how far off it is ("range 2e7× He's"), instead of squeezing every other run into a
// single bin at 0. Lesson 5 is the test case: σ = 0.01 vanishes to ~1e-10, σ = 1 explodes to ~1e7
// and He stays near 1 — three magnitudes, three readable cells, each saying its factor.
//
// Log statistics: the y range is set by the runs that did not diverge plus every run's first
// snapshot (θ₀ is always a legitimate picture, however extreme), widened by at most one decade for
// the rest; a value beyond it is clipped to the edge and marked, so a diverged run's 1e35 does not
// push the healthy ones into one pixel row.

import { formatNumber } from './format';

/** runs whose magnitudes differ by at most this factor share a scale */
export const SCALE_FACTOR = 10;

/** the magnitude of a histogram's values: max(|lo|, |hi|, hi − lo); 0 = all zero; NaN = no values */
export function magnitude(h: { lo: number; hi: number; n: number } | null | undefined): number {
	if (!h || !(h.n > 0) || !Number.isFinite(h.lo) || !Number.isFinite(h.hi)) return NaN;
	return Math.max(Math.abs(h.lo), Math.abs(h.hi), h.hi - h.lo);
}

export interface ScaleGroups {
	/** indices that share the common scale (the largest cluster of similar magnitudes) */
	shared: number[];
	/** indices drawn on their own scale, each with its magnitude ÷ the shared group's */
	apart: { index: number; ratio: number }[];
}

/**
 * Splits runs by magnitude: the largest set whose magnitudes lie within `factor` of each other
 * shares a scale (ties: the set nearest the median magnitude, so with one run per magnitude the
 * middle one is the reference, then the set nearest magnitude 1); every other run goes apart with its ratio to the shared group's
 * largest magnitude (or smallest, for runs below it). Runs with no values or only zeros join the
 * shared group (they do not set its range).
 */
export function scaleGroups(magnitudes: readonly number[], factor = SCALE_FACTOR): ScaleGroups {
	const sized = magnitudes.flatMap((m, i) => (m > 0 && Number.isFinite(m) ? [{ i, m, log: Math.log10(m) }] : [])).sort((a, b) => a.log - b.log);
	if (sized.length === 0) return { shared: magnitudes.map((_, i) => i), apart: [] };
	const span = Math.log10(factor) + 1e-12;
	const median = sized[(sized.length - 1) >> 1].log / 2 + sized[sized.length >> 1].log / 2;
	let best = { from: 0, to: 0, dist: Infinity };
	for (let a = 0, b = 0; a < sized.length; a++) {
		while (b + 1 < sized.length && sized[b + 1].log - sized[a].log <= span) b++;
		// ties: nearest the median, then nearest magnitude 1 (a healthy layer's order of magnitude)
		const centre = (sized[a].log + sized[b].log) / 2;
		const dist = Math.abs(centre - median) + 1e-6 * Math.abs(centre);
		const better = b - a > best.to - best.from || (b - a === best.to - best.from && dist < best.dist - 1e-9);
		if (better) best = { from: a, to: b, dist };
	}
	const inGroup = new Set(sized.slice(best.from, best.to + 1).map((s) => s.i));
	const lo = sized[best.from].m;
	const hi = sized[best.to].m;
	const shared: number[] = [];
	const apart: { index: number; ratio: number }[] = [];
	magnitudes.forEach((m, i) => {
		if (!(m > 0 && Number.isFinite(m)) || inGroup.has(i)) shared.push(i);
		else apart.push({ index: i, ratio: m > hi ? m / hi : m / lo });
	});
	return { shared, apart };
}

/** a factor, not a measurement: ≤ 2 significant digits by the kit's formatNumber ("7.5e6", "11") */
export function formatRatio(r: number): string {
	return formatNumber(r, 2);
}

/**
 * The short mark of a cell on its own scale, for narrow cells: "▲ ×8e6" (values that many times
 * larger than the shared group's) or "▼ ÷2e3" (that many times smaller); one significant digit.
 */
export function factorMark(ratio: number): string {
	const big = ratio >= 1;
	const f = big ? ratio : 1 / ratio;
	const text = f < 100 ? String(Math.round(f)) : `${Number(f.toExponential(0).split('e')[0])}e${Math.floor(Math.log10(Number(f.toPrecision(1))))}`;
	return `${big ? '▲ ×' : '▼ ÷'}${text}`;
}

export interface RobustLogDomain {
	domain: [number, number];
	/** values beyond the domain exist (drawn clipped at the edge and marked) */
	clippedHigh: boolean;
	clippedLow: boolean;
}

/**
 * A log domain for per-layer statistics: the positive finite values of `reference` (and
 * `include`, e.g. a guide line) set it; `others` widen it by at most one decade each way; anything
 * further is clipped. `pad` widens the result by that factor each way.
 */
export function robustLogDomain(
	reference: readonly ArrayLike<number>[],
	others: readonly ArrayLike<number>[],
	include: readonly number[] = [],
	pad = 1.3
): RobustLogDomain {
	const ext = (arrays: readonly ArrayLike<number>[]) => {
		let lo = Infinity;
		let hi = -Infinity;
		for (const a of arrays)
			for (let i = 0; i < a.length; i++) {
				const v = a[i];
				if (Number.isFinite(v) && v > 0) {
					if (v < lo) lo = v;
					if (v > hi) hi = v;
				}
			}
		return { lo, hi };
	};
	let { lo, hi } = ext([...reference, include]);
	const o = ext(others);
	if (lo > hi) ({ lo, hi } = o.lo <= o.hi ? { lo: o.lo, hi: o.hi } : { lo: 1e-4, hi: 1 });
	let clippedHigh = false;
	let clippedLow = false;
	if (o.hi > hi) {
		clippedHigh = o.hi > hi * 10;
		hi = Math.min(o.hi, hi * 10);
	}
	if (o.lo < lo) {
		clippedLow = o.lo < lo / 10;
		lo = Math.max(o.lo, lo / 10);
	}
	if (lo === hi) return { domain: [lo / 10, hi * 10], clippedHigh, clippedLow };
	return { domain: [lo / pad, hi * pad], clippedHigh, clippedLow };
}
