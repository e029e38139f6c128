// Plot math for the curvature view: the log-y domain that holds every run's sharpness and its
// stability bound, the bound as a step line (it moves when a schedule changes η), and the
// read-out a student checks: λ_max now, the bound, and their ratio. Pure; tested in Node.
import type { SharpnessSample } from '../engine/curvature/tracker';

/** [lo, hi] (> 0) spanning every finite positive sharpness and bound, padded by ~20 % each way */
export function sharpnessDomain(series: readonly (readonly SharpnessSample[])[]): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (const s of series)
		for (const p of s)
			for (const v of [p.value, p.threshold])
				if (Number.isFinite(v) && v > 0) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
	if (!(lo <= hi)) return [0.1, 10];
	if (hi / lo < 10) {
		// at least a decade, centred on the data, so a flat line is not magnified into noise
		const mid = Math.sqrt(lo * hi);
		lo = Math.min(lo, mid / Math.sqrt(10));
		hi = Math.max(hi, mid * Math.sqrt(10));
	}
	return [lo / 1.2, hi * 1.2];
}

/** the bound over steps as [step, bound] vertices of a step line, extended to `until` */
export function thresholdSteps(samples: readonly SharpnessSample[], until: number): [number, number][] {
	const pts: [number, number][] = [];
	for (const s of samples) {
		if (!(s.threshold > 0) || !Number.isFinite(s.threshold)) continue;
		const last = pts[pts.length - 1];
		if (last && last[1] !== s.threshold) pts.push([s.step, last[1]]);
		if (!last || last[1] !== s.threshold) pts.push([s.step, s.threshold]);
	}
	if (pts.length > 0 && until > pts[pts.length - 1][0]) pts.push([until, pts[pts.length - 1][1]]);
	return pts;
}

export interface SharpnessReadout {
	step: number;
	value: number;
	threshold: number;
	/** value / threshold: 1 = at the edge of stability */
	ratio: number;
	/** the largest ratio over the run so far */
	peakRatio: number;
}

/** the last finite estimate and how close the run has come to its bound */
export function sharpnessReadout(samples: readonly SharpnessSample[]): SharpnessReadout | null {
	let last: SharpnessSample | null = null;
	let peak = 0;
	for (const s of samples) {
		if (!Number.isFinite(s.value) || !(s.threshold > 0)) continue;
		last = s;
		peak = Math.max(peak, s.value / s.threshold);
	}
	if (!last) return null;
	return { step: last.step, value: last.value, threshold: last.threshold, ratio: last.value / last.threshold, peakRatio: peak };
}
