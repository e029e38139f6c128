// plot/hist.ts (the inside views' data transform and marks) and plot/layer-notes.ts (the words
// under a cell), each expected value worked out by hand; layer shades from a Python reference of
// d3-color's CIELAB (tests/reference/lab_shades.py).
import { describe, expect, it } from 'vitest';
import type { LayerSnapshot, QuantityHist, Snapshot } from '../../../src/lib/engine/inspect/index';
import { BAND_PERCENTILES } from '../../../src/lib/engine/inspect/index';
import {
	bandPaths,
	bandSeries,
	hasNonFinite,
	healthySnapshots,
	layerShade,
	logDomain,
	maxOf,
	pickEvenly,
	ridgelineGeometry,
	statSeries,
	stepAreaPath,
	stepLinePath,
	type BandSeries
} from '../../../src/lib/plot/hist';
import { cellNotes, layerPhrase, percentText } from '../../../src/lib/plot/layer-notes';

function qh(counts: number[], lo: number, hi: number, nonFinite = 0): QuantityHist {
	const n = counts.reduce((a, b) => a + b, 0);
	return { counts: Uint32Array.from(counts), lo, hi, min: lo, max: hi, mean: NaN, std: NaN, n, nonFinite };
}
function layer(h: QuantityHist, extra: Partial<LayerSnapshot> = {}): LayerSnapshot {
	return {
		weight: h,
		bias: h,
		preact: h,
		postact: h,
		grad: h,
		actStd: 1,
		deadShare: null,
		saturatedShare: null,
		saturatedUnitShare: null,
		gradNorm: 1,
		gradNormWeights: 1,
		updateRatio: 1e-3,
		identicalUnits: false,
		...extra
	};
}
const snap = (step: number, layers: LayerSnapshot[]): Snapshot => ({ step, gradSource: 'train-batch', layers });
const clean = qh([2, 2], 0, 2);

describe('healthySnapshots and hasNonFinite', () => {
	const bad = layer(clean, { grad: qh([1], 0, 1, 5) });
	it('a run that did not diverge (null or undefined) keeps every snapshot, even a non-finite one', () => {
		const list = [snap(0, [layer(clean)]), snap(1, [bad])];
		expect(healthySnapshots(list, undefined)).toBe(list);
		expect(healthySnapshots(list, null)).toBe(list);
		// diverged at 9: cut at the first broken snapshot (step 1)
		expect(healthySnapshots(list, 9).map((s) => s.step)).toEqual([0]);
	});
	it('one non-finite count in one quantity of one layer is enough', () => {
		expect(hasNonFinite(snap(3, [layer(clean), bad]))).toBe(true);
		expect(hasNonFinite(snap(3, [layer(clean, { bias: qh([1], 0, 1, 1) })]))).toBe(true);
		// a layer without a gradient (grad null) is fine
		expect(hasNonFinite(snap(3, [layer(clean, { grad: null }), layer(clean)]))).toBe(false);
		expect(hasNonFinite({ step: 3 })).toBe(false);
	});
});

describe('maxOf', () => {
	it('the largest entry of all arrays, never below 0', () => {
		expect(maxOf([Float64Array.from([1, 5, 2]), [7, NaN], []])).toBe(7);
		expect(maxOf([[0.5, 3, 2]])).toBe(3);
		expect(maxOf([[-3, -1]])).toBe(0);
		expect(maxOf([])).toBe(0);
	});
});

describe('step outlines', () => {
	// values [1, 3] on edges [0, 1, 2], sx = 10x, sy = 100 − 10y: corners (0,0) (0,1) (1,3) (2,3) (2,0)
	// → px (0,100) (0,90) (10,70) (20,70) (20,100). curveStepAfter draws each point as a horizontal
	// then a vertical segment: L(x_i, y_{i−1}) L(x_i, y_i).
	const sx = (x: number) => 10 * x;
	const sy = (y: number) => 100 - 10 * y;
	const edges = Float64Array.from([0, 1, 2]);
	it('line: every corner, horizontal then vertical', () => {
		expect(stepLinePath([1, 3], edges, sx, sy)).toBe('M0,100L0,100L0,90L10,90L10,70L20,70L20,70L20,70L20,100');
	});
	it('area: the same outline, then back along the baseline (the step curve runs in reverse), closed', () => {
		// d3's step curve flips t to 0 on the way back: each baseline point is L(x_prev, y) L(x, y)
		expect(stepAreaPath([1, 3], edges, sx, sy)).toBe(
			'M0,100L0,100L0,90L10,90L10,70L20,70L20,70L20,70L20,100' + 'L20,100L20,100L20,100L20,100L10,100L10,100L0,100L0,100L0,100Z'
		);
	});
	it('nothing for no bins', () => {
		expect(stepLinePath([], Float64Array.from([0]), sx, sy)).toBe('');
		expect(stepAreaPath([], Float64Array.from([0]), sx, sy)).toBe('');
	});
});

