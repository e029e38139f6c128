// Hover lookups for the loss chart: O(log n) per run per pointer move, over the full-resolution
// series that the chart already holds — nothing is re-smoothed or re-decimated on hover.
import { xOfStep } from './axis';
import type { RunGeometry } from './runGeometry';
import type { EvalPoint } from './series';

/**
 * Index of the point whose x is nearest to `target`, for x = xAt(i) non-decreasing over
 * i = 0 … n−1 (steps, epochs, examples and wall-clock time all grow with the step). −1 when n = 0.
 */
export function nearestIndex(n: number, xAt: (i: number) => number, target: number): number {
	if (n === 0) return -1;
	let lo = 0;
	let hi = n - 1;
	while (lo < hi) {
		// first index with xAt(i) ≥ target
		const mid = (lo + hi) >>> 1;
		if (xAt(mid) < target) lo = mid + 1;
		else hi = mid;
	}
	if (lo > 0 && Math.abs(xAt(lo - 1) - target) <= Math.abs(xAt(lo) - target)) return lo - 1;
	return lo;
}

/** the last evaluation at or before `step` (evals sorted by step), or null */
export function evalAtOrBefore(evals: readonly EvalPoint[], step: number): EvalPoint | null {
	let lo = 0;
	let hi = evals.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (evals[mid].step <= step) lo = mid + 1;
		else hi = mid;
	}
	return lo > 0 ? evals[lo - 1] : null;
}

export interface HoverRow {
	id: string;
	label: string;
	colorIndex: number;
	/** the run's step nearest the pointer, and its x */
	step: number;
	x: number;
	/** smoothed train loss there (NaN when the run has no train points) */
	smoothed: number;
	/** the last evaluation at or before that step */
	lastEval: EvalPoint | null;
}

/** one row per run: its point nearest to x = target (each run maps steps to x its own way) */
export function hoverRows(geoms: readonly RunGeometry[], target: number): HoverRow[] {
	const rows: HoverRow[] = [];
	for (const g of geoms) {
		const n = g.steps.length;
		let step: number;
		let smoothed = NaN;
		if (n > 0) {
			const i = nearestIndex(n, (k) => xOfStep(g.mapping, g.mode, g.steps[k]), target);
			// after StepSeries halvings a point sits at the centre of the steps it averages
			step = Math.round(g.steps[i]);
			smoothed = g.smoothed[i];
		} else if (g.evals.length > 0) {
			step = g.evals[nearestIndex(g.evals.length, (k) => g.evalX[k], target)].step;
		} else continue;
		rows.push({
			id: g.id,
			label: g.label,
			colorIndex: g.colorIndex,
			step,
			x: xOfStep(g.mapping, g.mode, step),
			smoothed,
			lastEval: evalAtOrBefore(g.evals, step)
		});
	}
	return rows;
}
