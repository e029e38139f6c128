// One training run: an MLP, its optimizer and schedule, mini-batches from a seeded permutation,
// periodic evaluation on the test split, and divergence detection.
//
// Fairness: every random draw comes from a stream derived from the experiment seed and a purpose
// label, never from the optimizer or the run's position in the experiment:
//   deriveSeed(seed, 'init', l)  → layer l's initial weights (so runs with the same init scheme
//                                  start bit-identical; "normal σ=0.01" and "σ=1" are scaled copies)
//   deriveSeed(seed, 'batches')  → the order of the mini-batches (identical for every run)
import { initLayer } from './init';
import { softmaxCrossEntropy } from './loss';
import { Mlp } from './mlp';
import { createOptimizer, retuneOptimizer } from './optim/index';
import { deriveSeed, Rng } from './rng';
import { lrAt } from './schedule';
import {
	allocFloat,
	type ActivationName,
	type Dataset,
	type Dtype,
	type FloatArray,
	type HyperChange,
	type InitConfig,
	type LrSchedule,
	type Optimizer,
	type OptimizerConfig
} from './types';

export interface RunConfig {
	hidden: number[];
	activation: ActivationName;
	init: InitConfig;
	optimizer: OptimizerConfig;
	schedule: LrSchedule;
	batchSize: number;
	/** total number of optimizer steps of the run */
	totalSteps: number;
	/** evaluate on the test split every evalEvery steps (and at step 0 and the last step) */
	evalEvery: number;
	seed: number;
	/** exponentiate logits without max subtraction (the lecture's overflow) */
	naiveSoftmax?: boolean;
	dtype?: Dtype;
	/** live hyper-parameter changes, by step (see HyperChange); applied as the run reaches each */
	changes?: HyperChange[];
}

export type TrainerStatus = 'ready' | 'running' | 'done' | 'diverged';

export interface StepResult {
	/** number of steps taken after this one (1-based) */
	step: number;
	epoch: number;
	loss: number;
	lr: number;
	batchAccuracy: number;
}

export interface EvalResult {
	step: number;
	epoch: number;
	testLoss: number;
	testAccuracy: number;
}

export interface Divergence {
	step: number;
	/** what became non-finite, e.g. "train loss" or "layer 2 weight" */
	what: string;
	value: number;
}

/** the initial parameters of an MLP for a seed and init scheme — the same for every run that shares them */
export function initializeMlp(mlp: Mlp, init: InitConfig, seed: number): void {
	for (let l = 0; l < mlp.depth; l++) {
		const L = mlp.layers[l];
		initLayer(mlp.weight(l), mlp.bias(l), L.fanIn, L.fanOut, init, mlp.activationName, new Rng(deriveSeed(seed, 'init', l)));
	}
}

/** Iterates mini-batches over N examples in epochs, each a fresh permutation from one seeded stream. */
export class BatchSampler {
	private readonly rng: Rng;
	private perm: Uint32Array;
	private pos = 0;
	epoch = 0;
	constructor(
		readonly n: number,
		readonly batchSize: number,
		seed: number
	) {
		if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > n)
			throw new RangeError(`batch: must be a whole number from 1 to the train split size ${n}, got ${batchSize}`);
		this.rng = new Rng(deriveSeed(seed, 'batches'));
		this.perm = this.rng.permutation(n);
	}
	get stepsPerEpoch(): number {
		return Math.ceil(this.n / this.batchSize);
	}
	/** indices of the next batch (a view; the last batch of an epoch may be smaller, like torch's DataLoader) */
	next(): Uint32Array {
		if (this.pos >= this.n) {
			this.perm = this.rng.permutation(this.n);
			this.pos = 0;
			this.epoch++;
		}
		const end = Math.min(this.pos + this.batchSize, this.n);
		const idx = this.perm.subarray(this.pos, end);
		this.pos = end;
		return idx;
	}
}

