// What the loss and accuracy charts draw, decided across runs (runGeometry.ts does one run):
// the sane ceiling and where each run leaves it, the y domain of what is drawn, which runs
// coincide, the default smoothing for the runs' length, and the end labels. Pure; works on the
// decimated arrays (a few thousand points per run), except a cut's exact step, which is looked up
// in the full-resolution series only for a run that does leave the range.
import { Extent, SANE_FACTOR, accuracyDomain, cutLabel, fitDomain, type CutCause, type ZoomedDomain } from './domain';
import type { RunGeometry } from './runGeometry';

export interface RunCut {
	id: string;
	/** the step where the run left the sane range, and its x */
	step: number;
	x: number;
	cause: CutCause;
	value: number;
	/** "loss NaN at step 1", "loss 1.0e23 at step 37" */
	label: string;
}

/** the first finite value and the largest value before the first non-finite one */
function levels(g: RunGeometry): { start: number; max: number } {
	const ys = g.raw?.y ?? g.smooth.y;
	let start = NaN;
	let max = -Infinity;
	const end = g.diverged ? g.diverged.step : Infinity;
	for (let i = 0; i < ys.length; i++) {
		const v = ys[i];
		if (!Number.isFinite(v)) break;
		if (Number.isNaN(start)) start = v;
		if (v > max) max = v;
	}
	// evaluations count too (a test loss can blow up before the train loss)
	for (const e of g.evals) {
		if (e.step >= end || !Number.isFinite(e.testLoss)) continue;
		if (Number.isNaN(start)) start = e.testLoss;
		if (e.testLoss > max) max = e.testLoss;
	}
	return { start, max };
}

/**
 * The loss above which a run is cut: FACTOR × the largest loss of the healthy runs, where a run is
 * healthy when it never exceeds FACTOR × the lower median of the runs' initial losses
 * (see domain.ts). Infinity when no run is healthy.
 */
export function lossCeiling(geoms: readonly RunGeometry[], factor = SANE_FACTOR): number {
	const lv = geoms.map(levels);
	const starts = lv.map((l) => l.start).filter(Number.isFinite).sort((a, b) => a - b);
	if (starts.length === 0) return Infinity;
	const base = Math.abs(starts[(starts.length - 1) >> 1]);
	let healthy = -Infinity;
	for (const l of lv) if (Number.isFinite(l.max) && l.max <= factor * base) healthy = Math.max(healthy, l.max);
	if (!Number.isFinite(healthy)) return Infinity;
	return factor * (healthy > 0 ? healthy : base);
}

/** where a run leaves [−∞, ceiling]: its first train loss above it or non-finite, or its divergence */
export function findCut(g: RunGeometry, ceiling: number, quantity = 'loss'): RunCut | null {
	const { max } = levels(g);
	const ys = g.ys;
	const steps = g.steps;
	let cut: { step: number; cause: CutCause; value: number } | null = null;
	if (max > ceiling || g.diverged || hasNonFinite(g)) {
		for (let i = 0; i < ys.length; i++) {
			const v = ys[i];
			if (Number.isNaN(v)) cut = { step: Math.round(steps[i]), cause: 'nan', value: v };
			else if (!Number.isFinite(v)) cut = { step: Math.round(steps[i]), cause: 'inf', value: v };
			else if (v > ceiling) cut = { step: Math.round(steps[i]), cause: 'high', value: v };
			if (cut) break;
		}
		for (const e of g.evals) {
			if (cut && e.step >= cut.step) break;
			if (Number.isFinite(e.testLoss) && e.testLoss > ceiling) {
				cut = { step: e.step, cause: 'high', value: e.testLoss };
				break;
			}
		}
		if (g.diverged && (!cut || cut.step > g.diverged.step)) {
			const i = indexOfStep(steps, g.diverged.step);
			const v = i >= 0 ? ys[i] : NaN;
			cut = { step: g.diverged.step, cause: Number.isNaN(v) ? 'nan' : Number.isFinite(v) ? 'high' : 'inf', value: v };
		}
	}
	if (!cut) return null;
	let label = cutLabel(cut, cut.step, quantity);
	if (g.diverged && g.diverged.step > cut.step) label += `, diverged at step ${g.diverged.step}`;
	return { id: g.id, ...cut, x: xAtStep(g, cut.step), label };
}

