// The worker pool: one worker per run, time-shared so that at most `concurrency` runs compute at once.
//
// Scheduling is a round-robin queue of runs that want work. A run gets a compute slot for one
// `advance` call with a time budget (sliceMs), then goes to the back of the queue, so results stream
// back every ~60 ms and runs beyond the core count share the cores fairly. A speed cap (steps per
// second) limits how many steps one call may take and when the run may be dispatched again.
//
// Pause means stop asking (an in-flight call still delivers its chunk). Remove, restart and reset
// mean worker.terminate(): a terminated worker's pending call never settles, so every callback
// checks that its worker is still the run's current one and otherwise drops the result.
//
// Plain TypeScript (no runes), with the worker factory injected, so the policy is tested in Node.
import * as Comlink from 'comlink';
import type { TrajectoryDrain } from '../engine/landscape/trajectory';
import type { Chunk, SessionInfo } from '../worker/session';
import type { CrashKind, InitProfileResult, TrainerApi, WorkerAdvance, WorkerStart } from '../worker/trainer.worker';
import type { InitConfig } from '../engine/types';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'diverged' | 'failed';

/** a cap in optimizer steps per second per run, or as fast as the machine goes */
export type Speed = number | 'max';

/** The worker's API as the pool calls it (Comlink.Remote<TrainerApi> satisfies it). */
export interface TrainerPort {
	start(req: WorkerStart): Promise<SessionInfo>;
	advance(req: WorkerAdvance): Promise<Chunk>;
	predict(x: Float32Array, n: number, rawInputs: boolean): Promise<Float32Array>;
	crash(kind?: CrashKind): Promise<void>;
	trajectory(): Promise<TrajectoryDrain>;
	initProfiles(hidden: number[], inits: { label: string; init: InitConfig }[]): Promise<InitProfileResult[]>;
	modelJson(): Promise<string>;
}

export interface TrainerHandle {
	api: TrainerPort;
	/** registers the callback for a failure outside any call (the Worker's 'error' event) */
	onError(listener: (reason: string) => void): void;
	terminate(): void;
}

export type CreateTrainer = () => TrainerHandle;

export interface PoolListener {
	started(id: string, info: SessionInfo): void;
	chunk(id: string, chunk: Chunk): void;
	/** reason is set for 'failed' */
	status(id: string, status: RunStatus, reason?: string): void;
}

export interface PoolOptions {
	createTrainer: CreateTrainer;
	listener: PoolListener;
	/** runs computing at once; default navigator.hardwareConcurrency */
	concurrency?: number;
	/** time budget of one advance call, ms */
	sliceMs?: number;
	speed?: Speed;
	now?: () => number;
	/** schedules cb after ms and returns a cancel function */
	setTimer?: (cb: () => void, ms: number) => () => void;
}

export const DEFAULT_SLICE_MS = 60;

type Want = 'pause' | 'run' | 'steps';

interface Entry {
	id: string;
	req: WorkerStart;
	handle: TrainerHandle;
	terminated: boolean;
	phase: 'loading' | 'ready' | 'busy' | 'finished' | 'failed';
	want: Want;
	/** steps still to take in 'steps' mode; epochs asked for before the run's size was known */
	stepsLeft: number;
	epochsLeft: number;
	info: SessionInfo | null;
	step: number;
	/** whether an advance call was ever made (a paused run that never ran is 'idle') */
	dispatched: boolean;
	finalStatus: 'done' | 'diverged' | null;
	reason: string;
	/** a speed-capped run may not be dispatched before this time */
	notBefore: number;
	reported: RunStatus | null;
}

const defaultTimer = (cb: () => void, ms: number): (() => void) => {
	const t = setTimeout(cb, ms);
	return () => clearTimeout(t);
};

function defaultConcurrency(): number {
	const n = globalThis.navigator?.hardwareConcurrency;
	return typeof n === 'number' && n >= 1 ? n : 2;
}

