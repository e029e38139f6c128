// The playground's state: the experiment being run, one RunState per run, and the worker pool.
// Created per page through createPlayground and shared with components through a typed context
// (no module-level singleton). Workers exist only between attach() and detach(), which the page
// calls from onMount — never at the top level of a component (prerender has no Worker).
import { createContext } from 'svelte';
import { mnistBinUrl } from './assets';
import type { Experiment, RunSpec, SharedSettings } from '../experiment/model';
import type { HyperChange, OptimizerConfig } from '../engine/types';
import { describeChange, effectiveOptimizer, liveDiff } from '../experiment/changes';
import type { CrashKind, StartRequest } from '../worker/protocol';
import { trajectoryBudget } from '../engine/loss-plane/trajectory';
import { checkSpeed, type CreateWorker, type PoolListener, type PlanePort, type RunPort, type RunStatus, type Speed } from './pool';
import { PoolOwner, type PoolFacts } from './pool-owner.svelte';
import { RunState, type RequestFrame } from './run.svelte';
import { datasetInfo } from '../engine/data/index';
import { mlpLayout } from '../engine/mlp';
import { paramsForNetwork, validateModelJson } from '../export/model';

export interface PlaygroundOptions {
	/** worker factory; default a module worker running trainer.worker.ts */
	createWorker?: CreateWorker;
	/** workers; default one per core (navigator.hardwareConcurrency, capped) */
	concurrency?: number;
	/** target duration of a lockstep round at full speed, ms */
	roundMs?: number;
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
	/** runs hosted by each live worker */
	readonly placement: number[];
	/** lockstep rounds completed */
	readonly rounds: number;
	/**
	 * The page's own clock (performance.now()) when Play was last pressed for every run, and when,
	 * after it, the pool reported the last run ended (null until then): Play → done without the test
	 * harness's click and polling latency (tests/perf/page-vs-engine.ts).
	 */
	readonly training: { playedAt: number | null; endedAt: number | null };
	/** the rounds' busiest-worker time and wall time, summed (the difference is the lockstep barrier's cost) */
	readonly roundTime: { busiestMs: number; wallMs: number };
	/** per run; pending = a landed chunk not yet shown (it is, on the next throttled frame); worker = index of its live worker, −1 if none */
	readonly runs: { id: string; status: RunStatus; statusText: string; step: number; firstLoss: number | null; pending: boolean; worker: number }[];
	terminateWorker(runId: string): void;
	crashWorker(runId: string, kind?: CrashKind): void;
	/** shortens the heartbeat's timeout (tests of a worker that closes itself or hangs) */
	setHeartbeatTimeout(ms: number): void;
}

declare global {
	interface Window {
		__playground?: PlaygroundDebug;
	}
}

export class Playground extends PoolOwner<PlaygroundDebug> {
	experiment: Experiment;
	runs: RunState[] = $state.raw([]);
	speed: Speed = $state('max');
	/** bumped whenever every run starts afresh (reset, new seed, new experiment) */
	resets = $state(0);
	/** θ₀ imported from model files, by run id: such a run starts (and resets) from the file's weights */
	imported: Record<string, { params: Float32Array; file: string }> = $state.raw({});
	/** bumped at every live hyper-parameter change (the page rewrites the link) */
	changes = $state(0);
	/** the run `[` and `]` act on, chosen in the summary table or with keys 1 … 9 (null: the first run) */
	selectedId: string | null = $state(null);
	/** the last live change in words ("Adam η 0.001 → 0.002 at step 812"), for the page's live region */
	announcement = $state('');

	private readonly opts: PlaygroundOptions;
	/** see PlaygroundDebug.training */
	private playedAt: number | null = null;
	private endedAt: number | null = null;
	/** the shared settings the current runs were started with */
	private startedShared: SharedSettings | null = null;
	/** non-reactive lookup for worker callbacks */
	private byId = new Map<string, RunState>();

	constructor(experiment: Experiment, opts: PlaygroundOptions = {}) {
		super('__playground', opts);
		this.experiment = $state(experiment);
		this.opts = opts;
		this.recreateRuns();
	}

	get anyRunning(): boolean {
		return this.runs.some((r) => r.status === 'running' || r.status === 'loading');
	}
	/**
	 * The run's current state. Reads the reactive list, so a view that shows it (the sidebar, the
	 * table) follows a reset, a new seed, a restart or an edit — one state, shown everywhere.
	 */
	run(id: string): RunState | undefined {
		return this.runs.find((r) => r.id === id);
	}

