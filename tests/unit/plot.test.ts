import { describe, expect, it } from 'vitest';
import { debiasedEma, EmaAccumulator } from '../../src/lib/plot/ema';
import { decimateMinMax } from '../../src/lib/plot/decimate';
import { StepSeries, type ChartRun, type EvalPoint } from '../../src/lib/plot/series';
import { drawable, linePath } from '../../src/lib/plot/paths';
import { evalAtOrBefore, hoverRows, nearestIndex } from '../../src/lib/plot/hover';
import { buildRunGeometry, type RunGeometry } from '../../src/lib/plot/runGeometry';
import { autoSmoothing, coincidentPairs, findCut, lossCeiling, lossDomain, sameRunReason, type RunCut } from '../../src/lib/plot/lossLayout';

/** the loss chart's y domain: ceiling, cuts, then the extent of what is drawn */
function yDomain(geoms: RunGeometry[], _metric: 'loss', log: boolean): [number, number] {
	const ceiling = lossCeiling(geoms);
	const cuts = new Map<string, RunCut>();
	for (const g of geoms) {
		const c = findCut(g, ceiling);
		if (c) cuts.set(g.id, c);
	}
	return lossDomain(geoms, cuts, ceiling, log, true);
}
import { formatValue, formatX, xOfStep, xTicks } from '../../src/lib/plot/axis';
import { logTicks } from '../../src/lib/plot/format';
import { scaleLinear, scaleLog } from 'd3';
import { render } from 'svelte/server';
import LossChart from '../../src/lib/components/LossChart.svelte';

describe('debiasedEma (TensorBoard smoothing)', () => {
	it('matches the formula worked by hand for [1, 2, 3], w = 0.5', () => {
		// last1 = 0.5·0 + 0.5·1 = 0.5,      debias = 1 − 0.5   = 0.5   → 1
		// last2 = 0.5·0.5 + 0.5·2 = 1.25,   debias = 1 − 0.25  = 0.75  → 1.666…
		// last3 = 0.5·1.25 + 0.5·3 = 2.125, debias = 1 − 0.125 = 0.875 → 17/7 = 2.428571…
		const s = debiasedEma([1, 2, 3], 0.5);
		expect(s[0]).toBe(1);
		expect(s[1]).toBeCloseTo(5 / 3, 14);
		expect(s[2]).toBeCloseTo(17 / 7, 14);
	});
	it('w = 0.9: the first point is exactly the first value', () => {
		// last1 = 0.1·4 = 0.4, debias = 0.1 → 4; last2 = 0.36 + 0.8 = 1.16, debias = 0.19 → 6.105263…
		const s = debiasedEma([4, 8], 0.9);
		expect(s[0]).toBeCloseTo(4, 14);
		expect(s[1]).toBeCloseTo(1.16 / 0.19, 12);
	});
	it('weight 0 is the identity', () => {
		const v = [3, -1, 2.5, 1e-8, 7];
		expect(Array.from(debiasedEma(v, 0))).toEqual(v);
	});
	it('passes non-finite values through and leaves them out of the average', () => {
		// [1, NaN, 3], w = 0.5: point 3 is the 2nd finite value: last = 0.25 + 1.5 = 1.75, /(1 − 0.25) → 7/3
		const s = debiasedEma([1, NaN, 3, Infinity], 0.5);
		expect(s[0]).toBe(1);
		expect(Number.isNaN(s[1])).toBe(true);
		expect(s[2]).toBeCloseTo(7 / 3, 14);
		expect(s[3]).toBe(Infinity);
	});
	it('reuses an out buffer and returns a view of the right length', () => {
		const out = new Float64Array(10);
		const s = debiasedEma([1, 2, 3], 0.5, out);
		expect(s.length).toBe(3);
		expect(s.buffer).toBe(out.buffer);
	});
	it('rejects w = 1 (0/0)', () => {
		expect(() => debiasedEma([1], 1)).toThrow(RangeError);
	});
	it('EmaAccumulator gives the hand-computed values one at a time', () => {
		const acc = new EmaAccumulator(0.5);
		expect(Number.isNaN(acc.value)).toBe(true);
		expect(acc.push(1)).toBe(1);
		expect(Number.isNaN(acc.push(NaN))).toBe(true);
		expect(acc.push(2)).toBeCloseTo(5 / 3, 14);
		expect(acc.push(3)).toBeCloseTo(17 / 7, 14);
		expect(acc.value).toBeCloseTo(17 / 7, 14);
	});
});

