// Inside-view ticks (plot/ticks.ts) and end-label nudging (plot/labels.ts), with positions and
// labels worked out by hand (a label is 7.5 px a character; d3's nice steps 1, 2, 5 × 10^k).
import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { nudgeLabels } from '../../../src/lib/plot/labels';
import { decadeTicks, placeTicks, stepTicks, tickAnchor, valueTicks } from '../../../src/lib/plot/ticks';

describe('decadeTicks', () => {
	it('7 decades, at most 5 ticks: every 2nd decade counted down from the top', () => {
		expect(decadeTicks(1e-3, 1e3, 5)).toEqual([
			{ value: 0.001, label: '0.001' },
			{ value: 0.1, label: '0.1' },
			{ value: 10, label: '10' },
			{ value: 1000, label: '1,000' }
		]);
	});

	it('41 decades: every ⌈41/5⌉ = 9th from 10²⁰ down', () => {
		expect(decadeTicks(1e-20, 1e20).map((t) => t.label)).toEqual(['10⁻¹⁶', '10⁻⁷', '100', '10¹¹', '10²⁰']);
	});

	it('a single decade [1, 10] is both ends; inside one decade, three of d3’s log ticks', () => {
		expect(decadeTicks(1, 10)).toEqual([
			{ value: 1, label: '1' },
			{ value: 10, label: '10' }
		]);
		// d3 log ticks of [2, 8]: 2 … 8; three picked evenly: 2, 5, 8
		expect(decadeTicks(2, 8)).toEqual([
			{ value: 2, label: '2' },
			{ value: 5, label: '5' },
			{ value: 8, label: '8' }
		]);
	});
});

describe('valueTicks and stepTicks fit their labels', () => {
	const s = scaleLinear().domain([0, 1]).range([0, 50]);

	it('horizontal: 0.5 apart is 25 px < 3·7.5 + 10, so only 0 and 1', () => {
		expect(valueTicks(s, 10)).toEqual([
			{ value: 0, label: '0' },
			{ value: 1, label: '1' }
		]);
	});

	it('vertical: a line height 13 + 10/2 = 18 px fits 25 px, so 0, 0.5, 1', () => {
		expect(valueTicks(s, 10, { vertical: true }).map((t) => t.label)).toEqual(['0', '0.5', '1']);
		// a 40 px gap: 13 + 20 = 33 > 25 → 0 and 1
		expect(valueTicks(s, 10, { vertical: true, gapPx: 40 }).map((t) => t.label)).toEqual(['0', '1']);
	});

	it('steps from 10,000 on read 10k; from 10⁶ in scientific notation', () => {
		const wide = scaleLinear().domain([0, 50000]).range([0, 400]);
		expect(stepTicks(wide, 5).map((t) => t.label)).toEqual(['0', '10k', '20k', '30k', '40k', '50k']);
		const huge = scaleLinear().domain([0, 2e6]).range([0, 400]);
		expect(stepTicks(huge, 2).map((t) => t.label)).toEqual(['0', '1e6', '2e6']);
	});

	it('when fewer than two nice steps fit, the first and last step', () => {
		// d3 gives [4, 6] (5 px apart, too close) then [5] alone → [3, 7]
		expect(stepTicks(scaleLinear().domain([3, 7]).range([0, 10]), 5)).toEqual([
			{ value: 3, label: '3' },
			{ value: 7, label: '7' }
		]);
		// steps are whole numbers only
		expect(stepTicks(scaleLinear().domain([0, 2]).range([0, 400]), 10).map((t) => t.value)).toEqual([0, 1, 2]);
	});
});

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