/** copy rows idx of X (N, D) into out (|idx|, D) */
export function gatherRows(out: FloatArray, X: Float32Array, idx: ArrayLike<number>, D: number): void {
	// long rows (MNIST: 784) by TypedArray.set, which copies (or converts to float64) natively — the
	// JS loop was 3 % of a dense 784-input step; short rows (2-D sets) by the loop, which allocates
	// no subarray view per row
	if (D >= 64) {
		for (let r = 0; r < idx.length; r++) out.set(X.subarray(idx[r] * D, idx[r] * D + D), r * D);
		return;
	}
	for (let r = 0; r < idx.length; r++) {
		const src = idx[r] * D;
		const dst = r * D;
		for (let j = 0; j < D; j++) out[dst + j] = X[src + j];
	}
}

/** the train rows idx of a data set into out (|idx|, D), through its packed gather if it has one */
export function gatherTrainRows(out: FloatArray, data: Dataset, idx: ArrayLike<number>): void {
	if (data.gatherTrain) data.gatherTrain(out, idx);
	else gatherRows(out, data.trainX, idx, data.inputDim);
}

const EVAL_CHUNK = 500;

/** adds rows [start, start + B) of the test split to a confusion matrix; the prediction is the first maximal logit (NaN → class 0) */
export function countConfusion(m: Uint32Array, logits: FloatArray, y: Uint8Array, start: number, B: number, C: number): void {
	for (let b = 0; b < B; b++) {
		let best = -Infinity;
		let arg = 0;
		for (let c = 0; c < C; c++) {
			const v = logits[b * C + c];
			if (v > best) {
				best = v;
				arg = c;
			}
		}
		m[y[start + b] * C + arg]++;
	}
}

export class Trainer {
	readonly data: Dataset;
	readonly cfg: RunConfig;
	readonly mlp: Mlp;
	readonly optimizer: Optimizer;
	readonly sampler: BatchSampler;
	status: TrainerStatus = 'ready';
	stepCount = 0;
	divergence: Divergence | null = null;
	/** indices of the last batch trained on */
	lastBatch: Uint32Array = new Uint32Array(0);
	/** called after each step with the updated model; where snapshots are taken */
	onAfterStep: ((t: Trainer, r: StepResult) => void) | null = null;
	/** called before each step (e.g. to copy θ for the update ratio ‖Δθ‖/‖θ‖) */
	onBeforeStep: ((t: Trainer) => void) | null = null;
	/**
	 * When set (C·C entries), every evaluate() also fills it with the test split's confusion matrix
	 * (entry [t·C + p]: true class t predicted as p, the first maximal logit — views.confusionMatrix's
	 * rule) from the same forward pass, and sets evalConfusionStep; so a data view needs no second
	 * pass over the test split.
	 */
	evalConfusion: Uint32Array | null = null;
	/** the step whose evaluation filled evalConfusion (−1: none yet) */
	evalConfusionStep = -1;
	/**
	 * What the last evaluation left in the net's forward caches: test rows [0, rows) at the θ of
	 * `step`, valid while mlp.forwards still equals `forwards` (no forward ran since). The snapshots
	 * read their probe batch (the first test rows) from there instead of running it again.
	 */
	evalCache: { step: number; rows: number; forwards: number } | null = null;

	/** the optimizer's hyper-parameters in force now (cfg.optimizer until a live change) */
	current: OptimizerConfig;
	/** changes not yet applied, by step */
	private pendingChanges: HyperChange[];

	private readonly xBatch: FloatArray;
	private readonly yBatch: Uint8Array;
	private readonly dLogits: FloatArray;