describe('decimateMinMax', () => {
	it('keeps first, last and each bucket’s min and max in x order (worked by hand)', () => {
		// maxPoints 6 → ⌊(6 − 2)/2⌋ = 2 buckets over indices 1…8: [1..4] = 1 9 2 8 → min@1, max@2;
		// [5..8] = 3 7 4 6 → min@5, max@6; plus index 0 and 9.
		const ys = [5, 1, 9, 2, 8, 3, 7, 4, 6, 0];
		const xs = ys.map((_, i) => i);
		const d = decimateMinMax(xs, ys, 10, 6);
		expect(Array.from(d.x)).toEqual([0, 1, 2, 5, 6, 9]);
		expect(Array.from(d.y)).toEqual([5, 1, 9, 3, 7, 0]);
	});
	it('on a long series keeps first, last, global min and max; ≤ maxPoints; x sorted', () => {
		const n = 100_003;
		const xs = Float64Array.from({ length: n }, (_, i) => 2 * i);
		const ys = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 300) + ((i * 7919) % 13) / 100);
		ys[12_345] = 50; // global max
		ys[87_654] = -50; // global min
		for (const maxPoints of [7, 100, 1280]) {
			const d = decimateMinMax(xs, ys, n, maxPoints);
			expect(d.x.length).toBeLessThanOrEqual(maxPoints);
			expect(d.x[0]).toBe(0);
			expect(d.y[0]).toBe(ys[0]);
			expect(d.x[d.x.length - 1]).toBe(2 * (n - 1));
			expect(d.y[d.y.length - 1]).toBe(ys[n - 1]);
			expect(Array.from(d.y)).toContain(50);
			expect(Array.from(d.y)).toContain(-50);
			expect(d.x[Array.from(d.y).indexOf(50)]).toBe(2 * 12_345);
			for (let i = 1; i < d.x.length; i++) expect(d.x[i]).toBeGreaterThan(d.x[i - 1]);
		}
	});
	it('returns short series as they are', () => {
		const d = decimateMinMax([0, 1, 2], [3, NaN, 5], 3, 10);
		expect(Array.from(d.x)).toEqual([0, 1, 2]);
		expect(Number.isNaN(d.y[1])).toBe(true);
	});
	it('a bucket of only NaN keeps a NaN point (the line breaks there)', () => {
		// maxPoints 6 → buckets [1..4] and [5..8]; the second holds only NaN
		const ys = [0, 1, 2, 3, 4, NaN, NaN, NaN, NaN, 9];
		const d = decimateMinMax(ys.map((_, i) => i), ys, 10, 6);
		expect(Array.from(d.x)).toEqual([0, 1, 4, 5, 9]);
		expect(Number.isNaN(d.y[3])).toBe(true);
	});
});

