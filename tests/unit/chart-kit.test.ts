// The chart kit's pure parts: number and tick formatting, outlier-robust domains, label nudging.
// Expected values are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { scaleLinear, scaleLog } from 'd3';
import { formatNumber, formatTick, linearTicks, logTicks, powerOfTenLabel, significantDigits } from '../../src/lib/plot/format';
import { Extent, accuracyDomain, cutLabel, cutSeries, fitDomain, saneCeiling } from '../../src/lib/plot/domain';
import { nudgeLabels } from '../../src/lib/plot/labels';

describe('formatNumber', () => {
	it('writes decimals from 0.001 to 99,999 with at most 4 significant digits', () => {
		expect(formatNumber(0.001234567)).toBe('0.001235');
		expect(formatNumber(2.302585)).toBe('2.303');
		expect(formatNumber(0.5)).toBe('0.5');
		expect(formatNumber(1000)).toBe('1,000');
		expect(formatNumber(12345)).toBe('12,350');
		expect(formatNumber(-0.25)).toBe('−0.25');
	});
	it('switches to scientific notation outside, never to SI suffixes', () => {
		expect(formatNumber(1e23)).toBe('1e23');
		expect(formatNumber(1.5e9)).toBe('1.5e9'); // d3 "~s" would say 1.5G
		expect(formatNumber(123456)).toBe('1.235e5');
		expect(formatNumber(2.5e-7)).toBe('2.5e−7');
		expect(formatNumber(99999.9)).toBe('1e5'); // rounds to 1.000e5 before choosing the form
		expect(formatNumber(0)).toBe('0');
		expect(formatNumber(NaN)).toBe('NaN');
		expect(formatNumber(-Infinity)).toBe('−∞');
	});
	it('reads the whole range 1e-12 … 1e12 with ≤ 4 significant digits and no Y/G', () => {
		for (let k = -12; k <= 12; k++) {
			for (const m of [1, 1.234567, 9.87654]) {
				const label = formatNumber(m * 10 ** k);
				expect(significantDigits(label), label).toBeLessThanOrEqual(4);
				expect(label).not.toMatch(/[YGMkTPm]/);
			}
		}
	});
});

