// The sharpness tracker's budget and determinism over 400 steps, so mutation runs cover it
// (curvature.test.ts checks the same over 3,000 steps and skips itself under MUTATION=1).
import { describe, expect, it } from 'vitest';
import { runConfig } from '../run-config';
import { SharpnessTracker } from '../../../src/lib/engine/curvature/index';
import { toyDataset } from '../../../src/lib/engine/data/index';
import { Rng } from '../../../src/lib/engine/rng';
import { Trainer } from '../../../src/lib/engine/trainer';

describe('SharpnessTracker over 400 steps', () => {
	const data = toyDataset('moons', { n: 200, noise: 0.1 }, new Rng(1));
	it('keeps its work within a budget of 50 %, starts at step 0, is deterministic; sgd threshold 2/η = 4', () => {
		const series = () => {
			const t = new Trainer(data, runConfig({ activation: 'tanh', init: { scheme: 'xavier-normal' }, optimizer: { name: 'sgd', lr: 0.5 }, batchSize: 160, totalSteps: 400, evalEvery: 100 }));
			const tr = new SharpnessTracker(t, { budget: 0.5 });
			tr.afterStep(0);
			while (!t.finished) {
				const r = t.step();
				tr.afterStep(t.lastBatch.length);
				if (!r) break;
			}
			return { samples: tr.drain(), cost: tr.cost() };
		};
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
