// The loss-plane grid and the line interpolation by hand (loss-plane/grid.ts, interpolate.ts): the
// refusals with their messages, the coordinates' last entry exactly hi (not lo + (hi − lo)), the rows
// called back, a row computed on its own, the range of the projected points with ties and ±0, and
// the network's state after the walk (params restored, its last outputs those of the last point).
import { describe, expect, it } from 'vitest';
import { emptyLossGrid, gridRange, lossGrid, lossGridRow, paramsAt } from '../../../src/lib/engine/loss-plane/grid';
import type { Plane } from '../../../src/lib/engine/loss-plane/projection';
import { interpolationAlphas, lossAlongLine, pointOnLine } from '../../../src/lib/engine/loss-plane/interpolate';
import { Mlp } from '../../../src/lib/engine/mlp';

// softmax regression, 2 inputs → 2 classes, params [W00 W01 W10 W11 b0 b1]; on the plane c = 0,
// u = e4, v = e5 the logits are (a, b) for every input: with label 0, L(a, b) = log(1 + e^(b − a)).
function regression(): { mlp: Mlp; plane: Plane } {
	const mlp = new Mlp({ sizes: [2, 2], activation: 'linear', dtype: 'float64' });
	const e = (k: number) => Float64Array.from({ length: 6 }, (_, i) => (i === k ? 1 : 0));
	return { mlp, plane: { origin: new Float64Array(6), u: e(4), v: e(5) } };
}
const L = (a: number, b: number) => Math.log1p(Math.exp(b - a));
const X = new Float64Array([0.3, -0.7, 1.2, 0.5]);
const Y = new Uint8Array([0, 0]);

describe('paramsAt', () => {
	it('c + a·u + b·v, and refuses an output of another size by name', () => {
		const plane: Plane = { origin: Float64Array.of(1, 2), u: Float64Array.of(1, 0), v: Float64Array.of(0, 1) };
		expect(Array.from(paramsAt(plane, 3, -4, new Float64Array(2)))).toEqual([4, -2]);
		expect(() => paramsAt(plane, 0, 0, new Float64Array(3))).toThrow('paramsAt: out has 3 entries, the plane 2');
	});
});

