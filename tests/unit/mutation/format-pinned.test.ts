// Chart number formatting, pinned label by label against strings worked out by hand from the
// rules in plot/format.ts's header: decimals for 0.001 ≤ |v| < 100,000 (after rounding), else
// scientific notation with a typographic minus; powers of ten on log axes as 10ⁿ outside that
// range; 4 significant digits unless the tick spacing needs more (at most 6).
import { scaleLinear, scaleLog } from 'd3';
import { describe, expect, it } from 'vitest';
import { decadeOf, formatNumber, formatTick, linearTicks, logTicks, powerOfTenLabel, significantDigits } from '../../../src/lib/plot/format';

describe('formatNumber', () => {
	it('special values', () => {
		expect(formatNumber(NaN)).toBe('NaN');
		expect(formatNumber(Infinity)).toBe('∞');
		expect(formatNumber(-Infinity)).toBe('−∞');
		expect(formatNumber(0)).toBe('0');
		expect(formatNumber(-0)).toBe('0');
	});

	it('decimals inside the range, grouped by thousands', () => {
		expect(formatNumber(12345)).toBe('12,350'); // 4 significant digits
		expect(formatNumber(1000)).toBe('1,000');
		expect(formatNumber(-1234.5, 6)).toBe('−1,234.5');
		expect(formatNumber(0.001234)).toBe('0.001234');
		expect(formatNumber(0.5)).toBe('0.5');
		expect(formatNumber(-4)).toBe('−4');
	});

	it('scientific outside it, decided after rounding', () => {
		expect(formatNumber(99999)).toBe('1e5'); // rounds to 1.000e5 at 4 digits
		expect(formatNumber(1234567)).toBe('1.235e6');
		expect(formatNumber(0.0009999)).toBe('9.999e−4');
		expect(formatNumber(-2.5e-7)).toBe('−2.5e−7');
		expect(formatNumber(1e23)).toBe('1e23');
	});

	it('significant digits are clamped to 1 … 6 and rounded', () => {
		expect(formatNumber(1.23456789, 9)).toBe('1.23457');
		expect(formatNumber(1.23456789, 0)).toBe('1');
		expect(formatNumber(1.23456789, 2.6)).toBe('1.23');
	});
});

describe('powerOfTenLabel and decadeOf', () => {
	it('decimals from 0.001 to 10,000, superscripts outside', () => {
		expect(powerOfTenLabel(-3)).toBe('0.001');
		expect(powerOfTenLabel(4)).toBe('10,000');
		expect(powerOfTenLabel(-4)).toBe('10⁻⁴');
		expect(powerOfTenLabel(5)).toBe('10⁵');
		expect(powerOfTenLabel(-7)).toBe('10⁻⁷');
		expect(powerOfTenLabel(12)).toBe('10¹²');
	});

	it('a power of ten up to float error gives its exponent; anything else null', () => {
		expect(decadeOf(1000)).toBe(3);
		expect(decadeOf(1e-7)).toBe(-7);
		expect(decadeOf(1000 * (1 + 1e-12))).toBe(3);
		expect(decadeOf(1000 * (1 + 1e-8))).toBeNull();
		expect(decadeOf(2)).toBeNull();
		expect(decadeOf(-10)).toBeNull();
		expect(decadeOf(0)).toBeNull();
	});
});

describe('formatTick', () => {
	it('powers of ten on a log axis', () => {
		expect(formatTick(0, 1, true)).toBe('0');
		expect(formatTick(1e-7, 0, true)).toBe('10⁻⁷');
		expect(formatTick(-1e-7, 0, true)).toBe('−10⁻⁷');
		expect(formatTick(1e5, 0, true)).toBe('10⁵');
		expect(formatTick(1e5, 0, false)).toBe('1e5');
		expect(formatTick(1000, 0, true)).toBe('1,000');
	});

	it('as many digits as the spacing needs, between 4 and 6', () => {
		// 1000.25 next to a tick 0.1 away: ⌊log₁₀ 1000.25⌋ − ⌊log₁₀ 0.1⌋ + 1 = 3 + 1 + 1 = 5 digits
		expect(formatTick(1000.25, 0.1)).toBe('1,000.3');
		// 0.15 next to 0.2: 2 digits needed, 4 is the floor
		expect(formatTick(0.15, 0.05)).toBe('0.15');
		// 1.0000002 next to a tick 1e-7 away would need 8: capped at 6
		expect(formatTick(1.0000002, 1e-7)).toBe('1');
		// without a spacing: 4 digits
		expect(formatTick(1.23456, 0)).toBe('1.235');
		expect(formatTick(1.23456)).toBe('1.235');
	});
});

