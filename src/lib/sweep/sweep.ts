// The learning-rate sweep and multi-seed runs as plain data: which jobs to run, what each job's
// worker trains, and how finished jobs are summarised for the charts. Pure (no runes, no DOM):
// sweep.svelte.ts runs the jobs in the worker pool, Node tests check this file.
//
// A job is one short training run: the base experiment's shared settings (data, network, batch)
// with a budget of `steps` optimizer steps, one optimizer at one learning rate, and one seed.
//
// Seeds: job k of a configuration uses seed s_k = (s₀ + k) mod 2³², where s₀ is the base
// experiment's seed. So seed 0 of a sweep is exactly the playground's run (same data, θ₀ and batch
// order), and each further seed changes all three, since the engine derives the toy data, the
// initial weights and the batch order from the one experiment seed (experiment/build.ts). Within
// one seed every optimizer and learning rate starts from the same θ₀ and sees the same batches.
import { OPTIMIZERS, type OptimizerName } from '../engine/types';
import { describeLimit, type NumberLimit } from '../experiment/limits';
import { limitOf, runField, type RunField } from '../experiment/registry';
import type { Experiment, FieldError, RunSpec, SharedSettings } from '../experiment/model';
import { OPTIMIZER_LABELS } from '../experiment/defaults';
import { withinLimit } from '../experiment/fields';

/** the whole sweep (or seed run) may ask for at most this many jobs: a few minutes on 2 cores */
export const MAX_JOBS = 100;

/** the sweep's axis: the experiment registry's learning rate (its label, limit, log scale) */
export const SWEEP_AXIS = runField('optimizer', 'lr') as Extract<RunField, { type: 'number' }>;
const AXIS_LIMIT = limitOf(SWEEP_AXIS);

export type SweepNumberKey = 'lrMin' | 'lrMax' | 'points' | 'seeds' | 'steps';
/** one number setting of the sweep: its key, URL key, the name messages use, limit, default, form */
export interface SweepField {
	key: SweepNumberKey;
	url: string;
	label: string;
	limit: NumberLimit;
	default: number;
	/** the form's label and its arrow-key step ('any' for the log axis' ends) */
	form: { label: string; step: number | 'any' };
}

/** a whole-number setting from min to max */
function count(key: SweepNumberKey, url: string, label: string, [min, max]: [number, number], reason: string, def: number, form: SweepField['form']): SweepField {
	return { key, url, label, limit: { label, min, max, integer: true, reason }, default: def, form };
}

/**
 * The sweep's own settings, as a small registry: the URL codec (url/sweep.ts), checkSweep and
 * the form read their keys, limits, labels and defaults from here. The ends of the axis take the
 * learning rate's limit and name from the experiment registry.
 */
export const SWEEP_FIELDS: readonly SweepField[] = [
	{ key: 'lrMin', url: 'sw-lrmin', label: `smallest ${SWEEP_AXIS.label}`, limit: AXIS_LIMIT, default: 1e-4, form: { label: 'from', step: 'any' } },
	{ key: 'lrMax', url: 'sw-lrmax', label: `largest ${SWEEP_AXIS.label}`, limit: AXIS_LIMIT, default: 1, form: { label: 'to', step: 'any' } },
	count('points', 'sw-points', 'number of learning rates', [1, 25], '25 points already resolve the usable range finely; more only adds jobs', 9, { label: 'points', step: 1 }),
	count('seeds', 'sw-seeds', 'seeds per configuration', [1, 5], 'a band over 5 seeds already shows the spread; more multiplies the jobs', 2, { label: 'seeds', step: 1 }),
	count('steps', 'sw-steps', 'steps per job', [10, 5000], 'a sweep is a set of short runs; 5000 steps × 100 jobs is already minutes', 300, { label: 'steps per job', step: 10 })
];
export function sweepField(key: SweepNumberKey): SweepField {
	return SWEEP_FIELDS.find((f) => f.key === key) as SweepField;
}

