// The data transform of the loss chart, kept apart from scales and marks: for one run, smooth the
// full-resolution train loss (EMA first, so smoothing does not depend on the zoom level), map
// steps to the x axis, decimate to about two points per pixel column, and collect the extents
// the y domain needs. Costs O(n) per run and is recomputed only when the run's version, the
// smoothing, the axis mode or the plot width change — never on pointer moves.
import { debiasedEma } from './ema';
import { decimateMinMax, type Decimated } from './decimate';
import { xOfStep, type StepMapping, type XAxisMode } from './axis';
import type { ChartRun, EvalPoint, StepSeries } from './series';

export interface Extent {
	min: number;
	max: number;
	/** smallest value > 0, for log scales (Infinity when none) */
	minPositive: number;
}

export interface RunGeometry {
	id: string;
	label: string;
	colorIndex: number;
	mode: XAxisMode;
	/** how this run's steps map to x (for the hover and the scrubber) */
	mapping: StepMapping;
	/** step of every full-resolution point, its x, raw and smoothed train loss */
	steps: Float64Array;
	x: Float64Array;
	ys: Float32Array;
	smoothed: Float64Array;
	/** decimated raw train loss; null when smoothing is 0 and it equals `smooth` */
	raw: Decimated | null;
	smooth: Decimated;
	evals: EvalPoint[];
	evalX: Float64Array;
	xMin: number;
	xMax: number;
	/** smoothed train loss and test loss, before divergence */
	loss: Extent;
	/** first finite train loss — about the loss at initialisation */
	firstLoss: number;
	accuracy: Extent;
	diverged: { step: number; x: number; lossY: number; accuracyY: number } | null;
}

/**
 * What one run's last build left behind, so the next build redoes only what changed: the x
 * mapping depends on (series, version, axis mode), the raw decimation also on the width, the EMA
 * on (series, version, smoothing). Dragging the smoothing slider thus re-smooths without
 * re-mapping or re-decimating the raw curve, and a finished run whose version stays put costs
 * nothing while the others train. Buffers are reused to spare the garbage collector.
 */
export interface RunCache {
	train?: StepSeries;
	timeAt?: ChartRun['timeAt'];
	xKey?: string;
	x?: Float64Array;
	xBuf?: Float64Array;
	rawKey?: string;
	raw?: Decimated;
	smoothKey?: string;
	smoothed?: Float64Array;
	smoothedBuf?: Float64Array;
	geomKey?: string;
	geom?: RunGeometry;
}

function emptyExtent(): Extent {
	return { min: Infinity, max: -Infinity, minPositive: Infinity };
}

function include(e: Extent, v: number): void {
	if (!Number.isFinite(v)) return;
	if (v < e.min) e.min = v;
	if (v > e.max) e.max = v;
	if (v > 0 && v < e.minPositive) e.minPositive = v;
}

function grown(buf: Float64Array | undefined, n: number): Float64Array {
	return buf && buf.length >= n ? buf : new Float64Array(Math.max(n, 2 * (buf?.length ?? 0)));
}

