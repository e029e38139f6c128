import { describe, expect, it } from 'vitest';
import { decodeRace, defaultConfig, encodeRace, MOMENTUM_DEFAULT } from '../../src/lib/test-functions/race-config';
import { runTestFunction } from '../../src/lib/engine/test-functions';

describe('surface race momentum μ', () => {
	it('travels in the link only when it is not 0.9, and round-trips', () => {
		const c = defaultConfig('rosenbrock');
		expect(c.momentum).toBe(MOMENTUM_DEFAULT);
		expect(encodeRace(c)).not.toContain('mu=');
		const q = encodeRace({ ...c, momentum: 0.5 });
		expect(q).toContain('mu=0.5');
		expect(decodeRace(new URLSearchParams(q)).config.momentum).toBe(0.5);
	});
	it('refuses a momentum outside [0, 0.999] naming the field', () => {
		for (const bad of ['1', '-0.1', 'x', '2']) {
			const r = decodeRace(new URLSearchParams(`mu=${bad}`));
			expect(r.config.momentum).toBe(MOMENTUM_DEFAULT);
			expect(r.errors).toHaveLength(1);
			expect(r.errors[0].field).toBe('mu');
			expect(r.errors[0].message).toMatch(/^mu: .* is not a momentum from 0 to 0\.999/);
		}
	});
	it('changes the momentum run: μ = 0 is plain SGD step for step (b = g, θ −= η·g)', () => {
		const base = { fn: 'rosenbrock' as const, from: [-1.2, 1] as [number, number], steps: 30 };
		const sgd = runTestFunction({ ...base, optimizer: { name: 'sgd', lr: 1e-3 } });
		const mom0 = runTestFunction({ ...base, optimizer: { name: 'momentum', lr: 1e-3, momentum: 0 } });
		const mom9 = runTestFunction({ ...base, optimizer: { name: 'momentum', lr: 1e-3, momentum: 0.9 } });
		expect(mom0.points).toEqual(sgd.points);
		expect(mom9.points[30]).not.toEqual(sgd.points[30]);
	});
});
