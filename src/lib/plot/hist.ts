// The data transform of the "inside the network" views, kept apart from scales and marks: which
// snapshot a step shows, shared bins for a layer × quantity across runs, histograms re-binned onto
// them, TensorBoard-style percentile bands over time, ridgeline geometry, per-layer statistics for
// a log axis. Their axis ticks are in ticks.ts, the words that explain a layer (symmetric units,
// dead ReLUs, saturation) in layer-notes.ts.
//
// Why shared bins: every worker bins a quantity over its own [min, max]; the page takes the union
// of those ranges over every compared run (sharedRange) and re-bins each histogram onto the same
// edges (rebin), so two cells of one layer read against each other at a glance (house style 10).
import type { ChangeMark } from './change-marks';
import { area, bisector, curveStepAfter, interpolateLab, line } from 'd3';
import {
	BAND_PERCENTILES,
	binEdges,
	percentiles,
	rebin,
	sharedRange,
	type LayerSnapshot,
	type QuantityHist,
	type Snapshot,
	type SnapshotStore
} from '../engine/inspect/index';
import type { ActivationName } from '../engine/types';
import { runColor } from './palette';

/** One compared run as the inside views see it. */
export interface InsideRun {
	id: string;
	label: string;
	colorIndex: number;
	/** e.g. ['hidden 1 (128)', 'hidden 2 (64)', 'output (10)'] */
	layerNames: string[];
	/** units per layer (fan-out), same order as layerNames */
	layerWidths: number[];
	activation: ActivationName;
	store: SnapshotStore<Snapshot>;
	/** bumps when new snapshots arrive (the store itself is not reactive) */
	version: number;
	/** the step at which the run diverged (its parameters are not finite from there on); null = did not */
	divergedAt?: number | null;
	/** its live hyper-parameter changes, marked at their steps */
	changes?: readonly ChangeMark[];
}

/**
 * The snapshots worth drawing of a run that diverged: those before the first one taken at or after
 * the divergence step or holding a non-finite value (`broken`; divergence at step k means θ after
 * k − 1 updates already gave a NaN loss, so the snapshot at k − 1 may be NaN too). All of them when
 * the run did not diverge.
 */
export function healthySnapshots<T extends { step: number }>(
	snapshots: readonly T[],
	divergedAt: number | null | undefined,
	broken: (s: T) => boolean = hasNonFinite as (s: T) => boolean
): readonly T[] {
	if (divergedAt === null || divergedAt === undefined) return snapshots;
	const k = snapshots.findIndex((s) => s.step >= divergedAt || broken(s));
	return k < 0 ? snapshots : snapshots.slice(0, k);
}

/** any NaN or ±∞ recorded in a snapshot (a plain { step } has none) */
export function hasNonFinite(s: { step: number; layers?: readonly LayerSnapshot[] }): boolean {
	return !!s.layers?.some((L) => QUANTITIES.some((q) => (L[q]?.nonFinite ?? 0) > 0));
}

export type Quantity = 'weight' | 'bias' | 'preact' | 'postact' | 'grad';
export const QUANTITIES: readonly Quantity[] = ['weight', 'bias', 'preact', 'postact', 'grad'];
export const QUANTITY_LABEL: Record<Quantity, string> = {
	weight: 'weights',
	bias: 'biases',
	preact: 'pre-activations',
	postact: 'activations',
	grad: 'gradients'
};

export type Scale = (v: number) => number;

export function quantityOf(layer: LayerSnapshot | undefined, q: Quantity): QuantityHist | null {
	return layer ? layer[q] : null;
}

/** The edges a worker binned h over: nBins even bins from h.lo to h.hi. */
export function ownEdges(h: QuantityHist): Float64Array {
	return binEdges(h.lo, h.hi, h.counts.length);
}

const byStep = bisector((s: { step: number }) => s.step).right;

/**
 * The latest snapshot taken at or before step (null = the latest of all). A step before the first
 * snapshot gives the first one (like SnapshotStore.at), so a run never shows an empty cell while
 * it has data. Snapshots must be sorted by step.
 */
export function snapshotAt<T extends { step: number }>(snapshots: readonly T[], step: number | null): T | undefined {
	if (snapshots.length === 0) return undefined;
	if (step === null) return snapshots[snapshots.length - 1];
	return snapshots[Math.max(0, byStep(snapshots, step) - 1)];
}

/** Every step any run has a snapshot at, sorted and distinct (the scrubber's stops). */
export function unionSteps(lists: readonly (readonly number[])[]): number[] {
	const all = new Set<number>();
	for (const l of lists) for (const s of l) all.add(s);
	return [...all].sort((a, b) => a - b);
}

/**
 * Edges shared by every given histogram: nBins even bins over the union of their [lo, hi]
 * (histograms without finite values are ignored; sharedRange widens a single spike to v ± ½).
 */