	protected listener(): PoolListener {
		return {
			started: (id, info) => this.byId.get(id)?.applyInfo(info),
			chunk: (id, chunk) => this.byId.get(id)?.applyChunk(chunk),
			status: (id, status, reason) => {
				this.byId.get(id)?.setStatus(status, reason);
				if (this.playedAt !== null && this.endedAt === null && this.runs.every((r) => ENDED.has(r.status))) this.endedAt = performance.now();
			}
		};
	}
	protected override poolExtras() {
		return { roundMs: this.opts.roundMs, speed: this.speed };
	}
	/** attaching creates the workers of every run */
	protected override onAttach(): void {
		this.startAll();
	}

	/** the selected run: the one chosen while it exists, else the first */
	get selected(): RunState | undefined {
		return this.runs.find((r) => r.id === this.selectedId) ?? this.runs[0];
	}
	/** selects a run (by id, or by its position in the list); an unknown one changes nothing */
	select(which: string | number): void {
		const r = typeof which === 'number' ? this.runs[which] : this.run(which);
		if (r) this.selectedId = r.id;
	}

	/**
	 * Multiplies the selected run's learning rate by `factor`, live (the `[` / `]` keys). Only a run
	 * that has started and can go on (training or paused) takes a live change; otherwise the live
	 * region says why nothing happened. Resolves with the change, or null.
	 */
	async scaleSelectedLr(factor: number): Promise<HyperChange | null> {
		const run = this.selected;
		if (!run) return null;
		if (!run.started || (run.status !== 'running' && run.status !== 'paused')) {
			this.announcement = `${run.label}: η changes live only while the run trains or is paused (it is ${run.statusText}); press Space to play`;
			return null;
		}
		const lr = this.current(run.id)?.lr;
		if (lr === undefined) return null;
		try {
			return await this.retune(run.id, { lr: lr * factor });
		} catch (err) {
			this.announcement = `${run.label}: ${err instanceof Error ? err.message : String(err)}`;
			return null;
		}
	}

