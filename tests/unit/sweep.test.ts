// The learning-rate sweep's pure parts: log-spaced rates, the job list and its seeds, the limits,
// what a job trains, and the aggregation of hand-built results (expected values worked out by hand).
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../src/lib/experiment/defaults';
import { validateExperiment } from '../../src/lib/experiment/schema';
import type { OptimizerName } from '../../src/lib/engine/types';
import {
	aggregate,
	bestPoint,
	checkSweep,
	configKey,
	DEFAULT_SWEEP,
	experimentFor,
	formatLr,
	jobResult,
	jobStart,
	logSpace,
	MAX_JOBS,
	seedBand,
	seedFor,
	sweepConfigs,
	sweepJobs,
	tailMean,
	type JobResult,
	type JobStatus,
	type SweepPoint,
	type SweepSettings
} from '../../src/lib/sweep/sweep';
import { bestRatesExperiment, describeBase, describeLrGrid, stabilityRows } from '../../src/lib/sweep/summary';

describe('logSpace', () => {
	it('1e-4 … 1 in 5 points is one decade apart, ends exact', () => {
		// ratio = (1 / 1e-4)^(1/4) = (10⁴)^(1/4) = 10
		const lrs = logSpace(1e-4, 1, 5);
		expect(lrs[0]).toBe(1e-4);
		expect(lrs[4]).toBe(1);
		const want = [1e-4, 1e-3, 1e-2, 1e-1, 1];
		lrs.forEach((v, i) => expect(v / want[i]).toBeCloseTo(1, 12));
	});

	it('has a constant ratio between neighbours', () => {
		// 0.01 … 0.16 in 5 points: (16)^(1/4) = 2 → 0.01, 0.02, 0.04, 0.08, 0.16
		const lrs = logSpace(0.01, 0.16, 5);
		const want = [0.01, 0.02, 0.04, 0.08, 0.16];
		lrs.forEach((v, i) => expect(v / want[i]).toBeCloseTo(1, 12));
		for (let i = 1; i < lrs.length; i++) expect(lrs[i] / lrs[i - 1]).toBeCloseTo(2, 12);
	});

	it('the default 9 points over 1e-4 … 1 are half a decade apart', () => {
		// (10⁴)^(1/8) = 10^0.5 ≈ 3.1623
		const lrs = logSpace(DEFAULT_SWEEP.lrMin, DEFAULT_SWEEP.lrMax, DEFAULT_SWEEP.points);
		expect(lrs).toHaveLength(9);
		expect(lrs[1] / lrs[0]).toBeCloseTo(Math.sqrt(10), 12);
		expect(lrs[4]).toBeCloseTo(1e-2, 14);
	});

	it('one point is the lower end; bad input throws', () => {
		expect(logSpace(0.3, 3, 1)).toEqual([0.3]);
		expect(() => logSpace(0, 1, 3)).toThrow(RangeError);
		expect(() => logSpace(1e-3, 1, 0)).toThrow(RangeError);
		expect(() => logSpace(1e-3, 1, 2.5)).toThrow(RangeError);
	});
});

describe('jobs', () => {
	it('configs × seeds jobs with seeds s₀, s₀ + 1, …', () => {
		const configs = sweepConfigs(['sgd', 'adam'], [0.1, 1]);
		// learning rates outermost: (sgd,0.1) (adam,0.1) (sgd,1) (adam,1)
		expect(configs).toEqual([
			{ optimizer: 'sgd', lr: 0.1 },
			{ optimizer: 'adam', lr: 0.1 },
			{ optimizer: 'sgd', lr: 1 },
			{ optimizer: 'adam', lr: 1 }
		]);
		const jobs = sweepJobs(configs, 3, 42, 300);
		expect(jobs).toHaveLength(2 * 2 * 3);
		expect(new Set(jobs.map((j) => j.key)).size).toBe(12);
		for (const c of configs) {
			const mine = jobs.filter((j) => configKey(j) === configKey(c));
			expect(mine.map((j) => j.seed)).toEqual([42, 43, 44]);
			expect(mine.map((j) => j.seedIndex)).toEqual([0, 1, 2]);
		}
		// seeds outermost: the first 4 jobs are seed 42
		expect(jobs.slice(0, 4).every((j) => j.seed === 42)).toBe(true);
		expect(jobs.every((j) => j.steps === 300)).toBe(true);
	});

	it('seeds wrap around at 2³² (the schema accepts 0 … 2³² − 1)', () => {
		expect(seedFor(4294967295, 0)).toBe(4294967295);
		expect(seedFor(4294967295, 1)).toBe(0);
		expect(seedFor(7, 2)).toBe(9);
	});
});