function hasNonFinite(g: RunGeometry): boolean {
	const ys = g.raw?.y ?? g.smooth.y;
	for (let i = 0; i < ys.length; i++) if (!Number.isFinite(ys[i])) return true;
	return false;
}

function indexOfStep(steps: ArrayLike<number>, step: number): number {
	for (let i = 0; i < steps.length; i++) if (Math.round(steps[i]) >= step) return i;
	return -1;
}

function xAtStep(g: RunGeometry, step: number): number {
	const i = indexOfStep(g.steps, step);
	if (i >= 0 && g.x) return g.x[i];
	const k = g.evals.findIndex((e) => e.step >= step);
	return k >= 0 ? g.evalX[k] : g.xMax;
}

/**
 * y domain of the loss chart: the extent of everything drawn — the smoothed lines, the raw envelope
 * when shown, the test losses — up to each run's cut and at most the ceiling. Strictly positive on
 * a log axis.
 */
export function lossDomain(geoms: readonly RunGeometry[], cuts: ReadonlyMap<string, RunCut>, ceiling: number, log: boolean, showRaw: boolean): [number, number] {
	const e = new Extent();
	const addBelow = (xs: ArrayLike<number>, ys: ArrayLike<number>, cutX: number, floor = -Infinity) => {
		for (let i = 0; i < ys.length && xs[i] < cutX; i++) if (ys[i] <= ceiling) e.add(Math.max(floor, ys[i]));
	};
	// the lines first: the smoothed train loss and the test losses
	for (const g of geoms) {
		const cutX = cuts.get(g.id)?.x ?? Infinity;
		addBelow(g.smooth.x, g.smooth.y, cutX);
		g.evals.forEach((ev, k) => {
			if (g.evalX[k] < cutX && ev.testLoss <= ceiling) e.add(ev.testLoss);
		});
	}
	// then the faint per-step envelope, which on a log axis may reach RAW_LOG_REACH below the lines
	// and no further (its dips are clipped at the bottom)
	const floor = log && e.minPositive < Infinity ? e.minPositive / RAW_LOG_REACH : -Infinity;
	if (showRaw) for (const g of geoms) if (g.raw) addBelow(g.raw.x, g.raw.y, cuts.get(g.id)?.x ?? Infinity, floor);
	return fitDomain(e, log);
}

/**
 * How far below the lowest line the raw per-step envelope may take a log axis: one decade. With
 * batch size 1 one example's loss can be 1e-14 (lesson 8), and fitting that squashed both
 * smoothed lines into a strip at the top of the plot.
 */
export const RAW_LOG_REACH = 10;

/** the accuracy axis: zoomed to where the runs end up (see accuracyDomain), each run up to its cut */
export function accuracyAxis(geoms: readonly RunGeometry[], cuts: ReadonlyMap<string, RunCut>): ZoomedDomain {
	return accuracyDomain(
		geoms.map((g) => {
			const cut = cuts.get(g.id)?.step ?? Infinity;
			return g.evals.filter((e) => e.step < cut).map((e) => e.testAccuracy);
		})
	);
}

/**
 * Default EMA weight for runs of this length, so the smoothed line lags by about 3 % of the run:
 * the EMA's window is about 1/(1 − w) steps, w = 1 − 30/steps, between 0 and 0.95 — 40 steps → 0.25,
 * 125 → 0.76, 3,000 → 0.95. A full-batch run has no batch noise to smooth: 0. Batch size 1 is
 * nothing but noise: 0.99.
 */
export function autoSmoothing(totalSteps: number, stepsPerEpoch: number, batchSize: number): number {
	if (stepsPerEpoch <= 1) return 0;
	if (batchSize === 1) return 0.99;
	if (!(totalSteps > 0)) return 0.6;
	const w = 1 - 30 / totalSteps;
	return Math.round(Math.max(0, Math.min(0.95, w)) * 100) / 100;
}

