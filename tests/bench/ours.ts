// This engine, driven through the same Trainer the playground's workers run (so its per-step
// overhead — batch gather, schedule, divergence check — is part of what is measured).
import { Trainer, type RunConfig } from '../../src/lib/engine/trainer';
import type { Dataset, Dtype } from '../../src/lib/engine/types';
import { firstBatch, type Peer, type Runner } from './peer';
import type { InitialWeights, SyntheticData, Workload } from './workloads';

function makeTrainer(w: Workload, data: SyntheticData, weights: InitialWeights, dtype: Dtype): Trainer {
	const dataset: Dataset = {
		name: 'gaussians', // a label only: the trainer never looks at it
		inputDim: data.D,
		nClasses: data.C,
		trainX: data.x,
		trainY: data.y,
		testX: data.x,
		testY: data.y
	};
	const cfg: RunConfig = {
		hidden: w.sizes.slice(1, -1),
		activation: 'relu',
		init: { scheme: 'he-uniform' },
		optimizer: { name: 'sgd', lr: w.lr },
		schedule: { kind: 'constant' },
		batchSize: w.batch,
		totalSteps: 1e7,
		evalEvery: 1e7,
		seed: 1,
		dtype
	};
	const t = new Trainer(dataset, cfg);
	for (let l = 0; l < t.mlp.depth; l++) {
		t.mlp.weight(l).set(weights.W[l]);
		t.mlp.bias(l).set(weights.b[l]);
	}
	return t;
}

function takeStep(t: Trainer): number {
	const r = t.step();
	if (!r || t.status === 'diverged') throw new Error(`ours: training stopped (${t.status}) at step ${t.stepCount}`);
	return r.loss;
}

export function oursPeer(dtype: Dtype): Peer {
	return {
		id: `ours-${dtype === 'float64' ? 'f64' : 'f32'}`,
		label: `ours ${dtype}`,
		async create(w, data, weights): Promise<Runner> {
			const t = makeTrainer(w, data, weights, dtype);
			return { step: () => void takeStep(t), dispose() {} };
		},
		async lossCheck(w, data, weights) {
			// A data set of exactly one batch: every step sees the same examples (in a permuted
			// order, which leaves the mean loss unchanged up to rounding).
			const t = makeTrainer(w, firstBatch(data, w.batch), weights, dtype);
			const before = takeStep(t);
			const after = takeStep(t);
			return [before, after];
		}
	};
}
