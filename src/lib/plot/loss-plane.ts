// Plot math of the weight-space view: the loss grid as a SampledGrid for contours.ts, the nearest
// kept snapshot of a path at a step, and path data in pixels. Pure.
import type { LossPlanePath } from '$lib/worker/loss-plane';
import type { LossGrid } from '$lib/engine/loss-plane/grid';
import type { SampledGrid } from './contours';

/** the loss grid as contours.ts's SampledGrid; non-finite cells become the grid's max so they read as walls */
export function lossAsSampledGrid(grid: LossGrid, n: number): SampledGrid {
	let min = Infinity;
	let max = -Infinity;
	for (const v of grid.loss)
		if (Number.isFinite(v)) {
			if (v < min) min = v;
			if (v > max) max = v;
		}
	if (!Number.isFinite(min)) {
		min = 0;
		max = 1;
	}
	const values = Float64Array.from(grid.loss, (v) => (Number.isFinite(v) ? v : max));
	return { x: [grid.a[0], grid.a[n - 1]], y: [grid.b[0], grid.b[n - 1]], nx: n, ny: n, values, min, max };
}

/** index of the last kept snapshot at or before `step` (0 if none) */
export function indexAtStep(steps: readonly number[], step: number): number {
	let lo = 0;
	let hi = steps.length - 1;
	if (hi < 0 || step <= steps[0]) return 0;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (steps[mid] <= step) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** SVG path data of a projected path, skipping non-finite points (a diverged run) */
export function pathD(p: LossPlanePath, sx: (v: number) => number, sy: (v: number) => number): string {
	let d = '';
	let pen = false;
	for (let i = 0; i < p.a.length; i++) {
		const a = p.a[i];
		const b = p.b[i];
		if (!Number.isFinite(a) || !Number.isFinite(b)) {
			pen = false;
			continue;
		}
		d += `${pen ? 'L' : 'M'}${sx(a).toFixed(1)},${sy(b).toFixed(1)}`;
		pen = true;
	}
	return d;
}