describe('lossGrid by hand', () => {
	it('the last coordinate is exactly hi: [−0.3, 0.1] in 3 gives −0.3, −0.1, 0.1 (−0.3 + 0.4 would be 0.10000000000000003)', () => {
		const { mlp, plane } = regression();
		const g = lossGrid(mlp, plane, { a: [-0.3, 0.1], b: [-0.3, 0.1] }, 3, X, Y, 2);
		expect(Array.from(g.a)).toEqual([-0.3, -0.3 + 0.4 / 2, 0.1]);
		expect(Array.from(g.b)).toEqual([-0.3, -0.3 + 0.4 / 2, 0.1]);
		// a 4 × 4 grid over [0, 3]: 0, 1, 2, 3
		const g4 = emptyLossGrid(mlp, plane, { a: [0, 3], b: [-3, 0] }, 4, X, Y, 2);
		expect(Array.from(g4.a)).toEqual([0, 1, 2, 3]);
		expect(Array.from(g4.b)).toEqual([-3, -2, -1, 0]);
		expect(Array.from(g4.loss)).toEqual(new Array(16).fill(0));
	});

	it('calls onRow once per row, in order, with the rows done so far; restores the parameters', () => {
		const { mlp, plane } = regression();
		mlp.params.set([1, 2, 3, 4, 5, 6]);
		const rows: number[] = [];
		const seen: number[][] = [];
		const g = lossGrid(mlp, plane, { a: [-1, 1], b: [-1, 1] }, 3, X, Y, 2, (j, grid) => {
			rows.push(j);
			seen.push(Array.from(grid.loss));
		});
		expect(rows).toEqual([0, 1, 2]);
		const want = [-1, 0, 1].flatMap((b) => [-1, 0, 1].map((a) => L(a, b)));
		for (let k = 0; k < 9; k++) expect(g.loss[k]).toBeCloseTo(want[k], 14);
		// after row 0 only its three entries are filled
		expect(seen[0].slice(3)).toEqual([0, 0, 0, 0, 0, 0]);
		expect(Array.from(mlp.params)).toEqual([1, 2, 3, 4, 5, 6]);
		// the network's last forward was the last grid point (a, b) = (1, 1): logits (1, 1)
		expect(Array.from(mlp.output(0))).toEqual([1, 1, 1, 1]);
	});

	it('a row on its own fills only its entries and leaves θ at the row\'s last point', () => {
		const { mlp, plane } = regression();
		const g = emptyLossGrid(mlp, plane, { a: [-1, 1], b: [-1, 1] }, 3, X, Y, 2);
		lossGridRow(mlp, plane, g, 0, X, Y, 2);
		expect(Array.from(g.loss.subarray(3))).toEqual([0, 0, 0, 0, 0, 0]);
		for (let i = 0; i < 3; i++) expect(g.loss[i]).toBeCloseTo(L(g.a[i], -1), 14);
		expect(Array.from(mlp.params)).toEqual([0, 0, 0, 0, 1, -1]);
		expect(Array.from(mlp.output(0))).toEqual([1, -1, 1, -1]);
		lossGridRow(mlp, plane, g, 2, X, Y, 2);
		expect(Array.from(g.loss.subarray(3, 6))).toEqual([0, 0, 0]);
		expect(g.loss[6]).toBeCloseTo(L(-1, 1), 14);
	});

	it('refuses bad sizes, probes and ranges, naming what is wrong', () => {
		const { mlp, plane } = regression();
		const r = { a: [0, 1] as [number, number], b: [0, 1] as [number, number] };
		const grid = (over: { n?: number; plane?: Plane; x?: Float64Array; y?: Uint8Array; probeN?: number; a?: [number, number]; b?: [number, number] }) =>
			() => lossGrid(mlp, over.plane ?? plane, { a: over.a ?? r.a, b: over.b ?? r.b }, over.n ?? 2, over.x ?? X, over.y ?? Y, over.probeN ?? 2);
		expect(grid({})).not.toThrow();
		expect(grid({ n: 1 })).toThrow('lossGrid: n must be a whole number ≥ 2, got 1');
		expect(grid({ n: 2.5 })).toThrow('lossGrid: n must be a whole number ≥ 2, got 2.5');
		const small: Plane = { origin: new Float64Array(3), u: Float64Array.of(1, 0, 0), v: Float64Array.of(0, 1, 0) };
		expect(grid({ plane: small })).toThrow('lossGrid: plane has 3 parameters, the network 6');
		const probe = (probeN: number) => `lossGrid: probe batch of ${probeN} examples does not fit the arrays given`;
		expect(grid({ probeN: 1.5 })).toThrow(probe(1.5));
		expect(grid({ probeN: 0 })).toThrow(probe(0));
		expect(grid({ probeN: 1 })).not.toThrow();
		expect(grid({ x: X.subarray(0, 3) })).toThrow(probe(2)); // 2 examples need 4 inputs
		expect(grid({ x: X.subarray(0, 3), probeN: 1 })).not.toThrow();
		expect(grid({ y: Y.subarray(0, 1) })).toThrow(probe(2));
		expect(grid({ a: [NaN, 1] })).toThrow('lossGrid: bad range [NaN, 1]');
		expect(grid({ a: [0, Infinity] })).toThrow('lossGrid: bad range [0, Infinity]');
		expect(grid({ a: [1, 1] })).toThrow('lossGrid: bad range [1, 1]');
		expect(grid({ a: [2, 1] })).toThrow('lossGrid: bad range [2, 1]');
		expect(grid({ b: [-Infinity, 0] })).toThrow('lossGrid: bad range [-Infinity, 0]');
		expect(grid({ b: [0, NaN] })).toThrow('lossGrid: bad range [0, NaN]');
		expect(grid({ b: [0.5, 0.5] })).toThrow('lossGrid: bad range [0.5, 0.5]');
	});
});

