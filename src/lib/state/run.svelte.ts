// The live state of one run on the main thread, as Svelte 5 runes.
//
// The per-step train loss goes into a StepSeries that is NOT reactive (hundreds of thousands of
// points); readers subscribe to `version`, which is bumped at most once per animation frame when
// new data has arrived. Step, epoch, throughput and the evaluation list are committed on the same
// frame, so a run streaming ~16 chunks a second costs at most one update per frame.
import type { Divergence } from '../engine/trainer';
import type { RunSpec } from '../experiment/model';
import { BoundedHistory, extendRecords, HISTORY_CAP } from '../plot/history';
import { StepSeries, type ChartRun, type EvalPoint } from '../plot/series';
import type { CurvatureExtras, DataStatic, DataViews, RunChunk, RunInfo } from '../worker/protocol';
import type { RunStatus } from './pool';
import { SnapshotStore, thin, type Snapshot } from '../engine/inspect/snapshots';
import { SNAPSHOT_CAP } from '../worker/inspector';
import type { SharpnessSample } from '../engine/curvature/tracker';
import { ViewHistory } from './view-history';

export type RequestFrame = (cb: () => void) => void;

/** at most this many view updates per second from training, whatever the number of runs */
export const UPDATES_PER_SECOND = 6;
/**
 * the most of the main thread's time training updates may take: when a redraw costs c ms, the next
 * one waits at least c·(1/MAIN_THREAD_SHARE − 1) ms. The main thread shares the cores with the
 * training workers, so every millisecond it draws is one the workers do not train (measured with
 * tests/perf/page-profile.ts: 7 MNIST runs on 2 cores had the main thread busy ~50 % of the time).
 * 5 %, not 10 %: with 7 MNIST runs on 2 cores (tests/perf/page-cpu.ts, quiet machine) 10 % let the
 * page's main and raster threads take ~1 s of CPU from the busiest worker in a 5 s run; at 5 % the
 * table's lesson-3 experiment trains ~6 % faster. A light view (one run: a redraw of a few ms) still
 * updates UPDATES_PER_SECOND times a second; 7 runs on the curves view (~18 ms) about 3 times.
 */
export const MAIN_THREAD_SHARE = 0.05;

/** ms until the next update may start, after one that started at `start` and cost `cost` ms */
export function nextUpdateWait(start: number, cost: number, now: number): number {
	const gap = Math.max(1000 / UPDATES_PER_SECOND, (cost * (1 - MAIN_THREAD_SHARE)) / MAIN_THREAD_SHARE);
	return start + gap - now;
}

/**
 * One shared scheduler for every run: all runs that received data commit it in the SAME animation
 * frame, at most UPDATES_PER_SECOND times a second and within MAIN_THREAD_SHARE of the main
 * thread, so 8 streaming runs cost one redraw of each chart per update instead of eight (measured:
 * the per-run frames were the main thread's long tasks while 4 MNIST runs trained). An update's
 * cost is taken from its start to the first task after it (Svelte's effects and the DOM writes run
 * in between; layout and paint follow the animation frame before that task).
 */
const pendingFrames: (() => void)[] = [];
let frameScheduled = false;
let lastStart = -Infinity;
let lastCost = 0;
export const defaultRequestFrame: RequestFrame = (cb) => {
	pendingFrames.push(cb);
	if (frameScheduled) return;
	frameScheduled = true;
	const raf: (f: () => void) => void =
		typeof globalThis.requestAnimationFrame === 'function' ? (f) => globalThis.requestAnimationFrame(() => f()) : (f) => setTimeout(f, 16);
	const flush = () => {
		frameScheduled = false;
		const start = performance.now();
		lastStart = start;
		for (const f of pendingFrames.splice(0)) f();
		setTimeout(() => {
			if (lastStart === start) lastCost = performance.now() - start;
		}, 0);
	};
	const wait = nextUpdateWait(lastStart, lastCost, performance.now());
	if (wait > 0) setTimeout(() => raf(flush), wait);
	else raf(flush);
};

/**
 * Cumulative compute time against step, for the wall-time axis: one (step, ms) pair per chunk,
 * linearly interpolated in between. Compute time only — the time a run waits for a core while
 * others compute is not counted, so time-shared runs compare fairly.
 */
export class Timeline {
	private steps: number[] = [0];
	private ms: number[] = [0];

	get totalMs(): number {
		return this.ms[this.ms.length - 1];
	}

	/** records that `ms` more milliseconds of compute brought the run to `step` */
	add(step: number, ms: number): void {
		const last = this.steps.length - 1;
		if (step === this.steps[last]) this.ms[last] += ms;
		else {
			this.steps.push(step);
			this.ms.push(this.ms[last] + ms);
			// bounded like every per-run history: every other pair goes, the first and last stay
			if (this.steps.length > HISTORY_CAP) {
				this.steps = thin(this.steps);
				this.ms = thin(this.ms);
			}
		}
	}

