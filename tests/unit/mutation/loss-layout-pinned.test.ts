// plot/lossLayout.ts (the loss chart's ceiling, cuts, y domain, coincident runs) worked by hand.
// Geometries come from buildRunGeometry with smoothing 0 and ≤ maxPoints points, so every curve is
// the series itself; values are exact in Float32.
import { describe, expect, it } from 'vitest';
import { StepSeries, type ChartRun, type EvalPoint } from '../../../src/lib/plot/series';
import { buildRunGeometry, type RunGeometry } from '../../../src/lib/plot/runGeometry';
import { accuracyDomain } from '../../../src/lib/plot/domain';
import { accuracyAxis, autoSmoothing, coincidentPairs, findCut, lossCeiling, lossDomain, sameRunReason, type RunCut } from '../../../src/lib/plot/lossLayout';

function geom(id: string, ys: number[], extra: Partial<ChartRun> = {}, opts: { firstStep?: number; smoothing?: number; mode?: 'steps' | 'epochs' } = {}): RunGeometry {
	const train = new StepSeries();
	train.append(Float32Array.from(ys), opts.firstStep ?? 0);
	const run: ChartRun = { id, label: id, colorIndex: 0, train, evals: [], stepsPerEpoch: 4, batchSize: 32, timeAt: (s) => 500 * s, divergedAt: null, version: 1, ...extra };
	return buildRunGeometry(run, opts.mode ?? 'steps', opts.smoothing ?? 0, 100);
}
const ev = (step: number, testLoss: number, testAccuracy = 0.5): EvalPoint => ({ step, epoch: step / 4, examples: 32 * step, timeMs: 500 * step, testLoss, testAccuracy });

describe('lossCeiling', () => {
	it('a run’s level stops at its first non-finite train loss', () => {
		// A: start 2, max 2 (the 5 after the NaN does not count); B: 2 → base 2, healthy max 2 → 20
		expect(lossCeiling([geom('a', [2, NaN, 5]), geom('b', [2, 1])])).toBe(20);
	});
	it('evaluations before the divergence count: they give the start of a run without train points and raise the max', () => {
		// A: train start 6, max = its test loss 50. B: no train points, tests 4, 3, NaN, and 1000 at
		// its divergence step 3 (not counted) → start 4, max 4. Starts 4, 6 → base 4 → healthy ≤ 40:
		// A (50) is not, B (4) is → ceiling 10 · 4 = 40
		const a = geom('a', [6, 1], { evals: [ev(1, 50)] });
		const b = geom('b', [], { evals: [ev(0, 4), ev(1, 3), ev(2, NaN), ev(3, 1000)], divergedAt: 3 });
		expect(lossCeiling([a, b])).toBe(40);
		// A's test loss does not replace its train start: starts 2, 4 → base 2 → healthy ≤ 20: A (30) is
		// not, B (4) is → 40
		expect(lossCeiling([geom('a', [2, 1], { evals: [ev(1, 30)] }), b])).toBe(40);
	});
	it('the base is the lower median of the starts in numeric order', () => {
		// starts 10, 2, 3 → sorted 2, 3, 10 → base 3 → healthy ≤ 30: all (10, 2, 25) → 250
		expect(lossCeiling([geom('a', [10]), geom('b', [2]), geom('c', [3, 25])])).toBe(250);
	});
	it('a run exactly at factor × base is healthy', () => {
		// base 2, A reaches 20 = 10 · 2 → healthy max 20 → 200
		expect(lossCeiling([geom('a', [2, 20]), geom('b', [2])])).toBe(200);
	});
	it('a healthy maximum of 0 falls back to the base', () => {
		// start −1 → base |−1| = 1; max 0 is healthy but not > 0 → 10 · 1
		expect(lossCeiling([geom('a', [-1, 0])])).toBe(10);
	});
});

