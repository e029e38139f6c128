// A run's path through weight space, kept as a bounded set of parameter snapshots θ_t.
//
// Schedule: a snapshot at every step that is a multiple of `every` (k), starting with step 0.
// When the scheduled set would exceed cap − 1, every other one is dropped (those whose step is not
// a multiple of 2k) and k doubles, so the kept steps are always 0, k, 2k, … — evenly spaced over
// the whole run, however long it is — and step 0 is never dropped. The one remaining slot holds
// the LATEST step when it is off the schedule (a reused buffer, overwritten at every record), so
// the path always reaches the run's current point.
//
// Memory budget (per run): cap × P × 4 bytes (snapshots are Float32Array even for float64 nets —
// enough for a picture). For the 784-128-64-10 MNIST net, P = 109,386: one snapshot ≈ 0.44 MB,
// so the cap comes from a byte budget (capForBudget): trajectoryBudget(runs) shares
// TRAJECTORY_TOTAL_BUDGET (64 MB) among the page's runs, at most 8 MB each — 19 snapshots for
// 1–7 such runs, 9 for 16. The weight-space store holds the drained snapshots once more. The 2-D
// toy data sets have P of a few hundred to a few thousand: 64 snapshots are negligible there.
//
// Cost: record() is called after every step; it copies θ (O(P), a memcpy) — small next to the
// O(B·P) of the step itself.
import type { FloatArray } from '../types';

export interface TrajectorySnapshot {
	/** number of optimizer steps taken when θ was copied (0 = the initial parameters) */
	step: number;
	params: Float32Array;
}

export interface TrajectoryOptions {
	/** maximum number of snapshots held, the latest included (default 64, at least 4) */
	cap?: number;
	/** initial spacing k of the schedule in steps (default 1); doubles at every thinning */
	every?: number;
	/**
	 * drain() hands over the scheduled snapshots' own buffers (for transfer) and keeps only their
	 * steps, instead of copying them: the consumer (the weight-space store) then holds the only
	 * copy. Default false (the recorder keeps every snapshot it holds).
	 */
	handOver?: boolean;
}

/** What drain() hands over: fresh copies (safe to transfer) and the steps the recorder still holds. */
export interface TrajectoryDrain {
	/** snapshots whose step is later than anything drained before, ascending by step */
	added: TrajectorySnapshot[];
	/** steps of every snapshot the recorder holds now; a consumer drops what is not in here */
	retained: number[];
}

export const DEFAULT_TRAJECTORY_CAP = 64;

/** a run's θ snapshots may take at most this many bytes (19 snapshots of the 784-128-64-10 net) */
export const TRAJECTORY_BUDGET = 8 * 1024 * 1024;
/**
 * All the runs of a page together: at most this many bytes of θ snapshots in their workers (and
 * the weight-space store holds the same again once the paths view has drained them). 16 MNIST
 * runs with 8 MB each would hold 128 MB, twice over: more than the page's whole memory goal.
 */
export const TRAJECTORY_TOTAL_BUDGET = 64 * 1024 * 1024;

/**
 * The trajectory bytes one run of a page of `runs` runs may keep: an equal share of
 * TRAJECTORY_TOTAL_BUDGET, at most TRAJECTORY_BUDGET. Decided when the run starts (a restart or
 * an edit decides it again with the page's count then).
 */
export function trajectoryBudget(runs: number): number {
	const n = Number.isFinite(runs) && runs >= 1 ? Math.floor(runs) : 1;
	return Math.min(TRAJECTORY_BUDGET, Math.floor(TRAJECTORY_TOTAL_BUDGET / n));
}

/** The largest cap (clamped to [minCap, maxCap]) whose snapshots of P float32 parameters fit in budgetBytes. */
export function capForBudget(nParams: number, budgetBytes: number, minCap = 8, maxCap = DEFAULT_TRAJECTORY_CAP): number {
	const fit = Math.floor(budgetBytes / (4 * Math.max(1, nParams)));
	return Math.max(minCap, Math.min(maxCap, fit));
}

/** the params of a snapshot handed over by drain(): the recorder keeps its step only */
const HANDED_OVER = new Float32Array(0);

export class TrajectoryRecorder {
	readonly cap: number;
	readonly handOver: boolean;
	private k: number;
	/** scheduled snapshots, ascending; steps are multiples of k */
	private kept: TrajectorySnapshot[] = [];
	/** the latest step when it is off the schedule */
	private tail: TrajectorySnapshot | null = null;
	private lastStep = -1;
	private drainedThrough = -1;

