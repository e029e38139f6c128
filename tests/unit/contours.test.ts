import { describe, expect, it } from 'vitest';
import {
	contourLevels,
	gridThresholds,
	gridX,
	gridY,
	linearThresholds,
	logThresholds,
	sampleGrid,
	type Ring
} from '../../src/lib/plot/contours';

describe('sampleGrid', () => {
	it('hits the four corners of the domain exactly, and nothing outside it', () => {
		const seen: [number, number][] = [];
		const spec = { x: [-1.2, 3.7] as const, y: [-0.3, 2.9] as const, nx: 7, ny: 5 };
		sampleGrid((x, y) => (seen.push([x, y]), 0), spec);
		expect(seen.length).toBe(35);
		for (const corner of [
			[-1.2, -0.3],
			[3.7, -0.3],
			[-1.2, 2.9],
			[3.7, 2.9]
		]) {
			expect(seen.some(([x, y]) => x === corner[0] && y === corner[1])).toBe(true);
		}
		for (const [x, y] of seen) {
			expect(x >= -1.2 && x <= 3.7 && y >= -0.3 && y <= 2.9).toBe(true);
		}
	});

	it('stores row by row, y growing with the row: values[j·nx + i] = f(x_i, y_j)', () => {
		// x = 0, 0.5, 1 (nx = 3);  y = 0, 1, 2 (ny = 3);  f = x + 10y
		// values[2·3 + 1] = f(0.5, 2) = 20.5;  values[1·3 + 2] = f(1, 1) = 11
		const g = sampleGrid((x, y) => x + 10 * y, { x: [0, 1], y: [0, 2], nx: 3, ny: 3 });
		expect(g.values[7]).toBe(20.5);
		expect(g.values[5]).toBe(11);
		expect(g.min).toBe(0); // f(0, 0)
		expect(g.max).toBe(21); // f(1, 2)
		expect(gridX(g, 1)).toBe(0.5);
		expect(gridY(g, 2)).toBe(2);
	});

	it('leaves non-finite samples out of min and max', () => {
		const g = sampleGrid((x) => (x === 0 ? Infinity : x), { x: [0, 2], y: [0, 1], nx: 3, ny: 2 });
		expect(g.min).toBe(1);
		expect(g.max).toBe(2);
	});

	it('rejects a grid with fewer than 2 samples along an axis', () => {
		expect(() => sampleGrid(() => 0, { x: [0, 1], y: [0, 1], nx: 1, ny: 5 })).toThrow(RangeError);
	});
});

