// Contour maps of a 2-D function f(x, y): sample f on a regular grid, choose levels (log-spaced
// when the values span decades), and let d3-contour's marching squares turn the grid into one
// MultiPolygon per level. d3-geo's geoPath(null) writes the SVG path data after the rings are
// mapped from grid units to data units to pixels. Pure: no DOM, no Svelte.
import { contours, geoPath, ticks } from 'd3';

export type Scale = (v: number) => number;

export interface GridSpec {
	readonly x: readonly [number, number];
	readonly y: readonly [number, number];
	/** number of samples along x (≥ 2): the first at x[0], the last at x[1] */
	readonly nx: number;
	readonly ny: number;
}

/** f sampled row by row: values[j·nx + i] = f(gridX(spec, i), gridY(spec, j)) (y grows with j) */
export interface SampledGrid extends GridSpec {
	readonly values: Float64Array;
	/** smallest and largest finite sample */
	readonly min: number;
	readonly max: number;
}

// (1 − t)·a + t·b is exact at both ends (t = 0 gives a, t = 1 gives b), so the corners of the
// grid are the corners of the domain to the last bit.
function lerp(a: number, b: number, t: number): number {
	return (1 - t) * a + t * b;
}

export function gridX(spec: GridSpec, i: number): number {
	return lerp(spec.x[0], spec.x[1], i / (spec.nx - 1));
}

export function gridY(spec: GridSpec, j: number): number {
	return lerp(spec.y[0], spec.y[1], j / (spec.ny - 1));
}

/** Evaluates f at every grid point. Cost: nx·ny calls of f. */
export function sampleGrid(f: (x: number, y: number) => number, spec: GridSpec): SampledGrid {
	const { nx, ny } = spec;
	if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
		throw new RangeError(`sampleGrid: nx and ny must be integers ≥ 2, got ${nx}, ${ny}`);
	}
	const values = new Float64Array(nx * ny);
	let min = Infinity;
	let max = -Infinity;
	for (let j = 0; j < ny; j++) {
		const y = gridY(spec, j);
		for (let i = 0; i < nx; i++) {
			const v = f(gridX(spec, i), y);
			values[j * nx + i] = v;
			if (Number.isFinite(v)) {
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
	}
	return { x: spec.x, y: spec.y, nx, ny, values, min, max };
}

/**
 * Levels lo·10^(k/perDecade) for k = 0, 1, … while ≤ hi: the same number of levels in every
 * decade, so a valley at f ≈ 0.01 gets as many contour lines as a wall at f ≈ 1000.
 */
export function logThresholds(lo: number, hi: number, perDecade: number): number[] {
	if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) throw new RangeError(`logThresholds: need 0 < lo ≤ hi < ∞, got ${lo}, ${hi}`);
	if (!(perDecade > 0)) throw new RangeError(`logThresholds: perDecade must be > 0, got ${perDecade}`);
	const n = Math.floor(perDecade * Math.log10(hi / lo) + 1e-9);
	return Array.from({ length: n + 1 }, (_, k) => lo * 10 ** (k / perDecade));
}

/** About `count` round levels (d3's ticks) strictly between lo and hi. */
export function linearThresholds(lo: number, hi: number, count: number): number[] {
	return ticks(lo, hi, count).filter((t) => t > lo && t < hi);
}

export interface ThresholdOptions {
	/** log-spaced levels of f − min over the grid (for values spanning decades) */
	log: boolean;
	/** log: levels per decade (default 4) */
	perDecade?: number;
	/** log: decades below the grid's range covered (default 5) */
	decades?: number;
	/** linear: about this many levels (default 24) */
	count?: number;
}

/**
 * Contour levels in f's own units for a sampled grid. Log levels are spaced on f − min so that
 * functions whose minimum is not 0 (or is negative) still get log spacing near the minimum.
 */
export function gridThresholds(grid: SampledGrid, opts: ThresholdOptions): number[] {
	const range = grid.max - grid.min;
	if (!(range > 0)) return [];
	if (!opts.log) return linearThresholds(grid.min, grid.max, opts.count ?? 24);
	const decades = opts.decades ?? 5;
	return logThresholds(range * 10 ** -decades, range, opts.perDecade ?? 4)
		.map((t) => grid.min + t)
		.filter((t) => t < grid.max);
}

export type Ring = [number, number][];

export interface ContourLevel {
	value: number;
	/** polygons in data units; each polygon is an outer ring followed by its holes (rings closed) */
	polygons: Ring[][];
	/** SVG path data in pixels */
	d: string;
}

/**
 * One level per threshold (ascending): the region where f ≥ value. Filled in order, each level
 * paints over the lower ones, which gives filled bands; stroked, each gives its contour lines.
 */
export function contourLevels(grid: SampledGrid, thresholds: readonly number[], sx: Scale, sy: Scale): ContourLevel[] {
	const gen = contours().size([grid.nx, grid.ny]).thresholds([...thresholds]);
	// d3-contour puts sample i at grid coordinate i + 0.5 (see smooth1 in d3-contour)
	const hx = (grid.x[1] - grid.x[0]) / (grid.nx - 1);
	const hy = (grid.y[1] - grid.y[0]) / (grid.ny - 1);
	const toData = ([u, v]: number[]): [number, number] => [grid.x[0] + (u - 0.5) * hx, grid.y[0] + (v - 0.5) * hy];
	const path = geoPath(null).digits(1);
	return gen(Array.from(grid.values)).map((mp) => {
		const polygons = mp.coordinates.map((poly) => poly.map((ring) => ring.map(toData)));
		const pixels = polygons.map((poly) => poly.map((ring) => ring.map(([x, y]) => [sx(x), sy(y)])));
		return { value: mp.value, polygons, d: path({ type: 'MultiPolygon', coordinates: pixels }) ?? '' };
	});
}