describe('significantDigits', () => {
	it('counts the digits a label shows', () => {
		expect(significantDigits('10⁻⁷')).toBe(1);
		expect(significantDigits('−10¹²')).toBe(1);
		expect(significantDigits('1,000')).toBe(1);
		expect(significantDigits('12,000')).toBe(2);
		expect(significantDigits('1,050')).toBe(3);
		expect(significantDigits('1,000.2')).toBe(5);
		expect(significantDigits('100.5')).toBe(4);
		expect(significantDigits('1.50')).toBe(3);
		expect(significantDigits('0.001234')).toBe(4);
		expect(significantDigits('2.5e−7')).toBe(2);
		expect(significantDigits('1.20e5')).toBe(3);
		expect(significantDigits('1e23')).toBe(1);
		expect(significantDigits('0')).toBe(1);
		// "10" followed by superscripts only, the whole label
		expect(significantDigits('310⁵')).toBe(4);
	});
});

describe('linearTicks', () => {
	it('labels with the precision the spacing needs', () => {
		const t = linearTicks(scaleLinear().domain([1000, 1000.5]).range([0, 500]), 5);
		expect(t.map((x) => x.label)).toEqual(['1,000', '1,000.1', '1,000.2', '1,000.3', '1,000.4', '1,000.5']);
	});

	it('a single tick gets the default 4 digits', () => {
		const t = linearTicks(scaleLinear().domain([1.23456, 1.23456]).range([0, 500]), 5);
		expect(t).toEqual([{ value: 1.23456, label: '1.235' }]);
	});
});

describe('logTicks', () => {
	const labelled = (ticks: { value: number; label: string }[]) => ticks.filter((t) => t.label !== '').map((t) => t.label);

	it('a narrow axis reads 0.2, 0.5, 1, 2 and leaves the other grid lines unlabelled', () => {
		const t = logTicks(scaleLog().domain([0.15, 2.5]).range([0, 800]));
		expect(t.map((x) => x.value)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2]);
		expect(labelled(t)).toEqual(['0.2', '0.5', '1', '2']);
		expect(t.filter((x) => x.label === '').length).toBe(6);
	});

	it('with fewer than four labels from powers of ten, 2 and 5, the other mantissas are labelled too', () => {
		const t = logTicks(scaleLog().domain([0.3, 0.9]).range([0, 800]));
		expect(labelled(t)).toEqual(['0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9']);
	});

	it('a label exactly minGapPx from its neighbour is placed; nearer ones are not', () => {
		const s = scaleLog().domain([1, 1e4]).range([0, 60]);
		const gap = s(10) - s(1);
		const t = logTicks(s, gap);
		expect(t.find((x) => x.value === 10)?.label).toBe('10');
		expect(t.find((x) => x.value === 2)?.label).toBe('');
		expect(t.find((x) => x.value === 5)?.label).toBe('');
	});

	it('the gap is a distance in pixels wherever the axis starts', () => {
		// the same 60 px axis shifted to start at 100 px: 2 and 5 are still too close to 1 (4.5 and
		// 10.5 px away against a 15 px gap), although 100 + 104.5 would be far above it
		const s = scaleLog().domain([1, 1e4]).range([100, 160]);
		const t = logTicks(s, s(10) - s(1));
		expect(t.find((x) => x.value === 2)?.label).toBe('');
		expect(t.find((x) => x.value === 5)?.label).toBe('');
		expect(t.find((x) => x.value === 10)?.label).toBe('10');
	});

	it('past 40 decades keeps every ⌈decades/40⌉-th decade, whichever way the domain runs', () => {
		const want = [1e-30, 1e-20, 1e-10, 1, 1e10, 1e20, 1e30];
		for (const domain of [
			[1e-30, 1e30],
			[1e30, 1e-30]
		]) {
			const t = logTicks(scaleLog().domain(domain).range([0, 1200]));
			expect(t.map((x) => x.value)).toEqual(domain[0] < domain[1] ? want : [...want].reverse());
		}
	});
});
