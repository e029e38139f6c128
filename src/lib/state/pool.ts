// The worker pool: one worker per core, each hosting several runs, all advanced in LOCKSTEP ROUNDS.
//
// A round gives every running run the same number of steps k (a run asked for fewer — "step",
// "epoch" — takes fewer, and a run that ends stops) and sends each worker its runs' orders at once.
// A round's results reach the page only when every worker has answered it, and rounds are shown in
// order: so all curves grow together, and a comparison never shows an optimizer "ahead" because
// its worker got more CPU. At full speed the rounds are PIPELINED: the next round is already in
// each worker's queue while the main thread receives and handles the current one, so a worker
// never waits for the main thread (ROUND_DEPTH rounds in flight). At full speed k adapts so the
// slowest worker's round takes ~ROUND_MS (50 ms, the top of the 16–50); at a speed cap of s
// steps/s a round of k = s·ROUND_MS steps starts every k/s seconds, one round at a time.
//
// Failure is detected, not assumed. A worker that throws outside a call (the Worker's 'error'
// event), whose call rejects, that closes itself or stops answering (a ping every HEARTBEAT_MS with
// a timeout) is terminated; exactly its runs are marked "failed: reason"; its slot is freed, and a
// restarted run goes to another worker (or a fresh one). A run whose own advance throws fails alone.
//
// Pause means stop giving the run orders (a round already sent still lands: at full speed up to
// ROUND_DEPTH rounds, ~100 ms); remove forgets it in its worker; the other runs, in the
// same worker or not, are not touched. Workers outlive their runs (they keep the data set).
//
// Plain TypeScript (no runes), with the worker factory and the clock injected, so the policy is
// tested in Node against the real worker API over a MessageChannel.
import * as Comlink from 'comlink';
import type { TrainerApi } from '../worker/api';
import type { HyperChange } from '../engine/types';
import type { CrashKind, RoundOrder, RunChunk, RunInfo, RunRound, StartRequest } from '../worker/protocol';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'diverged' | 'failed';

/** a cap in optimizer steps per second per run, or as fast as the machine goes */
export type Speed = number | 'max';

/** the main thread's view of one worker: its API through Comlink, nothing else */
export type TrainerRemote = Comlink.Remote<TrainerApi>;

export interface WorkerHandle {
	api: TrainerRemote;
	/** registers the callback for a failure outside any call (the Worker's 'error' event) */
	onError(listener: (reason: string) => void): void;
	terminate(): void;
}

export type CreateWorker = () => WorkerHandle;

/** the per-run calls of the worker API, bound to one run (the run id argument filled in) */
type RunMethod = 'trajectory' | 'initProfiles' | 'modelJson' | 'predict';
type WithoutId<F> = F extends (id: string, ...rest: infer A) => infer R ? (...rest: A) => R : never;
export type RunPort = { [K in RunMethod]: WithoutId<TrainerRemote[K]> };

/**
 * The weight-space view's calls into the one pool worker that holds its store (api.ts plane*).
 * `token` changes whenever that worker changes (the first call, or the last one died): the store
 * there is empty, so the caller resets it.
 */
type Call<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
export interface PlanePort {
	token: number;
	reset: Call<TrainerApi['planeReset']>;
	add: Call<TrainerApi['planeAdd']>;
	remove: Call<TrainerApi['planeRemove']>;
	begin: Call<TrainerApi['planeBegin']>;
	rows: Call<TrainerApi['planeRows']>;
	result: Call<TrainerApi['planeResult']>;
}

export interface PoolListener {
	started(id: string, info: RunInfo): void;
	chunk(id: string, chunk: RunChunk): void;
	/** reason is set for 'failed' */
	status(id: string, status: RunStatus, reason?: string): void;
}

export interface PoolOptions {
	createWorker: CreateWorker;
	listener: PoolListener;
	/** workers at most; default navigator.hardwareConcurrency capped at MAX_WORKERS */
	concurrency?: number;
	/** target duration of a round at full speed, ms */
	roundMs?: number;
	speed?: Speed;
	/** a worker that has not answered a ping for this long is failed */
	heartbeatTimeoutMs?: number;
	heartbeatMs?: number;
	now?: () => number;
	/** schedules cb after ms and returns a cancel function */
	setTimer?: (cb: () => void, ms: number) => () => void;
}

