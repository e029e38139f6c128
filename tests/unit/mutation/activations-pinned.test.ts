// Every activation's forward, backward, slope and curvature at five points including the kink at 0,
// against values computed independently with mpmath (40 digits: the closed forms of torch's
// relu / leaky_relu (slope 0.01) / tanh / sigmoid / gelu(approximate='tanh'), their derivatives by
// mpmath.diff). torch's convention at the kink: relu'(0) = 0, leaky_relu'(0) = 0.01.
// Each call is given n = 5 of 6 slots: the sixth (a sentinel) must stay untouched.
import { describe, expect, it } from 'vitest';
import { activations } from '../../../src/lib/engine/activations';
import type { ActivationName } from '../../../src/lib/engine/types';

const Z = [-2, -0.5, 0, 0.7, 3];
const DA = [1.5, -2, 3, 0.25, -1];
const SENTINEL = 12345; // in the slot past n of every output
const INPUT_PAST_N = 3; // in the slot past n of every input: f(3) ≠ the sentinel

/** f, f', f'' at Z (mpmath) */
const REF: Record<ActivationName, [number[], number[], number[]]> = {
	relu: [
		[0, 0, 0, 0.7, 3],
		[0, 0, 0, 1, 1],
		[0, 0, 0, 0, 0]
	],
	'leaky-relu': [
		[-0.02, -0.005, 0, 0.7, 3],
		[0.01, 0.01, 0.01, 1, 1],
		[0, 0, 0, 0, 0]
	],
	tanh: [
		[-0.9640275800758169, -0.46211715726000974, 0, 0.6043677771171635, 0.9950547536867305],
		[0.07065082485316447, 0.7864477329659274, 1, 0.6347395899824586, 0.00986603716544019],
		[0.13621868742711304, 0.7268619813835873, 0, -0.7672323100919165, -0.019634494363042435]
	],
	sigmoid: [
		[0.11920292202211756, 0.37754066879814546, 0.5, 0.668187772168166, 0.9525741268224333],
		[0.10499358540350652, 0.2350037122015945, 0.25, 0.22171287329310904, 0.04517665973091213],
		[0.07996250105615306, 0.05755679485232074, 0, -0.07457878844034181, -0.04089157466094348]
	],
	gelu: [
		[-0.04540230591222498, -0.15428599017485609, 0, 0.5305701347051167, 2.996362607918227],
		[-0.08609925662361838, 0.1326300964653577, 0.5, 0.9763572186561039, 1.0115841666309697],
		[-0.10787507995107845, 0.6155068951159849, 0.7978845608028654, 0.4708629268446337, -0.031767658886074704]
	],
	linear: [Z, [1, 1, 1, 1, 1], [0, 0, 0, 0, 0]]
};

const withSentinel = (v: number[]) => Float64Array.from([...v, SENTINEL]);
const input = (v: number[]) => Float64Array.from([...v, INPUT_PAST_N]);
const close = (got: Float64Array, want: number[]) => {
	for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 13);
	expect(got[want.length]).toBe(SENTINEL);
};

describe.each(Object.keys(REF) as ActivationName[])('%s against mpmath', (name) => {
	const act = activations[name];
	const [f, d1, d2] = REF[name];
	const z = input(Z);
	const a = withSentinel(Array(5).fill(0));
	act.forward(a, z, 5);
	a[5] = INPUT_PAST_N; // as a cached activation, the slot past n holds another value too

	it('forward f(z), writing n values only', () => {
		const out = withSentinel(Array(5).fill(0));
		act.forward(out, z, 5);
		close(out, f);
	});

	it('backward da·f′(z), overwriting dz', () => {
		const dz = withSentinel(Array(5).fill(7));
		act.backward(dz, input(DA), z, a, 5);
		close(
			dz,
			DA.map((g, i) => g * d1[i])
		);
	});

	it('slope f′(z)', () => {
		const out = withSentinel(Array(5).fill(7));
		act.slope(out, z, a, 5);
		close(out, d1);
	});

	it('curvature f″(z)', () => {
		const out = withSentinel(Array(5).fill(7));
		act.curvature(out, z, a, 5);
		close(out, d2);
	});
});

describe('sigmoid far from 0', () => {
	it('σ(1000) = 1 and σ(−1000) = 0, never ∞/∞', () => {
		const a = new Float64Array(2);
		activations.sigmoid.forward(a, new Float64Array([1000, -1000]), 2);
		expect(a[0]).toBe(1);
		expect(a[1]).toBe(0);
	});

	it('σ(−720) = 1/(1 + e⁷²⁰) ≈ 2.0322308024e−313 (mpmath): still above 0 in float64’s subnormal range, though e⁷²⁰ overflows', () => {
		const a = new Float64Array(1);
		activations.sigmoid.forward(a, new Float64Array([-720]), 1);
		// a subnormal keeps ≈ 35 significant bits here: compare to 1e-9 relative
		expect(Math.abs(a[0] / 2.0322308024e-313 - 1)).toBeLessThan(1e-9);
	});
});