describe('tick labels', () => {
	it('writes powers of ten outside the decimal range as 10ᵏ', () => {
		expect(powerOfTenLabel(-12)).toBe('10⁻¹²');
		expect(powerOfTenLabel(12)).toBe('10¹²');
		expect(powerOfTenLabel(-3)).toBe('0.001');
		expect(powerOfTenLabel(4)).toBe('10,000');
		expect(formatTick(1e-7, 0, true)).toBe('10⁻⁷');
		expect(formatTick(1e35, 0, true)).toBe('10³⁵');
		expect(formatTick(1e-7)).toBe('1e−7');
	});
	it('keeps the digits that tell neighbouring ticks apart (never more than 6)', () => {
		// ticks 1000.2, 1000.4: step 0.2 → digits from 10³ down to 10⁻¹ = 5
		expect(formatTick(1000.2, 0.2)).toBe('1,000.2');
		expect(formatTick(0.15, 0.05)).toBe('0.15');
		expect(formatTick(123456.7, 0.1)).toBe('1.23457e5');
	});
	it('labels a linear axis with d3 nice ticks', () => {
		const s = scaleLinear().domain([0, 1]).range([0, 100]);
		expect(linearTicks(s, 5).map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
		const big = scaleLinear().domain([0, 4e9]).range([0, 100]);
		expect(linearTicks(big, 4).map((t) => t.label)).toEqual(['0', '1e9', '2e9', '3e9', '4e9']);
	});
	it('labels a 47-decade log axis with spaced powers of ten only', () => {
		// 1e-12 … 1e35 over 300 px: 6.4 px per decade, so labels ≥ 22 px apart are every 4th decade
		const s = scaleLog().domain([1e-12, 1e35]).range([300, 0]);
		const labels = logTicks(s, 22).filter((t) => t.label);
		expect(labels.length).toBeGreaterThanOrEqual(5);
		for (const t of labels) expect(t.label).toMatch(/^(10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+|[0-9.,]+)$/);
		const px = labels.map((t) => s(t.value)).sort((a, b) => a - b);
		for (let i = 1; i < px.length; i++) expect(px[i] - px[i - 1]).toBeGreaterThanOrEqual(22);
	});
	it('labels a narrow log axis at 1, 2 and 5', () => {
		// 0.05 … 3 over 300 px: 1.78 decades, ≈ 169 px per decade; 0.05 → 0.1 is 51 px
		const s = scaleLog().domain([0.05, 3]).range([300, 0]);
		expect(logTicks(s, 20).filter((t) => t.label).map((t) => t.label)).toEqual(['0.05', '0.1', '0.2', '0.5', '1', '2']);
	});
	it('counts significant digits of labels', () => {
		expect(significantDigits('0.001235')).toBe(4);
		expect(significantDigits('12,000')).toBe(2);
		expect(significantDigits('1.5e9')).toBe(2);
		expect(significantDigits('10⁻¹²')).toBe(1);
		expect(significantDigits('0.0000000000')).toBe(1);
		expect(significantDigits('1234567')).toBe(7);
	});
});

describe('outlier-robust domains', () => {
	it('sets the ceiling at 10× the largest healthy value', () => {
		// starts 2.3, 2.4, 1e6: lower median 2.4 → healthy ≤ 24: the first two; max 2.6 → 26
		const he = [2.3, 2.0, 1.5];
		const small = [2.4, 2.6, 2.3];
		const big = [1e6, 3e7, NaN];
		expect(saneCeiling([he, small, big])).toBeCloseTo(26, 10);
		expect(cutSeries(he, 26)).toEqual({ index: 3, cause: null, value: NaN });
		expect(cutSeries(big, 26)).toEqual({ index: 0, cause: 'high', value: 1e6 });
	});
	it('cuts a diverging run where it leaves the range, and at NaN', () => {
		// both start at 2.3; the second climbs to 1e23 at index 4 then NaN
		const ok = [2.3, 1.9, 1.2, 0.8, 0.6, 0.5];
		const blow = [2.3, 3, 40, 5e4, 1e23, NaN];
		const c = saneCeiling([ok, blow]); // healthy: ok only (blow's max 1e23 > 23) → 23
		expect(c).toBeCloseTo(23, 10);
		expect(cutSeries(blow, c)).toEqual({ index: 2, cause: 'high', value: 40 });
		expect(cutSeries([2.3, NaN], c)).toEqual({ index: 1, cause: 'nan', value: NaN });
		expect(cutSeries([2.3, Infinity], c)).toEqual({ index: 1, cause: 'inf', value: Infinity });
	});
	it('labels a cut with its cause and value', () => {
		expect(cutLabel({ cause: 'nan', value: NaN }, 1)).toBe('loss NaN at step 1');
		expect(cutLabel({ cause: 'high', value: 1.04e23 }, 37)).toBe('loss 1.0e23 at step 37');
		expect(cutLabel({ cause: 'inf', value: Infinity }, 3)).toBe('loss ∞ at step 3');
		expect(cutLabel({ cause: 'high', value: 40 }, 2, 'std')).toBe('std 40 at step 2');
	});
	it('has no ceiling when no series is healthy', () => {
		expect(saneCeiling([[NaN], []])).toBe(Infinity);
	});
	it('fits the drawn values, positive ones on a log axis', () => {
		const e = new Extent();
		e.addAll([0.5, -1, 3, NaN, Infinity]);
		expect(fitDomain(e, false)).toEqual([-1, 3]);
		expect(fitDomain(e, true)).toEqual([0.5, 3]);
		const one = new Extent();
		one.add(2);
		expect(fitDomain(one, true)).toEqual([1, 4]);
		expect(fitDomain(new Extent(), true)).toEqual([0.01, 10]);
	});
	it('zooms the accuracy axis to the later half of each run', () => {
		// later halves: [0.88, 0.9] and [0.91, 0.92] → lo 0.88, hi 0.92; span 0.04
		// top = ceil((0.92 + 0.0032)·100)/100 = 0.93; bottom = floor((0.88 − 0.006)·20)/20 = 0.85
		const z = accuracyDomain([
			[0.1, 0.7, 0.88, 0.9],
			[0.1, 0.8, 0.91, 0.92]
		]);
		expect(z.zoomed).toBe(true);
		expect(z.domain[0]).toBeCloseTo(0.85, 10);
		expect(z.domain[1]).toBeCloseTo(0.93, 10);
		// a run at chance keeps the axis at 0: lo 0.11, hi 0.9, top = ceil((0.9 + 0.79·0.08)·100)/100 = 0.97
		expect(accuracyDomain([[0.1, 0.11], [0.1, 0.9]])).toEqual({ domain: [0, 0.97], zoomed: false });
	});
});

describe('label nudging', () => {
	it('leaves separate labels where they are', () => {
		expect(nudgeLabels([10, 50, 90], 14, 0, 100)).toEqual([10, 50, 90]);
	});
	it('spreads a pair symmetrically about its mean', () => {
		// wanted 10 and 12, gap 10: block at mean(10, 12 − 10) = 6 → 6, 16
		expect(nudgeLabels([12, 10], 10, 0, 100)).toEqual([16, 6]);
	});
	it('spreads three equal labels around them and keeps input order', () => {
		// three at 50, gap 10: mean(50, 40, 30) = 40 → 40, 50, 60
		expect(nudgeLabels([50, 50, 50], 10, 0, 100)).toEqual([40, 50, 60]);
	});
	it('clamps into the range, pushing a block off an edge', () => {
		// 0 and 2 at gap 10: ideal top −4, clamped to 0 → 0, 10
		expect(nudgeLabels([0, 2], 10, 0, 100)).toEqual([0, 10]);
		// 99 and 100 at gap 10 in [0, 100]: top ≤ 90 → 90, 100
		expect(nudgeLabels([99, 100], 10, 0, 100)).toEqual([90, 100]);
	});
	it('merges a cascade: a block pushed down meets the next label', () => {
		// 10, 10, 25 gap 10: first block 5, 15; 25 ≥ 15 + 10 → stays
		expect(nudgeLabels([10, 10, 25], 10, 0, 100)).toEqual([5, 15, 25]);
		// 10, 10, 20: block [5, 15] overlaps 20 (needs ≥ 25) → mean(10, 0, 0) = 10/3… → 3⅓, 13⅓, 23⅓
		const p = nudgeLabels([10, 10, 20], 10, 0, 100);
		expect(p[0]).toBeCloseTo(10 / 3, 10);
		expect(p[1]).toBeCloseTo(40 / 3, 10);
		expect(p[2]).toBeCloseTo(70 / 3, 10);
	});
	it('keeps every pair ≥ gap apart for 16 random labels', () => {
		let s = 7;
		const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 300;
		const wanted = Array.from({ length: 16 }, rnd);
		const p = [...nudgeLabels(wanted, 16, 0, 300)].sort((a, b) => a - b);
		for (let i = 1; i < p.length; i++) expect(p[i] - p[i - 1]).toBeGreaterThanOrEqual(16 - 1e-9);
		expect(p[0]).toBeGreaterThanOrEqual(0);
		expect(p[15]).toBeLessThanOrEqual(300 + 1e-9);
	});
});

describe('summary figures', async () => {
	const { resultEvals, trailingMean } = await import('../../src/lib/plot/summary');
	const ev = (step: number, testAccuracy: number, testLoss = 1) => ({ step, testAccuracy, testLoss });
	it('a diverged run reports no step-0 evaluation and nothing from its divergence on', () => {
		expect(resultEvals([ev(0, 0.1)], 3)).toEqual([]);
		expect(resultEvals([ev(0, 0.1), ev(25, 0.6), ev(50, 0.1, NaN)], 40)).toEqual([ev(25, 0.6)]);
		expect(resultEvals([ev(0, 0.1), ev(25, 0.6), ev(50, 0.7)], null).map((e) => e.step)).toEqual([25, 50]);
	});
	it('averages the last epoch of per-step losses, skipping non-finite ones', () => {
		// last 3 finite of [9, 1, NaN, 2, 3]: 1, 2, 3 → 2
		expect(trailingMean([9, 1, NaN, 2, 3], 3)).toBe(2);
		expect(trailingMean([], 3)).toBeNull();
	});
});
