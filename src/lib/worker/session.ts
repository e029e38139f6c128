// One run inside a worker, driven by `advance` calls. Pure (no Comlink, no DOM), so the exact code
// the worker runs is tested in Node; api.ts hosts several sessions and trainer.worker.ts exposes it.
// The chunk and info types are the protocol's (protocol.ts); E is what the installed inspector
// collects (the worker installs a RunInspector; this module does not know it).
import { buildDataset, runConfigFor, stepsPerEpoch, type BuiltDataset } from '../experiment/build';
import type { RunSpec, SharedSettings } from '../experiment/model';
import { applyPreprocess } from '../engine/data/index';
import { softmaxCrossEntropy } from '../engine/loss';
import {
	BatchSampler,
	gatherTrainRows,
	Trainer,
	type Divergence,
	type EvalResult,
	type TrainerStatus,
	type StepResult
} from '../engine/trainer';
import { allocFloat, type FloatArray } from '../engine/types';
import type { InitialEvals } from './initial-evals';
import type { Chunk, SessionInfo } from './protocol';

export interface SessionStart<E> {
	shared: SharedSettings;
	run: RunSpec;
	/** the bytes of mnist.bin, needed when shared.dataset is 'mnist' */
	mnistBytes?: Uint8Array;
	/** a data set already built from `shared` by buildDataset (saves rebuilding it per run) */
	dataset?: BuiltDataset;
	/** evaluate θ₀ at once and return it as SessionInfo.initial (install an inspector first, with `inspect`) */
	initialChunk?: boolean;
	/** θ₀ to start from instead of the run's init (a model file; mlpLayout order, length nParams) */
	initialParams?: ArrayLike<number>;
	/** installs the run's inspector before θ₀ is evaluated (the worker passes a RunInspector) */
	inspect?: (trainer: Trainer, dataset: BuiltDataset) => SessionInspector<E>;
	/** θ₀ evaluations shared with the worker's other runs (initial-evals.ts) */
	initialEvals?: InitialEvals;
}

/**
 * EXTENSION POINT for per-step instrumentation (per-layer histograms, weight snapshots, …).
 * afterStep runs after every completed update; collect() is called once per chunk and its result
 * travels to the main thread as Chunk.extras. collect() must return FRESH structured-clonable data:
 * its typed arrays are transferred (detached in the worker), so never return views of live state.
 */
export interface SessionInspector<E> {
	afterStep(trainer: Trainer, result: StepResult): void;
	/** after each evaluation on the test split (θ₀'s included), with the trainer at that step */
	afterEval?(trainer: Trainer, result: EvalResult): void;
	collect(): E;
}

const defaultNow = (): number => performance.now();

export class RunSession<E = never> {
	inspector: SessionInspector<E> | null = null;
	/**
	 * The clock that times this run's own chunks (the worker's performance.now; a fake in tests).
	 * A chunk's computeMs is the time from its start to its end, so it holds exactly this run's
	 * evaluations and steps — never another run's chunk in the same round, nor the time between
	 * rounds. It is still elapsed time: while the OS gives the worker's core to another thread,
	 * the clock runs on, so cores shared with other work inflate it (browsers expose no per-thread
	 * CPU clock).
	 */
	private readonly now: () => number;

	constructor(now: () => number = defaultNow) {
		this.now = now;
	}
	private trainerOrNull: Trainer | null = null;
	private datasetOrNull: BuiltDataset | null = null;
	private evaluatedInitial = false;
	private initialEvals: InitialEvals | null = null;

	get trainer(): Trainer {
		if (!this.trainerOrNull) throw new Error('RunSession: start() has not been called');
		return this.trainerOrNull;
	}

	get dataset(): BuiltDataset {
		if (!this.datasetOrNull) throw new Error('RunSession: start() has not been called');
		return this.datasetOrNull;
	}

	/** Builds the data set and the run (θ₀ initialised, optimizer state fresh). Throws on a bad config. */
	start(req: SessionStart<E>): SessionInfo<E> {
		const dataset = req.dataset ?? buildDataset(req.shared, req.mnistBytes);
		const trainSize = dataset.trainY.length;
		const trainer = new Trainer(dataset, runConfigFor(req.shared, req.run, trainSize));
		if (req.initialParams) loadParams(trainer, req.initialParams);
		this.datasetOrNull = dataset;
		this.trainerOrNull = trainer;
		this.evaluatedInitial = false;
		this.initialEvals = req.initialEvals ?? null;
		this.inspector = req.inspect ? req.inspect(trainer, dataset) : null;
		const info: SessionInfo<E> = {
			nParams: trainer.mlp.nParams,
			stepsPerEpoch: stepsPerEpoch(trainSize, trainer.cfg.batchSize),
			totalSteps: trainer.cfg.totalSteps,
			trainSize,
			testSize: dataset.testY.length,
			inputDim: dataset.inputDim,
			nClasses: dataset.nClasses,
			firstLoss: firstBatchLoss(trainer)
		};
		if (req.initialChunk) info.initial = this.advance(0, 0);
		return info;
	}

