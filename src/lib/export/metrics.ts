// Run metrics as files a student can open in a spreadsheet, pandas or R.
//
//   metricsCsv     one row per test-set evaluation per run
//   trainLossCsv   one row per training step per run (averaged in blocks only past 1e6 rows)
//   metricsJson    both, per run, with each run's optimizer and init config and its live changes
//
// Pure (no DOM, no Svelte): the input is a plain ExportRun, built from a live run by
// exportRunOf at the moment of export, so everything here is testable in Node.
import type { HyperChange, InitConfig, OptimizerConfig } from '../engine/types';
import { encodeChanges } from '../experiment/changes';
import type { RunSpec } from '../experiment/model';
import type { EvalPoint, StepSeries } from '../plot/series';

export const METRICS_FORMAT = 'optimizer-playground/metrics';
export const METRICS_VERSION = 1;
/** above this many train-loss rows (all runs together) the rows are averaged in blocks */
export const TRAIN_ROWS_MAX = 1_000_000;

/** One run as the exports see it: plain data, copied out of the live state. */
export interface ExportRun {
	id: string;
	label: string;
	/** the optimizer as the run started (its live changes are in `changes`) */
	optimizer: OptimizerConfig;
	init: InitConfig;
	/** live hyper-parameter changes, in step order: each in force from the update after `step` updates */
	changes?: readonly HyperChange[];
	evals: readonly EvalPoint[];
	/** step of each train-loss value (the centre of the steps it averages, once a series is long) */
	trainSteps: ArrayLike<number>;
	trainLoss: ArrayLike<number>;
	status: string;
}

/** What exportRunOf reads from a live run (RunState satisfies it). */
export interface LiveRun {
	id: string;
	spec: RunSpec;
	evals: readonly EvalPoint[];
	train: StepSeries;
	status: string;
}

/** A snapshot of a live run: the series are COPIED, since ys() is a view the next chunk overwrites. */
export function exportRunOf(run: LiveRun): ExportRun {
	return {
		id: run.id,
		label: run.spec.label,
		optimizer: { ...run.spec.optimizer },
		init: { ...run.spec.init },
		changes: (run.spec.changes ?? []).map((c) => ({ ...c })),
		evals: run.evals.slice(),
		trainSteps: Float64Array.from(run.train.xs()),
		trainLoss: Float32Array.from(run.train.ys()),
		status: run.status
	};
}

// ── CSV cells ────────────────────────────────────────────────────────────────────────────────────

/**
 * A text cell, RFC 4180-quoted when it holds a quote, comma or line break. A cell that a
 * spreadsheet would run as a formula (leading = + - @, tab or CR, after any spaces) gets a leading
 * apostrophe first, as OWASP's "CSV injection" advice says: a label is user text and a shared
 * link can set it, so opening the CSV must never execute it.
 */
