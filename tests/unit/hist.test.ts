import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import type { LayerSnapshot, QuantityHist, Snapshot } from '../../src/lib/engine/inspect/index';
import { bandDomain, bandPaths, bandSeries, isPointMass, logDomain, pickEvenly, rebinned, ridgelineGeometry, sharedEdges, snapshotAt, statSeries, stepAreaPath, stepLinePath, unionSteps } from '../../src/lib/plot/hist';
import { placeTicks, tickAnchor } from '../../src/lib/plot/ticks';
import { cellNotes, symmetryMessage, symmetrySummary } from '../../src/lib/plot/layer-notes';

/** a QuantityHist with only what the helpers read filled in meaningfully */
function qh(counts: number[], lo: number, hi: number, nonFinite = 0): QuantityHist {
	const n = counts.reduce((a, b) => a + b, 0);
	return { counts: Uint32Array.from(counts), lo, hi, min: lo, max: hi, mean: NaN, std: NaN, n, nonFinite };
}

function layer(h: QuantityHist, extra: Partial<LayerSnapshot> = {}): LayerSnapshot {
	return {
		weight: h, bias: h, preact: h, postact: h, grad: h,
		actStd: 1, deadShare: null, saturatedShare: null, saturatedUnitShare: null,
		gradNorm: 1, gradNormWeights: 1, updateRatio: 1e-3, identicalUnits: false, ...extra
	};
}

const snap = (step: number, layers: LayerSnapshot[]): Snapshot => ({ step, gradSource: 'train-batch', layers });
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
const identity = (v: number) => v;