export function sharedEdges(hists: readonly (QuantityHist | null | undefined)[], nBins = 48): Float64Array {
	const ranges = [];
	for (const h of hists) if (h && h.n > 0) ranges.push({ min: h.lo, max: h.hi });
	const { lo, hi } = sharedRange(ranges);
	return binEdges(lo, hi, nBins);
}

export interface Rebinned {
	/** counts on the shared edges (fractional: rebin spreads a source bin uniformly) */
	counts: Float64Array;
	/** counts / total: the share of the values in each bin */
	share: Float64Array;
	/** counts / (total · bin width): integrates to 1, comparable across layers of different size */
	density: Float64Array;
	total: number;
}

/** h re-binned onto edges, as counts, shares and densities. An empty histogram gives zeros. */
export function rebinned(h: QuantityHist, edges: Float64Array): Rebinned {
	const counts = rebin(h.counts, ownEdges(h), edges);
	let total = 0;
	for (const c of counts) total += c;
	const n = counts.length;
	const share = new Float64Array(n);
	const density = new Float64Array(n);
	if (total > 0)
		for (let i = 0; i < n; i++) {
			share[i] = counts[i] / total;
			density[i] = counts[i] / (total * (edges[i + 1] - edges[i]));
		}
	return { counts, share, density, total };
}

/**
 * Whether every finite value of h is the same (lo = hi > no spread): a point mass. Its height in
 * "share per bin" would only reflect the bin width (its density is infinite), so the views draw it
 * as a labelled spike and leave it out of the shared y scale.
 */
export function isPointMass(h: QuantityHist | null | undefined): boolean {
	return !!h && h.n > 0 && h.lo === h.hi;
}

/** max of a list of arrays (0 for none): a y domain shared by compared histograms */
export function maxOf(arrays: readonly ArrayLike<number>[]): number {
	let m = 0;
	for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
	return m;
}

/** The corners of a step outline: (e₀, 0), (e_i, v_i) for every bin, (e_n, v_last), (e_n, 0). */
function stepPoints(values: ArrayLike<number>, edges: Float64Array): [number, number][] {
	const n = values.length;
	const pts: [number, number][] = [[edges[0], 0]];
	for (let i = 0; i < n; i++) pts.push([edges[i], values[i]]);
	pts.push([edges[n], values[n - 1]], [edges[n], 0]);
	return pts;
}

/** A histogram as ONE filled step area from the baseline (cheaper than a rect per bin). */
export function stepAreaPath(values: ArrayLike<number>, edges: Float64Array, sx: Scale, sy: Scale): string {
	if (values.length === 0) return '';
	const gen = area<[number, number]>()
		.curve(curveStepAfter)
		.x((p) => sx(p[0]))
		.y0(sy(0))
		.y1((p) => sy(p[1]))
		.digits(1);
	return gen(stepPoints(values, edges)) ?? '';
}

/** The same histogram as an outline only (overlay mode: several runs on one axis). */
export function stepLinePath(values: ArrayLike<number>, edges: Float64Array, sx: Scale, sy: Scale): string {
	if (values.length === 0) return '';
	const gen = line<[number, number]>()
		.curve(curveStepAfter)
		.x((p) => sx(p[0]))
		.y((p) => sy(p[1]))
		.digits(1);
	return gen(stepPoints(values, edges)) ?? '';
}

export interface BandSeries {
	steps: number[];
	/** bands[k][i] = percentile BAND_PERCENTILES[k] of the snapshot at steps[i] (NaN: no values) */
	bands: Float64Array[];
}

/** A layer's quantity over time as TensorBoard's nine percentiles per snapshot. */
export function bandSeries(snapshots: readonly Snapshot[], layer: number, q: Quantity): BandSeries {
	const steps: number[] = [];
	const rows: Float64Array[] = [];
	for (const s of snapshots) {
		const h = quantityOf(s.layers[layer], q);
		if (!h) continue;
		steps.push(s.step);
		rows.push(percentiles(h.counts, ownEdges(h), BAND_PERCENTILES));
	}
	const bands = BAND_PERCENTILES.map((_, k) => Float64Array.from(rows, (r) => r[k]));
	return { steps, bands };
}

/** [min, max] of every finite band value (p0 and p100 bound the rest); a spike is widened. */
export function bandDomain(series: readonly BandSeries[]): [number, number] {
	const ranges = [];
	for (const s of series) {
		const last = s.bands.length - 1;
		for (let i = 0; i < s.steps.length; i++) ranges.push({ min: s.bands[0][i], max: s.bands[last][i] });
	}
	const { lo, hi } = sharedRange(ranges);
	return [lo, hi];
}

/**
 * The band marks: areas between p_k and p_(8−k) for k = 0…3 (outermost first, so inner ones paint
 * over it) and the median line. Gaps where a snapshot has no finite value.
 */
