// The weight-space view's computation: every run's kept θ snapshots → one shared 2-D plane → each
// run's path projected on it → the loss computed exactly on that plane (fixed probe batch).
// Pure, so Node tests run it. It lives in one of the training pool's workers (api.ts: plane*
// calls), on the data set that worker already holds, and its grid is computed a few rows per call
// (begin → rows … → result), so the lockstep rounds of the runs go on in between.
//
// Memory budget: the page's runs share 64 MiB of θ snapshots (trajectoryBudget in
// engine/loss-plane/trajectory.ts, ≤ 8 MB per run), and a drained snapshot is handed over to this
// store — the run's recorder keeps only its step — so each snapshot exists once. The page keeps none.
// Time: the plane is fitted to at most FIT_MAX snapshots (evenly spaced per run), so the Gram
// matrix costs ≤ FIT_MAX² · P / 2 multiply-adds (≈ 0.5 G for the MNIST net); the grid costs
// n² probe forward passes.
import { buildDataset } from '../experiment/build';
import type { SharedSettings } from '../experiment/model';
import { Mlp } from '../engine/mlp';
import { emptyLossGrid, gridRange, lossGridRow, type GridRange, type LossGrid } from '../engine/loss-plane/grid';
import type { Plane } from '../engine/loss-plane/projection';
import { interpolationAlphas, lossAlongLine } from '../engine/loss-plane/interpolate';
import { pcaPlane, projectPath, type ProjectedPath } from '../engine/loss-plane/projection';
import { mergeDrain, type TrajectoryDrain, type TrajectorySnapshot } from '../engine/loss-plane/trajectory';
import type { Dataset } from '../engine/types';
import { gatherTrainRows } from '../engine/trainer';

export const FIT_MAX = 96;
export const GRID_N = 21;
export const LANDSCAPE_PROBE_N = 128;

export interface LossPlanePath extends ProjectedPath {
	id: string;
	steps: number[];
}

/** a run left out of the plane and the grid, and why (said on the plot) */
export interface LeftOut {
	id: string;
	reason: string;
}

/** the loss along the straight line θ₀ → θ_now → 1.5× of one run (Goodfellow et al. 2015) */
export interface InterpolationLine {
	id: string;
	/** the step of the latest kept snapshot, the "θ_now" of the line */
	step: number;
	alphas: Float64Array;
	/** on the first LANDSCAPE_PROBE_N train and test examples; NaN where not finite */
	train: Float64Array;
	test: Float64Array;
}

export interface LossPlaneResult {
	/** per run, the loss along its own θ₀ → θ_now line */
	lines: InterpolationLine[];
	/** 'theta0': every run starts at the common θ₀ = (0, 0); 'mean': runs start apart, centred at the mean */
	centre: 'theta0' | 'mean';
	/** share of the snapshots' spread along each axis */
	explained: [number, number];
	fitted: number;
	paths: LossPlanePath[];
	range: GridRange;
	grid: LossGrid;
	/** grid side */
	n: number;
	/** runs not in the plane, the paths or the grid (diverged: their θ would set every axis) */
	leftOut: LeftOut[];
}

/** what compute() throws when no run has moved from θ₀ yet: the plane would be flat */
export const TRAIN_FIRST = 'train first: every run is still at step 0, so there is no path to show';

function finite(p: Float32Array): boolean {
	for (let i = 0; i < p.length; i++) if (p[i] - p[i] !== 0) return false;
	return true;
}