	/** (step, ms) pairs kept, at most HISTORY_CAP + 1 */
	get size(): number {
		return this.steps.length;
	}

	/** compute ms spent to reach `step` (clamped to the recorded range) */
	timeAt(step: number): number {
		const { steps, ms } = this;
		const n = steps.length;
		if (step <= steps[0]) return ms[0];
		if (step >= steps[n - 1]) return ms[n - 1];
		let lo = 0;
		let hi = n - 1; // steps[lo] < step ≤ steps[hi]
		while (hi - lo > 1) {
			const mid = (lo + hi) >> 1;
			if (steps[mid] < step) lo = mid;
			else hi = mid;
		}
		const f = (step - steps[lo]) / (steps[hi] - steps[lo]);
		return ms[lo] + f * (ms[hi] - ms[lo]);
	}
}

export class RunState implements ChartRun {
	readonly id: string;
	readonly batchSize: number;
	spec: RunSpec;
	status: RunStatus = $state('idle');
	/** why the run failed, when status is 'failed' */
	failure: string | null = $state(null);
	divergence: Divergence | null = $state.raw(null);
	info: RunInfo | null = $state.raw(null);
	step = $state(0);
	epoch = $state(0);
	samplesPerSec = $state(0);
	/** the model file θ₀ came from, or null when the run's init drew it */
	initFrom: string | null = $state(null);
	/** test-split evaluations so far, at most HISTORY_CAP (thinned evenly, the last always kept); replaced, never mutated */
	evals: EvalPoint[] = $state.raw([]);
	/** the evaluations that set a new best test accuracy: ≤ test-set size + 1, so "steps to x%" stays exact */
	private accuracyRecords: EvalPoint[] = $state.raw([]);
	private records: EvalPoint[] = [];
	private readonly evalHistory = new BoundedHistory<EvalPoint>();
	private readonly curvatureHistory = new BoundedHistory<SharpnessSample>();
	lastLoss: number | null = $state(null);
	/** bumped when train, evals or the timeline change (at most once per frame) */
	version = $state(0);
	/** per-step train loss; not reactive — read it under `version` */
	readonly train = new StepSeries();
	readonly timeline = new Timeline();
	/** per-layer snapshots mirrored from the worker (bounded like the worker's); read under `version` */
	readonly snapshots = new SnapshotStore<Snapshot>(SNAPSHOT_CAP);
	/** the latest data views (decision grid, confusion matrix, predictions, filters) */
	views: DataViews | null = $state.raw(null);
	/** every evaluation's data views, for the scrubber and replay; read under `version` */
	readonly viewHistory = new ViewHistory<DataViews>();
	/** what the data views draw under the results (points or digits), sent once */
	dataStatic: DataStatic | null = $state.raw(null);
	/** sharpness estimates λ_max over steps (a few dozen per run, at most HISTORY_CAP); replaced, never mutated */
	curvature: SharpnessSample[] = $state.raw([]);
	/** what the estimates measure and what they have cost so far */
	curvatureInfo: Omit<CurvatureExtras, 'samples'> | null = $state.raw(null);
	private curvaturePending = false;
	private pendingCurvatureInfo: Omit<CurvatureExtras, 'samples'> | null = null;
	private pendingViews: DataViews | null = null;
	private pendingStatic: DataStatic | null = null;

	private readonly requestFrame: RequestFrame;
	private framePending = false;
	private evalsPending = false;
	private pendingChunk: RunChunk | null = null;

	constructor(spec: RunSpec, batchSize: number, requestFrame: RequestFrame = defaultRequestFrame) {
		this.id = spec.id;
		this.spec = $state.raw(spec);
		this.batchSize = batchSize;
		this.requestFrame = requestFrame;
	}

	get label(): string {
		return this.spec.label;
	}
	get colorIndex(): number {
		return this.spec.color;
	}
	get stepsPerEpoch(): number {
		return this.info?.stepsPerEpoch ?? 1;
	}
	get totalSteps(): number | null {
		return this.info?.totalSteps ?? null;
	}
	/** the loss of step 1 (θ₀ on the first batch), known as soon as the worker has started */
	get firstLoss(): number | null {
		return this.info?.firstLoss ?? null;
	}
	/** whether the run has taken a step (a live change applies to it; before, an edit just restarts it) */
	get started(): boolean {
		return this.step > 0 || this.status === 'running';
	}
	get divergedAt(): number | null {
		return this.divergence?.step ?? null;
	}

	/** e.g. "diverged at step 412 (train loss = NaN)" or "failed: <reason>" */
	get statusText(): string {
		switch (this.status) {
			case 'idle':
				return 'ready';
			case 'loading':
				return 'loading…';
			case 'running':
				return `running (step ${this.step})`;
			case 'paused':
				return `paused at step ${this.step}`;
			case 'done':
				return `done (${this.step} steps)`;
			case 'diverged': {
				const d = this.divergence;
				return d ? `diverged at step ${d.step} (${d.what} = ${d.value})` : 'diverged';
			}
			case 'failed':
				return `failed: ${this.failure ?? 'unknown error'}`;
		}
	}