describe('sharedEdges', () => {
	it('covers every run’s range', () => {
		// run A over [−1, 2], run B over [0, 5] → union [−1, 5]; 6 bins of width 1
		const e = sharedEdges([qh([1, 1], -1, 2), qh([3], 0, 5)], 6);
		expect(Array.from(e)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
	});
	it('ignores runs without values and missing histograms', () => {
		const e = sharedEdges([qh([0, 0], 0, 0), null, undefined, qh([2, 2], 1, 3)], 2);
		expect(Array.from(e)).toEqual([1, 2, 3]);
	});
	it('widens a spike shared by every run to v ± max(|v|/2, 0.5)', () => {
		// all values 3 → half = max(1.5, 0.5) = 1.5 → [1.5, 4.5]
		const e = sharedEdges([qh([0, 4], 3, 3), qh([0, 9], 3, 3)], 3);
		expect(e[0]).toBe(1.5);
		expect(e[3]).toBe(4.5);
	});
});

describe('rebinned', () => {
	it('moves counts onto wider shared edges unchanged', () => {
		// [2, 4] over edges 0,1,2 onto −1,0,1,2,3: bins line up → [0, 2, 4, 0]
		const r = rebinned(qh([2, 4], 0, 2), Float64Array.from([-1, 0, 1, 2, 3]));
		expect(Array.from(r.counts)).toEqual([0, 2, 4, 0]);
		expect(r.total).toBe(6);
		// shares 2/6 and 4/6; width 1 → density = share
		expect(r.share[1]).toBeCloseTo(1 / 3, 15);
		expect(r.density[2]).toBeCloseTo(2 / 3, 15);
	});
	it('splits a source bin uniformly and preserves the total', () => {
		// 3 values in [0, 1] onto [0, .5, 1]: 1.5 each; density = 1.5 / (3 · 0.5) = 1
		const r = rebinned(qh([3], 0, 1), Float64Array.from([0, 0.5, 1]));
		expect(Array.from(r.counts)).toEqual([1.5, 1.5]);
		expect(Array.from(r.density)).toEqual([1, 1]);
		expect(sum(r.counts)).toBe(3);
	});
	it('densities integrate to 1 and counts are preserved on uneven overlaps', () => {
		// [5, 1, 7] over [0, 3] (width 1) onto 4 bins over [−1, 3] … total 13
		const edges = Float64Array.from([-1, 0, 1.5, 2.2, 3]);
		const r = rebinned(qh([5, 1, 7], 0, 3), edges);
		expect(sum(r.counts)).toBeCloseTo(13, 12);
		let integral = 0;
		for (let i = 0; i < 4; i++) integral += r.density[i] * (edges[i + 1] - edges[i]);
		expect(integral).toBeCloseTo(1, 12);
		// bin [0, 1.5): all 5 of bin 0 plus half of bin 1 = 5.5
		expect(r.counts[1]).toBeCloseTo(5.5, 12);
	});
	it('keeps a point mass (lo = hi) in the one bin holding it', () => {
		const r = rebinned(qh([0, 0, 5], 0.25, 0.25), Float64Array.from([0, 0.5, 1]));
		expect(Array.from(r.counts)).toEqual([5, 0]);
	});
	it('gives zeros, not NaN, for an empty histogram', () => {
		const r = rebinned(qh([0, 0], 0, 0), Float64Array.from([0, 1, 2]));
		expect(Array.from(r.share)).toEqual([0, 0]);
		expect(r.total).toBe(0);
	});
});

describe('isPointMass', () => {
	it('is true only when every finite value is the same', () => {
		expect(isPointMass(qh([0, 0, 7], 0, 0))).toBe(true);
		expect(isPointMass(qh([3, 4], 0, 1))).toBe(false);
		// no finite values: nothing to draw, not a spike
		expect(isPointMass(qh([0, 0], 0, 0))).toBe(false);
		expect(isPointMass(null)).toBe(false);
	});
});

describe('snapshotAt (at or before a step)', () => {
	const list = [{ step: 0 }, { step: 10 }, { step: 20 }];
	it('takes the latest snapshot at or before the step', () => {
		expect(snapshotAt(list, 15)?.step).toBe(10);
		expect(snapshotAt(list, 10)?.step).toBe(10);
		expect(snapshotAt(list, 19.5)?.step).toBe(10);
		expect(snapshotAt(list, 25)?.step).toBe(20);
	});
	it('null follows the latest; before the first gives the first; empty gives undefined', () => {
		expect(snapshotAt(list, null)?.step).toBe(20);
		expect(snapshotAt(list, -5)?.step).toBe(0);
		expect(snapshotAt([], 3)).toBeUndefined();
	});
	it('unionSteps merges the runs’ steps sorted and distinct', () => {
		expect(unionSteps([[0, 10, 20], [0, 5, 20, 40]])).toEqual([0, 5, 10, 20, 40]);
	});
});

describe('percentile bands', () => {
	// step 0: [1, 1, 1, 1] over [0, 4]; step 10: everything in the top bin of [−2, 2]
	const snaps = [snap(0, [layer(qh([1, 1, 1, 1], 0, 4))]), snap(10, [layer(qh([0, 0, 0, 8], -2, 2))])];
	const s = bandSeries(snaps, 0, 'weight');
	it('are monotone p0 ≤ p6.68 ≤ … ≤ p100 at every step', () => {
		for (let i = 0; i < s.steps.length; i++)
			for (let k = 1; k < s.bands.length; k++) expect(s.bands[k][i]).toBeGreaterThanOrEqual(s.bands[k - 1][i]);
	});
	it('match the uniform-within-bin interpolation worked by hand', () => {
		// uniform on [0, 4]: p_q = 4q → p0 = 0, p15.87 = 0.6348, p50 = 2, p100 = 4
		expect(s.bands[0][0]).toBe(0);
		expect(s.bands[2][0]).toBeCloseTo(0.6348, 12);
		expect(s.bands[4][0]).toBe(2);
		expect(s.bands[8][0]).toBe(4);
		// all 8 in [1, 2]: p0 = 1 (lower edge of the first non-empty bin), p50 = 1 + 0.5 = 1.5
		expect(s.bands[0][1]).toBe(1);
		expect(s.bands[4][1]).toBe(1.5);
		expect(bandDomain([s])).toEqual([0, 4]);
	});
	it('draw four nested areas and a median line', () => {
		const p = bandPaths(s, identity, identity);
		expect(p.areas).toHaveLength(4);
		// median (0, 2) → (10, 1.5)
		expect(p.median).toBe('M0,2L10,1.5');
	});
	it('skip a step whose layer has no gradient', () => {
		const noGrad = snap(20, [{ ...layer(qh([1], 0, 1)), grad: null }]);
		expect(bandSeries([...snaps, noGrad], 0, 'grad').steps).toEqual([0, 10]);
	});
});

describe('step paths', () => {
	/** the vertices of an M/L path */
	const vertices = (d: string) => [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
	it('outline visits every bin corner with only horizontal and vertical segments', () => {
		// bins [0,1) = 1, [1,2] = 2 → corners (0,0) (0,1) (1,1) (1,2) (2,2) (2,0)
		const v = vertices(stepLinePath([1, 2], Float64Array.from([0, 1, 2]), identity, identity));
		for (const c of [[0, 0], [0, 1], [1, 1], [1, 2], [2, 2], [2, 0]]) expect(v).toContainEqual(c);
		for (let i = 1; i < v.length; i++) expect(v[i][0] === v[i - 1][0] || v[i][1] === v[i - 1][1]).toBe(true);
	});
	it('area is one closed path per histogram', () => {
		const d = stepAreaPath([1, 2], Float64Array.from([0, 1, 2]), identity, identity);
		expect(d.match(/M/g)).toHaveLength(1);
		expect(d.endsWith('Z')).toBe(true);
	});
});

describe('ridgeline', () => {
	it('stacks baselines oldest on top, newest on the bottom edge', () => {
		// 3 rows, height 100, overlap 1.5: spacing = 100 / (2 + 1.5); baselines (k + 1.5)·spacing
		const rows = [0, 1, 2].map((k) => ({ step: k * 10, share: [0.5, 0.5] }));
		const r = ridgelineGeometry(rows, Float64Array.from([0, 1, 2]), identity, 100, 0.5);
		const sp = 100 / 3.5;
		expect(r.map((x) => x.baseline)).toEqual([1.5 * sp, 2.5 * sp, 3.5 * sp]);
		expect(r[2].baseline).toBeCloseTo(100, 12);
		// peak share 0.5 rises overlap·spacing = 1.5·sp above the top baseline → y = 0
		expect(r[0].d).toContain(',0L');
	});
	it('cuts a bin taller than the peak at full ridge height', () => {
		// one row, height 30, overlap 1.5 → spacing 20, baseline 30, full rise 30 → top at y = 0
		const [r] = ridgelineGeometry([{ step: 0, share: [1, 0] }], Float64Array.from([0, 1, 2]), identity, 30, 0.25);
		const ys = [...r.d.matchAll(/[ML][-\d.e]+,([-\d.e]+)/g)].map((m) => Number(m[1]));
		expect(Math.min(...ys)).toBe(0);
	});
	it('pickEvenly spreads k indices with both ends', () => {
		// round(j · 9/3) for j = 0..3
		expect(pickEvenly(10, 4)).toEqual([0, 3, 6, 9]);
		expect(pickEvenly(3, 5)).toEqual([0, 1, 2]);
	});
});

describe('log-scale statistics', () => {
	it('turn null, 0, negative and non-finite values into gaps', () => {
		const snaps = [0, 1e-3, null, -1, Infinity, 2].map((v, i) =>
			snap(i * 10, [layer(qh([1], 0, 1), { updateRatio: v })])
		);
		const { x, y } = statSeries(snaps, 0, 'updateRatio');
		expect(Array.from(x)).toEqual([0, 10, 20, 30, 40, 50]);
		expect(Array.from(y)).toEqual([NaN, 1e-3, NaN, NaN, NaN, 2]);
	});
	it('log domain covers positive values and the guide line', () => {
		expect(logDomain([[0.01, 0.1, NaN, 0]], [1e-3], 1)).toEqual([1e-3, 0.1]);
		expect(logDomain([[5]], [], 1)).toEqual([0.5, 50]);
		expect(logDomain([[]])).toEqual([1e-4, 1]);
	});
	it('tick labels at the edges are anchored inside the plot', () => {
		// "100" is 3·7.5 = 22.5 px wide: centred at 5 it would start at −6.25 → anchor start
		expect(tickAnchor(5, '100', 200)).toBe('start');
		expect(tickAnchor(100, '100', 200)).toBe('middle');
		expect(tickAnchor(195, '100', 200)).toBe('end');
	});
	it('placed ticks never overlap after edge labels are anchored inwards', () => {
		// width 84: "0" at 0 (start, [0, 7.5]); "200k" at 35 (middle, [20, 50]); "400k" at 84 needs
		// 30 px → anchored end, [54, 84]: 50 + 6 > 54 overlaps "200k", and being last it wins
		const t = [{ value: 0, label: '0' }, { value: 2e5, label: '200k' }, { value: 4e5, label: '400k' }];
		const at: Record<number, number> = { 0: 0, 200000: 35, 400000: 84 };
		const placed = placeTicks(t, (v) => at[v], 84);
		expect(placed.map((p) => p.label)).toEqual(['0', '400k']);
		expect(placed.map((p) => p.anchor)).toEqual(['start', 'end']);
		// room enough: all kept and centred
		expect(placeTicks(t, (v) => 20 + v / 4000, 200).map((p) => p.anchor)).toEqual(['middle', 'middle', 'middle']);
	});
});

describe('cell notes', () => {
	const h = qh([4], 0, 1);
	it('say the symmetry sentence for identical units', () => {
		expect(symmetryMessage(64, 0, 3)).toBe('All 64 units of hidden layer 1 are identical and will stay identical (symmetric init)');
		const notes = cellNotes(layer(h, { identicalUnits: true }), 64, 0, 3, 'weight');
		expect(notes.map((n) => n.kind)).toEqual(['symmetry']);
	});
	it('report dead and saturated shares without rounding a real share to 0%', () => {
		const notes = cellNotes(layer(h, { deadShare: 0.37 }), 64, 1, 3, 'postact');
		expect(notes[0].text).toBe('37% of units dead');
		const sat = cellNotes(layer(h, { saturatedShare: 0.004, saturatedUnitShare: 0 }), 8, 0, 2, 'postact');
		expect(sat[0].text).toBe('<1% of activations saturated');
		expect(cellNotes(layer(h, { deadShare: 0 }), 8, 0, 2, 'weight')).toEqual([]);
	});
	it('compact wording keeps the words and moves the sentence to `full`', () => {
		const [n] = cellNotes(layer(h, { identicalUnits: true }), 32, 4, 10, 'weight', true);
		expect(n.text).toBe('all 32 units identical (symmetric)');
		expect(n.full).toBe('All 32 units of hidden layer 5 are identical and will stay identical (symmetric init)');
	});
	it('summarise a run’s symmetric layers in one sentence', () => {
		const sym = layer(h, { identicalUnits: true });
		const plain = layer(h);
		expect(symmetrySummary([plain, plain], [8, 2])).toBeNull();
		expect(symmetrySummary([sym, plain], [8, 2])).toBe('All 8 units of hidden layer 1 are identical and will stay identical (symmetric init)');
		// layers 1, 2, 3 and 5 (1-based) → "1–3, 5"
		expect(symmetrySummary([sym, sym, sym, plain, sym, plain], [4, 4, 4, 4, 4, 2])).toBe(
			'All units of hidden layers 1–3, 5 are identical and will stay identical (symmetric init)'
		);
	});
	it('count non-finite values of the selected quantity', () => {
		expect(cellNotes(layer(qh([1], 0, 1, 3)), 8, 0, 2, 'grad')[0].text).toBe('3 gradients are NaN or ∞');
	});
});
