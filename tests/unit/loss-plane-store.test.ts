import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../src/lib/experiment/defaults';
import { RunSession } from '../../src/lib/worker/session';
import type { RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { RunInspector } from '../../src/lib/worker/inspector';
import type { InspectorExtras } from '../../src/lib/worker/protocol';
import { LossPlaneStore, TRAIN_FIRST } from '../../src/lib/worker/loss-plane';

/** a started session with the worker's inspector installed, as api.ts does */
function inspected(shared: SharedSettings, run: RunSpec): { s: RunSession<InspectorExtras>; inspector: RunInspector } {
	const s = new RunSession<InspectorExtras>();
	const made: RunInspector[] = [];
	s.start({ shared, run, inspect: (t, d) => made[made.push(new RunInspector(t, d)) - 1] });
	return { s, inspector: made[0] };
}

describe('weight-space landscape from real runs', () => {
	it('two runs sharing θ₀ start at (0, 0); the grid covers every path', () => {
		const e = defaultExperiment();
		e.shared.budget = { unit: 'steps', value: 120 };
		const store = new LossPlaneStore();
		store.reset(e.shared);
		for (const run of e.runs) {
			const s = new RunSession<InspectorExtras>();
			const made: RunInspector[] = [];
			s.start({ shared: e.shared, run, inspect: (t, d) => made[made.push(new RunInspector(t, d)) - 1] });
			while (!s.trainer.finished) s.advance(1000, 1e9);
			store.add(run.id, made[0].drainTrajectory());
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
		// the interpolation lines: α = 0 is θ₀, α = 1 the last snapshot (step 120); training lowered the train loss
		expect(r.lines.map((l) => l.id)).toEqual(e.runs.map((x) => x.id));
		for (const l of r.lines) {
			expect(l.step).toBe(120);
			expect(l.alphas[20]).toBe(1);
			expect(l.train[20]).toBeLessThan(l.train[0]);
			expect(l.test[20]).toBeLessThan(l.test[0]);
		}
		// both runs share θ₀, so their lines start at the same loss
		expect(r.lines[0].train[0]).toBe(r.lines[1].train[0]);
	});

	it('leaves a diverged run out of the plane and the grid, and says why', () => {
		const e = defaultExperiment();
		e.shared.budget = { unit: 'steps', value: 60 };
		const drains = e.runs.map((run) => {
			const { s, inspector } = inspected(e.shared, run);
			while (!s.trainer.finished) s.advance(1000, 1e9);
			return { id: run.id, drain: inspector.drainTrajectory() };
		});
		const healthyOnly = new LossPlaneStore();
		healthyOnly.reset(e.shared);
		healthyOnly.add(drains[0].id, drains[0].drain);
		const alone = healthyOnly.compute(5);

		// a third run whose θ explodes to 1e17 and then NaN: without the rule it alone sets both axes
		const P = drains[0].drain.added[0].params.length;
		const theta0 = drains[0].drain.added[0].params;
		const blown = Float32Array.from(theta0, (v, i) => v + (i % 2 ? 5e17 : -5e17));
		const nan = Float32Array.from(theta0, (v, i) => (i === 0 ? NaN : v));
		const bad = { added: [{ step: 0, params: theta0.slice() }, { step: 1, params: blown }, { step: 2, params: nan }], retained: [0, 1, 2] };
		expect(blown.length).toBe(P);

		const store = new LossPlaneStore();
		store.reset(e.shared);
		store.add(drains[0].id, drains[0].drain);
		store.add('boom', bad);
		// non-finite θ is detected without being told
		const r = store.compute(5);
		expect(r.leftOut).toEqual([{ id: 'boom', reason: 'its parameters became NaN or ∞' }]);
		expect(r.paths.map((p) => p.id)).toEqual([drains[0].id]);
		// the healthy run's plane and range are exactly what they are without the diverged run
		expect(r.range).toEqual(alone.range);
		expect(Math.max(...r.range.a.map(Math.abs))).toBeLessThan(1e3);

		// a run the page reports as diverged is left out with the page's reason, even if finite
		store.add(drains[1].id, drains[1].drain);
		const r2 = store.compute(5, undefined, [{ id: drains[1].id, reason: 'diverged at step 40' }]);
		expect(r2.leftOut).toContainEqual({ id: drains[1].id, reason: 'diverged at step 40' });
		expect(r2.paths.map((p) => p.id)).toEqual([drains[0].id]);
	});
	it('asks to train first while every run is at step 0, instead of a flat plane', () => {
		const e = defaultExperiment();
		const store = new LossPlaneStore();
		store.reset(e.shared);
		const { inspector } = inspected(e.shared, e.runs[0]);
		store.add(e.runs[0].id, inspector.drainTrajectory());
		expect(() => store.compute(5)).toThrow(TRAIN_FIRST);
	});
});
