// What a finished sweep says, as plain data for the page's table and links: per optimizer, its
// best learning rate, the largest rate up to which no seed diverged, and the smallest at which one
// did; the learning-rate grid and the base experiment in one line each. Pure, tested in Node.
import type { OptimizerName } from '../engine/types';
import type { Experiment } from '../experiment/model';
import { bestPoint, checkSweep, experimentFor, formatLr, logSpace, type JobConfig, type SweepPoint, type SweepSettings } from './sweep';

export interface StabilityRow {
	optimizer: OptimizerName;
	/** the point with the lowest final loss among those where no seed diverged or failed */
	best: SweepPoint | null;
	/** the largest learning rate below the first divergence at which every seed finished with a loss */
	stableTo: number | null;
	/** the smallest learning rate at which a seed diverged (null: none did) */
	divergedFrom: number | null;
}

/**
 * One row per optimizer, in the order given. Points are read in increasing learning rate; a
 * stable point above the first divergence does not count as "stable up to" (a rate that diverged
 * once may be lucky above it).
 */
export function stabilityRows(points: readonly SweepPoint[], optimizers: readonly OptimizerName[]): StabilityRow[] {
	return optimizers.map((o) => {
		const mine = points.filter((p) => p.optimizer === o).sort((a, b) => a.lr - b.lr);
		const firstBad = mine.find((p) => p.diverged > 0);
		const stable = mine.filter((p) => p.diverged === 0 && p.loss && (!firstBad || p.lr < firstBad.lr));
		return { optimizer: o, best: bestPoint(points, o), stableTo: stable.at(-1)?.lr ?? null, divergedFrom: firstBad?.lr ?? null };
	});
}

/** The experiment that runs each optimizer at its best rate, or null if no optimizer has one. */
export function bestRatesExperiment(base: Experiment, rows: readonly StabilityRow[]): Experiment | null {
	const configs: JobConfig[] = rows.flatMap((r) => (r.best ? [{ optimizer: r.optimizer, lr: r.best.lr }] : []));
	return configs.length ? experimentFor(base, configs) : null;
}

/** "0.0001, 0.000316, 0.001, …, 1 (×3.16 apart)"; '' while the settings are invalid. */
export function describeLrGrid(s: SweepSettings): string {
	if (checkSweep({ ...s, optimizers: ['sgd'], seeds: 1 }).length > 0) return '';
	const lrs = logSpace(s.lrMin, s.lrMax, s.points);
	const shown = lrs.length <= 6 ? lrs.map(formatLr).join(', ') : `${lrs.slice(0, 3).map(formatLr).join(', ')}, …, ${formatLr(lrs[lrs.length - 1])}`;
	return lrs.length > 1 ? `${shown} (×${formatLr(lrs[1] / lrs[0])} apart)` : shown;
}

/** "16-16 relu, batch 32, seed 42, init he-normal" — what every job shares. */
export function describeBase(base: Experiment): string {
	const sh = base.shared;
	const net = sh.hidden.length ? sh.hidden.join('-') : 'no hidden layer';
	return `${net} ${sh.activation}, batch ${sh.batchSize}, seed ${sh.seed}, init ${base.runs[0].init.scheme}`;
}