export function csvText(s: string): string {
	const safe = /^[\t\r]|^\s*[=+\-@]/.test(s) ? `'${s}` : s;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number cell: the shortest text that parses back; non-finite as NaN / inf / -inf (pandas, R and Python's float() all read these). */
export function csvNumber(x: number): string {
	if (Number.isNaN(x)) return 'NaN';
	if (x === Infinity) return 'inf';
	if (x === -Infinity) return '-inf';
	return String(x);
}

/**
 * A value that is exactly a float32 (the stored train loss), written with the fewest significant
 * digits that round back to the same float32: Float32Array.of(0.3)[0] = 0.30000001192092896
 * prints as 0.3, not as the 17 digits of the double it widens to. Nine digits always suffice.
 */
export function float32Text(x: number): string {
	if (!Number.isFinite(x) || Math.fround(x) !== x) return csvNumber(x);
	for (let p = 1; p < 9; p++) {
		const short = Number(x.toPrecision(p));
		if (Math.fround(short) === x) return String(short);
	}
	return String(Number(x.toPrecision(9)));
}

/** compute milliseconds, to the microsecond (the interpolated timeline carries no more) */
function msText(ms: number): string {
	return Number.isFinite(ms) ? String(Math.round(ms * 1000) / 1000) : csvNumber(ms);
}

function csvLines(header: readonly string[], rows: string[][]): string {
	// RFC 4180: CRLF after every record, the last included.
	return [header.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}

// ── evaluations ──────────────────────────────────────────────────────────────────────────────────

export const METRICS_CSV_HEADER = [
	'run_id',
	'label',
	'optimizer',
	'lr',
	'init',
	'step',
	'epoch',
	'examples',
	'time_ms',
	'test_loss',
	'test_accuracy',
	'live_changes'
] as const;

/**
 * One row per evaluation per run, runs in the order given, evaluations in step order. `lr` is the
 * run's learning rate at the start; `live_changes` its changes during the run as the link writes
 * them (`812:lr=0.1,1200:lr=0.05`: from the update after step 812 on, η = 0.1), empty if none.
 */
export function metricsCsv(runs: readonly ExportRun[]): string {
	const rows: string[][] = [];
	for (const run of runs) {
		const head = [csvText(run.id), csvText(run.label), csvText(run.optimizer.name), csvNumber(run.optimizer.lr), csvText(run.init.scheme)];
		const changes = csvText(encodeChanges(run.changes ?? []));
		for (const e of run.evals) {
			rows.push([
				...head,
				csvNumber(e.step),
				csvNumber(e.epoch),
				csvNumber(e.examples),
				msText(e.timeMs),
				csvNumber(e.testLoss),
				csvNumber(e.testAccuracy),
				changes
			]);
		}
	}
	return csvLines(METRICS_CSV_HEADER, rows);
}

// ── train loss ───────────────────────────────────────────────────────────────────────────────────

export const TRAIN_CSV_HEADER = ['run_id', 'label', 'step', 'train_loss'] as const;

/** a run's train series, averaged in blocks of `block` points (block 1 = as stored) */
export interface TrainColumns {
	steps: number[];
	loss: number[];
}

/**
 * The smallest block size b with Σ ⌈nᵢ / b⌉ ≤ maxRows over the runs' series lengths nᵢ (1 when
 * they already fit). Starts from ⌈Σnᵢ / maxRows⌉, the lower bound, and counts up; stops at the
 * longest series, where every run is one row and larger blocks change nothing.
 */
export function trainBlockSize(lengths: readonly number[], maxRows: number): number {
	const total = lengths.reduce((a, n) => a + n, 0);
	if (total <= maxRows) return 1;
	const longest = Math.max(...lengths);
	let b = Math.ceil(total / Math.max(1, maxRows));
	while (b < longest && lengths.reduce((a, n) => a + Math.ceil(n / b), 0) > maxRows) b++;
	return Math.min(b, longest);
}

/**
 * Blocks of `block` consecutive points → one point each: the mean step, and the mean of the finite
 * losses (the first non-finite value when it has none) — the rule StepSeries itself uses when it
 * halves, so the averaged series is the one the chart would show.
 */
export function trainColumns(run: ExportRun, block: number): TrainColumns {
	const n = Math.min(run.trainSteps.length, run.trainLoss.length);
	const steps: number[] = [];
	const loss: number[] = [];
	for (let i = 0; i < n; i += block) {
		const end = Math.min(n, i + block);
		let stepSum = 0;
		let sum = 0;
		let finite = 0;
		let bad = NaN;
		let hasBad = false;
		for (let j = i; j < end; j++) {
			stepSum += run.trainSteps[j];
			const v = run.trainLoss[j];
			if (Number.isFinite(v)) {
				sum += v;
				finite++;
			} else if (!hasBad) {
				bad = v;
				hasBad = true;
			}
		}
		steps.push(stepSum / (end - i));
		// a block of one keeps the stored value itself, so a float32 still prints short
		loss.push(end - i === 1 ? run.trainLoss[i] : finite > 0 ? sum / finite : bad);
	}
	return { steps, loss };
}

/**
 * One row per stored train-loss point per run. Runs of up to 2^20 steps keep every step; when all
 * runs together exceed maxRows (default 1e6) each run is averaged in equal blocks so the file stays
 * openable in a spreadsheet. An averaged row's step is the mean of the steps it covers, so it may
 * be fractional (e.g. 1.5 for steps 1 and 2).
 */
export function trainLossCsv(runs: readonly ExportRun[], maxRows = TRAIN_ROWS_MAX): string {
	const block = trainBlockSize(runs.map((r) => Math.min(r.trainSteps.length, r.trainLoss.length)), maxRows);
	const rows: string[][] = [];
	for (const run of runs) {
		const id = csvText(run.id);
		const label = csvText(run.label);
		const { steps, loss } = trainColumns(run, block);
		for (let i = 0; i < steps.length; i++) rows.push([id, label, csvNumber(steps[i]), float32Text(loss[i])]);
	}
	return csvLines(TRAIN_CSV_HEADER, rows);
}

// ── JSON ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Everything above as one JSON document:
 *   { format, version, runs: [{ id, label, status, optimizer, init, changes: HyperChange[],
 *                               evals: EvalPoint[], train: { step: number[], loss: number[] } }] }
 * (optimizer as the run started; changes = its live changes, e.g. { step: 812, lr: 0.1 })
 * JSON has no NaN or Infinity: a non-finite value (a diverged run) is written as null.
 */
export function metricsJson(runs: readonly ExportRun[], maxTrainRows = TRAIN_ROWS_MAX): string {
	const block = trainBlockSize(runs.map((r) => Math.min(r.trainSteps.length, r.trainLoss.length)), maxTrainRows);
	const doc = {
		format: METRICS_FORMAT,
		version: METRICS_VERSION,
		runs: runs.map((run) => {
			const { steps, loss } = trainColumns(run, block);
			return {
				id: run.id,
				label: run.label,
				status: run.status,
				optimizer: run.optimizer,
				init: run.init,
				changes: run.changes ?? [],
				evals: run.evals.map((e) => ({ ...e, timeMs: Math.round(e.timeMs * 1000) / 1000 })),
				train: { step: steps, loss: loss.map((v) => (Number.isFinite(v) ? Number(float32Text(v)) : v)) }
			};
		})
	};
	// Compact: a long run has a million numbers, one per line would be unreadable anyway.
	return `${JSON.stringify(doc)}\n`;
}
