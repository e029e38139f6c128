// The sharpness tracker's budget and determinism over 400 steps, so mutation runs cover it
// (curvature.test.ts checks the same over 3,000 steps and skips itself under MUTATION=1).
import { describe, expect, it } from 'vitest';
import { trackerConfig, trackerSeries } from '../long-run';

describe('SharpnessTracker over 400 steps', () => {
	it('keeps its work within a budget of 50 %, starts at step 0, is deterministic; sgd threshold 2/η = 4', () => {
		const series = () => trackerSeries(trackerConfig(), 0.5);
		const a = series();
		const b = series();
		expect(a.samples.length).toBeGreaterThan(2);
		expect(a.samples[0].step).toBe(0);
		expect(a.cost.workShare).toBeLessThanOrEqual(0.5);
		expect(a.cost.workShare).toBeGreaterThan(0.25);
		expect(b.samples).toEqual(a.samples);
		for (const s of a.samples) expect(s.threshold).toBeCloseTo(2 / 0.5, 12);
		for (let i = 1; i < a.samples.length; i++) expect(a.samples[i].step).toBeGreaterThan(a.samples[i - 1].step);
	});
});