describe('gridRange by hand', () => {
	const path = (a: number[], b: number[]) => ({ a: Float64Array.from(a), b: Float64Array.from(b) });

	it('no finite point: [−1, 1] both ways', () => {
		expect(gridRange([])).toEqual({ a: [-1, 1], b: [-1, 1] });
		expect(gridRange([path([NaN, 1], [0, Infinity])])).toEqual({ a: [-1, 1], b: [-1, 1] });
	});

	it('extremes anywhere in the path: a ∈ [−1, 3], b ∈ [−2, 6] (neither first nor last)', () => {
		// mid a 1, half 4·0.75 = 3 → [−2, 4]; mid b 2, half 8·0.75 = 6 → [−4, 8]
		const r = gridRange([path([0, 3, -1, 1], [1, 6, -2, 0])]);
		expect(r).toEqual({ a: [-2, 4], b: [-4, 8] });
		// margin 0: the points' own extent
		expect(gridRange([path([0, 3, -1, 1], [1, 6, -2, 0])], 0)).toEqual({ a: [-1, 3], b: [-2, 6] });
	});

	it('a flat axis borrows the other one\'s extent, even when it is the longer one', () => {
		// all a = 2, b ∈ [0, 4]: span a := 4 → a [2 − 3, 2 + 3]; b [2 − 3, 2 + 3]
		expect(gridRange([path([2, 2, 2], [0, 4, 1])])).toEqual({ a: [-1, 5], b: [-1, 5] });
		expect(gridRange([path([0, 4, 1], [2, 2, 2])])).toEqual({ a: [-1, 5], b: [-1, 5] });
		// spans 1 (a) and 2 (b): each keeps its own
		expect(gridRange([path([0, 1], [0, 2])], 0.5)).toEqual({ a: [-0.5, 1.5], b: [-1, 3] });
	});

	it('ties keep the first value seen: −0 then 0 has the range −0 ± 0 (margin −0.5)', () => {
		// aLo = aHi = −0 (0 is neither < −0 nor > −0): mid −0, half 1·0 → [−0 − 0, −0 + 0] = [−0, 0]
		const r = gridRange([path([-0, 0], [-0, 0])], -0.5);
		expect(Object.is(r.a[0], -0)).toBe(true);
		expect(Object.is(r.a[1], 0)).toBe(true);
		expect(Object.is(r.b[0], -0)).toBe(true);
		expect(Object.is(r.b[1], 0)).toBe(true);
	});
});

describe('interpolation by hand', () => {
	it('α: n points from 0 to maxAlpha, the last exactly maxAlpha; refusals by message', () => {
		expect(Array.from(interpolationAlphas(1, 2))).toEqual([0, 1]);
		expect(Array.from(interpolationAlphas(2, 5))).toEqual([0, 0.5, 1, 1.5, 2]);
		// (0.1 · 3) / 3 = 0.10000000000000002 in float64: the last point is set to 0.1 itself
		expect(Array.from(interpolationAlphas(0.1, 4))).toEqual([0, 0.1 / 3, (0.1 * 2) / 3, 0.1]);
		const a = interpolationAlphas();
		for (let i = 0; i < 30; i++) expect(a[i]).toBe((1.5 * i) / 30);
		expect(() => interpolationAlphas(1, 1)).toThrow('interpolation: need maxAlpha > 0 and n ≥ 2, got 1, 1');
		expect(() => interpolationAlphas(1, 2.5)).toThrow('interpolation: need maxAlpha > 0 and n ≥ 2, got 1, 2.5');
		expect(() => interpolationAlphas(-1, 3)).toThrow('interpolation: need maxAlpha > 0 and n ≥ 2, got -1, 3');
	});

	it('pointOnLine refuses θ₀ or θ₁ of another size than the output', () => {
		const msg = 'interpolation: θ₀, θ₁ and the network must have the same size';
		expect(() => pointOnLine([1, 2, 3], [1, 2], 0.5, new Float64Array(2))).toThrow(msg);
		expect(() => pointOnLine([1, 2], [1, 2, 3], 0.5, new Float64Array(2))).toThrow(msg);
		expect(Array.from(pointOnLine([1, 2], [3, 4], 0.5, new Float64Array(2)))).toEqual([2, 3]);
	});

	it('after the walk the network holds its own θ again and its last outputs are the last α\'s', () => {
		// logits at α: bias α·(0.5, −0.5) with W = 0: every row's logits are (α/2, −α/2)
		const mlp = new Mlp({ sizes: [2, 2], activation: 'linear', dtype: 'float64' });
		mlp.params.set([7, 7, 7, 7, 7, 7]);
		const got = lossAlongLine(mlp, [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0.5, -0.5], [0, 2], X, [0, 1], 2);
		// example 0 (label 0): log(1 + e^(−α)); example 1 (label 1): log(1 + e^α); α = 2: mean
		expect(got[1]).toBeCloseTo((Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(2))) / 2, 14);
		expect(Array.from(mlp.params)).toEqual([7, 7, 7, 7, 7, 7]);
		expect(Array.from(mlp.output(0))).toEqual([1, -1, 1, -1]);
	});
});