describe('findCut', () => {
	it('a run whose recorded losses are all finite but that diverged later is cut at its divergence', () => {
		// steps 0…2 recorded, diverged at 5: no value there → NaN; x falls back to the last x (2)
		expect(findCut(geom('a', [2, 1.5, 1], { divergedAt: 5 }), Infinity)).toEqual({ id: 'a', step: 5, cause: 'nan', value: NaN, x: 2, label: 'loss NaN at step 5' });
	});
	it('at the divergence step the recorded value names the cause', () => {
		expect(findCut(geom('a', [2, 1.5, 1, 50], { divergedAt: 3 }), Infinity)).toEqual({ id: 'a', step: 3, cause: 'high', value: 50, x: 3, label: 'loss 50 at step 3' });
		// diverged at step 0 (x 0 even though the run's last x is 1)
		expect(findCut(geom('a', [7, 1], { divergedAt: 0 }), Infinity)).toMatchObject({ step: 0, cause: 'high', value: 7, x: 0 });
	});
	it('a divergence before a later cut wins; one at the same step as an eval’s cut keeps the eval’s', () => {
		// NaN at step 3, diverged at 2 where the loss was 1
		expect(findCut(geom('a', [2, 1.5, 1, NaN], { divergedAt: 2 }), Infinity)).toMatchObject({ step: 2, cause: 'high', value: 1, label: 'loss 1 at step 2' });
		// the test loss 40 at step 2 is above 25; diverged at 2 too: the cut keeps the test value
		expect(findCut(geom('a', [2, 1.5, 1.5], { divergedAt: 2, evals: [ev(2, 40)] }), 25)).toMatchObject({ step: 2, cause: 'high', value: 40 });
	});
	it('a half-resolution series: the divergence falls between two points, the next one is ∞', () => {
		// hand-built: points at steps 0.5, 2.5, 4.5 (rounded 1, 3, 5); the ∞ at 4.5 is cut at 5 by the scan,
		// then the divergence at 4 (earlier) takes over, reading the point at 4.5
		const g = {
			id: 'h',
			steps: Float64Array.from([0.5, 2.5, 4.5]),
			x: Float64Array.from([0.5, 2.5, 4.5]),
			ys: Float32Array.from([1, 2, Infinity]),
			raw: null,
			smooth: { x: Float64Array.from([0.5, 2.5, 4.5]), y: Float32Array.from([1, 2, Infinity]) },
			evals: [],
			evalX: new Float64Array(0),
			xMax: 4.5,
			diverged: { step: 4, x: 4, lossY: 2, accuracyY: NaN }
		} as unknown as RunGeometry;
		expect(findCut(g, Infinity)).toMatchObject({ step: 4, cause: 'inf', value: Infinity, x: 4.5, label: 'loss ∞ at step 4' });
	});
	it('a non-finite train loss is found even when the run neither diverged nor passed the ceiling', () => {
		expect(findCut(geom('a', [2, NaN, 1]), Infinity)).toMatchObject({ step: 1, cause: 'nan', label: 'loss NaN at step 1' });
		expect(findCut(geom('a', [2, Infinity, 1]), Infinity)).toMatchObject({ step: 1, cause: 'inf', value: Infinity, label: 'loss ∞ at step 1' });
		// a value exactly at the ceiling is not above it: the NaN at step 2 is the cut
		expect(findCut(geom('a', [2, 25, NaN]), 25)).toMatchObject({ step: 2, cause: 'nan' });
	});
	it('evaluations: the first test loss above the ceiling before the train cut', () => {
		// train fine, tests 2.2 (step 0), 25 (= ceiling, not above), 40 (step 2)
		expect(findCut(geom('a', [2, 1.5, 1, 0.5], { evals: [ev(0, 2.2), ev(1, 25), ev(2, 40), ev(3, 50)] }), 25)).toEqual({ id: 'a', step: 2, cause: 'high', value: 40, x: 2, label: 'loss 40 at step 2' });
		// train cut at step 2 (30); a test above the ceiling at step 1 comes first
		expect(findCut(geom('a', [2, 1.5, 30, 1], { evals: [ev(1, 40)] }), 25)).toMatchObject({ step: 1, cause: 'high', value: 40 });
		// … one at the train cut's step or later does not replace it
		expect(findCut(geom('a', [2, 1.5, 30, 1], { evals: [ev(2, 40), ev(3, 60)] }), 25)).toMatchObject({ step: 2, cause: 'high', value: 30 });
		// NaN test losses are never a cut
		expect(findCut(geom('a', [2, 1.5, 30, 1], { evals: [ev(1, NaN)] }), 25)).toMatchObject({ step: 2, value: 30 });
	});
	it('the cut’s x: past the train points, at the first evaluation at or after it, else the last x', () => {
		// train steps 0, 1; tests at 0, 4, 6; diverged at 4 → x of the test at 4
		expect(findCut(geom('a', [2, 1.5], { divergedAt: 4, evals: [ev(0, 2), ev(4, 1.4), ev(6, 1.3)] }), Infinity)?.x).toBe(4);
		// no train points, tests at 2 and 5, diverged at 1 → the first test (x 2)
		expect(findCut(geom('a', [], { divergedAt: 1, evals: [ev(2, 2), ev(5, 1.5)] }), Infinity)?.x).toBe(2);
		// epochs: x = step / 4, so the cut at step 2 is at 0.5
		expect(findCut(geom('a', [2, 1.5, NaN], {}, { mode: 'epochs' }), Infinity)?.x).toBe(0.5);
	});
});