	/**
	 * Takes up to maxSteps steps, stopping early once maxMillis have passed (but always taking at
	 * least one step while the run can go on), or when the run is done or diverges. The very first
	 * call evaluates θ₀ (step 0) before training.
	 */
	advance(maxSteps: number, maxMillis: number, now: () => number = this.now): Chunk<E> {
		if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new RangeError(`advance: maxSteps must be a whole number ≥ 0, got ${maxSteps}`);
		const trainer = this.trainer;
		const t0 = now();
		const evals: EvalResult[] = [];
		const evaluate = (): void => {
			const e = trainer.evaluate();
			evals.push(e);
			this.inspector?.afterEval?.(trainer, e);
		};
		// time charged for work another run did for this one (a shared θ₀ evaluation)
		let chargedMs = 0;
		if (!this.evaluatedInitial) {
			// θ₀'s evaluation: another run's with the same θ₀ and data when the worker has one
			const shared = this.initialEvals?.take(trainer);
			if (shared) {
				evals.push(shared.result);
				chargedMs = shared.ms;
				this.inspector?.afterEval?.(trainer, shared.result);
			} else {
				evaluate();
				// timed from the chunk's start (nothing else ran yet); the clock is read only when sharing
				if (this.initialEvals) this.initialEvals.remember(trainer, evals[0], now() - t0);
			}
			this.evaluatedInitial = true;
		}
		const fromStep = trainer.stepCount + 1;
		const room = Math.max(0, Math.min(maxSteps, trainer.cfg.totalSteps - trainer.stepCount));
		// 'max' speed asks for every remaining step; grow the buffer instead of allocating them all.
		let losses = new Float32Array(Math.min(room, 1024));
		let taken = 0;
		let samples = 0;
		while (taken < room && !trainer.finished) {
			if (taken > 0 && now() - t0 >= maxMillis) break;
			const r = trainer.step();
			if (!r) break;
			// A non-finite loss aborts the step before the update (stepCount unchanged): it is reported
			// through `divergence`, not as a loss, so losses stay exactly the completed steps.
			if (trainer.stepCount !== r.step) break;
			if (taken === losses.length) {
				const grown = new Float32Array(Math.min(room, 2 * losses.length));
				grown.set(losses);
				losses = grown;
			}
			losses[taken++] = r.loss;
			samples += trainer.lastBatch.length;
			this.inspector?.afterStep(trainer, r);
			if (trainer.status !== 'diverged' && trainer.evalDue()) evaluate();
		}
		const computeMs = Math.max(0, now() - t0) + chargedMs;
		const chunk: Chunk<E> = {
			fromStep,
			losses: taken === losses.length ? losses : losses.slice(0, taken),
			evals,
			status: trainer.status,
			divergence: trainer.divergence,
			stepsTaken: taken,
			computeMs,
			samplesPerSec: computeMs > 0 ? (samples * 1000) / computeMs : 0,
			epoch: trainer.epoch,
			step: trainer.stepCount
		};
		if (this.inspector) chunk.extras = this.inspector.collect();
		return chunk;
	}

	/**
	 * Logits (n, C) of the current model for rows x (n, IN). With rawInputs, x is in data units (e.g.
	 * a decision-boundary grid) and is first mapped by the train-split preprocessing.
	 */
	predict(x: Float32Array, n: number, rawInputs: boolean): FloatArray {
		const dim = this.dataset.inputDim;
		const rows = x.subarray(0, n * dim);
		return this.trainer.predict(rawInputs ? applyPreprocess(this.dataset.stats, rows, dim) : rows, n);
	}
}

/**
 * The loss step 1 will report, computed without advancing the run: the same sampler seed gives the
 * same first batch, and θ₀ is untouched, so this is bit-identical to the step's loss.
 */
function firstBatchLoss(trainer: Trainer): number {
	const { data, cfg, mlp } = trainer;
	const D = data.inputDim;
	const idx = new BatchSampler(data.trainY.length, cfg.batchSize, cfg.seed).next();
	const B = idx.length;
	const x = allocFloat(cfg.dtype ?? 'float32', B * D);
	gatherTrainRows(x, data, idx);
	const y = new Uint8Array(B);
	for (let r = 0; r < B; r++) y[r] = data.trainY[idx[r]];
	return softmaxCrossEntropy(mlp.forward(x, B), y, B, data.nClasses, null, cfg.naiveSoftmax ?? false).loss;
}

/** The distinct ArrayBuffers of the typed arrays inside a value (plain objects and arrays), for transfer. */
export function transferablesOf(value: unknown, out: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
	if (ArrayBuffer.isView(value)) {
		if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
	} else if (Array.isArray(value)) {
		for (const v of value) transferablesOf(v, out);
	} else if (value !== null && typeof value === 'object') {
		for (const v of Object.values(value)) transferablesOf(v, out);
	}
	return [...out];
}

/** Replaces a fresh trainer's θ₀ (the optimizer state is still zero, so this is an init override). */
export function loadParams(trainer: Trainer, params: ArrayLike<number>): void {
	const p = trainer.mlp.params;
	if (params.length !== p.length) throw new Error(`initial parameters: this network has ${p.length}, got ${params.length}`);
	for (let i = 0; i < p.length; i++) {
		if (!Number.isFinite(params[i])) throw new Error(`initial parameters: θ[${i}] must be finite, got ${params[i]}`);
		p[i] = params[i];
	}
}
