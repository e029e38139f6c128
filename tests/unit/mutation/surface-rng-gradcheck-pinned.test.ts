// rng.ts, gradcheck.ts and test-functions.ts at their edges, by hand:
//   Box–Muller pairs (z₀ = r·cos 2πu₂, z₁ = r·sin 2πu₂, r = √(−2 ln u₁), u₁ = 1 − U) from a twin stream;
//   Rng.int's rejection above the largest multiple of n below 2³²;
//   gradCheck's two error measures on a 1 → 2 linear softmax net, where backprop gives ∓σ(d) and the
//   central difference with h = ½ gives ∓(softplus(d + h) − softplus(d − h))/2h;
//   runTestFunction on f = ½(x² + 10y²) (∇f = (x, 10y)) with torch's momentum and Adagrad by hand.
import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../src/lib/engine/gradcheck';
import { Mlp } from '../../../src/lib/engine/mlp';
import { Rng } from '../../../src/lib/engine/rng';
import { runTestFunction } from '../../../src/lib/engine/test-functions';

describe('Rng by hand', () => {
	it('normal() returns Box–Muller pairs: the cosine then the cached sine of the same two uniforms', () => {
		const a = new Rng(12345);
		const twin = new Rng(12345);
		for (let pair = 0; pair < 3; pair++) {
			const u1 = 1 - twin.uniform();
			const u2 = twin.uniform();
			const r = Math.sqrt(-2 * Math.log(u1));
			expect(a.normal()).toBe(r * Math.cos(2 * Math.PI * u2));
			expect(a.normal()).toBe(r * Math.sin(2 * Math.PI * u2));
		}
	});

	it('int(n) rejects draws at or above 2³² − (2³² mod n) and redraws (n = 3·2³⁰: a quarter of all draws)', () => {
		const n = 3 * 2 ** 30;
		const limit = 2 ** 32 - (2 ** 32 % n); // = n itself
		const a = new Rng(1);
		const twin = new Rng(1);
		let rejected = 0;
		for (let i = 0; i < 40; i++) {
			let x = twin.nextUint32();
			while (x >= limit) {
				rejected++;
				x = twin.nextUint32();
			}
			expect(a.int(n)).toBe(x % n);
		}
		expect(rejected).toBeGreaterThan(0);
	});
});

describe('gradCheck by hand', () => {
	const softplus = (v: number) => Math.log1p(Math.exp(v));
	it('errors of a 1 → 2 softmax net with h = ½: |σ − q|/(σ + q) for both measures, 4 parameters checked', () => {
		const mlp = new Mlp({ sizes: [1, 2], activation: 'relu', dtype: 'float64' });
		mlp.weight(0).set([0, 1]); // logits (0, 1) for x = 1: d = z₁ − z₀ = 1
		const x = new Float64Array([1]);
		const sigma = 1 / (1 + Math.exp(-1));
		const q = (softplus(1.5) - softplus(0.5)) / 1;
		const r = gradCheck(mlp, x, [0], 1, 0.5);
		expect(r.checked).toBe(4);
		expect(r.relativeError).toBeCloseTo(Math.abs(sigma - q) / (sigma + q), 12);
		expect(r.maxElementError).toBeCloseTo(Math.abs(sigma - q) / (sigma + q), 12);
		expect(r.relativeError).toBeGreaterThan(1e-3);
		// parameters restored
		expect(Array.from(mlp.params)).toEqual([0, 1, 0, 0]);
	});

	it('only zero gradients checked (a dead ReLU unit, every 3rd parameter): error 0, not 0/0', () => {
		const mlp = new Mlp({ sizes: [1, 1, 2], activation: 'relu', dtype: 'float64' });
		mlp.weight(0).set([-1]); // z = −1 for x = 1 (and −0.5 or −1.5 perturbed): the hidden unit is dead
		mlp.weight(1).set([1, 2]);
		// parameters [W₀, b₀, W₁ (2), b₁ (2)]: P = 6, maxParams 2 → stride 3 → W₀ and W₁[1], both with gradient 0
		const r = gradCheck(mlp, new Float64Array([1]), [0], 1, 0.5, 2);
		expect(r).toEqual({ relativeError: 0, maxElementError: 0, checked: 2 });
	});

	it('refuses a float32 MLP', () => {
		expect(() => gradCheck(new Mlp({ sizes: [1, 2], activation: 'relu' }), new Float32Array([1]), [0], 1)).toThrow('gradCheck needs a float64 MLP');
	});
});

