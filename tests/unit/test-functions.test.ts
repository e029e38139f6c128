// 2-D test surfaces: analytic gradients against central finite differences, the published minima,
// and runTestFunction against the closed form of gradient descent on a quadratic.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/lib/engine/rng';
import { runTestFunction, TEST_FUNCTIONS, testFunctionNames } from '../../src/lib/engine/test-functions';
import { OPTIMIZERS } from '../../src/lib/engine/types';

/** central difference (f(p + h) − f(p − h)) / 2h, error O(h²·f‴) */
function numericGrad(f: (x: number, y: number) => number, x: number, y: number, h = 1e-5): [number, number] {
	return [(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)];
}

describe.each(testFunctionNames)('%s', (name) => {
	const s = TEST_FUNCTIONS[name];

	it('analytic gradient matches central differences at several points', () => {
		const [x0, x1] = s.domain.x;
		const [y0, y1] = s.domain.y;
		const pts: [number, number][] = [
			[s.start[0], s.start[1]],
			[0.3, -0.7],
			[-1.1, 0.4],
			[x0 + 0.37 * (x1 - x0), y0 + 0.81 * (y1 - y0)],
			[x0 + 0.9 * (x1 - x0), y0 + 0.15 * (y1 - y0)]
		];
		for (const [x, y] of pts) {
			const [gx, gy] = s.grad(x, y);
			const [nx, ny] = numericGrad(s.f, x, y);
			const scale = 1 + Math.abs(nx) + Math.abs(ny);
			expect(Math.abs(gx - nx) / scale).toBeLessThan(1e-6);
			expect(Math.abs(gy - ny) / scale).toBeLessThan(1e-6);
		}
	});

	it('minima have the published value, zero gradient, and lie in the plotting domain', () => {
		for (const m of s.minima) {
			expect(s.f(m.x, m.y)).toBeCloseTo(m.f, 9);
			const [gx, gy] = s.grad(m.x, m.y);
			expect(Math.hypot(gx, gy)).toBeLessThan(1e-8);
			expect(m.x).toBeGreaterThanOrEqual(s.domain.x[0]);
			expect(m.x).toBeLessThanOrEqual(s.domain.x[1]);
			expect(m.y).toBeGreaterThanOrEqual(s.domain.y[0]);
			expect(m.y).toBeLessThanOrEqual(s.domain.y[1]);
		}
		for (const p of s.saddles) {
			const [gx, gy] = s.grad(p.x, p.y);
			expect(Math.hypot(gx, gy)).toBeLessThan(1e-12);
		}
	});

	it.each(OPTIMIZERS)('the suggested lr for %s runs from the start without diverging', (opt) => {
		const r = runTestFunction({ fn: name, optimizer: { name: opt, lr: s.lr[opt] }, from: [s.start[0], s.start[1]], steps: s.steps });
		expect(r.status).toBe('done');
		expect(r.points.length).toBe(s.steps + 1);
	});
});

describe('published values', () => {
	it('global minima', () => {
		// Rosenbrock f(1, 1) = 0; Beale f(3, 0.5) = (1.5 − 3 + 1.5)² + (2.25 − 3 + 0.75)² + (2.625 − 3 + 0.375)² = 0
		expect(TEST_FUNCTIONS.rosenbrock.f(1, 1)).toBe(0);
		expect(TEST_FUNCTIONS.beale.f(3, 0.5)).toBe(0);
		// Himmelblau f(3, 2) = (9 + 2 − 11)² + (3 + 4 − 7)² = 0, and the other three from the literature to 6 dp
		expect(TEST_FUNCTIONS.himmelblau.f(3, 2)).toBe(0);
		expect(TEST_FUNCTIONS.himmelblau.f(-2.805118, 3.131312)).toBeCloseTo(0, 8);
		expect(TEST_FUNCTIONS.himmelblau.f(-3.77931, -3.283186)).toBeCloseTo(0, 8);
		expect(TEST_FUNCTIONS.himmelblau.f(3.584428, -1.848126)).toBeCloseTo(0, 8);
		// six-hump camel: f* = −1.0316 at (0.0898, −0.7126) and (−0.0898, 0.7126) (Molga & Smutnicki 2005)
		expect(TEST_FUNCTIONS.camel.f(0.0898, -0.7126)).toBeCloseTo(-1.0316, 4);
		expect(TEST_FUNCTIONS.camel.f(-0.0898, 0.7126)).toBeCloseTo(-1.0316, 4);
		expect(TEST_FUNCTIONS.camel.minima.filter((m) => m.global).length).toBe(2);
		expect(TEST_FUNCTIONS.camel.minima.length).toBe(6);
		// quadratic and saddle at the origin
		expect(TEST_FUNCTIONS.quadratic.f(0, 0)).toBe(0);
		expect(TEST_FUNCTIONS.saddle.f(0, 0)).toBe(0);
	});

	it('hand values away from the minima', () => {
		// Rosenbrock (−1.2, 1): 2.2² + 100·(1 − 1.44)² = 4.84 + 19.36 = 24.2
		expect(TEST_FUNCTIONS.rosenbrock.f(-1.2, 1)).toBeCloseTo(24.2, 12);
		// Beale (1, 1.5): 2² + 3.5² + 5² = 4 + 12.25 + 25 = 41.25
		expect(TEST_FUNCTIONS.beale.f(1, 1.5)).toBeCloseTo(41.25, 12);
		// camel (1, 1): (4 − 2.1 + 1/3) + 1 + 0 = 3.2333…
		expect(TEST_FUNCTIONS.camel.f(1, 1)).toBeCloseTo(4 - 2.1 + 1 / 3 + 1, 12);
		// quadratic (1, 1) = 5.5; saddle (1, 2) = −3
		expect(TEST_FUNCTIONS.quadratic.f(1, 1)).toBe(5.5);
		expect(TEST_FUNCTIONS.saddle.f(1, 2)).toBe(-3);
	});
});

