// The batch size × learning rate map, as plain data: the grid, the equal budget of examples, each
// cell's outcome, and the "examples to reach a target" view. Pure (no runes, no DOM); the Sweep
// class (sweep.svelte.ts) runs the jobs, Node tests check this file.
//
// Equal budget. Every cell sees the same number of training examples: E epochs of the n-example
// train split, i.e. E·n examples. With batch size B an epoch takes ⌈n/B⌉ steps (the last batch of
// an epoch is smaller when B ∤ n, like torch's DataLoader — so B = n is one step per epoch, full-batch
// GD), and the cell trains E·⌈n/B⌉ steps. So B = 1 takes n steps per epoch, B = n one: same data,
// very different numbers of updates. That is the whole point of the map.
//
// The linear scaling rule (Goyal et al. 2017): while B is small, multiplying B by k and η by k
// gives the same progress per example — the best η moves up the diagonal η ∝ B and the examples
// needed to reach a target stay flat. Beyond a "critical batch size" (McCandlish et al. 2018) that
// breaks: the best η stops growing (the stability bound 2/λ_max caps it) and the examples to
// reach the target grow with B, each extra example buying less.
import { OPTIMIZERS, type OptimizerName } from '../engine/types';
import { describeLimit, type NumberLimit } from '../experiment/limits';
import type { FieldError } from '../experiment/model';
import { withinLimit } from '../experiment/fields';
import { logSpace, type JobResult } from './sweep';

export const MAP_LIMITS = {
	batches: { label: 'number of batch sizes', min: 2, max: 10, integer: true, reason: '10 batch sizes from 1 to the full set are already spaced by about 2×' },
	lrs: { label: 'number of learning rates', min: 2, max: 12, integer: true, reason: 'more rows only add jobs' },
	epochs: { label: 'epochs per cell', min: 0.1, max: 200, integer: false, reason: 'at batch size 1 every epoch is n steps' },
	target: { label: 'target test accuracy', min: 0.01, max: 1, integer: false, reason: 'an accuracy is a share from 0 to 1' }
} as const satisfies Record<string, NumberLimit>;

export const MAP_MAX_JOBS = 150;

export interface MapSettings {
	optimizers: OptimizerName[];
	/** number of log-spaced batch sizes from 1 to the full train split */
	batches: number;
	lrMin: number;
	lrMax: number;
	lrs: number;
	/** the budget: epochs of the train split, the same for every cell */
	epochs: number;
	/** test accuracy the "examples to reach" view asks for */
	target: number;
}

export const DEFAULT_MAP: Readonly<MapSettings> = Object.freeze({
	optimizers: ['sgd'] as OptimizerName[],
	batches: 7,
	lrMin: 0.003,
	lrMax: 3,
	lrs: 7,
	epochs: 20,
	target: 0.9
});

/**
 * k batch sizes from 1 to n, log-spaced and rounded to whole numbers (duplicates dropped, so a
 * tiny n gives fewer): 1, …, n. For n = 480, k = 7: 1, 3, 8, 22, 61, 172, 480.
 */
export function batchSizes(n: number, k: number): number[] {
	if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1) throw new RangeError(`batch sizes: need whole n ≥ 1 and k ≥ 1, got ${n}, ${k}`);
	if (k === 1 || n === 1) return [n];
	const out: number[] = [];
	for (const b of logSpace(1, n, k)) {
		const r = Math.min(n, Math.max(1, Math.round(b)));
		if (out[out.length - 1] !== r) out.push(r);
	}
	return out;
}

/** optimizer steps per epoch: ⌈n/B⌉ */
export function stepsPerEpochOf(n: number, B: number): number {
	return Math.ceil(n / B);
}

/** steps for a budget of E epochs: ⌈E·⌈n/B⌉⌉ (a fractional epoch rounds up to whole steps) */
export function stepsForEpochs(n: number, B: number, epochs: number): number {
	return Math.max(1, Math.ceil(epochs * stepsPerEpochOf(n, B) - 1e-9));
}

/** training examples seen after `steps` steps of batch B on n examples (the last batch of each epoch may be short) */
export function examplesAfter(steps: number, n: number, B: number): number {
	const spe = stepsPerEpochOf(n, B);
	const full = Math.floor(steps / spe);
	const rest = steps - full * spe;
	return full * n + Math.min(rest * B, n);
}

/** evaluate about `points` times per cell (at least every step for very short cells) */
export function evalEveryFor(steps: number, points = 20): number {
	return Math.max(1, Math.round(steps / points));
}