export function buildRunGeometry(
	run: ChartRun,
	mode: XAxisMode,
	smoothing: number,
	maxPoints: number,
	cache: RunCache = {}
): RunGeometry {
	// a new series or time function under the same id (a reset run) invalidates everything
	if (cache.train !== run.train || (mode === 'time' && cache.timeAt !== run.timeAt)) {
		cache.xKey = cache.rawKey = cache.smoothKey = cache.geomKey = undefined;
	}
	cache.train = run.train;
	cache.timeAt = run.timeAt;
	// the series may grow between version bumps (a chunk lands before its frame), so its length is
	// part of every key: a stale x array must never be paired with a longer y array
	const v = `${run.version}:${run.train.length}:${run.train.stride}`;
	const geomKey = `${v}|${mode}|${smoothing}|${maxPoints}|${run.stepsPerEpoch}|${run.batchSize}|${run.divergedAt}`;
	if (cache.geom && cache.geomKey === geomKey) return cache.geom;

	const ys = run.train.ys();
	const steps = run.train.xs();
	const n = ys.length;
	const xKey = `${v}|${mode}|${run.stepsPerEpoch}|${run.batchSize}`;
	if (cache.xKey !== xKey || !cache.x) {
		if (mode === 'steps') cache.x = steps;
		else {
			cache.xBuf = grown(cache.xBuf, n);
			const x = (cache.x = cache.xBuf.subarray(0, n));
			for (let i = 0; i < n; i++) x[i] = xOfStep(run, mode, steps[i]);
		}
		cache.xKey = xKey;
		cache.rawKey = undefined;
	}
	const x = cache.x;
	const rawKey = `${xKey}|${maxPoints}`;
	let raw = cache.raw;
	if (cache.rawKey !== rawKey || !raw) {
		raw = cache.raw = decimateMinMax(x, ys, n, maxPoints);
		cache.rawKey = rawKey;
	}
	const smoothKey = `${v}|${smoothing}`;
	if (cache.smoothKey !== smoothKey || !cache.smoothed) {
		cache.smoothedBuf = grown(cache.smoothedBuf, n);
		cache.smoothed = debiasedEma(ys, smoothing, cache.smoothedBuf);
		cache.smoothKey = smoothKey;
	}
	const smoothed = cache.smoothed;
	const cut = run.divergedAt ?? Infinity;
	const loss = emptyExtent();
	const accuracy = emptyExtent();
	let firstLoss = NaN;
	let lastGoodLoss = NaN;
	for (let i = 0; i < n && steps[i] < cut; i++) {
		const v = smoothed[i];
		include(loss, v);
		if (Number.isFinite(v)) {
			if (Number.isNaN(firstLoss)) firstLoss = v;
			lastGoodLoss = v;
		}
	}
	const evalX = new Float64Array(run.evals.length);
	let lastGoodAccuracy = NaN;
	run.evals.forEach((e, k) => {
		evalX[k] = xOfStep(run, mode, e.step);
		if (e.step >= cut) return;
		include(loss, e.testLoss);
		include(accuracy, e.testAccuracy);
		if (Number.isFinite(e.testAccuracy)) lastGoodAccuracy = e.testAccuracy;
	});
	let xMin = Infinity;
	let xMax = -Infinity;
	for (const v of [x[0], x[n - 1], evalX[0], evalX[evalX.length - 1]]) {
		if (Number.isFinite(v)) {
			xMin = Math.min(xMin, v);
			xMax = Math.max(xMax, v);
		}
	}
	const geom: RunGeometry = {
		id: run.id,
		label: run.label,
		colorIndex: run.colorIndex,
		mode,
		mapping: { stepsPerEpoch: run.stepsPerEpoch, batchSize: run.batchSize, timeAt: run.timeAt },
		steps,
		x,
		ys,
		smoothed,
		// with no smoothing the raw curve is the smoothed one: draw it once
		raw: smoothing > 0 ? raw : null,
		// the smoothed curve varies slowly: half the raw envelope's points draw it as well, at half
		// the cost of building its path on every update
		smooth: smoothing > 0 ? decimateMinMax(x, smoothed, n, Math.max(4, maxPoints >> 1)) : raw,
		evals: run.evals,
		evalX,
		xMin,
		xMax,
		loss,
		firstLoss,
		accuracy,
		diverged:
			run.divergedAt === null
				? null
				: { step: run.divergedAt, x: xOfStep(run, mode, run.divergedAt), lossY: lastGoodLoss, accuracyY: lastGoodAccuracy }
	};
	cache.geom = geom;
	cache.geomKey = geomKey;
	return geom;
}

export function xDomain(geoms: readonly RunGeometry[]): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (const g of geoms) {
		lo = Math.min(lo, g.xMin);
		hi = Math.max(hi, g.xMax);
		if (g.diverged && Number.isFinite(g.diverged.x)) hi = Math.max(hi, g.diverged.x);
	}
	if (!(lo <= hi)) return [0, 1];
	return lo === hi ? [lo, lo + 1] : [lo, hi];
}