/** 50, the top of the 16–50 ms: half the messages (and main-thread wake-ups) of 25 ms rounds */
export const ROUND_MS = 50;
export const MAX_WORKERS = 8;
export const HEARTBEAT_MS = 1000;
export const HEARTBEAT_TIMEOUT_MS = 30_000;
/** most steps one round may give a run (a 2-D run at full speed) */
export const MAX_ROUND_STEPS = 4096;
/**
 * rounds in flight at full speed: 2, so a worker finishing one finds the next in its queue instead
 * of idling while its reply crosses to the main thread, waits behind a redraw, is handled and the
 * next order crosses back (tests/perf/page-profile.ts: 3–4 % of the table's time at depth 1)
 */
export const ROUND_DEPTH = 2;

type Want = 'pause' | 'run' | 'steps';

interface Slot {
	handle: WorkerHandle;
	alive: boolean;
	/** runs placed on this worker */
	runs: Set<Entry>;
	/** when the unanswered ping was sent, or null */
	pingSentAt: number | null;
	/** when the worker last answered any call: a worker busy with queued work still answers them */
	lastReply: number;
}

interface Entry {
	id: string;
	req: StartRequest;
	slot: Slot;
	/** 'busy': orders of rounds in flight */
	phase: 'loading' | 'ready' | 'busy' | 'finished' | 'failed';
	/** orders of rounds in flight, and the steps they ask for */
	ordersOut: number;
	stepsOut: number;
	want: Want;
	/** steps still to take in 'steps' mode; epochs asked for before the run's size was known */
	stepsLeft: number;
	epochsLeft: number;
	info: RunInfo | null;
	step: number;
	/** whether the run ever took part in a round (a paused run that never ran is 'idle') */
	dispatched: boolean;
	finalStatus: 'done' | 'diverged' | null;
	reason: string;
	reported: RunStatus | null;
}

const defaultTimer = (cb: () => void, ms: number): (() => void) => {
	const t = setTimeout(cb, ms);
	return () => clearTimeout(t);
};

export function defaultConcurrency(): number {
	const n = globalThis.navigator?.hardwareConcurrency;
	return Math.min(MAX_WORKERS, typeof n === 'number' && n >= 1 ? Math.floor(n) : 2);
}

