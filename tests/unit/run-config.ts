// One RunConfig (and one SharedSettings) for the unit tests: a small sgd run on a 2-D set, which each suite changes
// only where its test depends on it (so a suite's config says what it is about).
import type { RunConfig } from '../../src/lib/engine/trainer';
import type { SharedSettings } from '../../src/lib/experiment/model';

export function runConfig(over: Partial<RunConfig> = {}): RunConfig {
	return { hidden: [8], activation: 'relu', init: { scheme: 'he-normal' }, optimizer: { name: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, batchSize: 16, totalSteps: 60, evalEvery: 20, seed: 3, ...over };
}

/** shared settings for the page-side suites: a 160/40 spiral, batch 32 (5 steps per epoch), 4 epochs */
export function sharedSettings(over: Partial<SharedSettings> = {}): SharedSettings {
	return { dataset: 'spiral', toy: { n: 200, noise: 0.1, k: 3 }, preprocessing: 'standardize', hidden: [8], activation: 'relu', batchSize: 32, budget: { unit: 'epochs', value: 4 }, evalEvery: 5, seed: 7, naiveSoftmax: false, ...over };
}
