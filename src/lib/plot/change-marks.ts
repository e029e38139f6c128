// The live hyper-parameter changes of the runs as marks for the charts with a step axis (loss,
// accuracy, layer stats, bands, sharpness, the replay bar, the weight-space path): one per change,
// in the run's colour, with what changed in words.
import type { HyperChange, LiveHyper } from '../engine/types';
import { describeSchedule } from '../experiment/changes';
import { runColor } from './palette';

export interface ChangeMark {
	/** the run's id */
	id: string;
	/** the change is in force from the update after this many updates */
	step: number;
	color: string;
	/** e.g. "A: η 0.1 → 0.4 at step 812" */
	text: string;
}

interface MarkedRun {
	id: string;
	label: string;
	colorIndex: number;
	spec?: { optimizer: { readonly [K in LiveHyper]?: number }; changes?: readonly HyperChange[] };
}

/** every run's changes as marks, in run order then step order */
export function changeMarks(runs: readonly MarkedRun[]): ChangeMark[] {
	return runs.flatMap((r) =>
		r.spec ? describeSchedule(r.spec.optimizer, r.spec.changes).map((c) => ({ id: r.id, step: c.step, color: runColor(r.colorIndex), text: `${r.label}: ${c.text}` })) : []
	);
}

/**
 * The short form of a change's text for a narrow chart: the new values only, without the step the
 * dashed line already shows ("η 0.05 → 0.1, μ 0.9 → 0.5 at step 100" → "η → 0.1, μ → 0.5").
 */
export function shortChange(text: string): string {
	return text
		.replace(/ at step \d+$/, '')
		.split(', ')
		.map((part) => part.replace(/^(\S+) \S+ → /, '$1 → '))
		.join(', ');
}

/**
 * Where a path sampled at `steps` (increasing) was at `step`: linear between the two samples around
 * it (a change usually falls between two snapshots), null outside the samples or at a non-finite
 * point.
 */
export function pathPointAt(steps: readonly number[], a: ArrayLike<number>, b: ArrayLike<number>, step: number): { a: number; b: number } | null {
	const n = steps.length;
	if (n === 0 || step < steps[0] || step > steps[n - 1]) return null;
	let hi = 0;
	while (steps[hi] < step) hi++;
	if (steps[hi] === step) return Number.isFinite(a[hi]) && Number.isFinite(b[hi]) ? { a: a[hi], b: b[hi] } : null;
	const lo = hi - 1;
	const f = (step - steps[lo]) / (steps[hi] - steps[lo]);
	const pa = a[lo] + f * (a[hi] - a[lo]);
	const pb = b[lo] + f * (b[hi] - b[lo]);
	return Number.isFinite(pa) && Number.isFinite(pb) ? { a: pa, b: pb } : null;
}
