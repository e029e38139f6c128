// SVG path data for a series: d3-shape's line generator does the geometry, the component only
// renders <path d={…}>. Points that cannot be drawn — NaN/±Infinity from a diverged run, or
// values ≤ 0 on a log axis — are left out and break the line instead of drawing garbage.
import { line } from 'd3';

export type Scale = (v: number) => number;

/** keeps a point when its value is finite (and, on a log axis, positive) */
export function drawable(logY: boolean): (v: number) => boolean {
	return logY ? (v) => Number.isFinite(v) && v > 0 : Number.isFinite;
}

/** path data through (xs[i], ys[i]) for i < min(lengths); '' when nothing is drawable */
export function linePath(
	xs: ArrayLike<number>,
	ys: ArrayLike<number>,
	sx: Scale,
	sy: Scale,
	keep: (v: number) => boolean = Number.isFinite
): string {
	const n = Math.min(xs.length, ys.length);
	// each point's pixel position once (a log scale per call is not free), NaN where undrawable
	const px = new Float64Array(n);
	const py = new Float64Array(n);
	const index = new Uint32Array(n);
	for (let i = 0; i < n; i++) {
		index[i] = i;
		px[i] = Number.isFinite(xs[i]) ? sx(xs[i]) : NaN;
		py[i] = keep(ys[i]) ? sy(ys[i]) : NaN;
	}
	const gen = line<number>()
		.defined((i) => Number.isFinite(px[i]) && Number.isFinite(py[i]))
		.x((i) => px[i])
		.y((i) => py[i])
		.digits(1);
	return gen(index) ?? '';
}

/** pixel positions of the drawable points, for dot marks */
export function dotPositions(
	xs: ArrayLike<number>,
	ys: ArrayLike<number>,
	sx: Scale,
	sy: Scale,
	keep: (v: number) => boolean = Number.isFinite,
	/** more evaluations than this are thinned evenly (the line through them still has them all) */
	maxDots = 160
): { cx: number; cy: number }[] {
	const dots: { cx: number; cy: number }[] = [];
	const n = Math.min(xs.length, ys.length);
	const stride = Math.max(1, Math.ceil(n / maxDots));
	for (let i = 0; i < n; i += stride) {
		if (Number.isFinite(xs[i]) && keep(ys[i])) dots.push({ cx: sx(xs[i]), cy: sy(ys[i]) });
	}
	return dots;
}
