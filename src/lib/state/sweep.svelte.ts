// The sweep page's state: the base experiment (from the link), the sweep's settings, and the jobs
// of a learning-rate sweep or a multi-seed run, trained in the worker pool. One job = one worker:
// it is added to the pool playing, and terminated (pool.remove) as soon as its last chunk arrives,
// so memory stays bounded by the few jobs alive at once. At most concurrency + 1 jobs are alive:
// the extra one builds its data set while the others compute.
//
// Finished jobs are kept by key (optimizer, lr, seed, steps) for the current base experiment, so a
// multi-seed run reuses the sweep's jobs it shares and only trains the missing seeds.
import { DEFAULT_LR } from '../engine/optim/index';
import { OPTIMIZERS, type OptimizerName } from '../engine/types';
import { describeLimit, LIMITS } from '../experiment/limits';
import type { Experiment, FieldError } from '../experiment/model';
import { defaultExperiment, OPTIMIZER_LABELS } from '../experiment/defaults';
import { withinLimit } from '../experiment/fields';
import { type CreateWorker, type PoolListener, type RunStatus } from './pool';
import { PoolOwner, type PoolFacts } from './pool-owner.svelte';
import { mnistBinUrl } from './assets';
import { checkMap, DEFAULT_MAP, mapCell, mapCells, type MapCell, type MapCellConfig, type MapSettings } from '../sweep/batch-lr';
import { trainSize } from '../experiment/defaults';
import type { RunChunk, StartRequest } from '../worker/protocol';
import {
	aggregate,
	bestPoint,
	checkSweep,
	configKey,
	DEFAULT_SWEEP,
	formatLr,
	jobResult,
	jobStart,
	logSpace,
	seedBand,
	sweepConfigs,
	sweepJobs,
	SWEEP_LIMITS,
	type JobConfig,
	type JobEnd,
	type JobResult,
	type SeedBand,
	type SweepJob,
	type SweepPoint,
	type SweepSettings
} from '../sweep/sweep';

export interface SweepOptions {
	/** worker factory; default a module worker running trainer.worker.ts */
	createWorker?: CreateWorker;
	/** jobs computing at once; default navigator.hardwareConcurrency */
	concurrency?: number;
	/** absolute URL of mnist.bin; default the app's static/data/mnist.bin */
	mnistUrl?: string;
	/** install window.__sweep (default true in the browser) */
	debugHandle?: boolean;
}

/** Read-only facts for the browser tests, on window.__sweep. */
export interface SweepDebug {
	readonly liveWorkers: number;
	readonly workersCreated: number;
	readonly task: SweepTask | null;
	readonly done: number;
	readonly total: number;
}

declare global {
	interface Window {
		__sweep?: SweepDebug;
	}
}

export type SweepTask = 'sweep' | 'seeds' | 'map';

/** where a multi-seed configuration's learning rate came from */
export type LrSource = 'default' | 'sweep' | 'custom';

export interface SeedPick {
	on: boolean;
	lr: number;
	source: LrSource;
}

/** the bands one multi-seed configuration draws */
export interface ConfigBand extends JobConfig {
	key: string;
	label: string;
	colorIndex: number;
	/** seeds that finished without diverging (the band is over these) */
	seeds: number;
	diverged: number;
	failed: number;
	band: SeedBand;
}

interface Active {
	job: SweepJob;
	losses: Float32Array;
	/** updates applied so far */
	step: number;
	accuracy: number | null;
	evals: { step: number; testAccuracy: number }[];
}

/**
 * points a seed band is reduced to: 300 steps become 60 windows of 5, long enough to average out
 * most mini-batch noise, so the band shows the spread between seeds
 */
const BAND_POINTS = 60;
/** jobs trained together per worker (in lockstep rounds); the rest of the task waits in the queue */
const JOBS_PER_WORKER = 4;

function defaultPicks(): Record<OptimizerName, SeedPick> {
	return Object.fromEntries(OPTIMIZERS.map((o) => [o, { on: true, lr: DEFAULT_LR[o], source: 'default' as LrSource }])) as Record<OptimizerName, SeedPick>;
}