	constructor(options: TrajectoryOptions = {}) {
		const cap = options.cap ?? DEFAULT_TRAJECTORY_CAP;
		const every = options.every ?? 1;
		if (!Number.isInteger(cap) || cap < 4) throw new RangeError(`trajectory cap: must be a whole number ≥ 4, got ${cap}`);
		if (!Number.isInteger(every) || every < 1) throw new RangeError(`trajectory every: must be a whole number ≥ 1, got ${every}`);
		this.cap = cap;
		this.k = every;
		this.handOver = options.handOver ?? false;
	}

	/** bytes of θ the recorder holds now (handed-over snapshots count nothing) */
	get bytes(): number {
		return this.snapshots().reduce((sum, s) => sum + s.params.byteLength, 0);
	}

	/** the current spacing of the schedule in steps */
	get every(): number {
		return this.k;
	}

	/** number of snapshots held (≤ cap) */
	get size(): number {
		return this.kept.length + (this.tail ? 1 : 0);
	}

	/** Offer θ after `step` steps (call with step 0 before training, then after every step). */
	record(step: number, params: FloatArray): void {
		if (!Number.isInteger(step) || step <= this.lastStep) {
			throw new RangeError(`trajectory record: steps must be whole and increasing, got ${step} after ${this.lastStep}`);
		}
		this.lastStep = step;
		if (step % this.k !== 0) {
			if (!this.tail || this.tail.params.length !== params.length) this.tail = { step, params: new Float32Array(params.length) };
			this.tail.step = step;
			this.tail.params.set(params);
			return;
		}
		// on schedule: the tail (an earlier step) is superseded; reuse its buffer
		const buf = this.tail && this.tail.params.length === params.length ? this.tail.params : new Float32Array(params.length);
		this.tail = null;
		buf.set(params);
		const snap = { step, params: buf };
		this.kept.push(snap);
		if (this.kept.length > this.cap - 1) {
			this.k *= 2;
			this.kept = this.kept.filter((s) => s.step % this.k === 0);
			// the step just recorded may be off the doubled schedule: it stays, as the latest
			if (step % this.k !== 0) this.tail = snap;
		}
	}

	/**
	 * Every snapshot held, ascending by step. These are the recorder's own buffers: copy before
	 * transferring. With handOver, a drained scheduled snapshot has empty params (its step only).
	 */
	snapshots(): TrajectorySnapshot[] {
		return this.tail ? [...this.kept, this.tail] : this.kept.slice();
	}

	steps(): number[] {
		return this.snapshots().map((s) => s.step);
	}

	/**
	 * The snapshots newer than the last drain, and the steps still held. They are copies, except
	 * with handOver: then a scheduled snapshot's own buffer goes (the recorder keeps its step); the
	 * latest off-schedule one is still copied, its buffer being reused by the next record.
	 */
	drain(): TrajectoryDrain {
		const all = this.snapshots();
		const added = all
			.filter((s) => s.step > this.drainedThrough)
			.map((s) => {
				if (!this.handOver || s === this.tail) return { step: s.step, params: s.params.slice() };
				const params = s.params;
				s.params = HANDED_OVER;
				return { step: s.step, params };
			});
		if (all.length > 0) this.drainedThrough = all[all.length - 1].step;
		return { added, retained: all.map((s) => s.step) };
	}

	/** Forget everything (a reset run); keeps cap and restarts the schedule at `every`. */
	reset(every = 1): void {
		if (!Number.isInteger(every) || every < 1) throw new RangeError(`trajectory every: must be a whole number ≥ 1, got ${every}`);
		this.k = every;
		this.kept = [];
		this.tail = null;
		this.lastStep = -1;
		this.drainedThrough = -1;
	}
}

/**
 * The consumer's side of drain(): keep what the recorder still holds, append what is new.
 * Returns a new array, ascending by step; the snapshot objects are reused, not copied.
 */
export function mergeDrain(held: readonly TrajectorySnapshot[], drain: TrajectoryDrain): TrajectorySnapshot[] {
	const keep = new Set(drain.retained);
	const out = held.filter((s) => keep.has(s.step));
	for (const s of drain.added) if (keep.has(s.step)) out.push(s);
	out.sort((x, y) => x.step - y.step);
	return out;
}