export function checkSpeed(speed: Speed): void {
	if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed: must be 'max' or a number > 0, got ${speed}`);
}

function reasonOf(err: unknown): string {
	if (err instanceof Error) return err.message || err.name;
	return String(err);
}

export class WorkerPool {
	readonly concurrency: number;
	readonly sliceMs: number;
	private speedSetting: Speed;
	private readonly createTrainer: CreateTrainer;
	private readonly listener: PoolListener;
	private readonly now: () => number;
	private readonly setTimer: (cb: () => void, ms: number) => () => void;
	private readonly entries = new Map<string, Entry>();
	/** ids waiting for a compute slot, oldest first */
	private queue: string[] = [];
	private busy = 0;
	private cancelTimer: (() => void) | null = null;
	private created = 0;
	private live = 0;

	constructor(opts: PoolOptions) {
		this.createTrainer = opts.createTrainer;
		this.listener = opts.listener;
		this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? defaultConcurrency()));
		this.sliceMs = opts.sliceMs ?? DEFAULT_SLICE_MS;
		this.speedSetting = opts.speed ?? 'max';
		checkSpeed(this.speedSetting);
		this.now = opts.now ?? (() => performance.now());
		this.setTimer = opts.setTimer ?? defaultTimer;
	}

	/** workers alive now (created and not terminated) */
	get liveWorkers(): number {
		return this.live;
	}
	/** workers created since the pool was made */
	get workersCreated(): number {
		return this.created;
	}
	/** runs with an advance call in flight */
	get computing(): number {
		return this.busy;
	}
	get speed(): Speed {
		return this.speedSetting;
	}
	has(id: string): boolean {
		return this.entries.has(id);
	}
	info(id: string): SessionInfo | null {
		return this.entries.get(id)?.info ?? null;
	}
	/** the run's worker API, e.g. for predictions; null once removed or failed */
	port(id: string): TrainerPort | null {
		const e = this.entries.get(id);
		return e && !e.terminated ? e.handle.api : null;
	}

	/** Creates the run's worker and starts it (data built, θ₀ initialised); it waits paused unless play. */
	add(id: string, req: WorkerStart, play = false): void {
		if (this.entries.has(id)) throw new Error(`WorkerPool: run ${JSON.stringify(id)} already exists`);
		const handle = this.createTrainer();
		this.created++;
		this.live++;
		const e: Entry = {
			id,
			req,
			handle,
			terminated: false,
			phase: 'loading',
			want: play ? 'run' : 'pause',
			stepsLeft: 0,
			epochsLeft: 0,
			info: null,
			step: 0,
			dispatched: false,
			finalStatus: null,
			reason: '',
			notBefore: -Infinity,
			reported: null
		};
		this.entries.set(id, e);
		handle.onError((reason) => this.fail(e, handle, reason));
		this.report(e);
		handle.api.start(req).then(
			(info) => this.onStarted(e, handle, info),
			(err: unknown) => this.fail(e, handle, reasonOf(err))
		);
	}

	/** Terminates the run's worker and forgets it. */
	remove(id: string): void {
		const e = this.entries.get(id);
		if (!e) return;
		this.release(e);
		this.entries.delete(id);
		this.pump();
	}

	/** remove every run */
	clear(): void {
		for (const id of [...this.entries.keys()]) this.remove(id);
	}

	/** A new worker for the run, from step 0 (same settings unless req is given). */
	restart(id: string, req?: WorkerStart, play = false): void {
		const e = this.entries.get(id);
		const startReq = req ?? e?.req;
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
		// a slower or faster cap applies from now, not from the last call's quota
		for (const e of this.entries.values()) e.notBefore = -Infinity;
		this.pump();
	}

	/**
	 * Terminates the run's worker as if it had died (robustness tests): an unfinished run fails; a
	 * finished one keeps its status, since all its data has arrived.
	 */
	kill(id: string, reason = 'the worker was terminated'): void {
		const e = this.entries.get(id);
		if (!e) return;
		if (e.phase === 'finished') this.release(e);
		else this.fail(e, e.handle, reason);
	}

	/** Asks the run's worker to throw (robustness tests); the failure path does the rest. */
	crash(id: string, kind: CrashKind = 'uncaught'): void {
		const e = this.entries.get(id);
		if (!e || e.terminated) return;
		const handle = e.handle;
		handle.api.crash(kind).catch((err: unknown) => this.fail(e, handle, reasonOf(err)));
	}

	/** terminate everything (the page is going away) */
	destroy(): void {
		this.clear();
		this.cancelTimer?.();
		this.cancelTimer = null;
	}

	// ── internals ──────────────────────────────────────────────────────────────────────────────

	private current(e: Entry, handle: TrainerHandle): boolean {
		return this.entries.get(e.id) === e && e.handle === handle && !e.terminated;
	}

	private onStarted(e: Entry, handle: TrainerHandle, info: SessionInfo): void {
		if (!this.current(e, handle)) return;
		e.info = info;
		e.phase = 'ready';
		e.stepsLeft += e.epochsLeft * info.stepsPerEpoch;
		e.epochsLeft = 0;
		this.listener.started(e.id, info);
		this.wake(e);
	}

	private onChunk(e: Entry, handle: TrainerHandle, chunk: Chunk, dispatchedAt: number, countedSteps: boolean): void {
		if (!this.current(e, handle)) return;
		this.busy--;
		e.phase = 'ready';
		e.step = chunk.step;
		// only a call made in 'steps' mode counts against the steps asked for
		if (countedSteps && e.want === 'steps') {
			e.stepsLeft -= chunk.stepsTaken;
			if (e.stepsLeft <= 0) {
				e.stepsLeft = 0;
				e.want = 'pause';
			}
		}
		const speed = this.speedSetting;
		e.notBefore = speed === 'max' ? -Infinity : dispatchedAt + (chunk.stepsTaken * 1000) / speed;
		if (chunk.status === 'done' || chunk.status === 'diverged') {
			e.phase = 'finished';
			e.finalStatus = chunk.status;
		}
		this.listener.chunk(e.id, chunk);
		this.wake(e);
	}

	private fail(e: Entry, handle: TrainerHandle, reason: string): void {
		if (!this.current(e, handle)) return;
		this.release(e);
		e.phase = 'failed';
		e.reason = reason;
		this.report(e);
		this.pump();
	}

	/** terminates the worker and gives back its compute slot */
	private release(e: Entry): void {
		if (e.phase === 'busy') this.busy--;
		if (!e.terminated) {
			e.terminated = true;
			e.handle.terminate();
			this.live--;
		}
		this.queue = this.queue.filter((id) => id !== e.id);
	}

	private wantsWork(e: Entry): boolean {
		return e.phase === 'ready' && (e.want === 'run' || (e.want === 'steps' && e.stepsLeft > 0));
	}

	/** reports the status, queues the run if it wants work, and fills free slots */
	private wake(e: Entry): void {
		this.report(e);
		if (this.wantsWork(e) && !this.queue.includes(e.id)) this.queue.push(e.id);
		this.pump();
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

	/** Dispatches queued runs, oldest first, while slots are free; waits for speed-capped ones. */
	private pump(): void {
		const t = this.now();
		let wakeAt = Infinity;
		for (let i = 0; i < this.queue.length && this.busy < this.concurrency; ) {
			const e = this.entries.get(this.queue[i]);
			if (!e || !this.wantsWork(e)) {
				this.queue.splice(i, 1);
				continue;
			}
			if (e.notBefore > t) {
				wakeAt = Math.min(wakeAt, e.notBefore);
				i++;
				continue;
			}
			this.queue.splice(i, 1);
			this.dispatch(e, t);
		}
		this.cancelTimer?.();
		this.cancelTimer = null;
		if (wakeAt < Infinity && this.busy < this.concurrency) {
			this.cancelTimer = this.setTimer(() => {
				this.cancelTimer = null;
				this.pump();
			}, wakeAt - t);
		}
	}

	private dispatch(e: Entry, t: number): void {
		const info = e.info;
		if (!info) return;
		const remaining = Math.max(1, info.totalSteps - e.step);
		const speed = this.speedSetting;
		// at a cap of s steps/s one slice may take s·slice/1000 steps (at least one, then wait)
		let maxSteps = speed === 'max' ? remaining : Math.max(1, Math.floor((speed * this.sliceMs) / 1000));
		if (e.want === 'steps') maxSteps = Math.min(maxSteps, e.stepsLeft);
		maxSteps = Math.min(maxSteps, remaining);
		e.phase = 'busy';
		e.dispatched = true;
		this.busy++;
		const handle = e.handle;
		const countedSteps = e.want === 'steps';
		handle.api.advance({ maxSteps, maxMillis: this.sliceMs }).then(
			(chunk) => this.onChunk(e, handle, chunk, t, countedSteps),
			(err: unknown) => this.fail(e, handle, reasonOf(err))
		);
	}
}

/** The real thing: a module worker running trainer.worker.ts, wrapped by Comlink. Browser only. */
export function createBrowserTrainer(): TrainerHandle {
	const worker = new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module' });
	const api: TrainerPort = Comlink.wrap<TrainerApi>(worker);
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
