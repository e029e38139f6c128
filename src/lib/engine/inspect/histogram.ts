// Histograms for the "inside the network" views: binning, a common range for compared runs,
// re-binning onto shared edges, and percentile bands.
//
// Why per-quantity ranges plus rebin: every run lives in its own worker, so no worker knows the
// range of the others. Each snapshot therefore bins a quantity over its OWN [min, max]; the page
// takes sharedRange over all runs' {min, max} and moves every histogram onto those shared edges
// with rebin, so that cells of one layer compare at a glance.
//
// Bin rule (same as numpy.histogram): with edges e_0 < … < e_n, bin i is [e_i, e_{i+1}) for i < n−1
// and the last bin [e_{n−1}, e_n] is closed. A value exactly on an inner edge e_i therefore goes to
// bin i, the bin on its RIGHT. Values below e_0 / above e_n are counted as underflow / overflow,
// NaN and ±∞ as nonFinite; none of these enter `counts`.
//
// Degenerate range: when every value is the same v, the histogram is taken over lo = hi = v (all
// edges equal v). Every value then lands in the last (closed) bin, and rebin treats such a zero-width
// bin as a point mass at v — exact, whatever the shared range turns out to be.
import type { FloatArray } from '../types';

/** n + 1 evenly spaced edges from lo to hi; the last edge is exactly hi. lo === hi gives n + 1 copies of lo. */
export function binEdges(lo: number, hi: number, nBins: number): Float64Array {
	if (!Number.isInteger(nBins) || nBins < 1) throw new RangeError(`bins: must be a whole number ≥ 1, got ${nBins}`);
	if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) throw new RangeError(`bins: need finite lo ≤ hi, got [${lo}, ${hi}]`);
	const edges = new Float64Array(nBins + 1);
	const span = hi - lo;
	for (let i = 0; i < nBins; i++) edges[i] = lo + (span * i) / nBins;
	edges[nBins] = hi;
	return edges;
}

export interface HistogramCounts {
	/** counts[i] = number of values in bin i (see the bin rule above) */
	counts: Uint32Array;
	/** values < edges[0] */
	underflow: number;
	/** values > edges[n] */
	overflow: number;
	/** NaN, +∞ and −∞ */
	nonFinite: number;
}

/**
 * The bin of v, or −1 below the range and n above it (n = edges.length − 1); v must not be NaN.
 * bisectRight by binary search, so any non-decreasing edges work, not only even ones.
 */
export function binIndex(v: number, edges: Float64Array): number {
	const n = edges.length - 1;
	if (v < edges[0]) return -1;
	if (v > edges[n]) return n;
	// largest i in [0, n] with edges[i] ≤ v
	let lo = 0;
	let hi = n;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (edges[mid] <= v) lo = mid;
		else hi = mid - 1;
	}
	// v === edges[n] (or every edge equals v): the closed last bin
	return lo === n ? n - 1 : lo;
}

/** Counts of values (any length, 0 included) in the bins of edges (length n + 1, n ≥ 1). */
export function histogram(values: FloatArray, edges: Float64Array): HistogramCounts {
	const n = edges.length - 1;
	if (n < 1) throw new RangeError(`histogram: need at least 2 edges, got ${edges.length}`);
	const counts = new Uint32Array(n);
	let underflow = 0;
	let overflow = 0;
	let nonFinite = 0;
	// binIndex's answer, found faster: guess the bin as if the edges were even (binEdges' are), then
	// walk to bisectRight's answer — exact for any non-decreasing edges, one or two looks for even
	// ones instead of log2(n) (the snapshots bin every weight and gradient of the net).
	const lo = edges[0];
	const hi = edges[n];
	const scale = n / (hi - lo);
	for (let k = 0; k < values.length; k++) {
		const v = values[k];
		if (v - v !== 0) {
			nonFinite++;
			continue;
		}
		if (v < lo) {
			underflow++;
			continue;
		}
		if (v > hi) {
			overflow++;
			continue;
		}
		let i = Math.floor((v - lo) * scale);
		if (!(i >= 0)) i = 0; // NaN (zero or infinite span)
		else if (i > n - 1) i = n - 1;
		while (i > 0 && v < edges[i]) i--;
		while (i < n - 1 && edges[i + 1] <= v) i++;
		counts[i]++;
	}
	return { counts, underflow, overflow, nonFinite };
}

export interface Range {
	min: number;
	max: number;
}

/**
 * One range covering every given {min, max}, for edges shared by all runs' histograms of a layer.
 * Entries with a non-finite bound or min > max (e.g. a quantity with no finite value) are ignored.
 * No usable entry → [0, 1]. If all the ranges collapse to one value v, the result is v ± max(|v|/2, 0.5)
 * so the spike sits mid-axis. `pad` widens a non-degenerate union by that fraction of its span on
 * each side (default 0: the closed last bin already holds the maximum).
 */