	playAll(): void {
		this.playedAt = performance.now();
		this.endedAt = null;
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

	/**
	 * Replaces the configuration (from the URL, the settings form or the run list). A change of the
	 * shared settings (data, network, batch, budget, seed…) restarts every run. Otherwise each run
	 * is handled alone: a removed run goes, an added one starts, an edited one restarts from the
	 * shared θ₀ (same seed, same batches), and the others keep their progress, charts and snapshots.
	 * A run started while others train trains too.
	 */
	applyExperiment(e: Experiment): void {
		this.experiment = e;
		if (!this.pool || !sameSettings(e.shared, this.startedShared)) {
			this.reset();
			return;
		}
		const play = this.runs.some((r) => r.status === 'running');
		const keep = new Set(e.runs.map((r) => r.id));
		for (const r of this.runs) if (!keep.has(r.id)) this.pool.remove(r.id);
		const specs: RunSpec[] = [];
		const runs = e.runs.map((given) => {
			const old = this.byId.get(given.id);
			if (old) {
				// a spec with its history (the link, the table) compares as it is; one from the forms, which
				// show the hyper-parameters in force now, compares with the values after the changes
				const withHistory = given.changes !== undefined || !old.spec.changes;
				const now = withHistory ? old.spec.optimizer : effectiveOptimizer(old.spec.optimizer, old.spec.changes);
				const same = JSON.stringify(now) === JSON.stringify(given.optimizer) && sameSchedule(old.spec, given) && (!withHistory || sameChanges(old.spec, given));
				if (same) {
					// a new label or colour: no retraining
					const kept: RunSpec = { ...$state.snapshot(old.spec), label: given.label, color: given.color };
					if (JSON.stringify(kept) !== JSON.stringify(old.spec)) old.spec = kept;
					specs.push(kept);
					return old;
				}
				const trains = old.started && (old.status === 'running' || old.status === 'paused');
				const live = trains && given.changes === undefined ? liveDiff(now, given.optimizer) : null;
				if (live && sameSchedule(old.spec, given)) {
					// a learning rate (momentum, β, weight decay) changed while the run trains: no restart
					const kept: RunSpec = { ...$state.snapshot(old.spec), label: given.label, color: given.color };
					old.spec = kept;
					specs.push(kept);
					void this.retune(given.id, live).catch(() => {});
					return old;
				}
			}
			// a new or changed run starts from θ₀ with the settings as given
			const fresh0: RunSpec = given;
			specs.push(fresh0);
			const fresh = this.newRunState(fresh0);
			if (this.pool?.has(fresh0.id)) this.pool.restart(fresh0.id, this.startRequest(fresh0), play);
			else this.pool?.add(fresh0.id, this.startRequest(fresh0), play);
			return fresh;
		});
		this.experiment.runs = specs.map((x) => $state.snapshot(x));
		this.byId = new Map(runs.map((r) => [r.id, r]));
		this.runs = runs;
	}

	/**
	 * Changes a running run's learning rate (momentum, β₁, β₂, weight decay) without a restart: in
	 * force from its next update, kept in its history (spec.changes, the URL, exports) and marked on
	 * the charts. Resolves with the change and its step; rejects with the field's message if refused.
	 */
	async retune(id: string, change: Omit<HyperChange, 'step'>): Promise<HyperChange | null> {
		const applied = (await this.pool?.retune(id, change)) ?? null;
		if (!applied) return null;
		const state = this.byId.get(id);
		const i = this.experiment.runs.findIndex((r) => r.id === id);
		if (!state || i < 0) return applied;
		const before = effectiveOptimizer(state.spec.optimizer, (state.spec.changes ?? []).filter((c) => c.step < applied.step));
		this.announcement = `${state.label} ${describeChange(applied, before)}`;
		const changes = [...(state.spec.changes ?? []).filter((c) => c.step < applied.step), ...mergeAt(state.spec.changes, applied)];
		state.spec = { ...$state.snapshot(state.spec), changes };
		this.experiment.runs[i] = { ...$state.snapshot(this.experiment.runs[i]), changes };
		this.changes++;
		return applied;
	}

	/** the run's hyper-parameters in force now */
	current(id: string): OptimizerConfig | null {
		const r = this.byId.get(id);
		return r ? effectiveOptimizer(r.spec.optimizer, r.spec.changes) : null;
	}

	removeRun(id: string): void {
		this.pool?.remove(id);
		this.experiment.runs = this.experiment.runs.filter((r) => r.id !== id);
		this.byId.delete(id);
		this.runs = this.runs.filter((r) => r.id !== id);
	}

	/**
	 * The run from step 0 on a live worker (e.g. after it failed), with a fresh RunState; the others
	 * are untouched. It trains unless play is false.
	 */
	restartRun(id: string, play = true): void {
		const spec = this.experiment.runs.find((r) => r.id === id);
		if (!spec) return;
		const fresh = this.newRunState(spec);
		this.byId.set(id, fresh);
		this.runs = this.runs.map((r) => (r.id === id ? fresh : r));
		if (this.pool) {
			if (this.pool.has(id)) this.pool.restart(id, this.startRequest(spec), play);
			else this.pool.add(id, this.startRequest(spec), play);
		}
	}

	/** each run's calls into its worker (null while it has none), e.g. to fetch trajectories or a model */
	/** the weight-space view's worker in the pool (null before attach) */
	planePort(): PlanePort | null {
		return this.pool?.planePort() ?? null;
	}

	ports(): { id: string; port: RunPort | null }[] {
		return this.runs.map((r) => ({ id: r.id, port: this.pool?.port(r.id) ?? null }));
	}

	/** robustness: kill the worker hosting a run as if it had died (its other runs fail too) */
	terminateWorker(id: string): void {
		this.pool?.kill(id);
	}
	/** robustness: make a run's worker throw, close itself or hang ('reject': fail the run alone) */
	crashWorker(id: string, kind: CrashKind = 'uncaught'): void {
		this.pool?.crash(id, kind);
	}

	private newRunState(spec: RunSpec): RunState {
		const r = new RunState($state.snapshot(spec), this.experiment.shared.batchSize, this.opts.requestFrame);
		r.initFrom = this.importFor(spec.id)?.file ?? null;
		return r;
	}

	/**
	 * Starts run `id` from the weights of a model file (the Export menu's model JSON or the CLI's
	 * --save-model file) instead of its init: the file is validated (export/model.ts) and its shape
	 * checked against this run's network; the run restarts paused at step 0 with θ₀ from the file,
	 * and keeps it across resets until cleared. Never throws; a refusal names the field.
	 */
	importModel(id: string, text: string, file: string): { ok: boolean; message: string } {
		const spec = this.experiment.runs.find((r) => r.id === id);
		if (!spec) return { ok: false, message: `Not imported: there is no run ${JSON.stringify(id)}.` };
		const checked = validateModelJson(text);
		if ('error' in checked) return { ok: false, message: `Not imported: “${file}”: ${checked.error}. Nothing was changed.` };
		const fit = paramsForNetwork(checked.model, this.networkSizes());
		if ('error' in fit) return { ok: false, message: `Not imported: “${file}”: ${fit.error}. Nothing was changed.` };
		this.imported = { ...this.imported, [id]: { params: fit.params, file } };
		this.restartRun(id, false);
		const act = checked.model.activation !== this.experiment.shared.activation ? ` (trained with ${checked.model.activation}; this run uses ${this.experiment.shared.activation})` : '';
		return { ok: true, message: `“${spec.label}” starts from “${file}”: ${fit.params.length} parameters saved at step ${checked.model.step}${act}.` };
	}

	/** back to the run's own init */
	clearImport(id: string): void {
		if (!this.imported[id]) return;
		const { [id]: _gone, ...rest } = this.imported;
		this.imported = rest;
		this.restartRun(id, false);
	}

	/** [input, hidden…, classes] of the experiment's network */
	networkSizes(): number[] {
		const s = this.experiment.shared;
		const info = datasetInfo(s.dataset, s.dataset === 'mnist' ? {} : s.toy);
		return [info.inputDim, ...s.hidden, info.nClasses];
	}

	/** the imported θ₀ of a run while it still fits the network (a changed network drops it) */
	private importFor(id: string): { params: Float32Array; file: string } | null {
		const imp = this.imported[id];
		if (!imp) return null;
		if (imp.params.length === mlpLayout(this.networkSizes()).nParams) return imp;
		const { [id]: _gone, ...rest } = this.imported;
		this.imported = rest;
		return null;
	}

	private recreateRuns(): void {
		const runs = this.experiment.runs.map((spec) => this.newRunState(spec));
		this.byId = new Map(runs.map((r) => [r.id, r]));
		this.runs = runs;
	}

	private startAll(): void {
		this.startedShared = $state.snapshot(this.experiment.shared);
		if (!this.pool) return;
		for (const spec of this.experiment.runs) this.pool.add(spec.id, this.startRequest(spec));
	}

	/** plain data for the worker: a $state proxy cannot be posted (DataCloneError) */
	private startRequest(spec: RunSpec): StartRequest {
		const req: StartRequest = {
			shared: $state.snapshot(this.experiment.shared),
			run: $state.snapshot(spec),
			// the page's θ-snapshot budget shared by its runs (16 MNIST runs: 9 snapshots each, not 19)
			trajectoryBudget: trajectoryBudget(this.experiment.runs.length)
		};
		if (req.shared.dataset === 'mnist') req.mnistUrl = this.mnistUrl();
		const imp = this.importFor(spec.id);
		if (imp) req.initialParams = imp.params.slice();
		return req;
	}

	private mnistUrl(): string {
		return this.opts.mnistUrl ?? mnistBinUrl();
	}

	protected debugHandle(): Omit<PlaygroundDebug, PoolFacts> {
		const pg = this; // the getters below need the playground, not the handle
		return {
			get computing() {
				return pg.pool?.computing ?? 0;
			},
			get placement() {
				return pg.pool?.placement ?? [];
			},
			get rounds() {
				return pg.pool?.rounds ?? 0;
			},
			get roundTime() {
				return { ...(pg.pool?.roundTime ?? { busiestMs: 0, wallMs: 0 }) };
			},
			get training() {
				return { playedAt: pg.playedAt, endedAt: pg.endedAt };
			},
			get runs() {
				return pg.runs.map((r) => ({ id: r.id, status: r.status, statusText: r.statusText, step: r.step, firstLoss: r.firstLoss, pending: r.pending, worker: pg.pool?.workerOf(r.id) ?? -1 }));
			},
			terminateWorker: (id) => pg.terminateWorker(id),
			crashWorker: (id, kind) => pg.crashWorker(id, kind),
			setHeartbeatTimeout: (ms) => pg.pool?.setHeartbeatTimeout(ms)
		};
	}
}

const ENDED: ReadonlySet<RunStatus> = new Set(['done', 'diverged', 'failed']);

function sameSettings(a: SharedSettings, b: SharedSettings | null): boolean {
	return b !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** whether two specs of a run train the same (its label and colour aside) */
function sameTraining(a: RunSpec, b: RunSpec): boolean {
	const key = (r: RunSpec) => JSON.stringify([r.optimizer, r.schedule, r.init, r.changes ?? []]);
	return key(a) === key(b);
}

function sameChanges(a: RunSpec, b: RunSpec): boolean {
	return JSON.stringify(a.changes ?? []) === JSON.stringify(b.changes ?? []);
}

function sameSchedule(a: RunSpec, b: RunSpec): boolean {
	return JSON.stringify([a.schedule, a.init]) === JSON.stringify([b.schedule, b.init]);
}

/** a change at the step of the last one replaces it (two presses between two rounds) */
function mergeAt(changes: readonly HyperChange[] | undefined, applied: HyperChange): HyperChange[] {
	const last = changes?.at(-1);
	return last && last.step === applied.step ? [{ ...last, ...applied }] : [applied];
}

/** one Playground per page; share it with setPlaygroundContext / getPlaygroundContext */
export function createPlayground(experiment: Experiment, opts: PlaygroundOptions = {}): Playground {
	return new Playground(experiment, opts);
}

export const [getPlaygroundContext, setPlaygroundContext] = createContext<Playground>();