describe('lossDomain', () => {
	const cutAt = (id: string, x: number): Map<string, RunCut> => new Map([[id, { id, step: x, x, cause: 'high', value: 0, label: '' }]]);
	it('stops each run at its cut (strictly before its x) and at the ceiling (inclusive)', () => {
		// points 1, 2 before x = 2; 30 and 40 after
		expect(lossDomain([geom('a', [1, 2, 30, 40])], cutAt('a', 2), Infinity, false, true)).toEqual([1, 2]);
		// ceiling 25: 30 left out, 25 kept
		expect(lossDomain([geom('a', [1, 25, 30])], new Map(), 25, false, true)).toEqual([1, 25]);
	});
	it('test losses count before the cut and up to the ceiling', () => {
		const g = geom('a', [2, 1.5, 1, 1], { evals: [ev(0, 0.5), ev(1, 25), ev(2, 26), ev(3, 0.25)] });
		// cut at x 3: tests at 0 (0.5), 1 (25 = ceiling) and 2 (26 > 25: out) → [0.5, 25]
		expect(lossDomain([g], cutAt('a', 3), 25, false, true)).toEqual([0.5, 25]);
	});
	it('the raw envelope only when shown', () => {
		// smoothing 0.5 of 2, 2, 0.5, 2: the raw dip 0.5 is below the smoothed line
		const g = geom('a', [2, 2, 0.5, 2], {}, { smoothing: 0.5 });
		expect(lossDomain([g], new Map(), Infinity, false, true)[0]).toBe(0.5);
		// without it: the smoothed line's lowest point, (0.5·(0.5·2 + … ) → 1/0.875 = 8/7 at step 2
		expect(lossDomain([g], new Map(), Infinity, false, false)[0]).toBeCloseTo(8 / 7, 12);
	});
	it('on a log axis with no positive line value the raw envelope is not floored', () => {
		// EMA (w = 0.5, debiased) of −4, −4, 1, −4: −4, −4, −1.142857…, −2.6667 — all ≤ 0; raw has 1
		const g = geom('a', [-4, -4, 1, -4], {}, { smoothing: 0.5 });
		// the lines add no positive value; the raw 1 is then the only one: [1/2, 1·2]
		expect(lossDomain([g], new Map(), Infinity, true, true)).toEqual([0.5, 2]);
	});
});

describe('accuracyAxis', () => {
	it('each run’s accuracies before its cut step', () => {
		const a = geom('a', [1, 1, 1, 1], { evals: [ev(0, 1, 0.1), ev(1, 1, 0.8), ev(2, 1, 0.85), ev(3, 1, 0.2)] });
		const b = geom('b', [1, 1], { evals: [ev(0, 1, 0.1), ev(1, 1, 0.9)] });
		const cuts = new Map<string, RunCut>([['a', { id: 'a', step: 3, x: 3, cause: 'nan', value: NaN, label: '' }]]);
		expect(accuracyAxis([a, b], cuts)).toEqual(accuracyDomain([[0.1, 0.8, 0.85], [0.1, 0.9]]));
		// the same without the cut would include a's 0.2
		expect(accuracyAxis([a, b], new Map())).toEqual(accuracyDomain([[0.1, 0.8, 0.85, 0.2], [0.1, 0.9]]));
		expect(accuracyAxis([a, b], cuts)).not.toEqual(accuracyAxis([a, b], new Map()));
	});
});

