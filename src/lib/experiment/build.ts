// The one path from an experiment's settings to a training run. The CLI, the workers and the tests
// all go through these two functions, so the same settings and seed give the same data, the same
// θ₀ and the same batch order — bit for bit — in Node and in every browser.
//
// Pure: relative imports only (the CLI runs this under tsx, without SvelteKit's `$lib` alias).
import { isToyDataset, mnistDataset, preprocess, toyDataset, type PreprocessStats } from '../engine/data/index';
import { deriveSeed, Rng } from '../engine/rng';
import type { RunConfig } from '../engine/trainer';
import type { Dataset } from '../engine/types';
import type { RunSpec, SharedSettings } from './model';

/** A data set ready for training, with the train-split statistics its inputs were mapped by. */
export type BuiltDataset = Dataset & { stats: PreprocessStats };

/**
 * The data set of an experiment: a toy set generated from its own stream deriveSeed(seed, 'data')
 * (independent of the init and batch streams, so changing the data never shifts θ₀), or MNIST
 * parsed from the bytes of mnist.bin; then preprocessing fitted on the train split.
 */
export function buildDataset(shared: SharedSettings, mnistBytes?: Uint8Array): BuiltDataset {
	let raw: Dataset;
	if (shared.dataset === 'mnist') {
		if (!mnistBytes) throw new Error('buildDataset: the MNIST data set needs the bytes of mnist.bin');
		raw = mnistDataset(mnistBytes);
	} else if (isToyDataset(shared.dataset)) {
		const { n, noise, k } = shared.toy;
		raw = toyDataset(shared.dataset, { n, noise, k }, new Rng(deriveSeed(shared.seed, 'data')));
	} else {
		throw new RangeError(`buildDataset: unknown data set ${JSON.stringify(shared.dataset)}`);
	}
	return preprocess(raw, shared.preprocessing);
}

/** optimizer steps per epoch: the last batch of an epoch may be smaller, like torch's DataLoader */
export function stepsPerEpoch(trainSize: number, batchSize: number): number {
	return Math.ceil(trainSize / batchSize);
}

/** the run's total number of optimizer steps; a budget in epochs is epochs · ⌈trainSize / batch⌉ */
export function totalStepsFor(shared: SharedSettings, trainSize: number): number {
	const { unit, value } = shared.budget;
	// A fractional epoch budget rounds up to whole steps, so "0.5 epochs" still trains.
	return unit === 'epochs' ? Math.ceil(value * stepsPerEpoch(trainSize, shared.batchSize)) : value;
}

/** The engine's config for one run of the experiment (validated by the Trainer, not here). */
export function runConfigFor(shared: SharedSettings, run: RunSpec, trainSize: number): RunConfig {
	return {
		hidden: shared.hidden.slice(),
		activation: shared.activation,
		init: run.init,
		optimizer: run.optimizer,
		schedule: run.schedule,
		batchSize: shared.batchSize,
		totalSteps: totalStepsFor(shared, trainSize),
		evalEvery: shared.evalEvery,
		seed: shared.seed,
		naiveSoftmax: shared.naiveSoftmax,
		...(run.changes && run.changes.length > 0 ? { changes: run.changes.map((c) => ({ ...c })) } : {})
	};
}
