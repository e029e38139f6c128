// Per-step training values (the train loss) kept for plotting with bounded memory.
//
// A StepSeries stores one value per step until it holds `capacity` points (default 2^20, so a run
// of up to 1,048,576 steps keeps every step). When it is full and a new point arrives it halves
// its resolution: each pair of neighbouring points is replaced by their mean and the stride (steps
// per stored point) doubles; later values are averaged `stride` at a time before being stored.
// Memory therefore stays ≤ capacity points for runs of any length, and every stored point is the
// mean of the consecutive steps it covers, so the mean of the series is preserved.
//
// Non-finite values (a diverged run) do not poison their neighbours: a point is the mean of the
// finite values it covers, or NaN/±Infinity when it covers none.

export interface EvalPoint {
	step: number;
	epoch: number;
	examples: number;
	timeMs: number;
	testLoss: number;
	testAccuracy: number;
}

export const DEFAULT_SERIES_CAPACITY = 1 << 20;

/** mean of two stored points, ignoring a non-finite one */
function meanOfPair(a: number, b: number): number {
	const fa = Number.isFinite(a);
	const fb = Number.isFinite(b);
	if (fa && fb) return (a + b) / 2;
	return fa ? a : fb ? b : a;
}

export class StepSeries {
	readonly capacity: number;
	private buf: Float32Array;
	private stored = 0; // complete points in buf
	private strideSteps = 1;
	private origin = 0; // step of the first value
	private steps = 0; // steps appended so far (gaps included)
	// the partial point being filled when stride > 1
	private pendSum = 0;
	private pendFinite = 0;
	private pendSteps = 0;
	private pendBad = NaN; // first non-finite value of the partial point
	private pendHasBad = false;
	private xsCache: Float64Array | null = null;

	constructor(capacity = DEFAULT_SERIES_CAPACITY) {
		if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) {
			throw new RangeError(`capacity must be an even integer ≥ 2, got ${capacity}`);
		}
		this.capacity = capacity;
		// grows by doubling up to capacity (+1 slot for the partial point)
		this.buf = new Float32Array(Math.min(capacity + 1, 1024));
	}

	/** steps per stored point: 1 until the first halving, then 2, 4, … */
	get stride(): number {
		return this.strideSteps;
	}

	/** points returned by xs()/ys(), the partial last point included */
	get length(): number {
		return this.stored + (this.pendSteps > 0 ? 1 : 0);
	}

	/** the last step appended, −1 while empty */
	get lastStep(): number {
		return this.steps === 0 ? -1 : this.origin + this.steps - 1;
	}

	/** Float32 slots currently allocated (≤ capacity + 1) */
	get allocated(): number {
		return this.buf.length;
	}

	/**
	 * Appends values[k] as the value at step firstStep + k. Steps already appended are skipped
	 * (a re-delivered batch is harmless); a gap after the last step is filled with NaN, which
	 * breaks the drawn line there.
	 */
	append(values: ArrayLike<number>, firstStep: number): void {
		if (!Number.isInteger(firstStep)) throw new RangeError(`firstStep must be an integer, got ${firstStep}`);
		if (values.length === 0) return;
		if (this.steps === 0) this.origin = firstStep;
		const next = this.origin + this.steps;
		for (let s = next; s < firstStep; s++) this.pushStep(NaN);
		for (let k = Math.max(0, next - firstStep); k < values.length; k++) this.pushStep(values[k]);
		this.xsCache = null;
	}

	/** the step at the centre of each stored point (the mean of the steps it covers) */
	xs(): Float64Array {
		if (this.xsCache) return this.xsCache;
		const n = this.length;
		const xs = new Float64Array(n);
		const s = this.strideSteps;
		for (let i = 0; i < this.stored; i++) xs[i] = this.origin + i * s + (s - 1) / 2;
		if (this.pendSteps > 0) xs[this.stored] = this.origin + this.stored * s + (this.pendSteps - 1) / 2;
		this.xsCache = xs;
		return xs;
	}

	/** the stored values; a view that is valid until the next append */
	ys(): Float32Array {
		if (this.pendSteps > 0) {
			this.buf[this.stored] = this.pendFinite > 0 ? this.pendSum / this.pendFinite : this.pendBad;
		}
		return this.buf.subarray(0, this.length);
	}

	private pushStep(v: number): void {
		this.steps++;
		if (this.strideSteps === 1) {
			this.storePoint(v);
			return;
		}
		this.addPending(v, 1);
	}

	/** adds a value covering `steps` steps to the partial point, storing it when complete */
	private addPending(v: number, steps: number): void {
		if (Number.isFinite(v)) {
			this.pendSum += v * steps;
			this.pendFinite += steps;
		} else if (!this.pendHasBad) {
			this.pendBad = v;
			this.pendHasBad = true;
		}
		this.pendSteps += steps;
		if (this.pendSteps < this.strideSteps) return;
		const mean = this.pendFinite > 0 ? this.pendSum / this.pendFinite : this.pendBad;
		this.pendSum = 0;
		this.pendFinite = 0;
		this.pendSteps = 0;
		this.pendBad = NaN;
		this.pendHasBad = false;
		this.storePoint(mean);
	}

	/** stores a complete point (covering `stride` steps), halving first when full */
	private storePoint(v: number): void {
		if (this.stored === this.capacity) {
			this.halve();
			// v covers half of the new stride: it starts the next partial point
			this.addPending(v, this.strideSteps / 2);
			return;
		}
		if (this.stored + 1 >= this.buf.length) this.grow();
		this.buf[this.stored++] = v;
	}

	private halve(): void {
		const b = this.buf;
		const half = this.stored / 2;
		for (let i = 0; i < half; i++) b[i] = meanOfPair(b[2 * i], b[2 * i + 1]);
		this.stored = half;
		this.strideSteps *= 2;
	}

	private grow(): void {
		const size = Math.min(this.capacity + 1, this.buf.length * 2);
		const b = new Float32Array(size);
		b.set(this.buf.subarray(0, this.stored));
		this.buf = b;
	}
}

/** One run as the loss chart sees it. Bump `version` whenever `train` or `evals` change. */
/** a live hyper-parameter change (engine/types.ts HyperChange), marked on the charts at its step */
export interface HyperChange {
	step: number;
	lr?: number;
	momentum?: number;
	beta1?: number;
	beta2?: number;
	weightDecay?: number;
}

export interface ChartRun {
	id: string;
	label: string;
	colorIndex: number;
	train: StepSeries;
	evals: EvalPoint[];
	stepsPerEpoch: number;
	batchSize: number;
	/** wall-clock ms at given steps, for the time axis */
	timeAt: (step: number) => number;
	divergedAt: number | null;
	version: number;
	/** planned length of the run (for the default smoothing), when known */
	totalSteps?: number | null;
	/** the run's settings, to explain why two runs coincide */
	spec?: { optimizer: { name: string; lr: number; weightDecay?: number }; init: unknown; schedule: unknown; changes?: HyperChange[] };
}