/** the limits by name (the axis, points, seeds, steps) */
export const SWEEP_LIMITS = {
	lr: AXIS_LIMIT,
	points: sweepField('points').limit,
	seeds: sweepField('seeds').limit,
	steps: sweepField('steps').limit
} as const satisfies Record<string, NumberLimit>;

export interface SweepSettings {
	/** in OPTIMIZERS order */
	optimizers: OptimizerName[];
	lrMin: number;
	lrMax: number;
	/** number of log-spaced learning rates from lrMin to lrMax */
	points: number;
	seeds: number;
	steps: number;
}

export const DEFAULT_SWEEP: Readonly<SweepSettings> = Object.freeze({
	optimizers: ['sgd', 'momentum', 'adam'] as OptimizerName[],
	...(Object.fromEntries(SWEEP_FIELDS.map((f) => [f.key, f.default])) as Record<SweepNumberKey, number>)
});

/** n learning rates lo·(hi/lo)^(i/(n−1)), i = 0…n−1: a constant ratio between neighbours; [lo] for n = 1 */
export function logSpace(lo: number, hi: number, n: number): number[] {
	if (!(lo > 0 && hi > 0) || !Number.isInteger(n) || n < 1) throw new RangeError(`logSpace: need lo, hi > 0 and n ≥ 1, got ${lo}, ${hi}, ${n}`);
	if (n === 1) return [lo];
	const a = Math.log(lo);
	const b = Math.log(hi);
	// the ends are set exactly, so "1e-4 … 1" shows as 1e-4 and 1, not 0.00010000000000000002
	return Array.from({ length: n }, (_, i) => (i === 0 ? lo : i === n - 1 ? hi : Math.exp(a + ((b - a) * i) / (n - 1))));
}

/** Everything wrong with the settings, each naming its field; empty = the sweep may run. */
export function checkSweep(s: SweepSettings): FieldError[] {
	const errors: FieldError[] = [];
	const check = (f: SweepField) => {
		const x: unknown = s[f.key];
		if (!withinLimit(f.limit, x)) errors.push({ field: f.key, message: `${f.label}: must be ${describeLimit(f.limit)}, got ${x === null || x === '' ? 'nothing' : String(x)}` });
	};
	if (s.optimizers.length === 0) errors.push({ field: 'optimizers', message: 'optimizers: choose at least one' });
	check(sweepField('lrMin'));
	check(sweepField('lrMax'));
	if (errors.every((e) => e.field !== 'lrMin' && e.field !== 'lrMax') && s.lrMax < s.lrMin)
		errors.push({ field: 'lrMax', message: `${sweepField('lrMax').label}: must be at least the smallest (${s.lrMin}), got ${s.lrMax}` });
	for (const k of ['points', 'seeds', 'steps'] as const) check(sweepField(k));
	if (errors.length === 0) {
		const jobs = s.optimizers.length * s.points * s.seeds;
		if (jobs > MAX_JOBS)
			errors.push({
				field: 'points',
				message:
					`too many jobs: ${s.optimizers.length} optimizers × ${s.points} learning rates × ${s.seeds} seeds = ${jobs}, at most ${MAX_JOBS}; ` +
					`lower the number of learning rates, the seeds per configuration or the optimizers`
			});
	}
	return errors;
}

// ── jobs ─────────────────────────────────────────────────────────────────────────────────────────

/** one point of a sweep: an optimizer at a learning rate */
export interface JobConfig {
	optimizer: OptimizerName;
	lr: number;
}

export interface SweepJob extends JobConfig {
	/** k in s_k = s₀ + k */
	seedIndex: number;
	seed: number;
	steps: number;
	/** identifies the job's result for a given base experiment (a seed run reuses sweep jobs) */
	key: string;
	/** the batch size, when the job sets its own (the batch × η map); else the base experiment's */
	batch?: number;
	/** evaluate every this many steps (default: only at the end) */
	evalEvery?: number;
}

