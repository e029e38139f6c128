// Shared engine types. The engine is pure: no Svelte, D3, Comlink, DOM, Math.random or console.
//
// Dimension legend used in shape comments throughout the engine:
//   B   = batch size            IN  = a layer's input width (fan_in)
//   OUT = a layer's output width (fan_out)      C = number of classes
//   P   = total number of parameters of a model
// Matrices are row-major; a weight matrix is (OUT, IN), like torch.nn.Linear.

export type Dtype = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export function allocFloat(dtype: Dtype, n: number): FloatArray {
	return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export const ACTIVATIONS = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'gelu', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const INITS = [
	'zeros',
	'constant',
	'uniform',
	'normal',
	'xavier-uniform',
	'xavier-normal',
	'he-uniform',
	'he-normal',
	'lecun-normal',
	'orthogonal',
	'torch-default'
] as const;
export type InitName = (typeof INITS)[number];

export const DATASETS = ['mnist', 'spiral', 'circles', 'xor', 'gaussians', 'moons'] as const;
export type DatasetName = (typeof DATASETS)[number];

export const PREPROCESSING = ['none', 'scale', 'standardize'] as const;
export type Preprocessing = (typeof PREPROCESSING)[number];

/** Hyper-parameters of one optimizer. Omitted fields take torch.optim's defaults (see optim/). */
export interface OptimizerConfig {
	name: OptimizerName;
	lr: number;
	/** momentum μ (momentum, nesterov; also rmsprop's optional momentum). */
	momentum?: number;
	beta1?: number;
	beta2?: number;
	eps?: number;
	/** rmsprop's smoothing constant α. */
	alpha?: number;
	/** L2 penalty (g ← g + λθ) for all but adamw; decoupled decay for adamw. */
	weightDecay?: number;
	/** adam, adamw: divide by the running maximum of v (torch's amsgrad). */
	amsgrad?: boolean;
}

/** What an optimizer exposes for visualisation (issue: optimizer internals). All arrays length P. */
export interface OptimizerInternals {
	/** the momentum buffer / velocity (momentum, nesterov) or the bias-corrected first moment m̂ (adam, adamw). */
	velocity?: FloatArray;
	/** per-coordinate effective learning rate, e.g. lr / (√v̂ + ε) for adam. */
	effectiveLr?: FloatArray;
}

export interface Optimizer {
	readonly name: OptimizerName;
	/** number of steps taken so far (torch's `step` state). */
	readonly t: number;
	/** One in-place update of params from grads (grads are not modified). lr is the scheduled rate for this step. */
	step(params: FloatArray, grads: FloatArray, lr: number): void;
	internals(): OptimizerInternals;
	/** takes the hyper-parameters of another optimizer of the same kind, keeping this one's state */
	adopt(other: Optimizer): void;
}

/**
 * A live change of a run's hyper-parameters, in force from the update after `step` updates (torch:
 * assigning param_group['lr'], ['momentum'], ['betas'], ['weight_decay'] between two steps). The
 * optimizer's state (moments, step count) is kept.
 */
export interface HyperChange {
	/** updates applied when the change takes effect (0 = before the first step) */
	step: number;
	lr?: number;
	momentum?: number;
	beta1?: number;
	beta2?: number;
	weightDecay?: number;
}

/** the hyper-parameters a live change may set */
export const LIVE_HYPER = ['lr', 'momentum', 'beta1', 'beta2', 'weightDecay'] as const;
export type LiveHyper = (typeof LIVE_HYPER)[number];

export type LrSchedule =
	| { kind: 'constant' }
	/** multiply by gamma every stepSize steps (torch StepLR). */
	| { kind: 'step'; stepSize: number; gamma: number }
	/** cosine from lr to etaMin over the run's total steps (torch CosineAnnealingLR with T_max = total). */
	| { kind: 'cosine'; etaMin: number }
	/** linear warm-up from lr/warmupSteps to lr over warmupSteps steps, then constant. */
	| { kind: 'warmup'; warmupSteps: number };

export type BiasInit = { kind: 'zeros' } | { kind: 'constant'; value: number };

export interface InitConfig {
	scheme: InitName;
	/** normal: σ (default 0.01, "too small" preset; 1 is "too large"). */
	std?: number;
	/** constant: the value (default 0.1). */
	value?: number;
	/** uniform: a, weights ~ U(−a, a) (default 0.05). */
	bound?: number;
	/** default zeros; torch-default ignores it and uses torch's own bias init. */
	bias?: BiasInit;
}

/** A classification data set, split into train and test. X rows are examples, row-major (N, D). */
export interface Dataset {
	name: DatasetName;
	inputDim: number;
	nClasses: number;
	trainX: Float32Array;
	trainY: Uint8Array;
	testX: Float32Array;
	testY: Uint8Array;
	/** for image data sets, [rows, cols] of one example. */
	imageShape?: [number, number];
	/**
	 * Gathers train rows idx into out (|idx|, inputDim), bit-identical to copying them from trainX.
	 * Set by data sets stored packed (MNIST as uint8 pixels, see PackedMnist): the trainer gathers
	 * each batch through it, so no float copy of the train split is ever made.
	 */
	gatherTrain?(out: FloatArray, idx: ArrayLike<number>): void;
}
