import { describe, expect, it } from 'vitest';
import { ciede2000, lab, linearRgb, simulate, worstDifference, seenDifference } from '../../src/lib/plot/cvd';
import { DASHES, PALETTE, PALETTE_DASH, runColor, runDash } from '../../src/lib/plot/palette';

describe('CIEDE2000 (Sharma, Wu & Dalal 2005 test pairs)', () => {
	// pairs 1, 7, 13, 17, 25 and 34 of the paper's table, ΔE00 to 4 decimals
	const pairs: [[number, number, number], [number, number, number], number][] = [
		[[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
		[[50, 0, 0], [50, -1, 2], 2.3669],
		[[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
		[[50, 2.5, 0], [73, 25, -18], 27.1492],
		[[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
		[[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082]
	];
	it('matches the published values', () => {
		for (const [p, q, want] of pairs) expect(ciede2000(p, q)).toBeCloseTo(want, 4);
	});
});

describe('colour-vision simulation (Machado et al. 2009, severity 1)', () => {
	it('keeps greys grey and white white', () => {
		for (const d of ['protanopia', 'deuteranopia', 'tritanopia'] as const) {
			const w = simulate([1, 1, 1], d);
			for (const c of w) expect(c).toBeCloseTo(1, 2);
		}
	});
	it('makes red and green hard to tell apart for protanopes and deuteranopes, not for tritanopes', () => {
		// pure red #ff0000 against a green of similar lightness #00a000... pick a classic confusion pair
		const red = '#d62728';
		const green = '#2ca02c';
		expect(seenDifference(red, green, 'normal')).toBeGreaterThan(50);
		expect(seenDifference(red, green, 'deuteranopia')).toBeLessThan(seenDifference(red, green, 'normal') / 2);
		expect(seenDifference(red, green, 'tritanopia')).toBeGreaterThan(30);
	});
	it('lab of white is L* = 100, a* = b* = 0', () => {
		const [L, a, b] = lab(linearRgb('#ffffff'));
		expect(L).toBeCloseTo(100, 3);
		expect(Math.abs(a)).toBeLessThan(0.01);
		expect(Math.abs(b)).toBeLessThan(0.01);
	});
});

describe('the run palette', () => {
	const n = PALETTE.length;
	const pairs = Array.from({ length: n }, (_, i) => Array.from({ length: n - i - 1 }, (_, k) => [i, i + 1 + k] as const)).flat();
	it('has 8 distinct colours, every pair ≥ 20 ΔE00 apart with normal vision', () => {
		expect(new Set(PALETTE).size).toBe(8);
		for (const [i, j] of pairs) expect(seenDifference(PALETTE[i], PALETTE[j], 'normal'), `${PALETTE[i]} ${PALETTE[j]}`).toBeGreaterThan(20);
	});
	it('keeps every pair ≥ 10 ΔE00 apart under protanopia, deuteranopia and tritanopia', () => {
		for (const [i, j] of pairs) expect(worstDifference(PALETTE[i], PALETTE[j]).delta, `${PALETTE[i]} ${PALETTE[j]}`).toBeGreaterThan(10);
	});
	it('gives one of every pair closer than 15 ΔE00 (under any deficiency) a dash', () => {
		for (const [i, j] of pairs)
			if (worstDifference(PALETTE[i], PALETTE[j]).delta < 15) expect(runDash(i), `${PALETTE[i]} ${PALETTE[j]}`).not.toBe(runDash(j));
	});
	it('neighbouring runs (i, i + 1) differ by ≥ 17 ΔE00 under every deficiency, or by dash', () => {
		for (let i = 0; i + 1 < 16; i++) {
			const d = worstDifference(runColor(i), runColor(i + 1)).delta;
			if (d < 17) expect(runDash(i)).not.toBe(runDash(i + 1));
			expect(d).toBeGreaterThan(10);
		}
	});
	it('fixes the reported pairs: orange vs the red, blue vs the cyan, orange vs the old dark yellow', () => {
		// the old palette's vermillion #D55E00 was 12.5 from orange; sky blue #56B4E9 and dark yellow #B59F00 were dropped
		expect(PALETTE).not.toContain('#D55E00');
		expect(PALETTE).not.toContain('#56B4E9');
		expect(PALETTE).not.toContain('#B59F00');
		expect(worstDifference('#E69F00', '#D55E00').delta).toBeLessThan(13);
		expect(worstDifference('#E69F00', '#CC3311').delta).toBeGreaterThan(19);
		expect(worstDifference('#E69F00', '#B59F00').delta).toBeLessThan(3);
		expect(seenDifference('#0072B2', '#33BBEE', 'normal')).toBeGreaterThan(seenDifference('#0072B2', '#56B4E9', 'normal'));
	});
	it('runs past 8 reuse colours with a different dash; the first two runs are solid', () => {
		expect(runDash(0)).toBe('');
		expect(runDash(1)).toBe('');
		for (let i = 0; i < 8; i++) {
			expect(runColor(i + 8)).toBe(runColor(i));
			expect(runDash(i + 8)).not.toBe(runDash(i));
			expect(DASHES).toContain(runDash(i + 8));
		}
		expect(PALETTE_DASH).toHaveLength(8);
	});
});