describe('checkSweep', () => {
	const ok: SweepSettings = { ...DEFAULT_SWEEP, optimizers: ['sgd', 'momentum', 'adam'] };

	it('accepts the defaults (3 × 9 × 2 = 54 jobs)', () => {
		expect(checkSweep(ok)).toEqual([]);
	});

	it('refuses more than 100 jobs, naming the fields', () => {
		// 3 × 9 × 5 = 135 > 100
		const errs = checkSweep({ ...ok, seeds: 5 });
		expect(errs).toHaveLength(1);
		expect(errs[0].field).toBe('points');
		expect(errs[0].message).toContain('135');
		expect(errs[0].message).toContain(String(MAX_JOBS));
		expect(errs[0].message).toMatch(/learning rates.*seeds/);
		// exactly 100 = 4 × 25 × 1 is allowed
		expect(checkSweep({ ...ok, optimizers: ['sgd', 'momentum', 'nesterov', 'adam'], points: 25, seeds: 1 })).toEqual([]);
	});

	it('names each invalid field', () => {
		const fields = (s: Partial<SweepSettings>) => checkSweep({ ...ok, ...s }).map((e) => e.field);
		expect(fields({ optimizers: [] })).toEqual(['optimizers']);
		expect(fields({ lrMin: 0 })).toEqual(['lrMin']);
		expect(fields({ lrMax: Number.NaN })).toEqual(['lrMax']);
		expect(fields({ lrMin: 0.1, lrMax: 0.01 })).toEqual(['lrMax']);
		expect(fields({ points: 26 })).toEqual(['points']);
		expect(fields({ points: 2.5 })).toEqual(['points']);
		expect(fields({ seeds: 0 })).toEqual(['seeds']);
		expect(fields({ seeds: 6 })).toEqual(['seeds']);
		expect(fields({ steps: 5 })).toEqual(['steps']);
	});
});

describe('jobStart', () => {
	const base = defaultExperiment(); // runs: SGD lr 0.1 and Adam lr 1e-3, He-normal, seed 42, 3000 steps
	base.runs[1].optimizer.beta1 = 0.95;
	const job = { optimizer: 'adam' as OptimizerName, lr: 0.01, seedIndex: 1, seed: 43, steps: 300, key: 'k' };

	it('keeps the shared settings but the seed, budget and evaluation interval', () => {
		const { shared } = jobStart(base, job);
		expect(shared).toEqual({ ...base.shared, seed: 43, budget: { unit: 'steps', value: 300 }, evalEvery: 300 });
		expect(base.shared.seed).toBe(42); // the base is not modified
	});

	it("takes the base's hyper-parameters for that optimizer and the first run's init, constant schedule", () => {
		const { run } = jobStart(base, job);
		expect(run.optimizer).toEqual({ name: 'adam', lr: 0.01, beta1: 0.95 });
		expect(run.init).toEqual(base.runs[0].init);
		expect(run.schedule).toEqual({ kind: 'constant' });
		expect(run.color).toBe(3); // index of adam in OPTIMIZERS
		// an optimizer the base does not have gets torch's defaults (only name and lr)
		expect(jobStart(base, { ...job, optimizer: 'momentum' }).run.optimizer).toEqual({ name: 'momentum', lr: 0.01 });
	});

	it('is a valid experiment for the schema, and so is the playground link', () => {
		const { shared, run } = jobStart(base, job);
		expect(validateExperiment({ shared, runs: [run] }).errors).toEqual([]);
		const e = experimentFor(base, [
			{ optimizer: 'sgd', lr: 0.3 },
			{ optimizer: 'adam', lr: 0.01 }
		]);
		expect(e.runs.map((r) => r.id)).toEqual(['r0', 'r1']);
		expect(e.shared).toEqual(base.shared);
		expect(validateExperiment(e).errors).toEqual([]);
	});
});

