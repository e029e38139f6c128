// Min–max decimation: a series of n points drawn into a few hundred pixels keeps, per bucket of
// consecutive points, only its lowest and highest value, in x order. A polyline through them
// covers the same vertical extent per pixel column as the full series, so spikes (and the
// global minimum and maximum) stay visible, at O(n) cost and O(maxPoints) output.

export interface Decimated {
	x: Float64Array;
	y: Float64Array;
}

function asFloat64(a: ArrayLike<number>, n: number): Float64Array {
	return a instanceof Float64Array ? a.subarray(0, n) : Float64Array.from({ length: n }, (_, i) => a[i]);
}

/**
 * Reduces the first n points of (xs, ys) — xs ascending — to at most maxPoints points:
 * the first and last point, then ⌊(maxPoints − 2)/2⌋ equal-count buckets of the points between,
 * each contributing its finite minimum and maximum in x order (one point if they coincide, the
 * bucket's first point if it holds no finite value, so a run of NaN still breaks the line).
 * The global finite min and max are the min/max of their own buckets, so they are always kept.
 * n ≤ maxPoints returns the points as they are (a view when the inputs are Float64Array).
 * maxPoints below 4 is raised to 4: first, last, min and max.
 */
export function decimateMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, maxPoints: number): Decimated {
	if (n > xs.length || n > ys.length) throw new RangeError(`n = ${n} exceeds the series length`);
	if (n <= maxPoints) return { x: asFloat64(xs, n), y: asFloat64(ys, n) };
	const buckets = Math.floor((Math.max(4, maxPoints) - 2) / 2);
	const x = new Float64Array(2 * buckets + 2);
	const y = new Float64Array(2 * buckets + 2);
	let m = 0;
	const keep = (i: number) => {
		x[m] = xs[i];
		y[m] = ys[i];
		m++;
	};
	keep(0);
	const inner = n - 2; // points 1 … n−2 are shared among the buckets
	for (let b = 0; b < buckets; b++) {
		const start = 1 + Math.floor((b * inner) / buckets);
		const end = 1 + Math.floor(((b + 1) * inner) / buckets);
		let iMin = -1;
		let iMax = -1;
		for (let i = start; i < end; i++) {
			const v = ys[i];
			if (!Number.isFinite(v)) continue;
			if (iMin < 0 || v < ys[iMin]) iMin = i;
			if (iMax < 0 || v > ys[iMax]) iMax = i;
		}
		if (iMin < 0) {
			if (end > start) keep(start);
		} else if (iMin === iMax) keep(iMin);
		else if (iMin < iMax) {
			keep(iMin);
			keep(iMax);
		} else {
			keep(iMax);
			keep(iMin);
		}
	}
	keep(n - 1);
	return { x: x.subarray(0, m), y: y.subarray(0, m) };
}
