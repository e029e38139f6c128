import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../src/lib/experiment/defaults';
import { RunSession } from '../../src/lib/worker/session';
import { RunInspector } from '../../src/lib/worker/inspector';
import { LandscapeStore } from '../../src/lib/worker/landscape';

describe('weight-space landscape from real runs', () => {
	it('two runs sharing θ₀ start at (0, 0); the grid covers every path', () => {
		const e = defaultExperiment();
		e.shared.budget = { unit: 'steps', value: 120 };
		const store = new LandscapeStore();
		store.reset(e.shared);
		for (const run of e.runs) {
			const s = new RunSession();
			s.start({ shared: e.shared, run });
			while (!s.trainer.finished) s.advance(1000, 1e9);
			store.add(run.id, (s.inspector as RunInspector).drainTrajectory());
		}
		const r = store.compute(7);
		expect(r.centre).toBe('theta0');
		expect(r.paths).toHaveLength(2);
		for (const p of r.paths) {
			expect(p.steps[0]).toBe(0);
			expect(p.steps.at(-1)).toBe(120);
			expect(Math.abs(p.a[0])).toBeLessThan(1e-9);
			expect(Math.abs(p.b[0])).toBeLessThan(1e-9);
		}
		expect(r.grid.loss).toHaveLength(49);
		expect(r.explained[0]).toBeGreaterThan(0);
		expect(r.explained[0] + r.explained[1]).toBeLessThanOrEqual(1 + 1e-12);
		// every path lies inside the grid's range
		for (const p of r.paths)
			for (let i = 0; i < p.a.length; i++) {
				expect(p.a[i]).toBeGreaterThanOrEqual(r.range.a[0]);
				expect(p.a[i]).toBeLessThanOrEqual(r.range.a[1]);
			}
		expect(store.size).toBe(2);
		// the grid's centre cell is a finite loss (the exact grid-vs-forward check is in landscape.test.ts)
		expect(Number.isFinite(r.grid.loss[24])).toBe(true);
	});
});