/**
 * How close two runs' smoothed losses must stay, relatively, to be flagged as lying on top of each
 * other: within NEAR_MEAN on average and NEAR_MAX everywhere (float32 runs that differ by a 1e-5
 * decay per step drift apart by a few tenths of a percent at times, yet draw as one line).
 */
export const NEAR_MEAN = 0.01;
export const NEAR_MAX = 0.03;

export interface Coincidence {
	a: RunGeometry;
	b: RunGeometry;
	/** identical losses at every step (else: within NEAR_COINCIDENCE of each other) */
	exact: boolean;
	/** largest relative difference of the smoothed losses */
	maxRel: number;
}

/**
 * Pairs of runs that would hide one another: identical train losses and evaluations at every step,
 * or smoothed losses within 1 % of each other on average and 3 % everywhere (over ≥ 10 steps).
 */
export function coincidentPairs(geoms: readonly RunGeometry[]): Coincidence[] {
	const pairs: Coincidence[] = [];
	for (let i = 0; i < geoms.length; i++) {
		for (let j = i + 1; j < geoms.length; j++) {
			const a = geoms[i];
			const b = geoms[j];
			if (sameSeries(a, b)) pairs.push({ a, b, exact: true, maxRel: 0 });
			else {
				const rel = closeness(a, b);
				if (rel <= NEAR_MAX) pairs.push({ a, b, exact: false, maxRel: rel });
			}
		}
	}
	return pairs;
}

/** max relative difference of the smoothed losses (Infinity when they part by more than the bounds) */
function closeness(a: RunGeometry, b: RunGeometry): number {
	const n = a.smoothed.length;
	if (n < 10 || n !== b.smoothed.length || a.steps[0] !== b.steps[0]) return Infinity;
	let worst = 0;
	let sum = 0;
	for (let i = 0; i < n; i++) {
		const u = a.smoothed[i];
		const v = b.smoothed[i];
		if (!Number.isFinite(u) || !Number.isFinite(v)) return Infinity;
		const rel = Math.abs(u - v) / Math.max(Math.abs(u), Math.abs(v), 1e-12);
		if (rel > NEAR_MAX) return Infinity;
		worst = Math.max(worst, rel);
		sum += rel;
	}
	return sum / n <= NEAR_MEAN ? worst : Infinity;
}

function sameSeries(a: RunGeometry, b: RunGeometry): boolean {
	const n = a.ys.length;
	if (n < 2 || n !== b.ys.length || a.steps[0] !== b.steps[0]) return false;
	// different runs part within a step or two, so this loop is short unless they coincide
	for (let i = 0; i < n; i++) {
		const u = a.ys[i];
		const v = b.ys[i];
		if (u !== v && !(Number.isNaN(u) && Number.isNaN(v))) return false;
	}
	const m = Math.min(a.evals.length, b.evals.length);
	for (let k = 0; k < m; k++) {
		if (a.evals[k].step !== b.evals[k].step || a.evals[k].testLoss !== b.evals[k].testLoss) return false;
	}
	return true;
}

export interface EndLabel {
	id: string;
	text: string;
	/** where the line ends (px), and where its label sits after nudging */
	x: number;
	y: number;
	labelY: number;
}

interface SpecLike {
	optimizer: { name: string; lr: number; weightDecay?: number } & Record<string, unknown>;
	init: unknown;
	schedule: unknown;
}

/**
 * Why two runs with identical losses coincide, when their settings say so: "λ = 0" (AdamW
 * without decay is Adam), "same settings", or null when the reason is not one of these.
 */
export function sameRunReason(a: SpecLike, b: SpecLike): string | null {
	const names = [a.optimizer.name, b.optimizer.name].sort().join(',');
	const decay = (s: SpecLike) => s.optimizer.weightDecay ?? (s.optimizer.name === 'adamw' ? 0.01 : 0);
	if (names === 'adam,adamw' && decay(a) === 0 && decay(b) === 0) return 'λ = 0, and AdamW without decay is Adam';
	if (JSON.stringify([a.optimizer, a.init, a.schedule]) === JSON.stringify([b.optimizer, b.init, b.schedule])) return 'same settings';
	return null;
}
