// Outlier-robust domains (plot/domain.ts), with every expected value worked out by hand in the
// comments from the rules in the module's header.
import { describe, expect, it } from 'vitest';
import { Extent, accuracyDomain, cutLabel, cutSeries, fitDomain, padDomain, saneCeiling } from '../../../src/lib/plot/domain';

describe('saneCeiling', () => {
	it('base = lower median of the first values (numeric order); a series at exactly factor × base is healthy', () => {
		// starts 3, 1, 2, 10 → sorted 1, 2, 3, 10 → lower median 2; healthy means max ≤ 20
		// maxes 5, 20, 4 healthy; 21 not → ceiling 10 × 20 = 200
		expect(saneCeiling([[3, 5], [1, 20], [2, 4], [10, 21]])).toBe(200);
	});

	it('negative levels: base is |lower median|; all-negative healthy values fall back to factor × base', () => {
		// starts −4, −2 → lower median −4 → base 4, healthy ≤ 40; maxes −1 and 30 → 10 × 30
		expect(saneCeiling([[-4, -1], [-2, 30]])).toBe(300);
		// maxes −3 and −1: the largest healthy value is not > 0 → 10 × base = 40
		expect(saneCeiling([[-4, -3], [-2, -1]])).toBe(40);
	});

	it('a series starts at its first finite value and is judged up to its first break', () => {
		// starts 2 (after the NaN), 1 and 3 → lower median 2, healthy ≤ 20; [1, NaN, 1000] is judged
		// on [1]; [NaN, 2, 3] breaks before any value (nothing drawn, not healthy); [3, 15] healthy
		// → ceiling 10 × 15
		expect(saneCeiling([[NaN, 2, 3], [1, NaN, 1000], [3, 15]])).toBe(150);
	});

	it('takes its factor; no healthy series means no ceiling', () => {
		// factor 2, base 1: [1, 2] healthy (2 ≤ 2), [1, 3] not → 2 × 2
		expect(saneCeiling([[1, 2], [1, 3]], 2)).toBe(4);
		expect(saneCeiling([[1, 100]])).toBe(Infinity);
		// a series is judged up to its break only: [1, NaN, 5] counts as 1 → ceiling 10 × 2, not 10 × 5
		expect(saneCeiling([[1, NaN, 5], [1, 2]])).toBe(20);
		// the largest healthy value 0 (not > 0) falls back to factor × base = 10 × |−1|
		expect(saneCeiling([[-1, 0]])).toBe(10);
		expect(saneCeiling([])).toBe(Infinity);
	});
});

describe('cutSeries and cutLabel', () => {
	it('a value equal to the ceiling is drawn; −∞ is cut as inf', () => {
		expect(cutSeries([5, 10], 10)).toEqual({ index: 2, cause: null, value: NaN });
		expect(cutSeries([5, -Infinity, NaN], 10)).toEqual({ index: 1, cause: 'inf', value: -Infinity });
		expect(cutSeries([], 10)).toEqual({ index: 0, cause: null, value: NaN });
	});

	it('labels: 3 significant digits below 10⁴, 2 in scientific notation from 10⁴ or below 10⁻³', () => {
		expect(cutLabel({ cause: 'inf', value: -Infinity }, 4)).toBe('loss −∞ at step 4');
		expect(cutLabel({ cause: 'high', value: 1e4 }, 9)).toBe('loss 1.0e4 at step 9');
		expect(cutLabel({ cause: 'high', value: -2e5 }, 9)).toBe('loss −2.0e5 at step 9');
		expect(cutLabel({ cause: 'high', value: 0.0005 }, 9)).toBe('loss 5.0e−4 at step 9');
		expect(cutLabel({ cause: 'high', value: 0.001 }, 9)).toBe('loss 0.001 at step 9');
		expect(cutLabel({ cause: 'high', value: 1.234 }, 9, 'std')).toBe('std 1.23 at step 9');
		expect(cutLabel({ cause: 'high', value: 0 }, 9)).toBe('loss 0 at step 9');
	});
});