/** s_k = (s₀ + k) mod 2³², inside the schema's seed range [0, 2³² − 1] */
export function seedFor(baseSeed: number, k: number): number {
	return (baseSeed + k) % 2 ** 32;
}

export function configKey(c: JobConfig): string {
	return `${c.optimizer}@${c.lr}`;
}

/** every optimizer at every learning rate, learning rates outermost so each curve fills in from the left */
export function sweepConfigs(optimizers: readonly OptimizerName[], lrs: readonly number[]): JobConfig[] {
	return lrs.flatMap((lr) => optimizers.map((optimizer) => ({ optimizer, lr })));
}

/** configs × seeds jobs, seeds outermost: the first seed of every configuration finishes first */
export function sweepJobs(configs: readonly JobConfig[], seeds: number, baseSeed: number, steps: number): SweepJob[] {
	const jobs: SweepJob[] = [];
	for (let k = 0; k < seeds; k++) {
		const seed = seedFor(baseSeed, k);
		for (const c of configs) jobs.push({ ...c, seedIndex: k, seed, steps, key: `${configKey(c)}#${seed}/${steps}` });
	}
	return jobs;
}

/** "0.001", "3.16e-4": learning rates (and losses) as a chart or table shows them — 3 significant digits */
export function formatLr(lr: number): string {
	if (!Number.isFinite(lr)) return String(lr);
	return lr !== 0 && (lr < 1e-3 || lr >= 1e4) ? lr.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e') : String(Number(lr.toPrecision(3)));
}

/**
 * What one job's worker trains. The optimizer's other hyper-parameters (μ, β, …) come from the
 * base experiment's run of the same optimizer, if it has one; every job starts from the base's
 * first run's init, so within a seed all jobs share θ₀. The schedule is constant (a sweep over the
 * rate would be confounded by a schedule), and test accuracy is evaluated at the start and the end.
 */
export function jobStart(base: Experiment, job: SweepJob): { shared: SharedSettings; run: RunSpec } {
	const shared: SharedSettings = {
		...structuredClone(base.shared),
		seed: job.seed,
		budget: { unit: 'steps', value: job.steps },
		evalEvery: job.evalEvery ?? job.steps,
		...(job.batch !== undefined ? { batchSize: job.batch } : {})
	};
	const template = base.runs.find((r) => r.optimizer.name === job.optimizer);
	const run: RunSpec = {
		id: 'r0',
		label: `${OPTIMIZER_LABELS[job.optimizer]} lr=${formatLr(job.lr)}`,
		color: OPTIMIZERS.indexOf(job.optimizer),
		optimizer: { ...structuredClone(template?.optimizer ?? { name: job.optimizer, lr: job.lr }), lr: job.lr },
		schedule: { kind: 'constant' },
		init: structuredClone(base.runs[0].init)
	};
	return { shared, run };
}

// ── results ──────────────────────────────────────────────────────────────────────────────────────

export type JobStatus = 'done' | 'diverged' | 'failed';

export interface JobResult extends SweepJob {
	status: JobStatus;
	/** train loss of each completed step (step i + 1 at index i) */
	losses: Float32Array;
	/** tailMean(losses) of a job that ran to the end; null if the engine stopped it or it failed */
	finalLoss: number | null;
	/** test accuracy after the last step; null unless status is 'done' */
	finalAccuracy: number | null;
	/** the step at which the loss or a parameter became NaN/∞ (the engine's verdict) */
	divergedAt: number | null;
	/** ran to the end but its final loss exceeds GREW_FACTOR × its first loss: counted as diverged */
	grew: boolean;
	/** why a job failed (the worker's error) */
	reason?: string;
	/** every test evaluation after step 0 (the batch × η map's "examples to reach a target") */
	evals?: { step: number; testAccuracy: number }[];
}