export class Sweep extends PoolOwner<SweepDebug> {
	base: Experiment = $state.raw(defaultExperiment());
	settings: SweepSettings = $state({ ...DEFAULT_SWEEP, optimizers: [...DEFAULT_SWEEP.optimizers] });
	errors: FieldError[] = $state.raw([]);
	/** what is running now */
	task: SweepTask | null = $state(null);
	/** what ran last (the progress shown belongs to it) */
	lastTask: SweepTask | null = $state(null);
	/** how the last task ended */
	outcome: 'done' | 'cancelled' | null = $state(null);
	done = $state(0);
	total = $state(0);
	/** one line per failed job */
	failures: string[] = $state.raw([]);

	/** the sweep last started */
	sweepRun: { optimizers: OptimizerName[]; lrs: number[]; seeds: number; steps: number } | null = $state.raw(null);
	sweepResults: JobResult[] = $state.raw([]);
	readonly points: SweepPoint[] = $derived(aggregate(this.sweepResults));

	/** multi-seed panel: per optimizer, whether it takes part and at which learning rate */
	picks: Record<OptimizerName, SeedPick> = $state(defaultPicks());
	seedCount = $state(3);
	seedErrors: FieldError[] = $state.raw([]);
	seedRun: { configs: JobConfig[]; seeds: number; steps: number } | null = $state.raw(null);
	seedResults: JobResult[] = $state.raw([]);
	readonly bands: ConfigBand[] = $derived(this.seedRun ? bandsOf(this.seedRun.configs, this.seedResults) : []);

	/** the batch size × learning rate map (batch-lr.ts): its settings, the grid last started, its cells */
	mapSettings: MapSettings = $state({ ...DEFAULT_MAP, optimizers: [...DEFAULT_MAP.optimizers] });
	mapErrors: FieldError[] = $state.raw([]);
	mapRun: { cells: MapCellConfig[]; nTrain: number; target: number; optimizers: OptimizerName[] } | null = $state.raw(null);
	mapResults: JobResult[] = $state.raw([]);
	readonly mapCellResults: MapCell[] = $derived(
		this.mapRun ? this.mapResults.map((r) => mapCell({ ...r, batch: r.batch ?? 0 }, (this.mapRun as { target: number }).target, (this.mapRun as { nTrain: number }).nTrain)) : []
	);

	private readonly opts: SweepOptions;
	private queue: SweepJob[] = [];
	private readonly active = new Map<string, Active>();
	private readonly cache = new Map<string, JobResult>();
	private onResult: ((r: JobResult) => void) | null = null;
	private nextId = 0;

	constructor(opts: SweepOptions = {}) {
		super('__sweep', opts);
		this.opts = opts;
	}

	get running(): boolean {
		return this.task !== null;
	}

	/** a new base experiment (e.g. from the link): earlier results no longer apply */
	setBase(e: Experiment): void {
		this.cancel();
		this.base = e;
		this.cache.clear();
		this.sweepRun = null;
		this.sweepResults = [];
		this.seedRun = null;
		this.seedResults = [];
		this.mapRun = null;
		this.mapResults = [];
		this.outcome = null;
		this.lastTask = null;
		this.done = 0;
		this.total = 0;
	}

	protected listener(): PoolListener {
		return {
			started: () => {},
			chunk: (id, chunk) => this.onChunk(id, chunk),
			status: (id, status, reason) => this.onStatus(id, status, reason)
		};
	}
	protected override onDetach(): void {
		this.cancel();
	}

	/** Starts the sweep unless its settings are invalid (then `errors` says why); returns whether it started. */
	runSweep(): boolean {
		const s = $state.snapshot(this.settings);
		this.errors = checkSweep(s);
		if (this.errors.length > 0 || !this.pool) return false;
		const optimizers = OPTIMIZERS.filter((o) => s.optimizers.includes(o));
		const lrs = logSpace(s.lrMin, s.lrMax, s.points);
		this.sweepRun = { optimizers, lrs, seeds: s.seeds, steps: s.steps };
		this.sweepResults = [];
		const jobs = sweepJobs(sweepConfigs(optimizers, lrs), s.seeds, this.base.shared.seed, s.steps);
		this.start('sweep', jobs, (r) => (this.sweepResults = [...this.sweepResults, r]));
		return true;
	}