	/** compute ms to reach a step (interpolated); an arrow so the chart may call it unbound */
	timeAt = (step: number): number => this.timeline.timeAt(step);

	get finalTestAccuracy(): number | null {
		return this.evals.at(-1)?.testAccuracy ?? null;
	}
	get finalTestLoss(): number | null {
		return this.evals.at(-1)?.testLoss ?? null;
	}
	get bestTestAccuracy(): number | null {
		return this.accuracyRecords.at(-1)?.testAccuracy ?? null;
	}
	/** the train loss of the last completed step */
	get finalLoss(): number | null {
		return this.lastLoss;
	}
	/** the first evaluated step whose test accuracy reached acc (resolution: evalEvery), or null */
	stepsToTarget(acc: number): number | null {
		return this.accuracyRecords.find((e) => e.testAccuracy >= acc)?.step ?? null;
	}
	/** compute ms to that step, or null */
	timeToTarget(acc: number): number | null {
		return this.accuracyRecords.find((e) => e.testAccuracy >= acc)?.timeMs ?? null;
	}

	/** examples seen after `step` updates: whole epochs of trainSize, then full batches */
	examplesAt(step: number): number {
		const info = this.info;
		if (!info) return step * this.batchSize;
		const epochs = Math.floor(step / info.stepsPerEpoch);
		return epochs * info.trainSize + (step - epochs * info.stepsPerEpoch) * this.batchSize;
	}

	applyInfo(info: RunInfo): void {
		this.info = info;
		if (info.initial) this.applyChunk(info.initial);
	}

	setStatus(status: RunStatus, reason?: string): void {
		// a finished run's last data is committed with its status, not a rate-limited frame later
		if (status === 'done' || status === 'diverged' || status === 'failed') this.flush();
		this.status = status;
		this.failure = status === 'failed' ? (reason ?? null) : null;
	}

	/** Takes a chunk from the worker: series and timeline now, reactive fields on the next frame. */
	applyChunk(chunk: RunChunk): void {
		this.train.append(chunk.losses, chunk.fromStep);
		this.timeline.add(chunk.step, chunk.computeMs);
		const points: EvalPoint[] = [];
		for (const e of chunk.evals) {
			const point: EvalPoint = {
				step: e.step,
				epoch: e.epoch,
				examples: this.examplesAt(e.step),
				timeMs: this.timeline.timeAt(e.step),
				testLoss: e.testLoss,
				testAccuracy: e.testAccuracy
			};
			this.evalHistory.push(point);
			points.push(point);
			this.evalsPending = true;
		}
		// accuracies are multiples of 1/test-set size, so the records stay ≤ test-set size + 1
		this.records = extendRecords(this.records, points, (a, b) => a.testAccuracy > b.testAccuracy);
		const extras = chunk.extras;
		if (extras) {
			this.snapshots.ingest(extras.snapshots);
			if (extras.views) {
				this.pendingViews = extras.views;
				this.viewHistory.push(extras.views);
			}
			if (extras.dataStatic) this.pendingStatic = extras.dataStatic;
			if (extras.curvature) {
				for (const sample of extras.curvature.samples) this.curvatureHistory.push(sample);
				if (extras.curvature.samples.length > 0) this.curvaturePending = true;
				this.pendingCurvatureInfo = { meta: extras.curvature.meta, cost: extras.curvature.cost };
			}
		}
		this.pendingChunk = chunk;
		if (chunk.divergence) this.divergence = chunk.divergence;
		if (!this.framePending) {
			this.framePending = true;
			this.requestFrame(() => this.flush());
		}
	}

	/** whether a landed chunk waits for the next frame to reach the reactive fields */
	get pending(): boolean {
		return this.framePending;
	}

	/** commits pending data to the reactive fields now */
	flush(): void {
		this.framePending = false;
		const c = this.pendingChunk;
		if (!c) return;
		this.pendingChunk = null;
		this.step = c.step;
		this.epoch = c.epoch;
		if (c.stepsTaken > 0) {
			this.samplesPerSec = c.samplesPerSec;
			this.lastLoss = c.losses[c.losses.length - 1];
		}
		if (this.pendingViews) {
			this.views = this.pendingViews;
			this.pendingViews = null;
		}
		if (this.pendingStatic) {
			this.dataStatic = this.pendingStatic;
			this.pendingStatic = null;
		}
		if (this.curvaturePending) {
			this.curvature = this.curvatureHistory.items();
			this.curvaturePending = false;
		}
		if (this.pendingCurvatureInfo) {
			this.curvatureInfo = this.pendingCurvatureInfo;
			this.pendingCurvatureInfo = null;
		}
		if (this.evalsPending) {
			this.accuracyRecords = this.records;
			this.evals = this.evalHistory.items();
			this.evalsPending = false;
		}
		this.version++;
	}
}
