import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import { factorMark, formatRatio, magnitude, robustLogDomain, scaleGroups } from '../../src/lib/plot/outliers';
import { healthySnapshots } from '../../src/lib/plot/hist';
import { staleNote } from '../../src/lib/components/data/stale';
import { formatNumber, formatTick, linearTicks } from '../../src/lib/plot/format';

const h = (lo: number, hi: number, n = 10) => ({ lo, hi, n });

describe('magnitude of a histogram', () => {
	it('is max(|lo|, |hi|, hi − lo); NaN with no values', () => {
		expect(magnitude(h(0, 3))).toBe(3);
		expect(magnitude(h(-5, 2))).toBe(7);
		expect(magnitude(h(-1e-10, -2e-10))).toBe(2e-10);
		expect(magnitude(h(0, 0))).toBe(0);
		expect(magnitude(h(0, 1, 0))).toBeNaN();
		expect(magnitude(null)).toBeNaN();
	});
});

describe('scaleGroups: runs of similar magnitude share a scale, outliers go apart', () => {
	it('lesson 5 at step 0: σ = 0.01 vanishing, σ = 1 exploding, He healthy → He is the reference', () => {
		// magnitudes of the last hidden layer's activations: 3e-10, 3e7, 4
		const g = scaleGroups([3e-10, 3e7, 4]);
		expect(g.shared).toEqual([2]);
		// ratios to the shared group's range: 3e-10 / 4 = 7.5e-11, 3e7 / 4 = 7.5e6
		expect(g.apart.map((a) => a.index)).toEqual([0, 1]);
		expect(g.apart[0].ratio).toBeCloseTo(7.5e-11, 20);
		expect(g.apart[1].ratio).toBeCloseTo(7.5e6, 3);
	});
	it('keeps runs within 10× of each other together and sends the exploding one apart', () => {
		// log10: 0, 0.3, 0.9, 9 → the window [1, 2, 8] spans 0.9 decades (≤ 1): three share
		const g = scaleGroups([1, 2, 8, 1e9]);
		expect(g.shared).toEqual([0, 1, 2]);
		expect(g.apart).toEqual([{ index: 3, ratio: 1e9 / 8 }]);
	});
	it('a run 10× or less off is not an outlier; 11× is', () => {
		expect(scaleGroups([1, 10]).apart).toEqual([]);
		// two runs 11× apart: both windows hold one run, both 0.52 decades from the median log; the
		// tie goes to the one nearer magnitude 1: index 0 shared, 1 apart (ratio 11)
		const g = scaleGroups([1, 11]);
		expect(g.shared).toEqual([0]);
		expect(g.apart[0].ratio).toBeCloseTo(11, 12);
		// σ = 0.01 (4e-9) against He (3): He, nearer 1, is the reference whichever comes first
		expect(scaleGroups([4e-9, 3]).shared).toEqual([1]);
		expect(scaleGroups([3, 4e-9]).shared).toEqual([0]);
	});
	it('runs with no values or only zeros join the shared group without setting its range', () => {
		const g = scaleGroups([NaN, 0, 2, 3, 5e8]);
		expect(g.shared).toEqual([0, 1, 2, 3]);
		expect(g.apart).toEqual([{ index: 4, ratio: 5e8 / 3 }]);
		expect(scaleGroups([NaN, 0]).shared).toEqual([0, 1]);
	});
	it('a vanishing run is apart with a ratio below 1, against the group’s smallest magnitude', () => {
		const g = scaleGroups([2, 4, 1e-6]);
		expect(g.shared).toEqual([0, 1]);
		expect(g.apart[0].index).toBe(2);
		expect(g.apart[0].ratio).toBeCloseTo(5e-7, 18);
	});
	it('formats ratios with two significant digits, scientific outside 0.001 … 99,999', () => {
		expect(formatRatio(7.5e6)).toBe('7.5e6');
		expect(formatRatio(7.63e-11)).toBe('7.6e−11');
		expect(formatRatio(11)).toBe('11');
		// the cell mark: one digit, × for larger, ÷ for smaller
		expect(factorMark(7.5e6)).toBe('▲ ×8e6');
		expect(factorMark(15000)).toBe('▲ ×2e4');
		expect(factorMark(9.6e4)).toBe('▲ ×1e5');
		expect(factorMark(1 / 2000)).toBe('▼ ÷2e3');
		expect(factorMark(0.0012)).toBe('▼ ÷8e2');
		expect(factorMark(11)).toBe('▲ ×11');
		expect(factorMark(1 / 12)).toBe('▼ ÷12');
		expect(formatRatio(0.05)).toBe('0.05');
		expect(formatRatio(123.4)).toBe('120');
	});
});