export function bandPaths(series: BandSeries, sx: Scale, sy: Scale): { areas: string[]; median: string } {
	const { steps, bands } = series;
	const idx = steps.map((_, i) => i);
	const last = bands.length - 1;
	const mid = last >> 1;
	const areas: string[] = [];
	for (let k = 0; k < mid; k++) {
		const lo = bands[k];
		const hi = bands[last - k];
		const gen = area<number>()
			.defined((i) => Number.isFinite(lo[i]) && Number.isFinite(hi[i]))
			.x((i) => sx(steps[i]))
			.y0((i) => sy(lo[i]))
			.y1((i) => sy(hi[i]))
			.digits(1);
		areas.push(gen(idx) ?? '');
	}
	const med = bands[mid];
	const median = line<number>()
		.defined((i) => Number.isFinite(med[i]))
		.x((i) => sx(steps[i]))
		.y((i) => sy(med[i]))
		.digits(1)(idx);
	return { areas, median: median ?? '' };
}

/** k indices spread evenly over 0…n−1, first and last included (all of them when n ≤ k). */
export function pickEvenly(n: number, k: number): number[] {
	if (n <= k) return Array.from({ length: n }, (_, i) => i);
	if (k <= 1) return [n - 1];
	const out = new Set<number>();
	for (let j = 0; j < k; j++) out.add(Math.round((j * (n - 1)) / (k - 1)));
	return [...out];
}

export interface Ridge {
	step: number;
	/** y of this ridge's baseline in px (oldest at the top) */
	baseline: number;
	d: string;
}

/**
 * Ridgeline: one outline per snapshot, stacked from the oldest (top) to the newest (bottom), each
 * rising at most `overlap` row spacings above its baseline. shares must be on the same edges;
 * peak is the share that reaches full height (pass one shared by the compared cells); taller bins
 * are cut there.
 */
export function ridgelineGeometry(
	rows: readonly { step: number; share: ArrayLike<number> }[],
	edges: Float64Array,
	sx: Scale,
	height: number,
	peak: number,
	overlap = 1.5
): Ridge[] {
	const n = rows.length;
	if (n === 0) return [];
	const spacing = height / (n - 1 + overlap);
	const top = peak > 0 ? peak : 1;
	const rise = (overlap * spacing) / top;
	return rows.map((r, k) => {
		const baseline = (k + overlap) * spacing;
		// a spike taller than the peak (a point mass) is cut at full ridge height
		const d = stepAreaPath(r.share, edges, sx, (v) => baseline - Math.min(v, top) * rise);
		return { step: r.step, baseline, d };
	});
}

export type LayerStat = 'actStd' | 'gradNorm' | 'updateRatio';
export const LAYER_STATS: readonly { key: LayerStat; label: string; axis: string }[] = [
	{ key: 'actStd', label: 'activation std', axis: 'std of activations' },
	{ key: 'gradNorm', label: 'gradient norm', axis: '‖∂L/∂θ‖ per layer' },
	{ key: 'updateRatio', label: 'update ratio', axis: '‖Δθ‖ / ‖θ‖' }
];
/** Karpathy's rule of thumb for a healthy update-to-weight ratio */
export const HEALTHY_UPDATE_RATIO = 1e-3;

/** A per-layer statistic over time for a log axis: null, ≤ 0 and non-finite values become NaN (a gap). */
export function statSeries(snapshots: readonly Snapshot[], layer: number, stat: LayerStat): { x: Float64Array; y: Float64Array } {
	const x = new Float64Array(snapshots.length);
	const y = new Float64Array(snapshots.length);
	snapshots.forEach((s, i) => {
		const v = s.layers[layer]?.[stat];
		x[i] = s.step;
		y[i] = typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : NaN;
	});
	return { x, y };
}

/** A log domain over the positive finite values (and `include`), widened by `pad`× each way. */
export function logDomain(values: readonly ArrayLike<number>[], include: readonly number[] = [], pad = 1.3): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (const a of [...values, include])
		for (let i = 0; i < a.length; i++) {
			const v = a[i];
			if (Number.isFinite(v) && v > 0) {
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
		}
	if (lo > hi) return [1e-4, 1];
	if (lo === hi) return [lo / 10, hi * 10];
	return [lo / pad, hi * pad];
}

/** Layer l of nLayers in the run's colour: dark for the first, light for the last. */
export function layerShade(colorIndex: number, layer: number, nLayers: number): string {
	const base = runColor(colorIndex);
	const t = nLayers > 1 ? layer / (nLayers - 1) : 0;
	// light end stays well off white so the output layer's line is still legible
	return interpolateLab(interpolateLab(base, '#000')(0.4), interpolateLab(base, '#fff')(0.35))(t);
}