describe('bandSeries', () => {
	it('a uniform histogram on [0, 2] has percentile p at 2p', () => {
		const s = bandSeries([snap(0, [layer(clean)]), snap(4, [layer(clean)])], 0, 'weight');
		expect(s.steps).toEqual([0, 4]);
		expect(s.bands).toHaveLength(9);
		s.bands.forEach((b, k) => {
			expect(b).toHaveLength(2);
			expect(b[0]).toBeCloseTo(2 * BAND_PERCENTILES[k], 12);
			expect(b[1]).toBeCloseTo(2 * BAND_PERCENTILES[k], 12);
		});
	});
});

describe('bandPaths', () => {
	const sx = (x: number) => x;
	const sy = (y: number) => 100 - 10 * y;
	const series = (rows: number[][]): BandSeries => ({ steps: rows[0].map((_, i) => 10 * i), bands: rows.map((r) => Float64Array.from(r)) });
	it('area k lies between p_k and p_(8−k): along the upper band, back along the lower, closed', () => {
		// bands[k][i] = k + i at steps 0 and 10 → area k: top (0, 100−10(8−k)) (10, 100−10(9−k)),
		// back (10, 100−10(k+1)) (0, 100−10k); the median is band 4: (0, 60) (10, 50)
		const p = bandPaths(series(Array.from({ length: 9 }, (_, k) => [k, k + 1])), sx, sy);
		expect(p.areas).toEqual(['M0,20L10,10L10,90L0,100Z', 'M0,30L10,20L10,80L0,90Z', 'M0,40L10,30L10,70L0,80Z', 'M0,50L10,40L10,60L0,70Z']);
		expect(p.median).toBe('M0,60L10,50');
	});
	it('a gap where either band of an area, or the median, is not finite', () => {
		const rows = Array.from({ length: 9 }, (_, k) => [k, k, k]);
		rows[0][1] = NaN; // area 0's lower band at step 10
		rows[4][2] = NaN; // the median at step 20
		const p = bandPaths(series(rows), sx, sy);
		// area 0 (0 … 8 → y 100 … 20): two one-point pieces at x = 0 and x = 20
		expect(p.areas[0]).toBe('M0,20L0,100ZM20,20L20,100Z');
		// area 1 (1 … 7 → y 90 … 30): whole
		expect(p.areas[1]).toBe('M0,30L10,30L20,30L20,90L10,90L0,90Z');
		expect(p.median).toBe('M0,60L10,60');
	});
	it('all empty when no snapshot has a finite value', () => {
		const p = bandPaths(series(Array.from({ length: 9 }, () => [NaN, NaN])), sx, sy);
		expect(p).toEqual({ areas: ['', '', '', ''], median: '' });
	});
});

describe('pickEvenly', () => {
	it('one index is the last one; none of none', () => {
		expect(pickEvenly(5, 1)).toEqual([4]);
		expect(pickEvenly(5, 0)).toEqual([4]);
		expect(pickEvenly(0, 0)).toEqual([]);
		expect(pickEvenly(0, 3)).toEqual([]);
	});
});

describe('ridgelineGeometry', () => {
	it('no rows, no ridges', () => {
		expect(ridgelineGeometry([], Float64Array.from([0, 1]), (x) => x, 100, 1)).toEqual([]);
	});
	it('a peak of 0 (nothing to scale by) rises by the full share: top = 1', () => {
		// 2 rows, height 100, overlap 1.5: spacing 100/2.5 = 40, rise 1.5·40/1 = 60 px per unit share;
		// baselines 60 and 100. Row 0's share 0.5 reaches 60 − 30 = 30.
		const [r0, r1] = ridgelineGeometry(
			[
				{ step: 0, share: [0.5] },
				{ step: 7, share: [1] }
			],
			Float64Array.from([0, 1]),
			(x) => 10 * x,
			100,
			0
		);
		expect([r0.baseline, r1.baseline]).toEqual([60, 100]);
		// corners (0,60) (0,30) (10,30) (10,60), then back along y = 60
		expect(r0.d).toBe('M0,60L0,60L0,30L10,30L10,30L10,30L10,60L10,60L10,60L10,60L10,60L0,60L0,60L0,60Z');
		// row 1: share 1 → 100 − 60 = 40
		expect(r1.d).toBe('M0,100L0,100L0,40L10,40L10,40L10,40L10,100L10,100L10,100L10,100L10,100L0,100L0,100L0,100Z');
	});
});

