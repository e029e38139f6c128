// The experiment model shared by the URL schema, the page state, the workers and exports.
// An experiment = shared settings (data, architecture, batch, budget, seed) + a list of runs, each
// with its own optimizer, schedule and init. Everything here is plain data (structured-clonable).
import type {
	ActivationName,
	DatasetName,
	HyperChange,
	InitConfig,
	LrSchedule,
	OptimizerConfig,
	Preprocessing
} from '../engine/types';

export interface ToyParams {
	/** total number of points (train + test) */
	n: number;
	/** noise in data units */
	noise: number;
	/** arms (spiral) or blobs (gaussians); ignored by the other sets */
	k: number;
}

export interface SharedSettings {
	dataset: DatasetName;
	toy: ToyParams;
	preprocessing: Preprocessing;
	/** hidden layer widths, e.g. [128, 64] */
	hidden: number[];
	activation: ActivationName;
	batchSize: number;
	/** training budget: a number of epochs or of optimizer steps */
	budget: { unit: 'epochs' | 'steps'; value: number };
	/** evaluate on the test split every evalEvery steps */
	evalEvery: number;
	seed: number;
	/** the lecture's naive softmax (no max subtraction) */
	naiveSoftmax: boolean;
}

export interface RunSpec {
	/** stable id within the experiment (for keys, colours, worker bookkeeping) */
	id: string;
	label: string;
	/** index into the colour-blind-safe palette */
	color: number;
	optimizer: OptimizerConfig;
	schedule: LrSchedule;
	init: InitConfig;
	/**
	 * Live hyper-parameter changes made while the run trained, by step (optimizer above = the values
	 * it started with). Replayed exactly: a shared link gives the same run, bit for bit.
	 */
	changes?: HyperChange[];
}

export interface Experiment {
	shared: SharedSettings;
	runs: RunSpec[];
}

/** A message about one field of an experiment, e.g. { field: 'runs[2].optimizer.lr', message: '…' }. */
export interface FieldError {
	field: string;
	message: string;
}
