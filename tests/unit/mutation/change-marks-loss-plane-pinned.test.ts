// plot/change-marks.ts's pathPointAt (where the weight-space path was at a change) and
// plot/loss-plane.ts (the weight-space map's grid, snapshot index and path data), worked by hand.
import { describe, expect, it } from 'vitest';
import { pathPointAt } from '../../../src/lib/plot/change-marks';
import { indexAtStep, lossAsSampledGrid, pathD } from '../../../src/lib/plot/loss-plane';
import type { LossPlanePath } from '../../../src/lib/worker/loss-plane';

describe('pathPointAt on a sample', () => {
	const steps = [0, 10, 30];
	it('the first and last samples are inside', () => {
		expect(pathPointAt(steps, [0, 1, 3], [0, -2, 2], 0)).toEqual({ a: 0, b: 0 });
		expect(pathPointAt(steps, [0, 1, 3], [0, -2, 2], 30)).toEqual({ a: 3, b: 2 });
	});
	it('a sample hit exactly does not need its neighbour (which may be a diverged NaN)', () => {
		expect(pathPointAt(steps, [0, 1, NaN], [0, -2, NaN], 10)).toEqual({ a: 1, b: -2 });
	});
	it('a sample hit exactly with either coordinate non-finite gives null', () => {
		expect(pathPointAt(steps, [0, NaN, 3], [0, -2, 2], 10)).toBeNull();
		expect(pathPointAt(steps, [0, 1, 3], [0, Infinity, 2], 10)).toBeNull();
	});
});

describe('lossAsSampledGrid', () => {
	it('spans the finite losses; non-finite cells become the max (walls)', () => {
		const grid = {
			a: Float64Array.from([-1, 0, 1]),
			b: Float64Array.from([-2, 0, 2]),
			loss: Float64Array.from([1, 2, NaN, 4, Infinity, 0.5, 3, 3, 3])
		};
		const g = lossAsSampledGrid(grid, 3);
		expect(g.x).toEqual([-1, 1]);
		expect(g.y).toEqual([-2, 2]);
		expect(g.nx).toBe(3);
		expect(g.ny).toBe(3);
		expect(g.min).toBe(0.5);
		expect(g.max).toBe(4);
		expect([...g.values]).toEqual([1, 2, 4, 4, 4, 0.5, 3, 3, 3]);
	});
	it('a grid without any finite loss spans [0, 1] and is all wall', () => {
		const g = lossAsSampledGrid({ a: Float64Array.from([0, 1]), b: Float64Array.from([5, 6]), loss: Float64Array.from([NaN, NaN, -Infinity, NaN]) }, 2);
		expect([g.min, g.max]).toEqual([0, 1]);
		expect([...g.values]).toEqual([1, 1, 1, 1]);
		expect(g.x).toEqual([0, 1]);
		expect(g.y).toEqual([5, 6]);
	});
	it('a negative loss is a finite value like any other', () => {
		const g = lossAsSampledGrid({ a: Float64Array.from([0, 1]), b: Float64Array.from([0, 1]), loss: Float64Array.from([-3, 7, 2, 2]) }, 2);
		expect([g.min, g.max]).toEqual([-3, 7]);
	});
});

describe('indexAtStep', () => {
	const steps = [0, 5, 10, 20];
	it('the last snapshot at or before the step', () => {
		expect([-1, 0, 4, 5, 9, 10, 19, 20, 100].map((st) => indexAtStep(steps, st))).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
		expect(indexAtStep([3, 7], 7)).toBe(1);
		expect(indexAtStep([3, 7], 6)).toBe(0);
		expect(indexAtStep([3], 9)).toBe(0);
	});
	it('0 for no snapshots', () => {
		expect(indexAtStep([], 5)).toBe(0);
	});
});

describe('pathD', () => {
	const path = (a: number[], b: number[]): LossPlanePath => ({ id: 'A', steps: a.map((_, i) => i), a: Float64Array.from(a), b: Float64Array.from(b) });
	const sx = (v: number) => 10 * v;
	const sy = (v: number) => 100 - 10 * v;
	it('moves, draws, and lifts the pen over a non-finite point', () => {
		expect(pathD(path([0, 1, NaN, 3, 4.04], [0, 1, 2, 3, 0]), sx, sy)).toBe('M0.0,100.0L10.0,90.0M30.0,70.0L40.4,100.0');
		expect(pathD(path([0, 1, 2], [0, Infinity, 2]), sx, sy)).toBe('M0.0,100.0M20.0,80.0');
	});
	it('is empty for an empty or wholly diverged path', () => {
		expect(pathD(path([], []), sx, sy)).toBe('');
		expect(pathD(path([NaN], [1]), sx, sy)).toBe('');
	});
});