describe('statSeries and logDomain', () => {
	it('a layer a snapshot does not have is a gap', () => {
		const s = statSeries([snap(0, [layer(clean, { gradNorm: 2 })]), snap(5, [])], 0, 'gradNorm');
		expect([...s.x]).toEqual([0, 5]);
		expect(s.y[0]).toBe(2);
		expect(s.y[1]).toBeNaN();
	});
	it('spans the smallest and largest positive values in any order, ×/÷ pad', () => {
		expect(logDomain([[1, 4, 2]], [], 2)).toEqual([0.5, 8]);
		expect(logDomain([[3, 0.5], [NaN, -1, 0]], [8])).toEqual([0.5 / 1.3, 8 * 1.3]);
		expect(logDomain([[5]])).toEqual([0.5, 50]);
		expect(logDomain([[0, NaN]])).toEqual([1e-4, 1]);
	});
});

describe('layerShade', () => {
	// Expected colours from tests/reference/lab_shades.py: d3-color's CIELAB (D50) formulas redone in
	// Python (sRGB → linear → XYZ → Lab; interpolate L, a, b linearly; back; round each channel):
	// run 0 (#0072B2): dark = 40 % toward black = rgb(24, 68, 103), light = 35 % toward white =
	// rgb(120, 161, 205); halfway rgb(73, 113, 152), a third rgb(57, 97, 136).
	// Run 1 (#E69F00): dark rgb(132, 93, 19), light rgb(245, 192, 110).
	it('first layer dark, last layer light, evenly between', () => {
		expect(layerShade(0, 0, 3)).toBe('rgb(24, 68, 103)');
		expect(layerShade(0, 1, 3)).toBe('rgb(73, 113, 152)');
		expect(layerShade(0, 2, 3)).toBe('rgb(120, 161, 205)');
		expect(layerShade(0, 1, 4)).toBe('rgb(57, 97, 136)');
		expect(layerShade(1, 0, 2)).toBe('rgb(132, 93, 19)');
		expect(layerShade(1, 1, 2)).toBe('rgb(245, 192, 110)');
	});
	it('a single layer takes the dark end', () => {
		expect(layerShade(0, 0, 1)).toBe('rgb(24, 68, 103)');
	});
});

describe('layer notes', () => {
	const h = qh([4], 0, 1);
	it('percentText: 0 is 0 %, half a percent rounds up to 1 %, below that “<1%”', () => {
		expect(percentText(0)).toBe('0%');
		expect(percentText(0.005)).toBe('1%');
		expect(percentText(0.0049)).toBe('<1%');
		expect(percentText(0.37)).toBe('37%');
	});
	it('layerPhrase names the last layer the output layer', () => {
		expect(layerPhrase(2, 3)).toBe('the output layer');
		expect(layerPhrase(1, 3)).toBe('hidden layer 2');
	});
	it('the full symmetry sentence is the default wording', () => {
		expect(cellNotes(layer(h, { identicalUnits: true }), 16, 1, 3, 'weight')).toEqual([
			{ kind: 'symmetry', text: 'All 16 units of hidden layer 2 are identical and will stay identical (symmetric init)' }
		]);
		expect(cellNotes(layer(h, { identicalUnits: true }), 16, 1, 3, 'weight', true)).toEqual([
			{ kind: 'symmetry', text: 'all 16 units identical (symmetric)', full: 'All 16 units of hidden layer 2 are identical and will stay identical (symmetric init)' }
		]);
	});
	it('no dead or saturation note for a share of 0 or null', () => {
		expect(cellNotes(layer(h, { deadShare: 0, saturatedShare: 0, saturatedUnitShare: 0 }), 8, 0, 2, 'weight')).toEqual([]);
		expect(cellNotes(layer(h, { deadShare: null, saturatedShare: null }), 8, 0, 2, 'weight')).toEqual([]);
	});
	it('dead, saturated (with the always-saturated units when not compact) and non-finite notes', () => {
		const L = layer(qh([4], 0, 1, 3), { deadShare: 0.25, saturatedShare: 0.4, saturatedUnitShare: 0.1 });
		expect(cellNotes(L, 8, 0, 2, 'grad')).toEqual([
			{ kind: 'dead', text: '25% of units dead' },
			{ kind: 'saturated', text: '40% of activations saturated (10% of units always)' },
			{ kind: 'nonfinite', text: '3 gradients are NaN or ∞' }
		]);
		expect(cellNotes(L, 8, 0, 2, 'grad', true)[1]).toEqual({ kind: 'saturated', text: '40% of activations saturated' });
		expect(cellNotes(layer(h, { saturatedShare: 0.4, saturatedUnitShare: 0 }), 8, 0, 2, 'postact')).toEqual([{ kind: 'saturated', text: '40% of activations saturated' }]);
		expect(cellNotes(layer(h, { saturatedShare: 0.4, saturatedUnitShare: null }), 8, 0, 2, 'postact')).toEqual([{ kind: 'saturated', text: '40% of activations saturated' }]);
	});
});