	constructor(data: Dataset, cfg: RunConfig) {
		validateRunConfig(cfg);
		this.data = data;
		this.cfg = cfg;
		const dtype = cfg.dtype ?? 'float32';
		this.mlp = new Mlp({ sizes: [data.inputDim, ...cfg.hidden, data.nClasses], activation: cfg.activation, dtype });
		initializeMlp(this.mlp, cfg.init, cfg.seed);
		this.optimizer = createOptimizer(cfg.optimizer, this.mlp.nParams, dtype);
		this.current = { ...cfg.optimizer };
		this.pendingChanges = (cfg.changes ?? []).slice().sort((a, b) => a.step - b.step);
		const nTrain = data.trainY.length;
		this.sampler = new BatchSampler(nTrain, cfg.batchSize, cfg.seed);
		this.xBatch = allocFloat(dtype, cfg.batchSize * data.inputDim);
		this.yBatch = new Uint8Array(cfg.batchSize);
		this.dLogits = allocFloat(dtype, cfg.batchSize * data.nClasses);
	}

	get epoch(): number {
		return this.stepCount / this.sampler.stepsPerEpoch;
	}
	get finished(): boolean {
		return this.status === 'done' || this.status === 'diverged';
	}

	/** One optimizer step on the next mini-batch. Returns null once the run is done or diverged. */
	step(): StepResult | null {
		if (this.finished) return null;
		this.status = 'running';
		const { data, mlp } = this;
		const D = data.inputDim;
		const C = data.nClasses;
		const idx = this.sampler.next();
		const B = idx.length;
		this.lastBatch = idx;
		gatherTrainRows(this.xBatch, data, idx);
		for (let r = 0; r < B; r++) this.yBatch[r] = data.trainY[idx[r]];

		while (this.pendingChanges.length > 0 && this.pendingChanges[0].step <= this.stepCount) this.applyChange(this.pendingChanges.shift() as HyperChange);
		this.onBeforeStep?.(this);
		const logits = mlp.forward(this.xBatch, B);
		const dLogits = this.dLogits.subarray(0, B * C);
		const { loss, correct } = softmaxCrossEntropy(logits, this.yBatch, B, C, dLogits, this.cfg.naiveSoftmax ?? false);
		const lr = lrAt(this.cfg.schedule, this.current.lr, this.stepCount, this.cfg.totalSteps);
		const stepIndex = this.stepCount + 1;
		if (!Number.isFinite(loss)) {
			this.diverge({ step: stepIndex, what: 'train loss', value: loss });
			return { step: stepIndex, epoch: stepIndex / this.sampler.stepsPerEpoch, loss, lr, batchAccuracy: correct / B };
		}
		mlp.zeroGrad();
		mlp.backward(dLogits);
		this.optimizer.step(mlp.params, mlp.grads, lr);
		this.stepCount = stepIndex;
		const bad = this.firstNonFinite();
		const result: StepResult = { step: stepIndex, epoch: this.epoch, loss, lr, batchAccuracy: correct / B };
		if (bad) this.diverge({ step: stepIndex, ...bad });
		else if (this.stepCount >= this.cfg.totalSteps) this.status = 'done';
		this.onAfterStep?.(this, result);
		return result;
	}

	/**
	 * A live change of hyper-parameters, in force from the next update; returns it with its step
	 * (the updates applied so far). Validated like the run's config: a bad value throws a RangeError
	 * naming the field and changes nothing.
	 */
	retune(change: Omit<HyperChange, 'step'>): HyperChange {
		const applied: HyperChange = { step: this.stepCount, ...change };
		this.applyChange(applied);
		return applied;
	}

	private applyChange(change: HyperChange): void {
		const next: OptimizerConfig = { ...this.current };
		if (change.lr !== undefined) next.lr = change.lr;
		if (change.momentum !== undefined) next.momentum = change.momentum;
		if (change.beta1 !== undefined) next.beta1 = change.beta1;
		if (change.beta2 !== undefined) next.beta2 = change.beta2;
		if (change.weightDecay !== undefined) next.weightDecay = change.weightDecay;
		retuneOptimizer(this.optimizer, next, this.cfg.dtype ?? 'float32');
		this.current = next;
	}

	/** whether an evaluation is due after the step just taken */
	evalDue(): boolean {
		return this.stepCount % this.cfg.evalEvery === 0 || this.status === 'done';
	}