describe('robustLogDomain: set by the healthy runs, an outlier clipped', () => {
	it('lesson 5 activation std: He and σ = 0.01 over training, σ = 1 diverged (1e7 at θ₀, 1e35 at step 1)', () => {
		const he = [1, 1.2, 0.9];
		const small = [1e-10, 2e-10, 1e-9];
		const reference = [he, small, [1e7]]; // σ = 1's first snapshot is θ₀: always in range
		const others = [[1e35]]; // the rest of the diverged run
		const r = robustLogDomain(reference, others, [], 1);
		// reference [1e-10, 1e7]; the outlier widens it by at most one decade: hi = 1e8
		expect(r.domain[0]).toBeCloseTo(1e-10, 20);
		expect(r.domain[1]).toBeCloseTo(1e8, 0);
		expect(r.clippedHigh).toBe(true);
		expect(r.clippedLow).toBe(false);
		expect(r.domain[1]).toBeLessThan(1e9);
	});
	it('an outlier within a decade widens the range without clipping', () => {
		const r = robustLogDomain([[1, 10]], [[50, 0.5]], [], 1);
		expect(r.domain).toEqual([0.5, 50]);
		expect(r.clippedHigh || r.clippedLow).toBe(false);
	});
	it('pads by the factor, ignores zeros and NaN, includes the guide line', () => {
		const r = robustLogDomain([[0.01, 0, NaN, 0.1]], [], [1e-3], 2);
		expect(r.domain[0]).toBeCloseTo(5e-4, 15);
		expect(r.domain[1]).toBeCloseTo(0.2, 15);
	});
	it('with no reference the others set it; with nothing at all a default', () => {
		expect(robustLogDomain([], [[2, 20]], [], 1).domain).toEqual([2, 20]);
		expect(robustLogDomain([], [], [], 1).domain).toEqual([1e-4, 1]);
		expect(robustLogDomain([[5]], [], [], 1).domain).toEqual([0.5, 50]);
	});
});

describe('healthySnapshots', () => {
	it('drops the snapshots from the divergence step on', () => {
		const s = [{ step: 0 }, { step: 1 }, { step: 2 }, { step: 10 }];
		expect(healthySnapshots(s, 2).map((x) => x.step)).toEqual([0, 1]);
		// and from the first one holding a non-finite value (θ at step divergedAt − 1 gave a NaN loss)
		expect(healthySnapshots(s, 3, (x) => x.step === 2).map((x) => x.step)).toEqual([0, 1]);
		expect(healthySnapshots(s, null)).toBe(s);
		expect(healthySnapshots(s, 100).map((x) => x.step)).toEqual([0, 1, 2, 10]);
		expect(healthySnapshots(s, 0)).toEqual([]);
	});
});

describe('tick labels never 1000Y, 1G or 0.0000000000', () => {
	it('formatNumber writes powers of ten plainly, with the typographic minus', () => {
		expect(formatNumber(1e27, 2)).toBe('1e27');
		expect(formatNumber(2.5e-10, 2)).toBe('2.5e−10');
		expect(formatNumber(-3e9, 2)).toBe('−3e9');
		expect(formatNumber(123456, 3)).toBe('1.23e5');
		expect(formatNumber(0)).toBe('0');
	});
	it('values from 1e5 up and below 0.001 are scientific (the kit’s formatTick)', () => {
		const labels = (ticks: number[]) => ticks.map((v) => formatTick(v, ticks[1] - ticks[0]));
		expect(labels([0, 2e5, 4e5, 6e5])).toEqual(['0', '2e5', '4e5', '6e5']);
		expect(labels([0, 2.5e5, 5e5])).toEqual(['0', '2.5e5', '5e5']);
		expect(labels([0, 5e26, 1e27])).toEqual(['0', '5e26', '1e27']);
		expect(labels([0, 2e-10, 4e-10])).toEqual(['0', '2e−10', '4e−10']);
		// ordinary ranges stay decimal
		expect(labels([0, 0.5, 1])).toEqual(['0', '0.5', '1']);
		expect(labels([0, 2000, 4000])).toEqual(['0', '2,000', '4,000']);
	});
	it('linearTicks over an exploding range and a vanishing one', () => {
		const labels = (lo: number, hi: number) => linearTicks(scaleLinear().domain([lo, hi]).range([0, 200]), 5).map((t) => t.label);
		for (const l of [...labels(0, 3e27), ...labels(0, 2e9), ...labels(0, 3e-10), ...labels(-1e-12, 1e-12)]) {
			expect(l).not.toMatch(/[YGMkTPEZµm]$/);
			expect(l).not.toMatch(/0\.0000/);
			expect(l.replace(/^[-−]/, '').replace(/e.*/, '').replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(4);
			expect(l).not.toContain('e+');
		}
		expect(labels(0, 3e27)).toContain('1e27');
		expect(labels(0, 3e-10)).toContain('1e−10');
	});
});

describe('data views of a diverged run say what they show', () => {
	it('names the divergence step and the step the views come from', () => {
		expect(staleNote(null, 40)).toBeNull();
		expect(staleNote(1, 0)).toBe('diverged at step 1 — showing step 0 (θ₀, before any training)');
		expect(staleNote(37, 25)).toBe('diverged at step 37 — showing step 25, its last evaluation before that');
		expect(staleNote(37, 37)).toBe('diverged at step 37 — its outputs are NaN');
		expect(staleNote(3, null)).toBe('diverged at step 3 — nothing to show');
	});
});