describe('StepSeries', () => {
	it('keeps every step while under capacity', () => {
		const s = new StepSeries(1024);
		s.append(Float32Array.from({ length: 1000 }, (_, i) => i / 4), 1);
		expect(s.stride).toBe(1);
		expect(s.length).toBe(1000);
		expect(s.lastStep).toBe(1000);
		expect(s.xs()[0]).toBe(1);
		expect(s.xs()[999]).toBe(1000);
		expect(s.ys()[999]).toBe(999 / 4);
	});
	it('halves by averaging pairs when full (worked by hand, capacity 8)', () => {
		const s = new StepSeries(8);
		s.append(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), 0);
		expect(s.stride).toBe(1);
		s.append(Float32Array.of(9), 8);
		// pairs (1,2)(3,4)(5,6)(7,8) → 1.5 3.5 5.5 7.5 at step centres 0.5 2.5 4.5 6.5;
		// 9 is a partial point covering step 8 only
		expect(s.stride).toBe(2);
		expect(Array.from(s.ys())).toEqual([1.5, 3.5, 5.5, 7.5, 9]);
		expect(Array.from(s.xs())).toEqual([0.5, 2.5, 4.5, 6.5, 8]);
		s.append(Float32Array.of(10), 9);
		// the partial point completes: (9 + 10)/2 = 9.5 covering steps 8, 9
		expect(Array.from(s.ys())).toEqual([1.5, 3.5, 5.5, 7.5, 9.5]);
		expect(s.xs()[4]).toBe(8.5);
	});
	it('a non-finite value does not poison its pair', () => {
		const s = new StepSeries(4);
		s.append(Float32Array.of(1, NaN, 3, 5, 7), 0);
		// (1, NaN) → 1, (3, 5) → 4, then 7 alone
		expect(Array.from(s.ys())).toEqual([1, 4, 7]);
	});
	it('skips re-delivered steps and fills gaps with NaN', () => {
		const s = new StepSeries(16);
		s.append(Float32Array.of(1, 2, 3), 0);
		s.append(Float32Array.of(2, 3, 4), 1); // steps 1, 2 again, then 3
		s.append(Float32Array.of(6), 5); // step 4 missing
		const ys = Array.from(s.ys());
		expect(ys.slice(0, 4)).toEqual([1, 2, 3, 4]);
		expect(Number.isNaN(ys[4])).toBe(true);
		expect(ys[5]).toBe(6);
		expect(s.lastStep).toBe(5);
	});
	it('stays within capacity for 3 million steps and preserves the mean', () => {
		const s = new StepSeries(); // 2^20
		const chunk = new Float32Array(10_000);
		for (let start = 0; start < 3_000_000; start += chunk.length) {
			for (let k = 0; k < chunk.length; k++) chunk[k] = (start + k) % 1000;
			s.append(chunk, start);
		}
		// 2^20 steps fill it; the next halves to stride 2 (room for 2^21 steps), and at 2^21 + 1
		// stride 4 (room for 2^22 ≥ 3e6): 3e6 / 4 = 750,000 points, no partial one.
		expect(s.stride).toBe(4);
		expect(s.length).toBe(750_000);
		expect(s.length).toBeLessThanOrEqual(s.capacity);
		expect(s.allocated).toBeLessThanOrEqual(s.capacity + 1);
		expect(s.lastStep).toBe(2_999_999);
		// mean of k mod 1000 over 3,000 whole periods = 499.5
		const ys = s.ys();
		let sum = 0;
		for (let i = 0; i < ys.length; i++) sum += ys[i];
		expect(sum / ys.length).toBeCloseTo(499.5, 9);
		// point i covers steps 4i … 4i+3, centre 4i + 1.5
		expect(s.xs()[10]).toBe(41.5);
		expect(ys[10]).toBe((40 + 41 + 42 + 43) / 4);
	});
});

describe('linePath', () => {
	const id = (v: number) => v;
	it('breaks the line at non-finite values instead of drawing them', () => {
		expect(linePath([0, 1, 2, 3, 4], [1, 2, NaN, 4, 5], id, id)).toBe('M0,1L1,2M3,4L4,5');
		const d = linePath([0, 1, 2, 3], [1, Infinity, -Infinity, 2], id, id);
		expect(d).not.toMatch(/NaN|Infinity/);
	});
	it('drops values ≤ 0 on a log axis', () => {
		// points 0 (y = 1) and 2, 3 survive; a lone point is drawn as M…Z by d3's linear curve
		const d = linePath([0, 1, 2, 3], [1, 0, 10, 100], id, Math.log10, drawable(true));
		expect(d).toBe('M0,0ZM2,1L3,2');
	});
	it('is empty when nothing is drawable', () => {
		expect(linePath([0, 1], [NaN, NaN], id, id)).toBe('');
	});
});

describe('hover lookups', () => {
	it('nearestIndex finds the closest x (ties to the left)', () => {
		const xs = [0, 10, 20, 30];
		const at = (i: number) => xs[i];
		expect(nearestIndex(4, at, 14)).toBe(1);
		expect(nearestIndex(4, at, 16)).toBe(2);
		expect(nearestIndex(4, at, 15)).toBe(1);
		expect(nearestIndex(4, at, -5)).toBe(0);
		expect(nearestIndex(4, at, 99)).toBe(3);
		expect(nearestIndex(0, at, 1)).toBe(-1);
	});
	const ev = (step: number, testLoss: number): EvalPoint => ({ step, epoch: 0, examples: 0, timeMs: 0, testLoss, testAccuracy: 0.5 });
	it('evalAtOrBefore returns the last evaluation not after the step', () => {
		const evals = [ev(0, 3), ev(100, 2), ev(200, 1)];
		expect(evalAtOrBefore(evals, 150)?.testLoss).toBe(2);
		expect(evalAtOrBefore(evals, 200)?.testLoss).toBe(1);
		expect(evalAtOrBefore(evals, -1)).toBeNull();
	});
});