describe('Extent, fitDomain, padDomain', () => {
	it('skips non-finite values; minPositive skips 0 and negatives; addAll stops at end', () => {
		const e = new Extent();
		expect(e.empty).toBe(true);
		e.addAll([NaN, -Infinity, -2, 0, 0.5, Infinity, 7, 100], 7);
		expect([e.min, e.max, e.minPositive]).toEqual([-2, 7, 0.5]);
		expect(e.empty).toBe(false);
		const one = new Extent();
		one.add(3);
		expect(one.empty).toBe(false);
		one.addAll([1, 2], 99);
		expect([one.min, one.max]).toEqual([1, 3]);
	});

	it('a single value is widened: ×/÷ 2 on a log axis, ± half of it on a linear one, [0, 1] at 0', () => {
		const at = (v: number) => {
			const e = new Extent();
			e.add(v);
			return e;
		};
		expect(fitDomain(at(4), true)).toEqual([2, 8]);
		expect(fitDomain(at(4), false)).toEqual([2, 6]);
		expect(fitDomain(at(-2), false)).toEqual([-3, -1]);
		expect(fitDomain(at(0), false)).toEqual([0, 1]);
	});

	it('falls back when nothing can be drawn', () => {
		expect(fitDomain(new Extent(), false)).toEqual([0, 1]);
		const neg = new Extent();
		neg.addAll([-3, -1]);
		expect(fitDomain(neg, true)).toEqual([0.01, 10]);
		expect(fitDomain(neg, true, [1, 2])).toEqual([1, 2]);
		expect(fitDomain(neg, false)).toEqual([-3, -1]);
	});

	it('padDomain widens by a fraction of the span (in decades on a log axis)', () => {
		expect(padDomain([0, 10], false, 0.1)).toEqual([-1, 11]);
		expect(padDomain([1, 100], true, 0.5)).toEqual([0.1, 1000]);
		expect(padDomain([2, 10], false, 0.25)).toEqual([0, 12]);
		expect(padDomain([10, 1000], true, 0.5)).toEqual([1, 10000]);
	});
});

describe('accuracyDomain', () => {
	it('zooms on the later half of each series: [0.85, 0.93]', () => {
		// later half [0.9, 0.92]; span 0.02; top ⌈(0.92 + 0.0016)·100⌉/100 = 0.93;
		// bottom ⌊(0.9 − 0.003)·20⌋/20 = 17/20 = 0.85
		expect(accuracyDomain([[0.1, 0.8, 0.9, 0.92]])).toEqual({ domain: [0.85, 0.93], zoomed: true });
	});

	it('odd lengths take the later ⌈n/2⌉ values; non-finite values and empty series are skipped', () => {
		// finite [0.5, 0.6, 0.7] → later half [0.6, 0.7]; span 0.1; top ⌈70.8⌉/100 = 0.71;
		// bottom ⌊(0.6 − 0.015)·20⌋/20 = ⌊11.7⌋/20 = 0.55
		expect(accuracyDomain([[0.5, NaN, 0.6, 0.7], [], [NaN]])).toEqual({ domain: [0.55, 0.71], zoomed: true });
	});

	it('the top is capped at 1', () => {
		// later half [1]; span 0.02 (the minimum); top min(1, 1.01) = 1; bottom ⌊19.94⌋/20 = 0.95
		expect(accuracyDomain([[0.99, 1]])).toEqual({ domain: [0.95, 1], zoomed: true });
	});

	it('a bottom under 20 % starts the axis at 0, at least 0.05 high; nothing finite gives [0, 1]', () => {
		// later half [0.02]; top ⌈2.16⌉/100 = 0.03 → max(0.03, 0.05)
		expect(accuracyDomain([[0.01, 0.02]])).toEqual({ domain: [0, 0.05], zoomed: false });
		expect(accuracyDomain([[NaN]])).toEqual({ domain: [0, 1], zoomed: false });
		// a bottom of exactly 20 % zooms: lo 0.25 → ⌊(0.25 − 0.003)·20⌋/20 = 4/20; top ⌈25.16⌉/100
		expect(accuracyDomain([[0.25]])).toEqual({ domain: [0.2, 0.26], zoomed: true });
	});
});