function equal(a: Float32Array, b: Float32Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** evenly spaced picks (first and last included) */
function spread<T>(items: readonly T[], k: number): T[] {
	if (items.length <= k) return items.slice();
	return Array.from({ length: k }, (_, i) => items[Math.round((i * (items.length - 1)) / Math.max(1, k - 1))]);
}

/** a grid being computed a few rows at a time */
interface PlaneJob {
	mlp: Mlp;
	plane: Plane;
	grid: LossGrid;
	next: number;
	result: LossPlaneResult;
}

export class LossPlaneStore {
	private runs = new Map<string, TrajectorySnapshot[]>();
	private shared: SharedSettings | null = null;
	private probe: { x: Float32Array; y: Uint8Array; n: number } | null = null;
	private trainProbe: { x: Float32Array; y: Uint8Array; n: number } | null = null;
	private sizes: number[] = [];

	private job: PlaneJob | null = null;

	/**
	 * A new experiment: forget every run, build the probe batch (the first test examples). `data` is
	 * the data set already built for these settings (the worker's shared one), or MNIST's bytes.
	 */
	reset(shared: SharedSettings, data?: Uint8Array | Dataset): void {
		this.runs.clear();
		this.job = null;
		this.shared = shared;
		const ds: Dataset = data && !(data instanceof Uint8Array) ? data : buildDataset(shared, data);
		const n = Math.min(LANDSCAPE_PROBE_N, ds.testY.length);
		this.probe = { x: ds.testX.slice(0, n * ds.inputDim), y: ds.testY.slice(0, n), n };
		const m = Math.min(LANDSCAPE_PROBE_N, ds.trainY.length);
		// the first m train rows, gathered (MNIST: from its pixels) rather than read from ds.trainX,
		// which a packed data set would first build whole (24 MB)
		const trainX = new Float32Array(m * ds.inputDim);
		gatherTrainRows(trainX, ds, Uint32Array.from({ length: m }, (_, i) => i));
		this.trainProbe = { x: trainX, y: ds.trainY.slice(0, m), n: m };
		this.sizes = [ds.inputDim, ...shared.hidden, ds.nClasses];
	}

	add(id: string, drain: TrajectoryDrain): void {
		this.runs.set(id, mergeDrain(this.runs.get(id) ?? [], drain));
	}

	remove(id: string): void {
		this.runs.delete(id);
	}

	get size(): number {
		return this.runs.size;
	}

	/**
	 * The plane, paths and grid. `diverged` lists the runs that diverged with a reason ("diverged at
	 * step 3"): they are left out, as is any run with a non-finite snapshot — a blown-up θ is so
	 * far from the others that it alone would set both axes and collapse every healthy path to a point.
	 */
	compute(n = GRID_N, onRow?: (row: number, n: number) => void, diverged: readonly LeftOut[] = []): LossPlaneResult {
		const rows = this.begin(n, diverged);
		for (let j = 0; j < rows; j++) {
			this.rows(1);
			onRow?.(j, n);
		}
		return this.result();
	}

	/** Fits the plane and projects the paths (see compute); the grid's rows follow with rows(). Returns n. */
	begin(n = GRID_N, diverged: readonly LeftOut[] = []): number {
		this.job = null;
		if (!this.shared || !this.probe) throw new Error('landscape: reset() first');
		const leftOut: LeftOut[] = [];
		const entries = [...this.runs.entries()].filter(([id, s]) => {
			if (s.length === 0) return false;
			const why = diverged.find((d) => d.id === id)?.reason ?? (s.every((x) => finite(x.params)) ? null : 'its parameters became NaN or ∞');
			if (why !== null) leftOut.push({ id, reason: why });
			return why === null;
		});
		if (entries.length === 0)
			throw new Error(leftOut.length > 0 ? 'every run diverged: there is no healthy path to draw' : 'landscape: no run has recorded its path yet');
		if (entries.every(([, s]) => s.at(-1)?.step === 0)) throw new Error(TRAIN_FIRST);
		const firsts = entries.map(([, s]) => s[0].params);
		const sameStart = firsts.every((p) => equal(p, firsts[0]));
		const perRun = Math.max(2, Math.floor(FIT_MAX / entries.length));
		const fit = entries.flatMap(([, s]) => spread(s, perRun).map((x) => x.params));
		const plane = pcaPlane(fit, sameStart ? firsts[0] : undefined);
		const paths: LossPlanePath[] = entries.map(([id, s]) => ({
			id,
			steps: s.map((x) => x.step),
			...projectPath(
				s.map((x) => x.params),
				plane
			)
		}));
		const range = gridRange(paths, 0.25);
		const mlp = new Mlp({ sizes: this.sizes, activation: this.shared.activation, dtype: 'float32' });
		const p = this.probe;
		const grid = emptyLossGrid(mlp, plane, range, n, p.x, p.y, p.n);
		const alphas = interpolationAlphas();
		const tp = this.trainProbe as { x: Float32Array; y: Uint8Array; n: number };
		const lines: InterpolationLine[] = entries.map(([id, s]) => {
			const first = s[0].params;
			const last = s[s.length - 1];
			return {
				id,
				step: last.step,
				alphas,
				train: lossAlongLine(mlp, first, last.params, alphas, tp.x, tp.y, tp.n),
				test: lossAlongLine(mlp, first, last.params, alphas, p.x, p.y, p.n)
			};
		});
		this.job = { mlp, plane, grid, next: 0, result: { centre: sameStart ? 'theta0' : 'mean', explained: plane.explained, fitted: plane.used, paths, range, grid, n, leftOut, lines } };
		return n;
	}

	/** Computes up to `count` more rows of the grid begun by begin(); returns the rows done so far. */
	rows(count: number): number {
		const job = this.job;
		if (!job) throw new Error('landscape: begin() first');
		const p = this.probe as { x: Float32Array; y: Uint8Array; n: number };
		const n = job.grid.a.length;
		for (let k = 0; k < count && job.next < n; k++) lossGridRow(job.mlp, job.plane, job.grid, job.next++, p.x, p.y, p.n);
		return job.next;
	}

	/** the plane, paths, lines and the grid once every row is done */
	result(): LossPlaneResult {
		const job = this.job;
		if (!job) throw new Error('landscape: begin() first');
		if (job.next < job.grid.a.length) throw new Error(`landscape: ${job.next} of ${job.grid.a.length} grid rows done`);
		this.job = null;
		return job.result;
	}
}