function makeRun(id: string, losses: number[], extra: Partial<ChartRun> = {}): ChartRun {
	const train = new StepSeries(64);
	train.append(Float32Array.from(losses), 0);
	return {
		id, label: id, colorIndex: 0, train, evals: [], stepsPerEpoch: 4, batchSize: 32,
		timeAt: (s) => 500 * s, divergedAt: null, version: 1, ...extra
	};
}

describe('run geometry', () => {
	it('smooths before decimating and maps steps to each axis', () => {
		const run = makeRun('a', [1, 2, 3]);
		const g = buildRunGeometry(run, 'epochs', 0.5, 100);
		expect(g.smoothed[2]).toBeCloseTo(17 / 7, 6);
		expect(Array.from(g.smooth.x)).toEqual([0, 0.25, 0.5]); // step / 4 steps per epoch
		expect(xOfStep(run, 'examples', 3)).toBe(96);
		expect(xOfStep(run, 'time', 3)).toBe(1.5);
	});
	it('the hover row of a run is its nearest step, with the last eval before it', () => {
		const run = makeRun('a', [4, 3, 2, 1], {
			evals: [{ step: 0, epoch: 0, examples: 0, timeMs: 0, testLoss: 5, testAccuracy: 0.1 }]
		});
		const [row] = hoverRows([buildRunGeometry(run, 'steps', 0, 100)], 2.2);
		expect(row.step).toBe(2);
		expect(row.smoothed).toBe(2);
		expect(row.lastEval?.testLoss).toBe(5);
	});
	it('a diverging run is cut where it leaves 10× the healthy range and does not set the axis', () => {
		// (values exact in Float32, the series' storage)
		const healthy = buildRunGeometry(makeRun('h', [2.5, 1.5, 0.75]), 'steps', 0, 100);
		const blowUp = makeRun('b', [2.0, 50, 1e6, NaN], { divergedAt: 3 });
		const g = buildRunGeometry(blowUp, 'steps', 0, 100);
		// initial losses 2.0 and 2.5: lower median 2.0, healthy ≤ 20 → h (max 2.5) → ceiling 25
		expect(lossCeiling([healthy, g])).toBe(25);
		expect(findCut(g, 25)).toMatchObject({ step: 1, cause: 'high', value: 50, label: 'loss 50 at step 1, diverged at step 3' });
		expect(findCut(healthy, 25)).toBeNull();
		// drawn: h's 0.75 … 2.5 and b's 2.0 before its cut
		expect(yDomain([healthy, g], 'loss', false)).toEqual([0.75, 2.5]);
		expect(yDomain([healthy, g], 'loss', true)).toEqual([0.75, 2.5]);
		// alone it is its own reference: no healthy run, no ceiling; drawn up to its NaN at step 3
		expect(lossCeiling([g])).toBe(Infinity);
		expect(findCut(g, Infinity)).toMatchObject({ step: 3, cause: 'nan', label: 'loss NaN at step 3' });
		expect(yDomain([g], 'loss', false)).toEqual([2, 1e6]);
	});
	it('a run exploding from step 0 is cut at step 0 and marked with its value', () => {
		// starts 2.3, 2.3, 1e6: lower median 2.3 → healthy: the two first, max 2.5 → ceiling 25
		const a = buildRunGeometry(makeRun('a', [2.25, 2.5, 1]), 'steps', 0, 100);
		const b = buildRunGeometry(makeRun('b', [2.25, 2, 1.5]), 'steps', 0, 100);
		const c = buildRunGeometry(makeRun('c', [1048576, 2097152, 4194304]), 'steps', 0, 100);
		expect(lossCeiling([a, b, c])).toBe(25);
		expect(findCut(c, 25)).toMatchObject({ step: 0, cause: 'high', label: 'loss 1.0e6 at step 0' });
		expect(yDomain([a, b, c], 'loss', true)).toEqual([1, 2.5]);
	});
	it('on a log axis the raw envelope reaches at most a decade below the lines (batch 1: one example at 1e-12)', () => {
		// raw 2, 2, 1e-12, 2, 2, 2; smoothed at 0.9 its lowest point stays near 1.2
		const g = buildRunGeometry(makeRun('b1', [2, 2, 1e-12, 2, 2, 2]), 'steps', 0.9, 100);
		const lowest = Math.min(...Array.from(g.smooth.y));
		expect(lowest).toBeGreaterThan(1);
		const [lo, hi] = yDomain([g], 'loss', true);
		expect(lo).toBeCloseTo(lowest / 10, 6);
		expect(hi).toBe(2);
		// a linear axis still reaches the raw minimum (there it costs nothing: 0 is at the bottom anyway)
		expect(yDomain([g], 'loss', false)[0]).toBeCloseTo(1e-12, 15);
		// and a raw dip within the decade sets the axis as before
		const h = buildRunGeometry(makeRun('h', [2, 2, 0.5, 2, 2, 2]), 'steps', 0.9, 100);
		expect(yDomain([h], 'loss', true)[0]).toBeCloseTo(0.5, 6);
	});
	it('a lone spike is drawn whole (no healthy reference to cut against)', () => {
		const g = buildRunGeometry(makeRun('s', [2, 30, 1]), 'steps', 0, 100);
		expect(yDomain([g], 'loss', false)).toEqual([1, 30]);
	});
	it('flags runs with identical losses, and says why when the settings tell', () => {
		const a = buildRunGeometry(makeRun('a', [2, 1.5, 1]), 'steps', 0, 100);
		const b = buildRunGeometry(makeRun('b', [2, 1.5, 1]), 'steps', 0, 100);
		const c = buildRunGeometry(makeRun('c', [2, 1.5, 1.25]), 'steps', 0, 100);
		expect(coincidentPairs([a, b, c]).map((p) => `${p.a.id}${p.b.id}${p.exact}`)).toEqual(['abtrue']);
		// within 1 % on average and 3 % everywhere over ≥ 10 steps: flagged as lying on top of each other
		const ten = [2, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1];
		const d = buildRunGeometry(makeRun('d', ten), 'steps', 0, 100);
		const e = buildRunGeometry(makeRun('e', ten.map((v) => v * 1.004)), 'steps', 0, 100);
		const f = buildRunGeometry(makeRun('f', ten.map((v) => v * 1.02)), 'steps', 0, 100); // 2 % on average: apart
		const near = coincidentPairs([d, e, f]);
		expect(near.map((p) => `${p.a.id}${p.b.id}${p.exact}`)).toEqual(['defalse']);
		expect(near[0].maxRel).toBeCloseTo(0.004 / 1.004, 5);
		const spec = (name: string, weightDecay?: number) => ({ optimizer: { name, lr: 0.001, weightDecay }, init: { scheme: 'he-normal' }, schedule: { kind: 'constant' } });
		expect(sameRunReason(spec('adam'), spec('adamw', 0))).toBe('λ = 0, and AdamW without decay is Adam');
		expect(sameRunReason(spec('adam'), spec('adamw', 0.01))).toBeNull();
	});
	it('smooths by default in proportion to the run length', () => {
		// w = 1 − 30/steps within [0, 0.95]: 40 → 0.25, 125 → 0.76, 3000 → 0.99 → 0.95
		expect(autoSmoothing(40, 10, 32)).toBe(0.25);
		expect(autoSmoothing(125, 125, 64)).toBe(0.76);
		expect(autoSmoothing(3000, 15, 32)).toBe(0.95);
		expect(autoSmoothing(40, 1, 480)).toBe(0); // full batch: no noise to smooth
		expect(autoSmoothing(19200, 480, 1)).toBe(0.99); // batch 1: all noise
	});
	it('rebuilds from its cache only what changed', () => {
		const run = makeRun('c', [1, 2, 3]);
		const cache = {};
		const a = buildRunGeometry(run, 'steps', 0.5, 100, cache);
		expect(buildRunGeometry(run, 'steps', 0.5, 100, cache)).toBe(a); // same version: no work
		run.train.append(Float32Array.of(4), 3);
		run.version++;
		const b = buildRunGeometry(run, 'steps', 0.5, 100, cache);
		expect(b).not.toBe(a);
		// 4th point: last = 0.5·2.125 + 0.5·4 = 3.0625, /(1 − 0.0625) = 3.2666…
		expect(b.smoothed[3]).toBeCloseTo(3.0625 / 0.9375, 6);
		expect(b.smooth.x.length).toBe(4);
		expect(b.raw?.y[3]).toBe(4);
	});
	it('log-y ignores values ≤ 0 in the domain', () => {
		const g = buildRunGeometry(makeRun('z', [1, 0, 0.5, -2]), 'steps', 0, 100);
		expect(yDomain([g], 'loss', true)).toEqual([0.5, 1]);
		expect(yDomain([g], 'loss', false)).toEqual([-2, 1]);
	});
});