export function sharedRange(ranges: readonly Range[], pad = 0): { lo: number; hi: number } {
	let lo = Infinity;
	let hi = -Infinity;
	for (const r of ranges) {
		if (!(Number.isFinite(r.min) && Number.isFinite(r.max) && r.min <= r.max)) continue;
		if (r.min < lo) lo = r.min;
		if (r.max > hi) hi = r.max;
	}
	if (lo > hi) return { lo: 0, hi: 1 };
	if (lo === hi) {
		const half = Math.max(Math.abs(lo) / 2, 0.5);
		return { lo: lo - half, hi: hi + half };
	}
	const d = (hi - lo) * pad;
	return { lo: lo - d, hi: hi + d };
}

/**
 * Redistributes counts over fromEdges onto toEdges, assuming a uniform density inside each source
 * bin: target bin j receives c_i·|[a_i, b_i] ∩ [t_j, t_{j+1}]| / (b_i − a_i) from source bin
 * [a_i, b_i]. A zero-width source bin (a_i = b_i) is a point mass, placed by the bin rule. Mass
 * outside the target range is clamped into the first / last target bin, so the total is always
 * preserved (with sharedRange over all runs, only rounding ever lands outside). When the edges
 * coincide the result equals the input exactly. toEdges must satisfy toEdges[0] < toEdges[last].
 */
export function rebin(counts: ArrayLike<number>, fromEdges: Float64Array, toEdges: Float64Array): Float64Array {
	const nFrom = fromEdges.length - 1;
	const nTo = toEdges.length - 1;
	if (counts.length !== nFrom) throw new RangeError(`rebin: ${counts.length} counts for ${nFrom} source bins`);
	if (!(nTo >= 1 && toEdges[0] < toEdges[nTo])) throw new RangeError('rebin: target edges must span a non-empty range');
	const out = new Float64Array(nTo);
	const t0 = toEdges[0];
	const tn = toEdges[nTo];
	for (let i = 0; i < nFrom; i++) {
		const c = counts[i];
		if (c === 0) continue;
		const a = fromEdges[i];
		const b = fromEdges[i + 1];
		const width = b - a;
		if (!(width > 0)) {
			out[Math.min(Math.max(binIndex(a, toEdges), 0), nTo - 1)] += c;
			continue;
		}
		if (a < t0) out[0] += (c * (Math.min(b, t0) - a)) / width;
		if (b > tn) out[nTo - 1] += (c * (b - Math.max(a, tn))) / width;
		// target bins overlapping (a, b): from the one holding max(a, t0) up to the one holding min(b, tn)
		const first = Math.max(binIndex(Math.max(a, t0), toEdges), 0);
		for (let j = first; j < nTo && toEdges[j] < b; j++) {
			const lo = Math.max(a, toEdges[j]);
			const hi = Math.min(b, toEdges[j + 1]);
			if (hi > lo) out[j] += (c * (hi - lo)) / width;
		}
	}
	return out;
}

/**
 * TensorBoard's distribution bands: the percentiles at ±∞, ±1.5σ, ±σ, ±0.5σ and 0 of a normal,
 * i.e. basis points [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000] (tensorboard
 * plugins/distribution/compressor.py NORMAL_HISTOGRAM_BPS).
 */
export const BAND_PERCENTILES: readonly number[] = [0, 0.0668, 0.1587, 0.3085, 0.5, 0.6915, 0.8413, 0.9332, 1];

/**
 * Percentiles of the distribution a histogram describes, by linear interpolation inside the bin
 * where the cumulative count reaches p·total (uniform density within a bin). p = 0 gives the lower
 * edge of the first non-empty bin, p = 1 the upper edge of the last. An empty histogram gives NaN.
 */
export function percentiles(counts: ArrayLike<number>, edges: Float64Array, ps: readonly number[] = BAND_PERCENTILES): Float64Array {
	const n = counts.length;
	if (edges.length !== n + 1) throw new RangeError(`percentiles: ${edges.length} edges for ${n} bins`);
	let total = 0;
	for (let i = 0; i < n; i++) total += counts[i];
	const out = new Float64Array(ps.length).fill(NaN);
	if (total <= 0) return out;
	for (let k = 0; k < ps.length; k++) {
		const p = ps[k];
		if (!(p >= 0 && p <= 1)) throw new RangeError(`percentiles: p must be in [0, 1], got ${p}`);
		const rank = p * total;
		let cum = 0;
		for (let i = 0; i < n; i++) {
			const c = counts[i];
			if (c > 0 && cum + c >= rank) {
				out[k] = edges[i] + ((rank - cum) / c) * (edges[i + 1] - edges[i]);
				break;
			}
			cum += c;
		}
	}
	return out;
}
