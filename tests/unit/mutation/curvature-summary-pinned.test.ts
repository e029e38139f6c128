// plot/curvature.ts (the sharpness chart's domain, bound line and read-out) and plot/summary.ts
// (what the summary table counts as results), each expected value worked out by hand.
import { describe, expect, it } from 'vitest';
import { sharpnessDomain, sharpnessReadout, thresholdSteps } from '../../../src/lib/plot/curvature';
import { resultEvals, trailingMean } from '../../../src/lib/plot/summary';
import type { SharpnessSample } from '../../../src/lib/engine/curvature/tracker';

const s = (step: number, value: number, threshold: number): SharpnessSample => ({ step, value, threshold, lr: 0.1, products: 20, converged: true, preconditioned: false });

describe('sharpnessDomain', () => {
	it('spans only finite positive values, padded ×1.2 each way', () => {
		// valid: 1 and 100 (a ratio of 100 ≥ 10, so no widening) → [1/1.2, 100·1.2]
		const dom = sharpnessDomain([[s(0, 1, Infinity), s(1, 0, 100), s(2, -5, NaN), s(3, NaN, -Infinity)]]);
		expect(dom[0]).toBe(1 / 1.2);
		expect(dom[1]).toBeCloseTo(120, 12);
	});
	it('widens less than a decade to one decade around the geometric mean', () => {
		// lo = hi = 2: mid 2, [2/√10, 2·√10] padded → [0.527046…, 7.589466…] (python: 2/sqrt(10)/1.2, 2*sqrt(10)*1.2)
		const single = sharpnessDomain([[s(0, 2, 2)]]);
		expect(single[0]).toBeCloseTo(0.5270462766947299, 12);
		expect(single[1]).toBeCloseTo(7.58946638440411, 12);
		// lo = 1, hi = 4: geometric mean √4 = 2 again → the same decade
		const two = sharpnessDomain([[s(0, 1, 4)]]);
		expect(two[0]).toBeCloseTo(0.5270462766947299, 12);
		expect(two[1]).toBeCloseTo(7.58946638440411, 12);
	});
	it('leaves exactly one decade as it is', () => {
		// 1 … 10: hi/lo = 10 is not < 10 → [1/1.2, 10·1.2] = [0.8333…, 12] exactly
		expect(sharpnessDomain([[s(0, 1, 10)]])).toEqual([1 / 1.2, 12]);
	});
	it('falls back to [0.1, 10] without any positive finite value', () => {
		expect(sharpnessDomain([[s(0, NaN, 0)], []])).toEqual([0.1, 10]);
	});
});

describe('thresholdSteps', () => {
	const samples = [s(0, 1, 2), s(5, 1, 0), s(6, 1, Infinity), s(7, 1, -1), s(8, 1, NaN), s(10, 1, 2), s(20, 1, 1)];
	it('a step line through the finite positive bounds, extended to until', () => {
		// 2 from step 0; the bound drops to 1 at step 20 (vertical at 20); the line runs on to 30
		expect(thresholdSteps(samples, 30)).toEqual([
			[0, 2],
			[20, 2],
			[20, 1],
			[30, 1]
		]);
	});
	it('is not extended when until is at or before the last vertex', () => {
		const upTo20 = [
			[0, 2],
			[20, 2],
			[20, 1]
		];
		expect(thresholdSteps(samples, 20)).toEqual(upTo20);
		expect(thresholdSteps(samples, 15)).toEqual(upTo20);
	});
});

describe('sharpnessReadout', () => {
	it('skips samples without a positive bound', () => {
		// step 2's bound is 0 (ratio would be ∞): the read-out is step 1's, ratio 1/2
		expect(sharpnessReadout([s(1, 1, 2), s(2, 3, 0)])).toEqual({ step: 1, value: 1, threshold: 2, ratio: 0.5, peakRatio: 0.5 });
	});
	it('the peak ratio is the largest so far, the ratio the last', () => {
		expect(sharpnessReadout([s(1, 3, 2), s(2, 1, 4), s(3, NaN, 1)])).toEqual({ step: 2, value: 1, threshold: 4, ratio: 0.25, peakRatio: 1.5 });
		expect(sharpnessReadout([])).toBeNull();
	});
});

describe('summary', () => {
	const ev = (step: number, testLoss = 1) => ({ step, testAccuracy: 0.5, testLoss });
	it('results are the evaluations after step 0 and strictly before the divergence', () => {
		const evals = [ev(0), ev(5), ev(10), ev(15)];
		expect(resultEvals(evals, 10).map((e) => e.step)).toEqual([5]);
		expect(resultEvals(evals, 11).map((e) => e.step)).toEqual([5, 10]);
		expect(resultEvals(evals, null).map((e) => e.step)).toEqual([5, 10, 15]);
		expect(resultEvals([ev(5), ev(10, NaN)], null).map((e) => e.step)).toEqual([5]);
	});
	it('trailingMean reaches back to the first entry when the window is longer than the series', () => {
		expect(trailingMean([1, 2, 3], 5)).toBe(2);
		// last 2 finite of [1, NaN, 3, 5]: (3 + 5)/2
		expect(trailingMean([1, NaN, 3, 5], 2)).toBe(4);
		// last 3 finite: 1, 3, 5 (index 0 included)
		expect(trailingMean([1, NaN, 3, 5], 3)).toBe(3);
		expect(trailingMean([NaN], 3)).toBeNull();
	});
});