describe('runTestFunction', () => {
	it('returns steps + 1 points starting at `from`, with f filled in', () => {
		const r = runTestFunction({ fn: 'rosenbrock', optimizer: { name: 'adam', lr: 0.01 }, from: [-1.2, 1], steps: 25 });
		expect(r.status).toBe('done');
		expect(r.divergedAt).toBeUndefined();
		expect(r.points.length).toBe(26);
		expect(r.points[0].slice(0, 2)).toEqual([-1.2, 1]);
		expect(r.points[0][2]).toBeCloseTo(24.2, 12);
		for (const [x, y, f] of r.points) expect(f).toBe(TEST_FUNCTIONS.rosenbrock.f(x, y));
		expect(r.internals.grad.length).toBe(50);
		expect(r.internals.delta.length).toBe(50);
		expect(r.internals.lr.length).toBe(25);
		expect(r.internals.velocity).not.toBeNull();
		expect(r.internals.effectiveLr).not.toBeNull();
	});

	it('plain SGD on the quadratic follows x_t = (1 − lr)^t x₀, y_t = (1 − 10·lr)^t y₀', () => {
		// ∇f = (x, 10y), so θ ← θ − lr·∇f multiplies x by (1 − lr) and y by (1 − 10·lr) each step
		const lr = 0.05;
		const r = runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr }, from: [-1.8, 0.8], steps: 30 });
		for (let t = 0; t <= 30; t++) {
			expect(r.points[t][0]).toBeCloseTo(0.95 ** t * -1.8, 13);
			expect(r.points[t][1]).toBeCloseTo(0.5 ** t * 0.8, 13);
		}
		// the recorded gradient and step of step 0: g = (−1.8, 8), Δ = −lr·g = (0.09, −0.4)
		expect(r.internals.grad[0]).toBe(-1.8);
		expect(r.internals.grad[1]).toBe(8);
		expect(r.internals.delta[0]).toBeCloseTo(0.09, 14);
		expect(r.internals.delta[1]).toBeCloseTo(-0.4, 14);
		expect(r.internals.velocity).toBeNull();
	});

	it('stops with status diverged when a value becomes non-finite', () => {
		// SGD on the quadratic with lr 1: y ← (1 − 10)·y = −9y, so |y| grows 9× per step and
		// f = 5y² overflows once y² > 3.6e307, i.e. after about 0.5·log₉(1.8e308/5) ≈ 161 steps
		const r = runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr: 1 }, from: [1, 1], steps: 500 });
		expect(r.status).toBe('diverged');
		expect(r.divergedAt).toBeGreaterThan(150);
		expect(r.divergedAt).toBeLessThan(170);
		expect(r.points.length).toBe(r.divergedAt);
		for (const p of r.points) for (const v of p) expect(Number.isFinite(v)).toBe(true);
		expect(r.internals.delta.length).toBe(2 * (r.points.length - 1));
		expect(r.internals.lr.length).toBe(r.points.length - 1);
	});

	it('gradient noise is seeded: same seed, same path; different seed, different path', () => {
		const go = (seed: number) =>
			runTestFunction({
				fn: 'himmelblau',
				optimizer: { name: 'momentum', lr: 2e-3 },
				from: [-0.5, -0.5],
				steps: 50,
				noise: { std: 1, rng: new Rng(seed) }
			}).points;
		expect(go(7)).toEqual(go(7));
		expect(go(7)).not.toEqual(go(8));
	});

	it('applies a learning-rate schedule when given', () => {
		// warm-up over 4 steps with lr 0.4 on the quadratic's x: factors (1 − 0.1), (1 − 0.2), (1 − 0.3), (1 − 0.4)
		const r = runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr: 0.4 }, from: [1, 0], steps: 4, schedule: { kind: 'warmup', warmupSteps: 4 } });
		expect(r.points[4][0]).toBeCloseTo(0.9 * 0.8 * 0.7 * 0.6, 14);
	});

	it('rejects bad options', () => {
		const base = { fn: 'saddle' as const, optimizer: { name: 'sgd' as const, lr: 0.1 }, from: [1, 1] as [number, number] };
		expect(() => runTestFunction({ ...base, steps: -1 })).toThrow(/steps/);
		expect(() => runTestFunction({ ...base, steps: 3, from: [Number.NaN, 0] })).toThrow(/from/);
		expect(() => runTestFunction({ ...base, steps: 3, noise: { std: -1, rng: new Rng(1) } })).toThrow(/std/);
		expect(() => runTestFunction({ ...base, steps: 3, optimizer: { name: 'sgd', lr: 0 } })).toThrow(/lr/);
	});
});