	/** k seeds of each chosen configuration, for the mean-and-band view */
	runSeeds(): boolean {
		const steps = this.settings.steps;
		const errors: FieldError[] = [];
		if (!withinLimit(SWEEP_LIMITS.steps, steps)) errors.push({ field: 'steps', message: `${SWEEP_LIMITS.steps.label}: must be ${describeLimit(SWEEP_LIMITS.steps)}, got ${steps}` });
		if (!withinLimit(SWEEP_LIMITS.seeds, this.seedCount))
			errors.push({ field: 'seedCount', message: `seeds: must be ${describeLimit(SWEEP_LIMITS.seeds)}, got ${this.seedCount}` });
		const chosen = OPTIMIZERS.filter((o) => this.settings.optimizers.includes(o) && this.picks[o].on);
		if (chosen.length === 0) errors.push({ field: 'picks', message: 'configurations: choose at least one optimizer' });
		for (const o of chosen)
			if (!withinLimit(LIMITS.lr, this.picks[o].lr))
				errors.push({ field: `picks.${o}`, message: `learning rate of ${OPTIMIZER_LABELS[o]}: must be ${describeLimit(LIMITS.lr)}, got ${this.picks[o].lr}` });
		this.seedErrors = errors;
		if (errors.length > 0 || !this.pool) return false;
		const configs = chosen.map((optimizer) => ({ optimizer, lr: this.picks[optimizer].lr }));
		this.seedRun = { configs, seeds: this.seedCount, steps };
		this.seedResults = [];
		this.start('seeds', sweepJobs(configs, this.seedCount, this.base.shared.seed, steps), (r) => (this.seedResults = [...this.seedResults, r]));
		return true;
	}

	/** one job per (optimizer, batch size, learning rate), each on the same budget of examples */
	runMap(): boolean {
		const m = $state.snapshot(this.mapSettings) as MapSettings;
		const nTrain = trainSize(this.base.shared);
		this.mapErrors = checkMap(m, nTrain);
		if (this.mapErrors.length > 0 || !this.pool) return false;
		const cells = mapCells(m, nTrain);
		const seed = this.base.shared.seed;
		this.mapRun = { cells, nTrain, target: m.target, optimizers: OPTIMIZERS.filter((o) => m.optimizers.includes(o)) };
		this.mapResults = [];
		const jobs: SweepJob[] = cells.map((c) => ({
			optimizer: c.optimizer,
			lr: c.lr,
			seedIndex: 0,
			seed,
			steps: c.steps,
			batch: c.batch,
			evalEvery: c.evalEvery,
			key: `${c.optimizer}@${c.lr}#${seed}/${c.steps}/b${c.batch}/e${c.evalEvery}`
		}));
		this.start('map', jobs, (r) => (this.mapResults = [...this.mapResults, r]));
		return true;
	}

	/** each optimizer's learning rate in the multi-seed panel: its best in the sweep, where it has one */
	useBestLrs(): void {
		for (const o of OPTIMIZERS) {
			const best = bestPoint(this.points, o);
			if (best) this.picks[o] = { ...this.picks[o], lr: best.lr, source: 'sweep' };
		}
	}

	useDefaultLrs(): void {
		for (const o of OPTIMIZERS) this.picks[o] = { ...this.picks[o], lr: DEFAULT_LR[o], source: 'default' };
	}

	/** stops the running task; finished jobs are kept */
	cancel(): void {
		if (!this.task) return;
		this.queue = [];
		for (const id of this.active.keys()) this.pool?.remove(id);
		this.active.clear();
		this.onResult = null;
		this.task = null;
		this.outcome = 'cancelled';
		this.pool?.trim();
	}

	// ── the job runner ─────────────────────────────────────────────────────────────────────────────

	private start(task: SweepTask, jobs: SweepJob[], onResult: (r: JobResult) => void): void {
		this.cancel();
		this.task = task;
		this.lastTask = task;
		this.outcome = null;
		this.done = 0;
		this.total = jobs.length;
		this.failures = [];
		this.onResult = onResult;
		this.queue = [];
		for (const job of jobs) {
			const hit = this.cache.get(job.key);
			if (hit) {
				onResult(hit);
				this.done++;
			} else this.queue.push(job);
		}
		this.fill();
	}

