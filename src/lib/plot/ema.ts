// Debiased exponential moving average — the smoothing slider of TensorBoard's scalar dashboard
// (tensorboard/plugins/scalar/vz_line_chart2, `resmoothDataset`):
//
//   last_k   = w·last_{k−1} + (1 − w)·v_k          last_0 = 0
//   smooth_k = last_k / (1 − w^k)                   k counts the FINITE values seen so far
//
// Dividing by 1 − w^k removes the bias towards the zero start (as Adam's bias correction does),
// so the first finite point is exactly its value. A non-finite value (NaN/±Infinity from a
// diverged run) is passed through unchanged and left out of the average, so it cannot poison
// every later point. w = 0 is no smoothing.

function checkWeight(weight: number): void {
	// w = 1 would divide 0 by 0; the slider stops at 0.999.
	if (!(weight >= 0 && weight < 1)) throw new RangeError(`EMA weight must be in [0, 1), got ${weight}`);
}

/**
 * Smooths `values` into `out` (reused when it is long enough; a view of its first
 * values.length entries is returned) or into a new array.
 */
export function debiasedEma(values: ArrayLike<number>, weight: number, out?: Float64Array): Float64Array {
	checkWeight(weight);
	const n = values.length;
	const res = out && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
	let last = 0;
	let wPow = 1; // w^k, k = finite values so far; a running product instead of Math.pow per point
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (!Number.isFinite(v)) {
			res[i] = v;
			continue;
		}
		last = last * weight + (1 - weight) * v;
		wPow *= weight;
		res[i] = last / (1 - wPow);
	}
	return res;
}

/** The same smoothing, one value at a time, for series that grow by appending. */
export class EmaAccumulator {
	private last = 0;
	private wPow = 1;

	constructor(readonly weight: number) {
		checkWeight(weight);
	}

	/** adds v and returns the smoothed value at it (v itself when v is not finite) */
	push(v: number): number {
		if (!Number.isFinite(v)) return v;
		this.last = this.last * this.weight + (1 - this.weight) * v;
		this.wPow *= this.weight;
		return this.last / (1 - this.wPow);
	}

	/** the current smoothed value, NaN before the first finite value */
	get value(): number {
		return this.wPow === 1 ? NaN : this.last / (1 - this.wPow);
	}

	reset(): void {
		this.last = 0;
		this.wPow = 1;
	}
}
