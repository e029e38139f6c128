// The loss chart's axis helpers (plot/axis.ts), each label worked out by hand.
import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { formatValue, formatX, xOfStep, xTicks, yTitle } from '../../../src/lib/plot/axis';

describe('axis titles and x mapping', () => {
	it('xOfStep in each mode', () => {
		const run = { stepsPerEpoch: 4, batchSize: 32, timeAt: (s: number) => 500 * s };
		expect(xOfStep(run, 'steps', 10)).toBe(10);
		expect(xOfStep(run, 'epochs', 10)).toBe(2.5);
		expect(xOfStep(run, 'examples', 10)).toBe(320);
		expect(xOfStep(run, 'time', 10)).toBe(5);
	});

	it('y titles', () => {
		expect(yTitle('accuracy', true)).toBe('test accuracy');
		expect(yTitle('loss', true)).toBe('loss (log scale)');
		expect(yTitle('loss', false)).toBe('loss');
	});
});

describe('formatX and formatValue', () => {
	it('steps and examples: 12k style from 10,000 on', () => {
		expect(formatX('steps', 12000)).toBe('12k');
		expect(formatX('steps', 10000)).toBe('10k');
		expect(formatX('steps', 9999)).toBe('9999');
		expect(formatX('examples', -12000)).toBe('−12k');
		expect(formatX('epochs', 12000)).toBe('12000');
		expect(formatX('epochs', 1.5)).toBe('1.5');
	});

	it('time: seconds below a minute, m:ss from 60 s, a rounded 60 s carries into the minute', () => {
		expect(formatX('time', 59.5)).toBe('59.5s');
		expect(formatX('time', 60)).toBe('1:00');
		expect(formatX('time', 61)).toBe('1:01');
		expect(formatX('time', 3599.6)).toBe('60:00');
	});

	it('tooltip values', () => {
		expect(formatValue('loss', -Infinity)).toBe('−∞');
		expect(formatValue('accuracy', NaN)).toBe('—');
		expect(formatValue('loss', 0.123456)).toBe('0.1235');
		expect(formatValue('accuracy', 0.5)).toBe('50.0%');
	});
});

describe('xTicks', () => {
	it('wall-clock time from a minute on: whole steps of the TIME_STEPS ladder', () => {
		// span 600 s, 5 ticks: the first step with 600/s ≤ 5 is 120 s
		const a = xTicks(scaleLinear().domain([0, 600]).range([0, 500]), 'time', 5);
		expect(a.map((t) => t.label)).toEqual(['0s', '2:00', '4:00', '6:00', '8:00', '10:00']);
		// span 370 s, 4 ticks → 120 s steps from ⌈30/120⌉·120 = 120
		const b = xTicks(scaleLinear().domain([30, 400]).range([0, 500]), 'time', 4);
		expect(b.map((t) => t.value)).toEqual([120, 240, 360]);
		// span 300 s (not 500), 5 ticks → 60 s steps from 120
		const c = xTicks(scaleLinear().domain([100, 400]).range([0, 500]), 'time', 5);
		expect(c.map((t) => t.value)).toEqual([120, 180, 240, 300, 360]);
		// exactly a minute already takes the ladder: 15 s steps, not d3's 10 s
		const d = xTicks(scaleLinear().domain([0, 60]).range([0, 500]), 'time', 5);
		expect(d.map((t) => t.label)).toEqual(['0s', '15s', '30s', '45s', '1:00']);
	});

	it('past the ladder: whole days; under a minute: d3 ticks', () => {
		const days = xTicks(scaleLinear().domain([0, 864000]).range([0, 500]), 'time', 5);
		expect(days.map((t) => t.value)).toEqual([0, 172800, 345600, 518400, 691200, 864000]);
		const short = xTicks(scaleLinear().domain([0, 50]).range([0, 500]), 'time', 5);
		expect(short.map((t) => t.label)).toEqual(['0s', '10s', '20s', '30s', '40s', '50s']);
		const steps = xTicks(scaleLinear().domain([0, 600]).range([0, 500]), 'steps', 5);
		expect(steps.map((t) => t.value)).toEqual([0, 100, 200, 300, 400, 500, 600]);
	});
});