describe('axis labels', () => {
	it('shows a diverged value as a dash, not NaN', () => {
		expect(formatValue('loss', NaN)).toBe('—');
		expect(formatValue('loss', Infinity)).toBe('∞');
		expect(formatValue('accuracy', 0.9512)).toBe('95.1%');
	});
	it('formats wall-clock time as m:ss past a minute', () => {
		expect(formatX('time', 125)).toBe('2:05');
		expect(formatX('time', 30)).toBe('30s');
		expect(formatX('time', 59.7)).toBe('59.7s');
		expect(formatX('time', 119.6)).toBe('2:00');
		expect(formatX('examples', 120_000)).toBe('120k');
	});
	it('labels log ticks at mantissas 1, 2, 5 at least 20 px apart', () => {
		// [0.03, 3] over 400 px = 200 px per decade: 0.05 sits 200·log10(2) = 60 px from 0.1, and so on;
		// 0.03 is a mantissa-3 tick, left unlabelled since six 1-2-5 labels fit.
		const s = scaleLog().domain([0.03, 3]).range([400, 0]);
		const ticks = logTicks(s, 20);
		expect(ticks.length).toBeGreaterThan(10); // every mantissa gets a grid line
		expect(ticks.filter((t) => t.label).map((t) => t.label)).toEqual(['0.05', '0.1', '0.2', '0.5', '1', '2']);
	});
	it('puts wall-clock ticks on whole minutes', () => {
		// 0 … 1000 s with about 5 ticks: 1000/120 = 8.3 > 5, 1000/300 = 3.3 ≤ 5 → every 5 minutes
		const s = scaleLinear().domain([0, 1000]).range([0, 600]);
		expect(xTicks(s, 'time', 5).map((t) => t.label)).toEqual(['0s', '5:00', '10:00', '15:00']);
	});
});

