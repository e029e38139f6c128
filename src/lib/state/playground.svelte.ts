// The playground's state: the experiment being run, one RunState per run, and the worker pool.
// Created per page through createPlayground and shared with components through a typed context
// (no module-level singleton). Workers exist only between attach() and detach(), which the page
// calls from onMount — never at the top level of a component (prerender has no Worker).
import { createContext } from 'svelte';
import { mnistBinUrl } from './assets';
import type { Experiment, RunSpec } from '../experiment/model';
import type { CrashKind, WorkerStart } from '../worker/trainer.worker';
import { checkSpeed, createBrowserTrainer, WorkerPool, type CreateTrainer, type RunStatus, type Speed, type TrainerPort } from './pool';
import { RunState, type RequestFrame } from './run.svelte';

export interface PlaygroundOptions {
	/** worker factory; default a module worker running trainer.worker.ts */
	createTrainer?: CreateTrainer;
	/** runs computing at once; default navigator.hardwareConcurrency */
	concurrency?: number;
	sliceMs?: number;
	/** absolute URL of mnist.bin; default the app's static/data/mnist.bin */
	mnistUrl?: string;
	requestFrame?: RequestFrame;
	/** install window.__playground (default true in the browser) */
	debugHandle?: boolean;
}

/** Read-only facts and fault injection for the browser tests, on window.__playground. */
export interface PlaygroundDebug {
	readonly liveWorkers: number;
	readonly workersCreated: number;
	readonly computing: number;
	/** per run; pending = a landed chunk not yet shown (it is, on the next throttled frame) */
	readonly runs: { id: string; status: RunStatus; statusText: string; step: number; firstLoss: number | null; pending: boolean }[];
	terminateWorker(runId: string): void;
	crashWorker(runId: string, kind?: CrashKind): void;
}

declare global {
	interface Window {
		__playground?: PlaygroundDebug;
	}
}

export class Playground {
	experiment: Experiment;
	runs: RunState[] = $state.raw([]);
	speed: Speed = $state('max');
	/** bumped whenever every run starts afresh (reset, new seed, new experiment) */
	resets = $state(0);

	private readonly opts: PlaygroundOptions;
	private pool: WorkerPool | null = null;
	/** non-reactive lookup for worker callbacks */
	private byId = new Map<string, RunState>();

	constructor(experiment: Experiment, opts: PlaygroundOptions = {}) {
		this.experiment = $state(experiment);
		this.opts = opts;
		this.recreateRuns();
	}

	get attached(): boolean {
		return this.pool !== null;
	}
	get liveWorkers(): number {
		return this.pool?.liveWorkers ?? 0;
	}
	get workersCreated(): number {
		return this.pool?.workersCreated ?? 0;
	}
	get anyRunning(): boolean {
		return this.runs.some((r) => r.status === 'running' || r.status === 'loading');
	}
	run(id: string): RunState | undefined {
		return this.byId.get(id);
	}

	/** Creates the pool and the workers (browser only); returns detach, for onMount's cleanup. */
	attach(): () => void {
		if (this.pool) return () => this.detach();
		this.pool = new WorkerPool({
			createTrainer: this.opts.createTrainer ?? createBrowserTrainer,
			concurrency: this.opts.concurrency,
			sliceMs: this.opts.sliceMs,
			speed: this.speed,
			listener: {
				started: (id, info) => this.byId.get(id)?.applyInfo(info),
				chunk: (id, chunk) => this.byId.get(id)?.applyChunk(chunk),
				status: (id, status, reason) => this.byId.get(id)?.setStatus(status, reason)
			}
		});
		this.startAll();
		if ((this.opts.debugHandle ?? true) && typeof window !== 'undefined') window.__playground = this.debugHandle();
		return () => this.detach();
	}

	/** terminates every worker */
	detach(): void {
		this.pool?.destroy();
		this.pool = null;
		if (typeof window !== 'undefined' && window.__playground) delete window.__playground;
	}

	playAll(): void {
		for (const r of this.runs) this.pool?.play(r.id);
	}
	pauseAll(): void {
		for (const r of this.runs) this.pool?.pause(r.id);
	}
	stepOnce(): void {
		for (const r of this.runs) this.pool?.step(r.id, 1);
	}
	stepEpoch(): void {
		for (const r of this.runs) this.pool?.step(r.id, 1, 'epochs');
	}
	pauseRun(id: string): void {
		this.pool?.pause(id);
	}
	resumeRun(id: string): void {
		this.pool?.play(id);
	}
	setSpeed(speed: Speed): void {
		checkSpeed(speed);
		this.pool?.setSpeed(speed);
		this.speed = speed;
	}