describe('thresholds', () => {
	it('logThresholds: 2 per decade from 0.01 to 100 is 10^(−2 + k/2), k = 0…8', () => {
		// 0.01, 0.0316…, 0.1, 0.316…, 1, 3.16…, 10, 31.6…, 100
		const t = logThresholds(0.01, 100, 2);
		expect(t.length).toBe(9);
		const expected = [0.01, Math.sqrt(10) / 100, 0.1, Math.sqrt(10) / 10, 1, Math.sqrt(10), 10, 10 * Math.sqrt(10), 100];
		t.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
	});

	it('logThresholds are increasing with one constant ratio 10^(1/perDecade)', () => {
		const t = logThresholds(3e-4, 2500, 4);
		// decades covered: log10(2500 / 3e-4) = log10(8.33e6) = 6.92 → floor(4·6.92) + 1 = 28 levels
		expect(t.length).toBe(28);
		for (let k = 1; k < t.length; k++) {
			expect(t[k]).toBeGreaterThan(t[k - 1]);
			expect(t[k] / t[k - 1]).toBeCloseTo(10 ** 0.25, 10); // 1.7782794…
		}
		expect(t[t.length - 1]).toBeLessThanOrEqual(2500);
	});

	it('logThresholds rejects lo ≤ 0', () => {
		expect(() => logThresholds(0, 1, 4)).toThrow(RangeError);
	});

	it('linearThresholds are round values strictly inside (lo, hi)', () => {
		// d3 ticks(0, 1, 10) = 0, 0.1, …, 1 → the ends are dropped
		expect(linearThresholds(0, 1, 10)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
		// ticks(−4, 4, 8) = −4, −3, …, 4 → −3 … 3, including 0 (the saddle's level set x = ±y)
		expect(linearThresholds(-4, 4, 8)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
	});

	it('gridThresholds (log) spaces f − min logarithmically, so a shifted or negative minimum works', () => {
		// f = x − 5 on x ∈ [0, 10]: min −5, max 5, range 10; decades 2, 1 per decade
		// → f − min ∈ {0.1, 1, 10}, the last equals the max and is dropped: f ∈ {−4.9, −4}
		const g = sampleGrid((x) => x - 5, { x: [0, 10], y: [0, 1], nx: 11, ny: 2 });
		const t = gridThresholds(g, { log: true, decades: 2, perDecade: 1 });
		expect(t.length).toBe(2);
		expect(t[0]).toBeCloseTo(-4.9, 12);
		expect(t[1]).toBeCloseTo(-4, 12);
	});

	it('gridThresholds of a constant function is empty (no levels to draw)', () => {
		const g = sampleGrid(() => 3, { x: [0, 1], y: [0, 1], nx: 4, ny: 4 });
		expect(gridThresholds(g, { log: true })).toEqual([]);
		expect(gridThresholds(g, { log: false })).toEqual([]);
	});
});

describe('contourLevels on the bowl f = x² + y²', () => {
	const spec = { x: [-1, 1] as const, y: [-1, 1] as const, nx: 101, ny: 101 };
	const bowl = sampleGrid((x, y) => x * x + y * y, spec);
	const identity = (v: number) => v;
	const closed = (r: Ring) => r.length >= 4 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1];

	it('the level f ≥ 0.25 is the square with a round hole of radius √0.25 = 0.5, every ring closed', () => {
		const [level] = contourLevels(bowl, [0.25], identity, identity);
		expect(level.value).toBe(0.25);
		expect(level.polygons.length).toBe(1);
		const [outer, ...holes] = level.polygons[0];
		expect(holes.length).toBe(1);
		expect(closed(outer)).toBe(true);
		expect(closed(holes[0])).toBe(true);
		// linear interpolation of x² between samples 0.02 apart errs by ≤ h²/8 = 5e-5 in f,
		// i.e. ≤ 5e-5 / |∇f| = 5e-5 / 1 in radius: well under 1e-3
		for (const [x, y] of holes[0]) expect(Math.abs(Math.hypot(x, y) - 0.5)).toBeLessThan(1e-3);
		// the outer ring runs round the grid, half a cell (0.01) outside the domain
		for (const [x, y] of outer) expect(Math.max(Math.abs(x), Math.abs(y))).toBeCloseTo(1.01, 9);
	});

	it('each level is nested in the one below: the hole grows with the level (radius √t)', () => {
		const levels = contourLevels(bowl, [0.64, 0.09], identity, identity);
		// returned in ascending order whatever order the thresholds come in
		expect(levels.map((l) => l.value)).toEqual([0.09, 0.64]);
		const radii = levels.map((l) => {
			const hole = l.polygons[0][1];
			return hole.reduce((s, [x, y]) => s + Math.hypot(x, y), 0) / hole.length;
		});
		expect(radii[0]).toBeCloseTo(0.3, 3);
		expect(radii[1]).toBeCloseTo(0.8, 3);
	});

	it('path data goes through the pixel scales: one closed subpath per ring', () => {
		// 1000 px per unit, origin at (500, 500), y up: rounding to 0.1 px is 1e-4 in data units
		const sx = (x: number) => 500 + 1000 * x;
		const sy = (y: number) => 500 - 1000 * y;
		const [level] = contourLevels(bowl, [0.25], sx, sy);
		const subpaths = level.d.split('M').filter((s) => s.length > 0);
		expect(subpaths.length).toBe(2);
		for (const s of subpaths) expect(s.trim().endsWith('Z')).toBe(true);
		const hole = subpaths.find((s) => {
			const [px, py] = s.split(/[L,Z]/).map(Number);
			return Math.abs(px - 500) < 600 && Math.abs(py - 500) < 600;
		});
		expect(hole).toBeDefined();
		const nums = (hole ?? '').replace('Z', '').split(/[L,]/).map(Number);
		for (let k = 0; k + 1 < nums.length; k += 2) {
			const x = (nums[k] - 500) / 1000;
			const y = (500 - nums[k + 1]) / 1000;
			expect(Math.abs(Math.hypot(x, y) - 0.5)).toBeLessThan(1.2e-3);
		}
	});
});