/** share of the last steps whose mean is a job's final loss */
export const TAIL_FRACTION = 0.1;

/**
 * A job whose final loss ends above this multiple of its first-step loss (θ₀ on the first batch)
 * diverged, even if every number stayed finite: cross-entropy can climb to 100 or more without
 * overflowing, and such a run is worse than its untrained start. Plotting it as a number would
 * also squash the usable range of every other curve into the bottom of the chart.
 */
export const GREW_FACTOR = 2;

/** mean of the last ⌈fraction·n⌉ losses (at least one): a mini-batch loss is too noisy to read alone */
export function tailMean(losses: ArrayLike<number>, fraction = TAIL_FRACTION): number {
	const n = losses.length;
	if (n === 0) return NaN;
	const m = Math.max(1, Math.ceil(fraction * n));
	let s = 0;
	for (let i = n - m; i < n; i++) s += losses[i];
	return s / m;
}

/** How a job's worker ended, as the sweep reports it. */
export type JobEnd =
	| { kind: 'done'; accuracy: number | null }
	| { kind: 'diverged'; step: number }
	| { kind: 'failed'; reason: string };

/** The result of a job from its step losses and how it ended (see GREW_FACTOR for 'diverged'). */
export function jobResult(job: SweepJob, losses: Float32Array, end: JobEnd): JobResult {
	const base = { ...job, losses, finalLoss: null, finalAccuracy: null, divergedAt: null, grew: false };
	if (end.kind === 'failed') return { ...base, status: 'failed', reason: end.reason };
	if (end.kind === 'diverged') return { ...base, status: 'diverged', divergedAt: end.step };
	const finalLoss = tailMean(losses);
	const grew = !(finalLoss <= GREW_FACTOR * losses[0]);
	return grew ? { ...base, status: 'diverged', finalLoss, grew } : { ...base, status: 'done', finalLoss, finalAccuracy: end.accuracy };
}

export interface Spread {
	mean: number;
	min: number;
	max: number;
	/** how many values */
	n: number;
}

export function spread(values: readonly number[]): Spread | null {
	if (values.length === 0) return null;
	let s = 0;
	let min = Infinity;
	let max = -Infinity;
	for (const v of values) {
		s += v;
		min = Math.min(min, v);
		max = Math.max(max, v);
	}
	return { mean: s / values.length, min, max, n: values.length };
}

/** one optimizer at one learning rate, summarised over its seeds */
export interface SweepPoint extends JobConfig {
	/** jobs finished so far, whatever their outcome */
	jobs: number;
	/** seeds that diverged, of which `grew` ended with a loss above GREW_FACTOR × their start */
	diverged: number;
	grew: number;
	failed: number;
	/** final train loss over the seeds that finished without diverging: mean and the min–max band */
	loss: Spread | null;
	accuracy: Spread | null;
	/** earliest step at which a seed's numbers became NaN/∞ */
	divergedAt: number | null;
}

/**
 * Per (optimizer, lr): the final loss and accuracy over the seeds that completed. A diverged seed
 * is counted, never averaged in (its loss is not a number, or no longer a meaningful one); a
 * failed one (worker error) likewise.
 * Sorted by optimizer (OPTIMIZERS order), then learning rate.
 */
export function aggregate(results: readonly JobResult[]): SweepPoint[] {
	const groups = new Map<string, JobResult[]>();
	for (const r of results) {
		const k = configKey(r);
		const g = groups.get(k);
		if (g) g.push(r);
		else groups.set(k, [r]);
	}
	const points = [...groups.values()].map((g): SweepPoint => {
		const ok = g.filter((r) => r.status === 'done' && r.finalLoss !== null);
		const div = g.filter((r) => r.status === 'diverged');
		const steps = div.flatMap((r) => (r.divergedAt === null ? [] : [r.divergedAt]));
		return {
			optimizer: g[0].optimizer,
			lr: g[0].lr,
			jobs: g.length,
			diverged: div.length,
			grew: div.filter((r) => r.grew).length,
			failed: g.filter((r) => r.status === 'failed').length,
			loss: spread(ok.map((r) => r.finalLoss as number)),
			accuracy: spread(ok.filter((r) => r.finalAccuracy !== null).map((r) => r.finalAccuracy as number)),
			divergedAt: steps.length > 0 ? Math.min(...steps) : null
		};
	});
	return points.sort((a, b) => OPTIMIZERS.indexOf(a.optimizer) - OPTIMIZERS.indexOf(b.optimizer) || a.lr - b.lr);
}