export function checkMap(s: MapSettings, nTrain: number): FieldError[] {
	const errors: FieldError[] = [];
	const num = (field: keyof typeof MAP_LIMITS, x: number) => {
		const l = MAP_LIMITS[field];
		if (!withinLimit(l, x)) errors.push({ field: `map.${field}`, message: `${l.label}: must be ${describeLimit(l)}, got ${x}` });
	};
	num('batches', s.batches);
	num('lrs', s.lrs);
	num('epochs', s.epochs);
	num('target', s.target);
	for (const f of ['lrMin', 'lrMax'] as const)
		if (!(Number.isFinite(s[f]) && s[f] > 0 && s[f] <= 100)) errors.push({ field: `map.${f}`, message: `${f === 'lrMin' ? 'smallest' : 'largest'} learning rate: must be a number in (0, 100], got ${s[f]}` });
	if (errors.length === 0 && !(s.lrMin < s.lrMax)) errors.push({ field: 'map.lrMax', message: `largest learning rate: must be above the smallest (${s.lrMin}), got ${s.lrMax}` });
	if (s.optimizers.length === 0) errors.push({ field: 'map.optimizers', message: 'optimizers: choose at least one' });
	if (errors.length === 0) {
		const jobs = s.optimizers.length * batchSizes(nTrain, s.batches).length * s.lrs;
		if (jobs > MAP_MAX_JOBS) errors.push({ field: 'map.batches', message: `the map would need ${jobs} runs (optimizers × batch sizes × learning rates); at most ${MAP_MAX_JOBS}` });
		const longest = stepsForEpochs(nTrain, 1, s.epochs);
		if (longest > 200_000) errors.push({ field: 'map.epochs', message: `epochs per cell: at batch size 1 that is ${longest} steps; at most 200000 (fewer epochs)` });
	}
	return errors;
}

/** one cell of the map */
export interface MapCellConfig {
	optimizer: OptimizerName;
	batch: number;
	lr: number;
	steps: number;
	evalEvery: number;
}

/** every optimizer × learning rate × batch size, smallest batches first (their cells take longest) */
export function mapCells(s: MapSettings, nTrain: number): MapCellConfig[] {
	const Bs = batchSizes(nTrain, s.batches);
	const lrs = logSpace(s.lrMin, s.lrMax, s.lrs);
	const optimizers = OPTIMIZERS.filter((o) => s.optimizers.includes(o));
	return Bs.flatMap((batch) =>
		optimizers.flatMap((optimizer) =>
			lrs.map((lr) => {
				const steps = stepsForEpochs(nTrain, batch, s.epochs);
				return { optimizer, batch, lr, steps, evalEvery: evalEveryFor(steps) };
			})
		)
	);
}

export interface MapCell {
	optimizer: OptimizerName;
	batch: number;
	lr: number;
	status: JobResult['status'];
	/** final train loss (tail mean) and test accuracy; null when diverged or failed */
	loss: number | null;
	accuracy: number | null;
	/** examples seen when test accuracy first reached the target; null if never within the budget */
	examplesToTarget: number | null;
	divergedAt: number | null;
}

/** the first evaluation with accuracy ≥ target, in examples seen (evaluation after `step` updates) */
export function examplesToReach(evals: readonly { step: number; testAccuracy: number }[], target: number, n: number, B: number): number | null {
	for (const e of evals) if (e.testAccuracy >= target) return examplesAfter(e.step, n, B);
	return null;
}

export function mapCell(r: JobResult & { batch: number; evals?: { step: number; testAccuracy: number }[] }, target: number, nTrain: number): MapCell {
	const ok = r.status === 'done';
	return {
		optimizer: r.optimizer,
		batch: r.batch,
		lr: r.lr,
		status: r.status,
		loss: ok ? r.finalLoss : null,
		accuracy: ok ? r.finalAccuracy : null,
		examplesToTarget: ok || r.status === 'diverged' ? examplesToReach(r.evals ?? [], target, nTrain, r.batch) : null,
		divergedAt: r.divergedAt
	};
}

/** Per batch size: the learning rate that reached the target with the fewest examples (ties: the smaller η). */
export function bestPerBatch(cells: readonly MapCell[], optimizer: OptimizerName): { batch: number; lr: number; examples: number }[] {
	const byB = new Map<number, MapCell>();
	for (const c of cells) {
		if (c.optimizer !== optimizer || c.examplesToTarget === null) continue;
		const cur = byB.get(c.batch);
		if (!cur || c.examplesToTarget < (cur.examplesToTarget as number) || (c.examplesToTarget === cur.examplesToTarget && c.lr < cur.lr)) byB.set(c.batch, c);
	}
	return [...byB.values()].sort((a, b) => a.batch - b.batch).map((c) => ({ batch: c.batch, lr: c.lr, examples: c.examplesToTarget as number }));
}