describe('tailMean', () => {
	it('averages the last 10% of the steps, at least one', () => {
		// 1 … 20: the last ⌈2⌉ = 2 losses are 19, 20 → 19.5
		expect(tailMean(Float32Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19.5);
		// 1 … 25: ⌈2.5⌉ = 3 → (23 + 24 + 25) / 3 = 24
		expect(tailMean(Array.from({ length: 25 }, (_, i) => i + 1))).toBe(24);
		// 5 losses: ⌈0.5⌉ = 1 → the last
		expect(tailMean([9, 9, 9, 9, 2])).toBe(2);
		expect(tailMean([])).toBeNaN();
	});
});

function result(
	optimizer: OptimizerName,
	lr: number,
	seed: number,
	status: JobStatus,
	finalLoss: number | null,
	finalAccuracy: number | null,
	divergedAt: number | null = null,
	grew = false
): JobResult {
	const key = `${optimizer}@${lr}#${seed}`;
	return { optimizer, lr, seed, seedIndex: seed, steps: 100, key, status, losses: new Float32Array(0), finalLoss, finalAccuracy, divergedAt, grew };
}

describe('jobResult', () => {
	const job = { optimizer: 'sgd' as OptimizerName, lr: 0.1, seedIndex: 0, seed: 1, steps: 10, key: 'k' };

	it('a finished job: final loss = mean of the last 10%, accuracy kept', () => {
		// 10 steps from 1.0 down to 0.1: ⌈1⌉ = 1 → final loss = the last, 0.1 ≤ 2 × 1.0
		const losses = Float32Array.from([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]);
		const r = jobResult(job, losses, { kind: 'done', accuracy: 0.9 });
		expect(r.status).toBe('done');
		expect(r.finalLoss).toBeCloseTo(0.1, 6);
		expect([r.finalAccuracy, r.divergedAt, r.grew]).toEqual([0.9, null, false]);
	});

	it('a loss that ends above 2× its start counts as diverged, with no accuracy', () => {
		// start 1.0; final 2.5 > 2 × 1.0. At exactly 2.0 it is still a finished run.
		const up = Float32Array.from([1, 1.5, 1.8, 2, 2, 2, 2, 2, 2, 2.5]);
		const r = jobResult(job, up, { kind: 'done', accuracy: 0.4 });
		expect([r.status, r.grew, r.finalAccuracy, r.divergedAt]).toEqual(['diverged', true, null, null]);
		expect(r.finalLoss).toBe(2.5);
		const edge = Float32Array.from([1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
		expect(jobResult(job, edge, { kind: 'done', accuracy: 0.4 }).status).toBe('done');
	});

	it("the engine's divergence and a worker failure", () => {
		const d = jobResult(job, Float32Array.from([1, 3]), { kind: 'diverged', step: 3 });
		expect([d.status, d.divergedAt, d.finalLoss, d.grew]).toEqual(['diverged', 3, null, false]);
		const f = jobResult(job, new Float32Array(0), { kind: 'failed', reason: 'boom' });
		expect([f.status, f.reason, f.finalLoss]).toEqual(['failed', 'boom', null]);
	});
});

describe('aggregate', () => {
	const results = [
		result('adam', 0.01, 0, 'failed', null, null),
		result('sgd', 1, 0, 'diverged', null, null, 7),
		result('sgd', 0.1, 0, 'done', 0.5, 0.8),
		result('adam', 0.001, 0, 'diverged', null, null, 5),
		result('sgd', 0.1, 1, 'done', 0.3, 0.9),
		result('sgd', 1, 1, 'done', 2, 0.5),
		result('adam', 0.001, 1, 'diverged', null, null, 3),
		result('adam', 0.01, 1, 'done', 0.2, 0.95),
		result('rmsprop', 1, 0, 'diverged', 40, null, null, true),
		result('rmsprop', 1, 1, 'diverged', null, null, 9)
	];
	const points = aggregate(results);

	it('groups by optimizer and lr, sorted by OPTIMIZERS order then lr', () => {
		expect(points.map((p) => `${p.optimizer}@${p.lr}`)).toEqual(['sgd@0.1', 'sgd@1', 'adam@0.001', 'adam@0.01', 'rmsprop@1']);
	});

	it('mean and min–max band over the seeds', () => {
		// losses 0.5 and 0.3: mean 0.4, band [0.3, 0.5]; accuracies 0.8, 0.9: mean 0.85
		const p = points[0];
		expect(p.loss?.mean).toBeCloseTo(0.4, 12);
		expect(p.loss?.min).toBe(0.3);
		expect(p.loss?.max).toBe(0.5);
		expect(p.loss?.n).toBe(2);
		expect(p.accuracy?.mean).toBeCloseTo(0.85, 12);
		expect(p.accuracy?.min).toBe(0.8);
		expect(p.accuracy?.max).toBe(0.9);
		expect([p.jobs, p.diverged, p.failed, p.divergedAt]).toEqual([2, 0, 0, null]);
	});

	it('a diverged seed is counted, not averaged in', () => {
		// sgd@1: one seed diverged at step 7, the other finished at loss 2
		const p = points[1];
		expect([p.jobs, p.diverged, p.divergedAt]).toEqual([2, 1, 7]);
		expect(p.loss).toEqual({ mean: 2, min: 2, max: 2, n: 1 });
		// adam@0.001: both diverged (steps 5 and 3) → no number at all, earliest divergence 3
		const q = points[2];
		expect(q.loss).toBeNull();
		expect(q.accuracy).toBeNull();
		expect([q.diverged, q.divergedAt]).toEqual([2, 3]);
	});

	it('a seed whose loss grew is diverged too, its finite loss not averaged in', () => {
		// rmsprop@1: one seed grew (final 40, no NaN step), one went NaN at step 9
		const p = points[4];
		expect([p.jobs, p.diverged, p.grew, p.divergedAt, p.loss]).toEqual([2, 2, 1, 9, null]);
	});

	it('a failed job is counted apart', () => {
		const p = points[3];
		expect([p.jobs, p.failed, p.diverged]).toEqual([2, 1, 0]);
		expect(p.loss).toEqual({ mean: 0.2, min: 0.2, max: 0.2, n: 1 });
	});

	it('the best lr ignores any point where a seed diverged or failed', () => {
		// sgd@1 (loss 2) lost a seed; sgd@0.1 (0.4) is best. adam has no clean point.
		expect(bestPoint(points, 'sgd')?.lr).toBe(0.1);
		expect(bestPoint(points, 'adam')).toBeNull();
		expect(bestPoint(points, 'rmsprop')).toBeNull();
	});
});

describe('seedBand', () => {
	it('one bucket per step: mean and min/max of the seeds', () => {
		// step 1: 1, 3 → mean 2, band [1, 3]; step 4: 4, 6 → 5, [4, 6]
		const b = seedBand([Float32Array.from([1, 2, 3, 4]), Float32Array.from([3, 4, 5, 6])], 4);
		expect(Array.from(b.steps)).toEqual([1, 2, 3, 4]);
		expect(Array.from(b.mean)).toEqual([2, 3, 4, 5]);
		expect(Array.from(b.lo)).toEqual([1, 2, 3, 4]);
		expect(Array.from(b.hi)).toEqual([3, 4, 5, 6]);
	});

	it('buckets average each seed first, then take the band', () => {
		// w = ⌈4/2⌉ = 2. Steps 1–2: seed means 1.5 and 3.5 → mean 2.5, band [1.5, 3.5], x = 1.5
		// steps 3–4: 3.5 and 5.5 → 4.5, [3.5, 5.5], x = 3.5
		const b = seedBand([[1, 2, 3, 4], [3, 4, 5, 6]], 2);
		expect(Array.from(b.steps)).toEqual([1.5, 3.5]);
		expect(Array.from(b.mean)).toEqual([2.5, 4.5]);
		expect(Array.from(b.lo)).toEqual([1.5, 3.5]);
		expect(Array.from(b.hi)).toEqual([3.5, 5.5]);
	});

	it('a shorter curve leaves the buckets it did not reach to the others', () => {
		// n = 5, w = ⌈5/2⌉ = 3: steps 1–3 and 4–5. Seed A = 1…5, seed B = [7].
		// bucket 1: A's mean (1+2+3)/3 = 2, B's 7 → mean 4.5, band [2, 7]
		// bucket 2: only A, (4+5)/2 = 4.5; x = (4+5)/2 = 4.5
		const b = seedBand([[1, 2, 3, 4, 5], [7]], 2);
		expect(Array.from(b.steps)).toEqual([2, 4.5]);
		expect(Array.from(b.mean)).toEqual([4.5, 4.5]);
		expect(Array.from(b.lo)).toEqual([2, 4.5]);
		expect(Array.from(b.hi)).toEqual([7, 4.5]);
	});

	it('no curves, no points', () => {
		expect(seedBand([], 10).steps.length).toBe(0);
	});
});

describe('formatLr', () => {
	it('3 significant digits, exponent below 1e-3', () => {
		expect(formatLr(1e-4)).toBe('1e-4');
		expect(formatLr(Math.sqrt(10) * 1e-4)).toBe('3.16e-4');
		expect(formatLr(0.01)).toBe('0.01');
		expect(formatLr(0.0316227766)).toBe('0.0316');
		expect(formatLr(1)).toBe('1');
	});
});

describe('sweep summary (the table and links of the sweep page)', () => {
	const pt = (optimizer: OptimizerName, lr: number, loss: number | null, diverged = 0): SweepPoint => ({
		optimizer,
		lr,
		jobs: 2,
		diverged,
		grew: 0,
		failed: 0,
		loss: loss === null ? null : { mean: loss, min: loss, max: loss, n: 2 },
		accuracy: null,
		divergedAt: diverged ? 10 : null
	});
	// sgd: fine at 0.01 and 0.1, diverges at 1, "fine" again at 10 by luck; adam never diverges
	const points = [pt('sgd', 1, null, 2), pt('sgd', 0.01, 0.5), pt('sgd', 0.1, 0.2), pt('sgd', 10, 0.1), pt('adam', 0.001, 0.3), pt('adam', 0.01, 0.25)];

	it('stable up to the last rate below the first divergence; best among the undiverged', () => {
		const rows = stabilityRows(points, ['sgd', 'adam']);
		expect(rows.map((r) => [r.optimizer, r.best?.lr, r.stableTo, r.divergedFrom])).toEqual([
			['sgd', 10, 0.1, 1],
			['adam', 0.01, 0.01, null]
		]);
		expect(stabilityRows([], ['momentum'])).toEqual([{ optimizer: 'momentum', best: null, stableTo: null, divergedFrom: null }]);
	});

	it('links each optimizer at its best rate, or nothing when none has one', () => {
		const base = defaultExperiment();
		const e = bestRatesExperiment(base, stabilityRows(points, ['sgd', 'adam']))!;
		expect(e.runs.map((r) => [r.optimizer.name, r.optimizer.lr])).toEqual([
			['sgd', 10],
			['adam', 0.01]
		]);
		expect(bestRatesExperiment(base, stabilityRows([pt('sgd', 1, null, 1)], ['sgd']))).toBeNull();
	});

	it('describes the rate grid and the base in one line each', () => {
		expect(describeLrGrid({ ...DEFAULT_SWEEP, lrMin: 1e-4, lrMax: 1, points: 5 })).toBe('1e-4, 0.001, 0.01, 0.1, 1 (×10 apart)');
		expect(describeLrGrid({ ...DEFAULT_SWEEP, lrMin: 1e-4, lrMax: 1, points: 9 })).toBe('1e-4, 3.16e-4, 0.001, …, 1 (×3.16 apart)');
		expect(describeLrGrid({ ...DEFAULT_SWEEP, lrMin: 0.1, lrMax: 0.1, points: 1 })).toBe('0.1');
		expect(describeLrGrid({ ...DEFAULT_SWEEP, lrMin: -1 })).toBe('');
		expect(describeBase(defaultExperiment())).toBe('16-16 relu, batch 32, seed 42, init he-normal');
	});
});
