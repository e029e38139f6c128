// plot/runGeometry.ts (one run's loss-chart geometry and its cache) worked by hand. Values are exact
// in Float32, the StepSeries' storage; smoothing 0 leaves the series as it is (EMA weight 0).
import { describe, expect, it } from 'vitest';
import { StepSeries, type ChartRun, type EvalPoint } from '../../../src/lib/plot/series';
import { buildRunGeometry, xDomain, type RunCache, type RunGeometry } from '../../../src/lib/plot/runGeometry';

function makeRun(id: string, ys: number[], extra: Partial<ChartRun> = {}, firstStep = 0): ChartRun {
	const train = new StepSeries();
	train.append(Float32Array.from(ys), firstStep);
	return { id, label: id, colorIndex: 0, train, evals: [], stepsPerEpoch: 4, batchSize: 32, timeAt: (s) => 500 * s, divergedAt: null, version: 1, ...extra };
}
const ev = (step: number, testLoss: number, testAccuracy = 0.5): EvalPoint => ({ step, epoch: step / 4, examples: 32 * step, timeMs: 500 * step, testLoss, testAccuracy });

describe('extents, first loss and the divergence point', () => {
	// steps 0…6, diverged at 6: the train loss counts before step 6, so do the evaluations (built in
	// each test, so that mutation testing sees the code run inside the test)
	const run = () =>
		makeRun('d', [NaN, 3, -1, 0.5, 8, NaN, 2], {
			divergedAt: 6,
			evals: [ev(0, 4, 0.125), ev(2, 0.25, 0.5), ev(4, NaN, NaN), ev(6, 16, 0.875)]
		});
	it('loss: min, max and smallest positive over train (before 6) and test losses (before 6)', () => {
		// train 3, −1, 0.5, 8 (NaN skipped), tests 4 and 0.25; the test 16 at step 6 is past the divergence
		const g = buildRunGeometry(run(), 'steps', 0, 100);
		expect(g.loss).toEqual({ min: -1, max: 8, minPositive: 0.25 });
		expect(g.accuracy).toEqual({ min: 0.125, max: 0.5, minPositive: 0.125 });
	});
	it('first loss is the first finite one; the divergence mark sits at the last finite values', () => {
		const g = buildRunGeometry(run(), 'steps', 0, 100);
		expect(g.firstLoss).toBe(3);
		expect(g.diverged).toEqual({ step: 6, x: 6, lossY: 8, accuracyY: 0.5 });
	});
	it('zero is not positive; an infinite test loss is not an extent', () => {
		const g = buildRunGeometry(makeRun('z', [0, 2, 0.5], { evals: [ev(1, Infinity, 0)] }), 'steps', 0, 100);
		expect(g.loss).toEqual({ min: 0, max: 2, minPositive: 0.5 });
		expect(g.accuracy).toEqual({ min: 0, max: 0, minPositive: Infinity });
	});
	it('without a divergence every point counts and there is no mark', () => {
		const h = buildRunGeometry(makeRun('h', [2, 1], { evals: [ev(1, 1.5, 0.25)] }), 'steps', 0, 100);
		expect(h.loss).toEqual({ min: 1, max: 2, minPositive: 1 });
		expect(h.accuracy).toEqual({ min: 0.25, max: 0.25, minPositive: 0.25 });
		expect(h.firstLoss).toBe(2);
		expect(h.diverged).toBeNull();
	});
	it('the x range spans the train points and the evaluations', () => {
		// train at steps 2…4, evaluations at 0 and 6
		const a = buildRunGeometry(makeRun('a', [1, 1, 1], { evals: [ev(0, 1), ev(6, 1)] }, 2), 'steps', 0, 100);
		expect([a.xMin, a.xMax]).toEqual([0, 6]);
		// evaluations inside the train range: the train ends set it (x in epochs: step / 4)
		const b = buildRunGeometry(makeRun('b', [1, 1, 1, 1, 1], { evals: [ev(3, 1), ev(4, 1)] }, 2), 'epochs', 0, 100);
		expect([b.xMin, b.xMax]).toEqual([0.5, 1.5]);
		// no evaluations: the train ends alone
		const c = buildRunGeometry(makeRun('c', [1, 1]), 'steps', 0, 100);
		expect([c.xMin, c.xMax]).toEqual([0, 1]);
	});
	it('the mapping is the run’s', () => {
		const r = run();
		expect(buildRunGeometry(r, 'steps', 0, 100).mapping).toEqual({ stepsPerEpoch: 4, batchSize: 32, timeAt: r.timeAt });
	});
});