	/** Terminates every worker and starts afresh: same seed → same data, θ₀ and batch order. */
	reset(): void {
		this.resets++;
		this.pool?.clear();
		this.recreateRuns();
		this.startAll();
	}

	/** a new random seed (from the platform's CSPRNG — the engine itself never draws unseeded), then reset */
	rerollSeed(): void {
		this.experiment.shared.seed = crypto.getRandomValues(new Uint32Array(1))[0];
		this.reset();
	}

	/** replaces the whole configuration (e.g. from the URL or the settings form), then reset */
	applyExperiment(e: Experiment): void {
		this.experiment = e;
		this.reset();
	}

	removeRun(id: string): void {
		this.pool?.remove(id);
		this.experiment.runs = this.experiment.runs.filter((r) => r.id !== id);
		this.byId.delete(id);
		this.runs = this.runs.filter((r) => r.id !== id);
	}

	/** a fresh worker and a fresh RunState for one run, from step 0 (e.g. after it failed) */
	restartRun(id: string): void {
		const spec = this.experiment.runs.find((r) => r.id === id);
		if (!spec) return;
		const fresh = this.newRunState(spec);
		this.byId.set(id, fresh);
		this.runs = this.runs.map((r) => (r.id === id ? fresh : r));
		if (this.pool) {
			if (this.pool.has(id)) this.pool.restart(id, this.startRequest(spec));
			else this.pool.add(id, this.startRequest(spec));
		}
	}

	/** each run's worker API (null while it has none), e.g. to fetch trajectories or a model */
	ports(): { id: string; port: TrainerPort | null }[] {
		return this.runs.map((r) => ({ id: r.id, port: this.pool?.port(r.id) ?? null }));
	}

	/** robustness: kill a run's worker as if it had died */
	terminateWorker(id: string): void {
		this.pool?.kill(id);
	}
	/** robustness: make a run's worker throw */
	crashWorker(id: string, kind: CrashKind = 'uncaught'): void {
		this.pool?.crash(id, kind);
	}

	private newRunState(spec: RunSpec): RunState {
		return new RunState($state.snapshot(spec), this.experiment.shared.batchSize, this.opts.requestFrame);
	}

	private recreateRuns(): void {
		const runs = this.experiment.runs.map((spec) => this.newRunState(spec));
		this.byId = new Map(runs.map((r) => [r.id, r]));
		this.runs = runs;
	}

	private startAll(): void {
		if (!this.pool) return;
		for (const spec of this.experiment.runs) this.pool.add(spec.id, this.startRequest(spec));
	}

	/** plain data for the worker: a $state proxy cannot be posted (DataCloneError) */
	private startRequest(spec: RunSpec): WorkerStart {
		const req: WorkerStart = { shared: $state.snapshot(this.experiment.shared), run: $state.snapshot(spec) };
		if (req.shared.dataset === 'mnist') req.mnistUrl = this.mnistUrl();
		return req;
	}

	private mnistUrl(): string {
		return this.opts.mnistUrl ?? mnistBinUrl();
	}

	private debugHandle(): PlaygroundDebug {
		const pg = this; // the getters below need the playground, not the handle
		return {
			get liveWorkers() {
				return pg.liveWorkers;
			},
			get workersCreated() {
				return pg.workersCreated;
			},
			get computing() {
				return pg.pool?.computing ?? 0;
			},
			get runs() {
				return pg.runs.map((r) => ({ id: r.id, status: r.status, statusText: r.statusText, step: r.step, firstLoss: r.firstLoss, pending: r.pending }));
			},
			terminateWorker: (id) => pg.terminateWorker(id),
			crashWorker: (id, kind) => pg.crashWorker(id, kind)
		};
	}
}

/** one Playground per page; share it with setPlaygroundContext / getPlaygroundContext */
export function createPlayground(experiment: Experiment, opts: PlaygroundOptions = {}): Playground {
	return new Playground(experiment, opts);
}

export const [getPlaygroundContext, setPlaygroundContext] = createContext<Playground>();