describe('autoSmoothing', () => {
	it('an unknown length (0, NaN) gets 0.6', () => {
		expect(autoSmoothing(0, 10, 32)).toBe(0.6);
		expect(autoSmoothing(NaN, 10, 32)).toBe(0.6);
		expect(autoSmoothing(30, 10, 32)).toBe(0);
	});
});

describe('coincidentPairs', () => {
	const ten = [2, 1.875, 1.75, 1.625, 1.5, 1.375, 1.25, 1.125, 1, 0.875];
	it('exactly 3 % at one step (rel = 3/100) is still “on top of each other”', () => {
		const a = geom('a', new Array(10).fill(100));
		const b = geom('b', [...new Array(9).fill(100), 97]);
		const [p] = coincidentPairs([a, b]);
		expect(p).toMatchObject({ exact: false, maxRel: 0.03 });
	});
	it('a mean of exactly 1 % is still close (five steps 2 % apart, five equal)', () => {
		const a = geom('a', new Array(10).fill(100));
		const b = geom('b', [98, 98, 98, 98, 98, 100, 100, 100, 100, 100]);
		expect(coincidentPairs([a, b])).toHaveLength(1);
		expect(coincidentPairs([a, b])[0].maxRel).toBe(0.02);
	});
	it('close runs need ≥ 10 steps, the same length and the same first step', () => {
		expect(coincidentPairs([geom('a', [2, 1.5, 1]), geom('b', [2, 1.5, 1.001])])).toEqual([]);
		expect(coincidentPairs([geom('a', ten), geom('b', [...ten.map((v) => v * 1.004), 0.8])])).toEqual([]);
		expect(coincidentPairs([geom('a', ten), geom('b', ten.map((v) => v * 1.004), {}, { firstStep: 5 })])).toEqual([]);
	});
	it('identical runs: ≥ 2 points, same length, same first step; NaN matches NaN only', () => {
		expect(coincidentPairs([geom('a', [2]), geom('b', [2])])).toEqual([]);
		expect(coincidentPairs([geom('a', [2, 1]), geom('b', [2, 1])]).map((p) => p.exact)).toEqual([true]);
		expect(coincidentPairs([geom('a', [2, 1]), geom('b', [2, 1, 0.5])])).toEqual([]);
		expect(coincidentPairs([geom('a', [2, 1]), geom('b', [2, 1], {}, { firstStep: 5 })])).toEqual([]);
		expect(coincidentPairs([geom('a', [2, NaN, 1]), geom('b', [2, NaN, 1])]).map((p) => p.exact)).toEqual([true]);
		expect(coincidentPairs([geom('a', [2, NaN, 1]), geom('b', [2, 3, 1])])).toEqual([]);
	});
	it('identical runs must also agree on the evaluations they share', () => {
		const e2 = [ev(0, 2), ev(1, 1.5)];
		expect(coincidentPairs([geom('a', [2, 1], { evals: e2 }), geom('b', [2, 1], { evals: [ev(0, 2)] })]).map((p) => p.exact)).toEqual([true]);
		expect(coincidentPairs([geom('a', [2, 1], { evals: [ev(0, 2)] }), geom('b', [2, 1], { evals: [ev(0, 2.5)] })])).toEqual([]);
		expect(coincidentPairs([geom('a', [2, 1], { evals: [ev(0, 2)] }), geom('b', [2, 1], { evals: [ev(1, 2)] })])).toEqual([]);
	});
});

describe('sameRunReason', () => {
	const spec = (name: string, weightDecay?: number, lr = 0.001) => ({ optimizer: { name, lr, weightDecay }, init: { scheme: 'he-normal' }, schedule: { kind: 'constant' } });
	it('AdamW without decay is Adam, in either order; AdamW’s default decay is 0.01', () => {
		expect(sameRunReason(spec('adamw', 0), spec('adam'))).toBe('λ = 0, and AdamW without decay is Adam');
		expect(sameRunReason(spec('adam'), spec('adamw'))).toBeNull();
		expect(sameRunReason(spec('adam', 0.01), spec('adamw', 0))).toBeNull();
	});
	it('same settings; two runs without decay that differ are not explained', () => {
		expect(sameRunReason(spec('sgd', undefined, 0.1), spec('sgd', undefined, 0.1))).toBe('same settings');
		expect(sameRunReason(spec('sgd', undefined, 0.1), spec('sgd', undefined, 0.2))).toBeNull();
	});
});