	private fill(): void {
		const pool = this.pool;
		if (!pool || !this.task) return;
		// a few jobs per worker train together in the pool's lockstep rounds; the rest wait here
		while (this.queue.length > 0 && this.active.size < pool.concurrency * JOBS_PER_WORKER) {
			const job = this.queue.shift() as SweepJob;
			const id = `j${this.nextId++}`;
			this.active.set(id, { job, losses: new Float32Array(job.steps), step: 0, accuracy: null, evals: [] });
			pool.add(id, this.request(job), true);
		}
		if (this.queue.length === 0 && this.active.size === 0) this.finishTask();
	}

	private finishTask(): void {
		const wasSweep = this.task === 'sweep';
		this.pool?.trim();
		this.task = null;
		this.onResult = null;
		this.outcome = 'done';
		// the multi-seed panel follows the sweep, except where the user typed a rate
		if (wasSweep)
			for (const o of OPTIMIZERS) {
				const best = bestPoint(this.points, o);
				if (best && this.picks[o].source !== 'custom') this.picks[o] = { ...this.picks[o], lr: best.lr, source: 'sweep' };
			}
	}

	private request(job: SweepJob): StartRequest {
		const req: StartRequest = { ...jobStart(this.base, job), inspect: false };
		if (req.shared.dataset === 'mnist') req.mnistUrl = this.opts.mnistUrl ?? mnistBinUrl();
		return req;
	}

	private onChunk(id: string, chunk: RunChunk): void {
		const a = this.active.get(id);
		if (!a) return;
		const at = chunk.fromStep - 1;
		a.losses.set(chunk.losses.subarray(0, Math.max(0, a.losses.length - at)), at);
		a.step = Math.min(chunk.step, a.losses.length);
		for (const e of chunk.evals)
			if (e.step > 0) {
				a.accuracy = e.testAccuracy;
				a.evals.push({ step: e.step, testAccuracy: e.testAccuracy });
			}
		if (chunk.status === 'done') this.settle(id, a, { kind: 'done', accuracy: a.accuracy });
		else if (chunk.status === 'diverged') this.settle(id, a, { kind: 'diverged', step: chunk.divergence?.step ?? chunk.step + 1 });
	}

	private onStatus(id: string, status: RunStatus, reason?: string): void {
		const a = this.active.get(id);
		if (a && status === 'failed') this.settle(id, a, { kind: 'failed', reason: reason ?? 'the worker failed' });
	}

	private settle(id: string, a: Active, end: JobEnd): void {
		this.active.delete(id);
		const result: JobResult = { ...jobResult(a.job, a.losses.slice(0, a.step), end), evals: a.evals };
		// a failed job may succeed when asked again; a finished one would give the same numbers
		if (end.kind === 'failed') this.failures = [...this.failures, `${OPTIMIZER_LABELS[a.job.optimizer]} at lr ${formatLr(a.job.lr)}, seed ${a.job.seed}: ${end.reason}`];
		else this.cache.set(a.job.key, result);
		this.done++;
		this.onResult?.(result);
		// the pool is still inside its own callback: terminate the worker and start the next job after it returns
		queueMicrotask(() => {
			this.pool?.remove(id);
			this.fill();
			// jobs of one round settle together: the workers go once the last of them is removed
			if (!this.task) this.pool?.trim();
		});
	}

	protected debugHandle(): Omit<SweepDebug, PoolFacts> {
		const sw = this; // the getters below need the sweep, not the handle
		return {
			get task() {
				return sw.task;
			},
			get done() {
				return sw.done;
			},
			get total() {
				return sw.total;
			}
		};
	}
}

/** per configuration: the mean curve and min–max band over its seeds that finished */
function bandsOf(configs: readonly JobConfig[], results: readonly JobResult[]): ConfigBand[] {
	return configs.map((c) => {
		const key = configKey(c);
		const mine = results.filter((r) => configKey(r) === key);
		const ok = mine.filter((r) => r.status === 'done');
		return {
			...c,
			key,
			label: `${OPTIMIZER_LABELS[c.optimizer]} lr=${formatLr(c.lr)}`,
			colorIndex: OPTIMIZERS.indexOf(c.optimizer),
			seeds: ok.length,
			diverged: mine.filter((r) => r.status === 'diverged').length,
			failed: mine.filter((r) => r.status === 'failed').length,
			band: seedBand(
				ok.map((r) => r.losses),
				BAND_POINTS
			)
		};
	});
}