describe('runTestFunction on ½(x² + 10y²) by hand', () => {
	it('momentum (torch: v ← μv + g, θ ← θ − ηv), η = 0.1, μ = 0.5 from (1, 1): velocity and steps in float64', () => {
		const run = runTestFunction({ fn: 'quadratic', optimizer: { name: 'momentum', lr: 0.1, momentum: 0.5 }, from: [1, 1], steps: 3 });
		// g (1, 10) → v (1, 10) → θ (0.9, 0); g (0.9, 0) → v (1.4, 5) → θ (0.76, −0.5); g (0.76, −5) → v (1.46, −2.5) → θ (0.614, −0.25)
		const want = { velocity: [1, 10, 1.4, 5, 1.46, -2.5], grad: [1, 10, 0.9, 0, 0.76, -5], delta: [-0.1, -1, -0.14, -0.5, -0.146, 0.25] };
		for (const k of ['velocity', 'grad', 'delta'] as const) {
			const got = run.internals[k]!;
			expect(got.length).toBe(6);
			want[k].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
		}
		// momentum's effective rate is η itself, per coordinate and step
		expect(Array.from(run.internals.effectiveLr!)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
		expect(run.points[3][0]).toBeCloseTo(0.614, 12);
		expect(run.points[3][1]).toBeCloseTo(-0.25, 12);
		expect(run.status).toBe('done');
		expect('divergedAt' in run).toBe(false);
	});

	it('Adagrad (torch: s ← s + g², step η·g/(√s + ε)), η = 0.5: effective rates η/√s per coordinate', () => {
		const run = runTestFunction({ fn: 'quadratic', optimizer: { name: 'adagrad', lr: 0.5 }, from: [1, 1], steps: 2 });
		// s (1, 100) → rates (0.5, 0.05), θ (0.5, 0.5); g (0.5, 5) → s (1.25, 125) → rates (0.5/√1.25, 0.5/√125)
		const want = [0.5, 0.05, 0.5 / Math.sqrt(1.25), 0.5 / Math.sqrt(125)];
		const eff = run.internals.effectiveLr!;
		expect(eff.length).toBe(4);
		want.forEach((v, i) => expect(eff[i]).toBeCloseTo(v, 9));
		expect(run.internals.velocity).toBeNull();
	});

	it('noise: each gradient coordinate gets std·N(0, 1) from the given stream, x first', () => {
		const twin = new Rng(3);
		const run = runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr: 0.1 }, from: [1, 1], steps: 1, noise: { std: 0.5, rng: new Rng(3) } });
		const n1 = twin.normal();
		const n2 = twin.normal();
		expect(run.internals.grad[0]).toBe(1 + 0.5 * n1);
		expect(run.internals.grad[1]).toBe(10 + 0.5 * n2);
		// std 0 is allowed and adds nothing
		const quiet = runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr: 0.1 }, from: [1, 1], steps: 1, noise: { std: 0, rng: new Rng(3) } });
		expect(Array.from(quiet.internals.grad)).toEqual([1, 10]);
	});

	it('a diverging run stops before the first non-finite point; every trace is trimmed to the steps taken', () => {
		// momentum η = 3, μ = 0 is plain gradient descent: y ← y − 30y = −29y, x ← −2x; f overflows when 5·841ᵏ + 0.5·4ᵏ > max
		let x = 1;
		let y = 1;
		let k = 0;
		for (;;) {
			x -= 3 * x;
			y -= 30 * y;
			k++;
			if (!Number.isFinite(0.5 * (x * x + 10 * y * y))) break;
		}
		const run = runTestFunction({ fn: 'quadratic', optimizer: { name: 'momentum', lr: 3, momentum: 0 }, from: [1, 1], steps: 300 });
		expect(run.status).toBe('diverged');
		expect(run.divergedAt).toBe(k);
		expect(run.points.length).toBe(k);
		const taken = k - 1;
		expect([run.internals.grad.length, run.internals.delta.length, run.internals.velocity!.length, run.internals.effectiveLr!.length, run.internals.lr.length]).toEqual([
			2 * taken,
			2 * taken,
			2 * taken,
			2 * taken,
			taken
		]);
		expect(run.internals.grad[2 * taken - 1]).toBe(10 * run.points[taken - 1][1]);
		expect(run.internals.velocity![2 * taken - 2]).toBe(run.points[taken - 1][0]);
	});

	it('zero steps; refusals by message', () => {
		const run = runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr: 0.1 }, from: [1, 2], steps: 0 });
		expect(run.points).toEqual([[1, 2, 0.5 * (1 + 40)]]);
		expect(run.internals.grad.length).toBe(0);
		expect(() => runTestFunction({ fn: 'nope' as 'quadratic', optimizer: { name: 'sgd', lr: 0.1 }, from: [1, 2], steps: 1 })).toThrow(
			'surface: unknown function nope; expected one of rosenbrock, beale, himmelblau, saddle, quadratic, camel'
		);
		expect(() => runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr: 0.1 }, from: [NaN, 2], steps: 1 })).toThrow('surface: from must be two finite numbers, got NaN, 2');
		expect(() => runTestFunction({ fn: 'quadratic', optimizer: { name: 'sgd', lr: 0.1 }, from: [1e200, 1e200], steps: 1 })).toThrow(
			'surface: f is not finite at the start (1e+200, 1e+200)'
		);
	});
});
