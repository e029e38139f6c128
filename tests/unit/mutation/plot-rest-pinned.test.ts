// The last survivors of the plot/ mutation run (cvd, lossLayout, history, series), each value worked
// out by hand or from tests/reference/ciede2000.py (Sharma et al.'s equations, checked there against
// the paper's table).
import { describe, expect, it } from 'vitest';
import { ciede2000, worstDifference } from '../../../src/lib/plot/cvd';
import { StepSeries, type ChartRun } from '../../../src/lib/plot/series';
import { buildRunGeometry } from '../../../src/lib/plot/runGeometry';
import { lossCeiling } from '../../../src/lib/plot/lossLayout';
import { BoundedHistory } from '../../../src/lib/plot/history';

describe('CIEDE2000 branches the paper’s pairs do not reach', () => {
	it('a hue on the negative a* axis (b* = 0) is 180°, not 0°', () => {
		// python3 tests/reference/ciede2000.py: 4.190571119065656 both ways
		expect(ciede2000([50, -2.5, 0], [50, 0, -2.5])).toBeCloseTo(4.190571119065656, 12);
		expect(ciede2000([50, 0, -2.5], [50, -2.5, 0])).toBeCloseTo(4.190571119065656, 12);
	});
	it('hues more than 180° apart summing past 360° (355.27° and 9.46°): mean hue (h₁ + h₂ − 360)/2', () => {
		// the other rule would put the mean hue at 362.4°, near the blue rotation term's 275° peak
		// (ΔE00 changes by ~2e-5); reference value 9.8316261392268
		expect(ciede2000([50, 19.924, -1.743], [50, 39.392, 6.946])).toBeCloseTo(9.8316261392268, 11);
		expect(ciede2000([50, 39.392, 6.946], [50, 19.924, -1.743])).toBeCloseTo(9.8316261392268, 11);
	});
	it('the worst case of a colour against itself is 0, under normal vision (the first that reaches it)', () => {
		expect(worstDifference('#0072B2', '#0072B2')).toEqual({ delta: 0, under: 'normal' });
	});
});

describe('lossCeiling ignores a run with no finite value at all', () => {
	it('its start is not one of the starts the median is taken over', () => {
		const geom = (id: string, ys: number[]) => {
			const train = new StepSeries();
			train.append(Float32Array.from(ys), 0);
			const run: ChartRun = { id, label: id, colorIndex: 0, train, evals: [], stepsPerEpoch: 4, batchSize: 32, timeAt: (s) => s, divergedAt: null, version: 1 };
			return buildRunGeometry(run, 'steps', 0, 100);
		};
		// starts 2 and 5 (C has none) → lower median 2 → healthy ≤ 20: A (30) is not, B (5) is → 50
		expect(lossCeiling([geom('a', [2, 30]), geom('b', [5]), geom('c', [])])).toBe(50);
	});
});

describe('BoundedHistory.items', () => {
	it('is a copy: changing it does not change the history', () => {
		const h = new BoundedHistory<number>(4);
		h.push(1);
		h.push(2);
		const items = h.items();
		items.push(99);
		expect(h.items()).toEqual([1, 2]);
	});
});

describe('StepSeries: the very first partial point', () => {
	it('records its first non-finite value', () => {
		// capacity 2: 1, 2 stored; ∞ halves them to [1.5] and starts the first partial point, {∞}
		const s = new StepSeries(2);
		s.append([1, 2, Infinity], 0);
		expect(Array.from(s.ys())).toEqual([1.5, Infinity]);
	});
});