/** the points of each optimizer, in the order given */
export function curvesByOptimizer(points: readonly SweepPoint[], optimizers: readonly OptimizerName[]): { optimizer: OptimizerName; points: SweepPoint[] }[] {
	return optimizers.map((optimizer) => ({ optimizer, points: points.filter((p) => p.optimizer === optimizer) }));
}

/** the learning rate with the lowest mean final loss among those where no seed diverged or failed */
export function bestPoint(points: readonly SweepPoint[], optimizer: OptimizerName): SweepPoint | null {
	let best: SweepPoint | null = null;
	for (const p of points) {
		if (p.optimizer !== optimizer || p.diverged > 0 || p.failed > 0 || !p.loss) continue;
		if (!best?.loss || p.loss.mean < best.loss.mean) best = p;
	}
	return best;
}

// ── multi-seed curves ────────────────────────────────────────────────────────────────────────────

export interface SeedBand {
	/** x: the centre step of each bucket (steps are 1-based) */
	steps: Float64Array;
	/** across seeds, of each seed's mean loss in the bucket */
	mean: Float64Array;
	lo: Float64Array;
	hi: Float64Array;
}

/**
 * Mean curve with a min–max band over seeds. Steps are grouped into at most maxPoints buckets of
 * w = ⌈n/maxPoints⌉ consecutive steps (n = the longest curve); each seed's losses are averaged
 * within a bucket first — which also smooths the mini-batch noise — and then the mean, minimum and
 * maximum over the seeds that reached the bucket are taken.
 */
export function seedBand(curves: readonly ArrayLike<number>[], maxPoints: number): SeedBand {
	const n = Math.max(0, ...curves.map((c) => c.length));
	const w = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(maxPoints))));
	const buckets = Math.ceil(n / w);
	const band: SeedBand = {
		steps: new Float64Array(buckets),
		mean: new Float64Array(buckets),
		lo: new Float64Array(buckets),
		hi: new Float64Array(buckets)
	};
	for (let b = 0; b < buckets; b++) {
		const from = b * w;
		const to = Math.min(n, from + w);
		let sum = 0;
		let count = 0;
		let lo = Infinity;
		let hi = -Infinity;
		for (const c of curves) {
			const end = Math.min(to, c.length);
			if (end <= from) continue;
			let s = 0;
			for (let i = from; i < end; i++) s += c[i];
			const m = s / (end - from);
			sum += m;
			count++;
			lo = Math.min(lo, m);
			hi = Math.max(hi, m);
		}
		// steps from + 1 … to (1-based); their centre
		band.steps[b] = (from + 1 + to) / 2;
		band.mean[b] = sum / count;
		band.lo[b] = lo;
		band.hi[b] = hi;
	}
	return band;
}

/**
 * The base experiment with one run per configuration (e.g. each optimizer at its best rate), to
 * open in the playground: the base's own budget and seed, each run as jobStart builds it.
 */
export function experimentFor(base: Experiment, configs: readonly JobConfig[]): Experiment {
	const runs = configs.map((c, i): RunSpec => {
		const { run } = jobStart(base, { ...c, seedIndex: 0, seed: base.shared.seed, steps: 1, key: '' });
		return { ...run, id: `r${i}` };
	});
	return { shared: structuredClone(base.shared), runs };
}