describe('LossChart (server render)', () => {
	const props = { metric: 'loss', xAxis: 'steps', logY: true, smoothing: 0.6, hidden: new Set<string>(), width: 800, height: 360 } as const;
	it('renders with no runs', () => {
		const { body } = render(LossChart, { props: { ...props, runs: [] } });
		expect(body).toContain('role="img"');
	});
	it('draws a diverged run without NaN in any path and marks the divergence', () => {
		const run = makeRun('d', [2, 1.5, 1, 0, -1, 30, Infinity, NaN, NaN], { divergedAt: 6, label: 'SGD lr=10' });
		const { body } = render(LossChart, { props: { ...props, runs: [run, makeRun('ok', [2, 1, 0.5])] } });
		const ds = [...body.matchAll(/ d="([^"]*)"/g)].map((m) => m[1]);
		expect(ds.length).toBeGreaterThan(2);
		for (const d of ds) expect(d).not.toMatch(/NaN|Infinity/);
		expect(body).toContain('diverged');
		expect(body).toContain('SGD lr=10');
	});
	it('leaves hidden runs out of the plot but keeps them in the legend', () => {
		const { body } = render(LossChart, { props: { ...props, runs: [makeRun('a', [1, 2]), makeRun('b', [3, 4])], hidden: new Set(['b']), ontoggle: () => {} } });
		expect(body).toContain('aria-pressed="false"');
		expect(body).toContain('for 1 run.');
	});
});

describe('run geometry stays consistent when the series grows between version bumps', () => {
	it('does not pair a stale x array with a longer y array', async () => {
		const { buildRunGeometry } = await import('../../src/lib/plot/runGeometry');
		const { StepSeries } = await import('../../src/lib/plot/series');
		const train = new StepSeries();
		train.append(new Float32Array([3, 2, 1]), 1);
		const run = { id: 'a', label: 'a', colorIndex: 0, train, evals: [], stepsPerEpoch: 10, batchSize: 4, timeAt: (s: number) => s, divergedAt: null as number | null, version: 1 };
		const cache = {};
		buildRunGeometry(run, 'steps', 0.5, 100, cache);
		// a chunk lands (the series grows) and the run diverges before the next frame bumps `version`
		train.append(new Float32Array([0.5, 0.25]), 4);
		run.divergedAt = 6;
		const g = buildRunGeometry(run, 'steps', 0.5, 100, cache);
		expect(g.steps.length).toBe(5);
	});
});