export function checkSpeed(speed: Speed): void {
	if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed: must be 'max' or a number > 0, got ${speed}`);
}

interface Round {
	/** workers whose reply is awaited */
	pending: Set<Slot>;
	/** each worker's runs in this round and, once it answered, its reply */
	parts: Map<Slot, { list: { e: Entry; steps: number; counted: boolean }[]; reply: RunRound | null }>;
	/** most steps a run was given, and k when it was sent */
	steps: number;
	k: number;
	start: number;
	/** the slowest worker's own time */
	maxMs: number;
}

function reasonOf(err: unknown): string {
	if (err instanceof Error) return err.message || err.name;
	return String(err);
}

export class WorkerPool {
	readonly concurrency: number;
	readonly roundMs: number;
	private speedSetting: Speed;
	private readonly createWorker: CreateWorker;
	private readonly listener: PoolListener;
	private readonly now: () => number;
	private readonly setTimer: (cb: () => void, ms: number) => () => void;
	private readonly heartbeatMs: number;
	private heartbeatTimeoutMs: number;
	private readonly entries = new Map<string, Entry>();
	private slots: Slot[] = [];
	private created = 0;
	/** steps per round at full speed, adapted after every round */
	private k = 1;
	/** rounds sent and not yet shown, oldest first */
	private inflight: Round[] = [];
	/** when the last round was shown (the rounds' wall time is counted from there when they overlap) */
	private lastShown = 0;
	private cancelRoundTimer: (() => void) | null = null;
	private cancelHeartbeat: (() => void) | null = null;
	private destroyed = false;
	private roundQueued = false;
	/** the worker holding the weight-space view's store, and its token (see PlanePort) */
	private planeSlot: Slot | null = null;
	private planeToken = 0;
	/** rounds completed (for tests and figures) */
	rounds = 0;
	/**
	 * Where the rounds' wall time went (figures): busiestMs sums each round's slowest worker's own
	 * time, wallMs each round's wall time from its dispatch (or, when pipelined, from the previous
	 * round's showing) to its last reply; the difference is the barrier's cost (messages, the main
	 * thread's handling, the workers' idle wait).
	 */
	readonly roundTime = { busiestMs: 0, wallMs: 0 };

	constructor(opts: PoolOptions) {
		this.createWorker = opts.createWorker;
		this.listener = opts.listener;
		this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? defaultConcurrency()));
		this.roundMs = opts.roundMs ?? ROUND_MS;
		this.speedSetting = opts.speed ?? 'max';
		checkSpeed(this.speedSetting);
		this.now = opts.now ?? (() => performance.now());
		this.setTimer = opts.setTimer ?? defaultTimer;
		this.heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
		this.heartbeatTimeoutMs = opts.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
	}

	/** workers alive now (created and not terminated) */
	get liveWorkers(): number {
		return this.slots.length;
	}
	/** workers created since the pool was made */
	get workersCreated(): number {
		return this.created;
	}
	/** runs inside the round in flight */
	get computing(): number {
		let n = 0;
		for (const e of this.entries.values()) if (e.phase === 'busy') n++;
		return n;
	}
	/** the index of the live worker hosting the run (in placement's order), or -1 */
	workerOf(id: string): number {
		const e = this.entries.get(id);
		return e ? this.slots.indexOf(e.slot) : -1;
	}
	/** how many runs each live worker hosts */
	get placement(): number[] {
		return this.slots.map((s) => s.runs.size);
	}
	get speed(): Speed {
		return this.speedSetting;
	}
	/** steps per round at full speed now */
	get stepsPerRound(): number {
		return this.k;
	}
	has(id: string): boolean {
		return this.entries.has(id);
	}
	info(id: string): RunInfo | null {
		return this.entries.get(id)?.info ?? null;
	}
	setHeartbeatTimeout(ms: number): void {
		this.heartbeatTimeoutMs = ms;
	}

	/** the run's calls into its worker (trajectory, model, predictions…); null unless it is hosted and started */
	port(id: string): RunPort | null {
		const e = this.entries.get(id);
		if (!e || !e.slot.alive || e.phase === 'failed' || e.phase === 'loading') return null;
		const api = e.slot.handle.api;
		return {
			trajectory: () => api.trajectory(id),
			initProfiles: (hidden, inits) => api.initProfiles(id, hidden, inits),
			modelJson: () => api.modelJson(id),
			predict: (x, n, raw) => api.predict(id, x, n, raw)
		};
	}

	/**
	 * The weight-space view's worker: the same one while it lives (it keeps the store), else the
	 * least-loaded live worker, or a new one when there is none. Its grid is computed a row per call,
	 * so this worker's rounds go on in between (the view takes turns with training instead of a
	 * third thread competing for the cores). Null once the pool is destroyed.
	 */
	planePort(): PlanePort | null {
		if (this.destroyed) return null;
		let slot = this.planeSlot?.alive ? this.planeSlot : null;
		if (!slot) {
			slot = this.slots.length > 0 ? this.slots.reduce((a, b) => (b.runs.size < a.runs.size ? b : a)) : this.newSlot();
			this.planeSlot = slot;
			this.planeToken++;
		}
		const api = slot.handle.api;
		return {
			token: this.planeToken,
			reset: (shared, url) => api.planeReset(shared, url),
			add: (id, drain) => api.planeAdd(id, drain),
			remove: (id) => api.planeRemove(id),
			begin: (n, diverged) => api.planeBegin(n, diverged),
			rows: (count) => api.planeRows(count),
			result: () => api.planeResult()
		};
	}

	/** Places the run on the least-loaded worker and starts it (data built, θ₀ initialised); it waits paused unless play. */
	add(id: string, req: StartRequest, play = false): void {
		if (this.destroyed) return;
		if (this.entries.has(id)) throw new Error(`WorkerPool: run ${JSON.stringify(id)} already exists`);
		const slot = this.pickSlot();
		const e: Entry = {
			id,
			req,
			slot,
			phase: 'loading',
			want: play ? 'run' : 'pause',
			stepsLeft: 0,
			epochsLeft: 0,
			info: null,
			step: 0,
			dispatched: false,
			ordersOut: 0,
			stepsOut: 0,
			finalStatus: null,
			reason: '',
			reported: null
		};
		this.entries.set(id, e);
		slot.runs.add(e);
		this.report(e);
		slot.handle.api.start(id, req).then(
			(info) => {
				slot.lastReply = this.now();
				this.onStarted(e, info);
			},
			(err: unknown) => this.failRun(e, reasonOf(err))
		);
	}

	/** Forgets the run, in its worker too; the other runs are not touched. */
	remove(id: string): void {
		const e = this.entries.get(id);
		if (!e) return;
		this.entries.delete(id);
		e.slot.runs.delete(e);
		if (e.slot.alive) e.slot.handle.api.remove([id]).catch(() => {});
		this.scheduleRound();
	}

	/** remove every run (the workers stay, with their data) */
	clear(): void {
		const bySlot = new Map<Slot, string[]>();
		for (const e of this.entries.values()) {
			e.slot.runs.delete(e);
			if (e.slot.alive) bySlot.set(e.slot, [...(bySlot.get(e.slot) ?? []), e.id]);
		}
		this.entries.clear();
		for (const [slot, ids] of bySlot) slot.handle.api.remove(ids).catch(() => {});
	}

	/** terminates the workers that host no run (e.g. when a sweep is over), freeing their data */
	trim(): void {
		for (const s of [...this.slots]) if (s.runs.size === 0 && s !== this.planeSlot) this.terminate(s);
	}

	/** The run from step 0 (same settings unless req is given), on a live worker. */
	restart(id: string, req?: StartRequest, play = false): void {
		const startReq = req ?? this.entries.get(id)?.req;
		if (!startReq) throw new Error(`WorkerPool: unknown run ${JSON.stringify(id)}`);
		this.remove(id);
		this.add(id, startReq, play);
	}

	play(id: string): void {
		const e = this.entries.get(id);
		if (!e || e.phase === 'finished' || e.phase === 'failed') return;
		e.want = 'run';
		e.stepsLeft = 0;
		e.epochsLeft = 0;
		this.wake(e);
	}

	pause(id: string): void {
		const e = this.entries.get(id);
		if (!e) return;
		e.want = 'pause';
		e.stepsLeft = 0;
		e.epochsLeft = 0;
		this.report(e);
	}

	/** Schedules exactly `count` more steps (or epochs) and then pauses. */
	step(id: string, count: number, unit: 'steps' | 'epochs' = 'steps'): void {
		const e = this.entries.get(id);
		if (!e || e.phase === 'finished' || e.phase === 'failed') return;
		if (!Number.isInteger(count) || count < 1) throw new RangeError(`WorkerPool.step: count must be a whole number ≥ 1, got ${count}`);
		if (e.want !== 'steps') {
			e.stepsLeft = 0;
			e.epochsLeft = 0;
		}
		e.want = 'steps';
		if (unit === 'steps') e.stepsLeft += count;
		else if (e.info) e.stepsLeft += count * e.info.stepsPerEpoch;
		else e.epochsLeft += count;
		this.wake(e);
	}

	setSpeed(speed: Speed): void {
		checkSpeed(speed);
		this.speedSetting = speed;
		// a new cap applies from now, not from the last round's quota
		this.cancelRoundTimer?.();
		this.cancelRoundTimer = null;
		this.scheduleRound();
	}

	/**
	 * Terminates the worker hosting the run as if it had died (robustness tests): its unfinished runs
	 * fail; finished ones keep their status, since all their data has arrived.
	 */
	kill(id: string, reason = 'the worker was terminated'): void {
		const e = this.entries.get(id);
		if (e) this.failSlot(e.slot, reason);
	}

	/**
	 * A live hyper-parameter change of one run, in force from its next update; resolves with the
	 * step it took effect at (null if the run has no worker). A bad value rejects, naming the field.
	 */
	async retune(id: string, change: Omit<HyperChange, 'step'>): Promise<HyperChange | null> {
		const e = this.entries.get(id);
		if (!e || !e.slot.alive || e.phase === 'failed' || e.phase === 'loading') return null;
		return e.slot.handle.api.retune(id, change);
	}

	/** Fault injection in the run's worker (robustness tests): see CrashKind. */
	crash(id: string, kind: CrashKind = 'uncaught'): void {
		const e = this.entries.get(id);
		if (!e || !e.slot.alive) return;
		e.slot.handle.api.crash(kind, id).catch((err: unknown) => this.failRun(e, reasonOf(err)));
	}

	/** terminate everything (the page is going away) */
	destroy(): void {
		this.destroyed = true;
		this.clear();
		for (const s of [...this.slots]) this.terminate(s);
		this.cancelRoundTimer?.();
		this.cancelRoundTimer = null;
		this.cancelHeartbeat?.();
		this.cancelHeartbeat = null;
	}

	// ── placement and failure ─────────────────────────────────────────────────────────────────

	private pickSlot(): Slot {
		if (this.slots.length < this.concurrency) {
			// an empty live worker first (it keeps its data), else a new one
			const empty = this.slots.find((s) => s.runs.size === 0);
			return empty ?? this.newSlot();
		}
		let best = this.slots[0];
		for (const s of this.slots) if (s.runs.size < best.runs.size) best = s;
		return best;
	}

	private newSlot(): Slot {
		const handle = this.createWorker();
		this.created++;
		const slot: Slot = { handle, alive: true, runs: new Set(), pingSentAt: null, lastReply: this.now() };
		handle.onError((reason) => this.failSlot(slot, reason));
		this.slots.push(slot);
		this.armHeartbeat();
		return slot;
	}

	private terminate(slot: Slot): void {
		if (!slot.alive) return;
		slot.alive = false;
		slot.handle.terminate();
		this.slots = this.slots.filter((s) => s !== slot);
		let answered = false;
		for (const r of this.inflight) {
			if (r.pending.delete(slot)) answered = true;
			r.parts.delete(slot);
		}
		if (answered) this.showRounds();
	}

	/** the worker is gone: exactly its unfinished runs fail with the reason */
	private failSlot(slot: Slot, reason: string): void {
		if (!slot.alive) return;
		this.terminate(slot);
		for (const e of [...slot.runs]) {
			if (e.phase === 'finished') continue;
			this.markFailed(e, reason);
		}
		slot.runs.clear();
		this.scheduleRound();
	}

	/** one run fails (its own error); its worker and the other runs go on */
	private failRun(e: Entry, reason: string): void {
		if (this.entries.get(e.id) !== e || e.phase === 'failed') return;
		this.markFailed(e, reason);
		e.slot.runs.delete(e);
		if (e.slot.alive) e.slot.handle.api.remove([e.id]).catch(() => {});
		this.scheduleRound();
	}

	private markFailed(e: Entry, reason: string): void {
		e.phase = 'failed';
		e.reason = reason;
		this.report(e);
	}

	private armHeartbeat(): void {
		if (this.cancelHeartbeat || this.destroyed) return;
		this.cancelHeartbeat = this.setTimer(() => {
			this.cancelHeartbeat = null;
			this.heartbeat();
			if (this.slots.length > 0) this.armHeartbeat();
		}, this.heartbeatMs);
	}

	private heartbeat(): void {
		const t = this.now();
		for (const slot of [...this.slots]) {
			if (slot.pingSentAt !== null) {
				// silent for the whole timeout: no answer to the ping nor to anything else (a busy worker
				// working through queued starts still answers each of them)
				if (t - Math.max(slot.pingSentAt, slot.lastReply) > this.heartbeatTimeoutMs)
					this.failSlot(slot, `the worker stopped answering (no reply for ${Math.round(this.heartbeatTimeoutMs / 1000)} s)`);
				continue;
			}
			slot.pingSentAt = t;
			slot.handle.api.ping().then(
				() => {
					slot.pingSentAt = null;
					slot.lastReply = this.now();
				},
				(err: unknown) => this.failSlot(slot, reasonOf(err))
			);
		}
	}

	// ── runs ──────────────────────────────────────────────────────────────────────────────────

	private onStarted(e: Entry, info: RunInfo): void {
		if (this.entries.get(e.id) !== e || e.phase !== 'loading') return;
		e.info = info;
		e.phase = 'ready';
		e.stepsLeft += e.epochsLeft * info.stepsPerEpoch;
		e.epochsLeft = 0;
		this.listener.started(e.id, info);
		this.wake(e);
	}

	private applyChunk(e: Entry, chunk: RunChunk, countedSteps: boolean): void {
		e.phase = e.ordersOut > 0 ? 'busy' : 'ready';
		e.step = chunk.step;
		// only steps taken in 'steps' mode count against the steps asked for
		if (countedSteps && e.want === 'steps') {
			e.stepsLeft -= chunk.stepsTaken;
			if (e.stepsLeft <= 0) {
				e.stepsLeft = 0;
				e.want = 'pause';
			}
		}
		if (chunk.status === 'done' || chunk.status === 'diverged') {
			e.phase = 'finished';
			e.finalStatus = chunk.status;
		}
		this.listener.chunk(e.id, chunk);
		this.report(e);
	}

	/**
	 * Whether the run gets an order in the next round: it plays and has steps left beyond those in
	 * flight, with fewer than depth() rounds out; or it was asked for steps and has none in flight
	 * (so exactly the steps asked for are taken).
	 */
	private wantsWork(e: Entry): boolean {
		if (!e.info || !e.slot.alive || (e.phase !== 'ready' && e.phase !== 'busy')) return false;
		if (e.want === 'run') return e.ordersOut < this.depth() && e.step + e.stepsOut < e.info.totalSteps;
		return e.want === 'steps' && e.ordersOut === 0 && e.stepsLeft > 0;
	}

	/** rounds in flight at most: pipelined at full speed, one at a time at a speed cap */
	private depth(): number {
		return this.speedSetting === 'max' ? ROUND_DEPTH : 1;
	}

	private wake(e: Entry): void {
		this.report(e);
		this.scheduleRound();
	}

	private statusOf(e: Entry): RunStatus {
		switch (e.phase) {
			case 'failed':
				return 'failed';
			case 'finished':
				return e.finalStatus ?? 'done';
			case 'loading':
				return 'loading';
			default:
				if (e.want !== 'pause') return 'running';
				return e.dispatched ? 'paused' : 'idle';
		}
	}

	private report(e: Entry): void {
		const s = this.statusOf(e);
		if (s === e.reported) return;
		e.reported = s;
		this.listener.status(e.id, s, s === 'failed' ? e.reason : undefined);
	}

	// ── rounds ────────────────────────────────────────────────────────────────────────────────

	/** steps a run gets per round now */
	private stepsThisRound(): number {
		const speed = this.speedSetting;
		if (speed === 'max') return this.k;
		return Math.max(1, Math.min(MAX_ROUND_STEPS, Math.round((speed * this.roundMs) / 1000)));
	}

	/**
	 * Starts the next round when fewer than depth() are in flight, someone wants work, and a speed
	 * cap allows it — after the current task, so that runs played together (play all) start in the
	 * same round. A run told to play while it loads holds the rounds back until it is ready, so it
	 * starts with the others instead of a round behind.
	 */
	private scheduleRound(): void {
		if (this.roundQueued || this.destroyed) return;
		this.roundQueued = true;
		queueMicrotask(() => {
			this.roundQueued = false;
			if (this.inflight.length >= this.depth() || this.cancelRoundTimer || this.destroyed) return;
			let any = false;
			for (const e of this.entries.values()) {
				if (e.phase === 'loading' && e.want === 'run' && e.slot.alive) return;
				if (this.wantsWork(e)) any = true;
			}
			if (any) this.runRound();
		});
	}

	private runRound(): void {
		const k = this.stepsThisRound();
		const parts: Round['parts'] = new Map();
		let most = 0;
		for (const e of this.entries.values()) {
			if (!this.wantsWork(e) || !e.info) continue;
			let steps = Math.min(k, Math.max(1, e.info.totalSteps - e.step - e.stepsOut));
			if (e.want === 'steps') steps = Math.min(steps, e.stepsLeft);
			most = Math.max(most, steps);
			e.phase = 'busy';
			e.dispatched = true;
			e.ordersOut++;
			e.stepsOut += steps;
			const part = parts.get(e.slot) ?? { list: [], reply: null };
			part.list.push({ e, steps, counted: e.want === 'steps' });
			parts.set(e.slot, part);
		}
		const round: Round = { pending: new Set(parts.keys()), parts, steps: most, k, start: this.now(), maxMs: 0 };
		this.inflight.push(round);
		for (const [slot, part] of parts) {
			slot.handle.api.round(part.list.map(({ e, steps }) => ({ id: e.id, steps }))).then(
				(reply) => this.onReply(round, slot, reply),
				(err: unknown) => this.failSlot(slot, reasonOf(err))
			);
		}
		// fill the pipeline: at full speed the next round goes out now, queued behind this one
		this.scheduleRound();
	}

	private onReply(round: Round, slot: Slot, reply: RunRound): void {
		slot.lastReply = this.now();
		if (!slot.alive || !round.pending.has(slot)) return;
		round.pending.delete(slot);
		round.maxMs = Math.max(round.maxMs, reply.ms);
		const part = round.parts.get(slot);
		if (part) part.reply = reply;
		this.showRounds();
	}

	/** shows every round that every worker has answered, oldest first, and no round before an older one */
	private showRounds(): void {
		while (this.inflight.length > 0 && this.inflight[0].pending.size === 0) {
			const round = this.inflight.shift() as Round;
			for (const [slot, { list, reply }] of round.parts) {
				const byId = new Map((reply?.entries ?? []).map((r) => [r.id, r]));
				for (const { e, steps, counted } of list) {
					// removed, restarted, failed or ended meanwhile: its result belongs to no current run
					if (this.entries.get(e.id) !== e || e.slot !== slot || e.phase !== 'busy') continue;
					e.ordersOut--;
					e.stepsOut -= steps;
					const r = byId.get(e.id);
					if (!r) this.failRun(e, 'the worker did not report the run');
					else if ('error' in r) this.failRun(e, r.error);
					else this.applyChunk(e, r.chunk, counted);
				}
			}
			this.endRound(round);
		}
	}

	private endRound(round: Round): void {
		this.rounds++;
		const ms = round.maxMs;
		const t = this.now();
		this.roundTime.busiestMs += ms;
		// rounds overlap when pipelined: each is charged the wall time since the previous one was shown
		this.roundTime.wallMs += t - Math.max(round.start, this.lastShown);
		this.lastShown = t;
		if (this.speedSetting === 'max' && round.steps >= round.k) {
			// aim the slowest worker's next round at roundMs: at most double, at least halve
			const aim = ms > 0 ? Math.round((round.k * this.roundMs) / ms) : 2 * round.k;
			this.k = Math.max(1, Math.min(MAX_ROUND_STEPS, Math.min(2 * round.k, Math.max(Math.floor(round.k / 2), aim))));
		}
		const speed = this.speedSetting;
		if (speed === 'max') {
			this.scheduleRound();
			return;
		}
		// at a cap, the next round starts once the steps just taken are "paid for"
		const wait = round.start + (round.steps * 1000) / speed - t;
		if (wait <= 0) {
			this.scheduleRound();
			return;
		}
		this.cancelRoundTimer?.();
		this.cancelRoundTimer = this.setTimer(() => {
			this.cancelRoundTimer = null;
			this.scheduleRound();
		}, wait);
	}
}

/** The real thing: a module worker running trainer.worker.ts, wrapped by Comlink. Browser only. */
export function createBrowserWorker(): WorkerHandle {
	const worker = new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module' });
	const api = Comlink.wrap<TrainerApi>(worker);
	let listener: ((reason: string) => void) | null = null;
	const report = (reason: string) => listener?.(reason);
	worker.addEventListener('error', (ev) => {
		ev.preventDefault();
		const message = ev instanceof ErrorEvent && ev.message ? ev.message : 'the worker could not start or stopped with an error';
		report(message.replace(/^Uncaught (Error: )?/, ''));
	});
	worker.addEventListener('messageerror', () => report('a message from the worker could not be read'));
	return {
		api,
		onError(l) {
			listener = l;
		},
		terminate() {
			worker.terminate();
		}
	};
}
