// Tick-label placement (plot/ticks.ts) and end-label nudging (plot/labels.ts), with positions and
// labels worked out by hand (a label is 7.5 px a character; d3's nice steps 1, 2, 5 × 10^k).
import { describe, expect, it } from 'vitest';
import { nudgeLabels } from '../../../src/lib/plot/labels';
import { placeTicks, tickAnchor } from '../../../src/lib/plot/ticks';

describe('tickAnchor and placeTicks', () => {
	it('anchors inward only when half the label would cross an edge', () => {
		// 'abcd' is 30 px: half 15
		expect(tickAnchor(14, 'abcd', 200)).toBe('start');
		expect(tickAnchor(15, 'abcd', 200)).toBe('middle');
		expect(tickAnchor(185, 'abcd', 200)).toBe('middle');
		expect(tickAnchor(186, 'abcd', 200)).toBe('end');
	});

	const t = (value: number) => ({ value, label: 'aa' }); // 15 px wide
	const id = (v: number) => v;

	it('drops an inner label that overlaps its kept neighbour; the last label wins over an inner one', () => {
		// 0: start [0, 15]; 20: [12.5, 27.5] overlaps (15 + 6 > 12.5) → dropped; 40: [32.5, 47.5] kept;
		// 190: [182.5, 197.5] kept; 200 (last): end [185, 200] overlaps 190 → 190 is dropped instead
		const out = placeTicks([t(0), t(20), t(40), t(190), t(200)], id, 200);
		expect(out.map((p) => [p.x, p.anchor])).toEqual([
			[0, 'start'],
			[40, 'middle'],
			[200, 'end']
		]);
	});

	it('an inner label overlapping an inner neighbour is dropped, the neighbour kept', () => {
		// 40: [32.5, 47.5]; 50: [42.5, 57.5] overlaps (47.5 + 6 > 42.5) → 50 dropped, 40 stays
		expect(placeTicks([t(0), t(40), t(50), t(100), t(200)], id, 200).map((p) => p.x)).toEqual([0, 40, 100, 200]);
	});

	it('the last label does not push out the first', () => {
		expect(placeTicks([t(0), t(5)], id, 200).map((p) => p.x)).toEqual([0]);
	});

	it('a label exactly gapPx after its neighbour is kept', () => {
		// [0, 15] then x = 28.5: [21, 36]; 15 + 6 = 21 is not past 21
		expect(placeTicks([t(0), t(28.5), t(100)], id, 200).map((p) => p.x)).toEqual([0, 28.5, 100]);
		expect(placeTicks([t(0), t(28.4), t(100)], id, 200).map((p) => p.x)).toEqual([0, 100]);
	});
});

describe('nudgeLabels', () => {
	it('a lone label stays; two that collide spread symmetrically, returned in input order', () => {
		expect(nudgeLabels([50], 10)).toEqual([50]);
		// block of 2: mean of 50 and 52 − 10 = 46 → 46, 56
		expect(nudgeLabels([50, 52], 10)).toEqual([46, 56]);
		expect(nudgeLabels([52, 50], 10)).toEqual([56, 46]);
		expect(nudgeLabels([50, 50], 10)).toEqual([45, 55]);
		expect(nudgeLabels([50, 60], 10)).toEqual([50, 60]);
	});

	it('clamps into [lo, hi]; when they cannot fit, they start at lo and run past hi', () => {
		expect(nudgeLabels([0, 2], 10, 0)).toEqual([0, 10]);
		expect(nudgeLabels([95, 98], 10, -Infinity, 100)).toEqual([90, 100]);
		expect(nudgeLabels([50, 50, 50], 10, 0, 15)).toEqual([0, 10, 20]);
	});

	it('merges cascade: a third label caught by the spread pair joins the block', () => {
		expect(nudgeLabels([10, 12, 30], 10)).toEqual([6, 16, 30]);
		// [10, 12] → 6, 16 reaches 26 > 24 → one block: (10 + 2 + 4)/3 = 16/3
		const out = nudgeLabels([10, 12, 24], 10);
		[16 / 3, 16 / 3 + 10, 16 / 3 + 20].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 12));
	});
});