describe('the curves drawn', () => {
	it('smoothing 0: no separate raw curve, the smooth curve is the raw decimation (6 points fit in 8)', () => {
		const g = buildRunGeometry(makeRun('s', [6, 5, 4, 3, 2, 1]), 'steps', 0, 8);
		expect(g.raw).toBeNull();
		expect(Array.from(g.smooth.y)).toEqual([6, 5, 4, 3, 2, 1]);
	});
	it('smoothing > 0: the smooth curve gets half the raw points (20 points fit in 100 / 2)', () => {
		const ys = Array.from({ length: 20 }, (_, i) => 20 - i);
		const g = buildRunGeometry(makeRun('s', ys), 'steps', 0.5, 100);
		expect(g.smooth.x.length).toBe(20);
		expect(g.raw?.x.length).toBe(20);
	});
});

describe('the cache', () => {
	it('steps mode uses the series’ own step array as x', () => {
		const g = buildRunGeometry(makeRun('s', [1, 2, 3]), 'steps', 0, 100);
		expect(g.x).toBe(g.steps);
	});
	it('a new smoothing reuses x and the raw decimation; a new width reuses the smoothed curve', () => {
		const run = makeRun('c', [4, 3, 2, 1, 1, 1, 1, 1, 1, 1]);
		const cache: RunCache = {};
		const a = buildRunGeometry(run, 'epochs', 0.5, 100, cache);
		const b = buildRunGeometry(run, 'epochs', 0.25, 100, cache);
		expect(b.x).toBe(a.x);
		expect(b.raw).toBe(a.raw);
		const c = buildRunGeometry(run, 'epochs', 0.25, 4, cache);
		expect(c.smoothed).toBe(b.smoothed);
		// the raw decimation follows the width: ≤ 4 points of 10
		expect(c.raw!.x.length).toBeLessThanOrEqual(4);
	});
	it('the x buffer grows to max(n, twice its size) and is reused while it is large enough', () => {
		const run = makeRun('g', new Array(10).fill(1));
		const cache: RunCache = {};
		buildRunGeometry(run, 'epochs', 0, 100, cache);
		expect(cache.xBuf!.length).toBe(10);
		run.train.append(Float32Array.of(1, 1), 10);
		run.version++;
		const g12 = buildRunGeometry(run, 'epochs', 0, 100, cache);
		const buf = cache.xBuf!;
		expect(buf.length).toBe(20);
		expect(Array.from(g12.x)).toEqual(Array.from({ length: 12 }, (_, i) => i / 4));
		run.train.append(new Float32Array(8).fill(1), 12);
		run.version++;
		const g20 = buildRunGeometry(run, 'epochs', 0, 100, cache);
		expect(cache.xBuf).toBe(buf);
		expect(g20.x.length).toBe(20);
		expect(g20.x[19]).toBe(19 / 4);
	});
	it('a reset run (a new series under the same cache, same version and length) is rebuilt', () => {
		const cache: RunCache = {};
		buildRunGeometry(makeRun('r', [1, 2, 3]), 'steps', 0, 100, cache);
		const again = buildRunGeometry(makeRun('r', [4, 5, 6]), 'steps', 0, 100, cache);
		expect(Array.from(again.ys)).toEqual([4, 5, 6]);
		expect(Array.from(again.smoothed)).toEqual([4, 5, 6]);
	});
	it('on the time axis a new clock is a new x; on other axes the clock does not matter', () => {
		const cache: RunCache = {};
		const run = makeRun('t', [1, 2, 3]);
		expect(Array.from(buildRunGeometry(run, 'time', 0, 100, cache).x)).toEqual([0, 0.5, 1]);
		const slower = { ...run, timeAt: (s: number) => 1000 * s };
		const t2 = buildRunGeometry(slower, 'time', 0, 100, cache);
		expect(Array.from(t2.x)).toEqual([0, 1, 2]);
		// the same clock again: nothing to redo
		expect(buildRunGeometry(slower, 'time', 0, 100, cache)).toBe(t2);
		const stepsCache: RunCache = {};
		const a = buildRunGeometry(run, 'steps', 0, 100, stepsCache);
		expect(buildRunGeometry({ ...run, timeAt: (s: number) => 2 * s }, 'steps', 0, 100, stepsCache)).toBe(a);
	});
});

describe('xDomain', () => {
	const geom = (xMin: number, xMax: number, divergedX?: number) => ({ xMin, xMax, diverged: divergedX === undefined ? null : { step: 0, x: divergedX, lossY: 0, accuracyY: 0 } }) as unknown as RunGeometry;
	it('spans every run and each divergence mark', () => {
		expect(xDomain([geom(3, 4), geom(1, 2)])).toEqual([1, 4]);
		expect(xDomain([geom(0, 5, 7), geom(1, 6)])).toEqual([0, 7]);
		expect(xDomain([geom(0, 5, NaN)])).toEqual([0, 5]);
	});
	it('one point is widened by 1; nothing gives [0, 1]', () => {
		expect(xDomain([geom(2, 2)])).toEqual([2, 3]);
		expect(xDomain([])).toEqual([0, 1]);
		expect(xDomain([geom(Infinity, -Infinity)])).toEqual([0, 1]);
	});
});
