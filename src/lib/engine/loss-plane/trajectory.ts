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
// cap = 64 ≈ 28 MB per run; a landscape worker holding R runs' snapshots needs R × that again
// (8 runs ≈ 224 MB), so big nets should use a smaller cap — see capForBudget. The 2-D toy data
// sets have P of a few hundred to a few thousand: 64 snapshots are negligible there.
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
}

/** What drain() hands over: fresh copies (safe to transfer) and the steps the recorder still holds. */
export interface TrajectoryDrain {
	/** snapshots whose step is later than anything drained before, ascending by step */
	added: TrajectorySnapshot[];
	/** steps of every snapshot the recorder holds now; a consumer drops what is not in here */
	retained: number[];
}

export const DEFAULT_TRAJECTORY_CAP = 64;

/** The largest cap (clamped to [minCap, maxCap]) whose snapshots of P float32 parameters fit in budgetBytes. */
export function capForBudget(nParams: number, budgetBytes: number, minCap = 8, maxCap = DEFAULT_TRAJECTORY_CAP): number {
	const fit = Math.floor(budgetBytes / (4 * Math.max(1, nParams)));
	return Math.max(minCap, Math.min(maxCap, fit));
}

export class TrajectoryRecorder {
	readonly cap: number;
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

	/** Every snapshot held, ascending by step. These are the recorder's own buffers: copy before transferring. */
	snapshots(): TrajectorySnapshot[] {
		return this.tail ? [...this.kept, this.tail] : this.kept.slice();
	}

	steps(): number[] {
		return this.snapshots().map((s) => s.step);
	}

	/** Copies of the snapshots newer than the last drain, and the steps still held. */
	drain(): TrajectoryDrain {
		const all = this.snapshots();
		const added = all
			.filter((s) => s.step > this.drainedThrough)
			.map((s) => ({ step: s.step, params: s.params.slice() }));
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