	/** test loss and accuracy over the whole test split, in chunks */
	evaluate(): EvalResult {
		const { data, mlp } = this;
		const D = data.inputDim;
		const C = data.nClasses;
		const n = data.testY.length;
		const dtype = this.cfg.dtype ?? 'float32';
		const chunk = Math.min(EVAL_CHUNK, n);
		// a float32 net reads the test rows in place; a float64 one gets them widened into a buffer
		const x = dtype === 'float32' ? null : allocFloat(dtype, chunk * D);
		const confusion = this.evalConfusion && this.evalConfusion.length === C * C ? this.evalConfusion : null;
		confusion?.fill(0);
		// The first chunk goes LAST, so the forward caches end up holding test rows [0, chunk) at θ:
		// the snapshots' probe batch is those rows' start (Trainer.evalCache). The sums still run in
		// chunk order, so the result is the same, bit for bit, as evaluating in order.
		const chunks = Math.ceil(n / chunk);
		const lossTimesB = new Float64Array(chunks);
		const correctOf = new Float64Array(chunks);
		for (let k = 1; k <= chunks; k++) {
			const c = k % chunks;
			const start = c * chunk;
			const B = Math.min(chunk, n - start);
			const rows = data.testX.subarray(start * D, (start + B) * D);
			if (x) x.set(rows);
			const logits = mlp.forward(x ?? rows, B);
			const r = softmaxCrossEntropy(logits, data.testY.subarray(start, start + B), B, C, null, this.cfg.naiveSoftmax ?? false);
			lossTimesB[c] = r.loss * B;
			correctOf[c] = r.correct;
			if (confusion) countConfusion(confusion, logits, data.testY, start, B, C);
		}
		let total = 0;
		let correct = 0;
		for (let c = 0; c < chunks; c++) {
			total += lossTimesB[c];
			correct += correctOf[c];
		}
		this.evalCache = { step: this.stepCount, rows: Math.min(chunk, n), forwards: mlp.forwards };
		if (confusion) this.evalConfusionStep = this.stepCount;
		return { step: this.stepCount, epoch: this.epoch, testLoss: total / n, testAccuracy: correct / n };
	}

	/** logits (n, C) for the given rows of a matrix X (n, D) — used by probes and prediction grids */
	predict(X: Float32Array, n: number): FloatArray {
		const dtype = this.cfg.dtype ?? 'float32';
		const x = allocFloat(dtype, n * this.data.inputDim);
		x.set(X.subarray(0, n * this.data.inputDim));
		return this.mlp.forward(x, n).slice();
	}

	private diverge(d: Divergence): void {
		this.divergence = d;
		this.status = 'diverged';
	}

	private firstNonFinite(): { what: string; value: number } | null {
		const p = this.mlp.params;
		for (let i = 0; i < p.length; i++) {
			const v = p[i];
			if (v - v !== 0) {
				const l = this.mlp.layers.findIndex((L) => i < L.bOffset + L.fanOut);
				const L = this.mlp.layers[l];
				return { what: `layer ${l + 1} ${i < L.bOffset ? 'weight' : 'bias'}`, value: v };
			}
		}
		return null;
	}
}

/** The most optimizer steps one run may take (the experiment's step limit, LIMITS.steps, is this). */
export const MAX_STEPS = 1e7;

export function validateRunConfig(cfg: RunConfig): void {
	const intIn = (name: string, v: number, lo: number, hi: number) => {
		if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name}: must be a whole number from ${lo} to ${hi}, got ${v}`);
	};
	intIn('steps', cfg.totalSteps, 1, MAX_STEPS);
	intIn('evalEvery', cfg.evalEvery, 1, MAX_STEPS);
	intIn('seed', cfg.seed, 0, 4294967295);
	if (!(Number.isFinite(cfg.optimizer.lr) && cfg.optimizer.lr > 0)) throw new RangeError(`lr: must be a finite number > 0, got ${cfg.optimizer.lr}`);
}
