// Per-layer snapshots of a run, taken inside the worker on a bounded schedule.
//
// What a snapshot holds, per layer l (hidden layers and the output layer):
//   weight W_l (OUT, IN), bias b_l (OUT), weight gradient ∂L/∂W_l: histogram + summary
//   preact z_l and postact a_l on the PROBE batch (B = probeN, a fixed slice of the test split,
//   the same for every run): histogram + summary; the output layer's postact is its logits z_L
//   scalars: activation std, dead / saturated shares, gradient norms, update ratio, symmetry
//
// Bounded memory: snapshots are due every `every` steps (and at the run's last step); when `cap`
// are kept, every other one is dropped (the first and the latest stay) and `every` doubles, so a
// run of any length keeps ≤ cap. The worker sends what it recorded since the last drain together
// with the steps it still keeps; SnapshotStore on the page mirrors that, or applies the same rule.
import { ACTIVATION_BOUNDS } from '../activations';
import { softmaxCrossEntropy } from '../loss';
import { Mlp, usesSparseInput } from '../mlp';
import { initializeMlp, type Trainer, type StepResult } from '../trainer';
import { allocFloat, type ActivationName, type Dataset, type Dtype, type FloatArray, type InitConfig } from '../types';
import { binEdges, histogram } from './histogram';
import { deadShare, gradNorm, identicalUnits, saturatedShare, saturatedUnitShare, summarize, updateRatio } from './layer-stats';

/** A quantity's histogram over its own range plus its summary. Edges: binEdges(lo, hi, counts.length). */
export interface QuantityHist {
	counts: Uint32Array;
	/** bin range = [min, max] of the finite values; lo = hi when they are all equal; 0, 0 when there are none */
	lo: number;
	hi: number;
	min: number;
	max: number;
	mean: number;
	std: number;
	/** finite values counted */
	n: number;
	nonFinite: number;
}

export interface LayerSnapshot {
	weight: QuantityHist;
	bias: QuantityHist;
	preact: QuantityHist;
	postact: QuantityHist;
	/** ∂L/∂W; null when the snapshot has no gradient (gradSource 'none') */
	grad: QuantityHist | null;
	/** = postact.std, the quantity that vanishes or explodes with depth */
	actStd: number;
	/** relu / leaky-relu hidden layers: share of units with z ≤ 0 on every probe example; else null */
	deadShare: number | null;
	/** tanh / sigmoid hidden layers: share of probe activations within 0.03 of a bound; else null */
	saturatedShare: number | null;
	/** tanh / sigmoid hidden layers: share of units saturated on every probe example; else null */
	saturatedUnitShare: number | null;
	/** ‖(∂L/∂W, ∂L/∂b)‖₂ */
	gradNorm: number | null;
	/** ‖∂L/∂W‖₂ */
	gradNormWeights: number | null;
	/** ‖Δθ_l‖/‖θ_l‖ of the step just taken (θ_l = W_l and b_l); null when θ before the step is unknown */
	updateRatio: number | null;
	/**
	 * hidden layers: all units have identical incoming weights and bias (see identicalUnits), so they
	 * get identical gradients and stay identical. Always false for the output layer, whose units the
	 * labels tell apart (∂L/∂W_c differs per class c) even when they start identical.
	 */
	identicalUnits: boolean;
}

export interface Snapshot {
	/** updates applied when it was taken (0 = θ₀) */
	step: number;
	/** 'train-batch': the gradient of the step just taken; 'probe-batch': computed on the probe batch
	 * without stepping (step 0, snapshotNow); 'none': no labels to compute one */
	gradSource: 'train-batch' | 'probe-batch' | 'none';
	layers: LayerSnapshot[];
}

/** What the worker sends per chunk (SessionInspector.collect): plain data, typed arrays transferable. */
export interface SnapshotBatch {
	/** recorded since the last drain and still kept, in step order */
	snapshots: Snapshot[];
	/** every step the worker keeps after thinning (the page drops the others); ≤ cap entries */
	keptSteps: number[];
	/** the current interval, after any doublings */
	every: number;
}

export const SNAPSHOT_DEFAULTS = { every: 10, cap: 200, nBins: 64, probeN: 256 } as const;

/** Histogram with nBins over the finite values' own [min, max], plus their summary. */
export function quantityHist(values: FloatArray, nBins: number): QuantityHist {
	const s = summarize(values);
	const lo = s.n > 0 ? s.min : 0;
	const hi = s.n > 0 ? s.max : 0;
	const { counts } = histogram(values, binEdges(lo, hi, nBins));
	return { counts, lo, hi, min: s.min, max: s.max, mean: s.mean, std: s.std, n: s.n, nonFinite: s.nonFinite };
}

/** Keeps the items at even indices and the last one: of n ≥ 3 items, ⌈n/2⌉ + (n even ? 1 : 0) < n. */
export function thin<T>(items: readonly T[]): T[] {
	return items.filter((_, i) => i % 2 === 0 || i === items.length - 1);
}

/** The bounded schedule alone (steps only, no data), so its long-run behaviour is cheap to test. */
export class SnapshotSchedule {
	every: number;
	readonly cap: number;
	private keptSteps: number[] = [];

	constructor(every: number, cap: number) {
		if (!Number.isInteger(every) || every < 1) throw new RangeError(`snapshots: every must be a whole number ≥ 1, got ${every}`);
		if (!Number.isInteger(cap) || cap < 4) throw new RangeError(`snapshots: cap must be a whole number ≥ 4, got ${cap}`);
		this.every = every;
		this.cap = cap;
	}
	get kept(): readonly number[] {
		return this.keptSteps;
	}
	get last(): number | undefined {
		return this.keptSteps[this.keptSteps.length - 1];
	}
	isDue(step: number): boolean {
		return step % this.every === 0;
	}
	/** Notes a snapshot at step (after the last kept one); returns the steps thinning dropped. */
	record(step: number): number[] {
		this.keptSteps.push(step);
		if (this.keptSteps.length < this.cap) return [];
		const dropped = this.keptSteps.filter((_, i) => i % 2 === 1 && i !== this.keptSteps.length - 1);
		this.keptSteps = thin(this.keptSteps);
		this.every *= 2;
		return dropped;
	}
}

/** The first min(n, #test) test examples: the fixed probe batch, the same for every run. */
export function probeBatch(data: Dataset, n: number = SNAPSHOT_DEFAULTS.probeN): { x: Float32Array; y: Uint8Array; n: number } {
	const m = Math.min(n, data.testY.length);
	return { x: data.testX.subarray(0, m * data.inputDim), y: data.testY.subarray(0, m), n: m };
}

/**
 * Runs the probe batch forward and summarises every layer. Reads mlp.grads as they are (the caller
 * decides what gradient they hold) and θ_before (P, same layout as params) for the update ratio.
 * `forwardDone`: the mlp's forward caches already hold the probe batch at the current θ (probeGradient
 * just ran it, and backward reads those caches without writing them), so the forward is not repeated.
 */
function layerSnapshots(mlp: Mlp, probeX: FloatArray, probeN: number, nBins: number, withGrad: boolean, thetaBefore: FloatArray | null, forwardDone: boolean): LayerSnapshot[] {
	if (!forwardDone) mlp.forward(probeX.subarray(0, probeN * mlp.sizes[0]), probeN);
	const act: ActivationName = mlp.activationName;
	const bounds = ACTIVATION_BOUNDS[act];
	const last = mlp.depth - 1;
	return mlp.layers.map((L, l) => {
		const hidden = l < last;
		// the first probeN rows: the caches may hold more (an evaluation's chunk, see SnapshotRecorder.afterEval)
		const z = mlp.preActivation(l).subarray(0, probeN * L.fanOut);
		const out = mlp.output(l).subarray(0, probeN * L.fanOut);
		const postact = quantityHist(out, nBins);
		const W = mlp.weight(l);
		const b = mlp.bias(l);
		const gW = mlp.weightGrad(l);
		const gb = mlp.biasGrad(l);
		const span = L.bOffset + L.fanOut;
		return {
			weight: quantityHist(W, nBins),
			bias: quantityHist(b, nBins),
			preact: quantityHist(z, nBins),
			postact,
			grad: withGrad ? quantityHist(gW, nBins) : null,
			actStd: postact.std,
			deadShare: hidden && (act === 'relu' || act === 'leaky-relu') ? deadShare(z, probeN, L.fanOut) : null,
			saturatedShare: hidden && bounds ? saturatedShare(out, probeN, L.fanOut, bounds) : null,
			saturatedUnitShare: hidden && bounds ? saturatedUnitShare(out, probeN, L.fanOut, bounds) : null,
			gradNorm: withGrad ? gradNorm(gW, gb) : null,
			gradNormWeights: withGrad ? gradNorm(gW) : null,
			updateRatio: thetaBefore ? updateRatio(thetaBefore.subarray(L.wOffset, span), mlp.params.subarray(L.wOffset, span)) : null,
			identicalUnits: hidden && identicalUnits(W, L.fanOut, L.fanIn, b)
		};
	});
}

/** ∂L/∂θ of the probe batch into mlp.grads (overwritten), without touching θ. */
function probeGradient(mlp: Mlp, probeX: FloatArray, probeY: Uint8Array, probeN: number, naive: boolean): void {
	const C = mlp.nClasses;
	const logits = mlp.forward(probeX.subarray(0, probeN * mlp.sizes[0]), probeN);
	const dLogits = allocFloat(mlp.dtype, probeN * C);
	softmaxCrossEntropy(logits, probeY, probeN, C, dLogits, naive);
	mlp.zeroGrad();
	mlp.backward(dLogits);
}

export interface RecorderOptions {
	/** snapshot every k steps to start with (doubles at each thinning) */
	every?: number;
	/** most snapshots kept (≥ 4) */
	cap?: number;
	nBins?: number;
	/** labels of the probe batch; needed for the gradient at step 0 (snapshotNow) */
	probeY?: Uint8Array;
	/**
	 * also at steps 1, 4, 16, 64, … below the first interval: the first updates, where an
	 * initialization's explosion or vanishing shows (log4(every) extra snapshots; each runs the
	 * probe forward, no evaluation to ride on — powers of 2 made them most of a short run's
	 * snapshot work)
	 */
	early?: boolean;
	/**
	 * a snapshot due at a step that is also evaluated waits for the evaluation (the owner calls
	 * afterEval after it) and reads the probe batch's activations from the evaluation's forward
	 * caches instead of running the probe again — when the probe IS the test split's first rows
	 * (probeBatch) and the caches hold them (Trainer.evalCache); else it runs the probe as usual.
	 */
	ridesOnEval?: boolean;
}

/**
 * Records snapshots of one Trainer. Wiring (worker session):
 *   trainer.onBeforeStep = (t) => rec.before(t);   // copies θ only when a snapshot is due
 *   session.inspector = rec;                       // afterStep + collect: a SessionInspector
 *   rec.snapshotNow(trainer);                      // step 0, before training
 * Per step, when no snapshot is due, the cost is one modulo and no allocation.
 */
export class SnapshotRecorder {
	readonly schedule: SnapshotSchedule;
	readonly nBins: number;
	private readonly probeY: Uint8Array | null;
	private readonly early: boolean;
	/** θ before the step due next, reused (P) */
	private readonly theta: FloatArray;
	private thetaStep = -1;
	private pending: Snapshot[] = [];
	private readonly ridesOnEval: boolean;
	/** the step whose snapshot waits for its evaluation (ridesOnEval) */
	private deferred: number | null = null;
	/** whether the probe's own forward takes the mostly-zero-input path (the cached chunk's must match) */
	private readonly probeSparse: boolean;

	constructor(
		readonly trainer: Trainer,
		readonly probeX: Float32Array,
		readonly probeN: number,
		opts: RecorderOptions = {}
	) {
		const D = trainer.data.inputDim;
		if (!Number.isInteger(probeN) || probeN < 1 || probeX.length < probeN * D)
			throw new RangeError(`snapshots: probe batch needs probeN ≥ 1 rows of ${D} values, got ${probeN} rows in ${probeX.length} values`);
		if (opts.probeY && opts.probeY.length < probeN) throw new RangeError(`snapshots: ${opts.probeY.length} probe labels for ${probeN} rows`);
		this.nBins = opts.nBins ?? SNAPSHOT_DEFAULTS.nBins;
		binEdges(0, 1, this.nBins); // validates nBins
		this.schedule = new SnapshotSchedule(opts.every ?? SNAPSHOT_DEFAULTS.every, opts.cap ?? SNAPSHOT_DEFAULTS.cap);
		this.probeY = opts.probeY ?? null;
		this.early = opts.early ?? false;
		this.ridesOnEval = opts.ridesOnEval ?? false;
		this.probeSparse = usesSparseInput(probeX, probeN, D);
		this.theta = allocFloat(trainer.mlp.dtype, trainer.mlp.nParams);
	}

	/** snapshots recorded and not yet drained (≤ cap) */
	get pendingCount(): number {
		return this.pending.length;
	}

	private dueAt(step: number): boolean {
		// a power of 4: a power of 2 (one bit set) whose bit sits at an even position
		if (this.early && step > 0 && step < this.schedule.every && (step & (step - 1)) === 0 && (step & 0x55555555) !== 0) return true;
		return this.schedule.isDue(step) || step >= this.trainer.cfg.totalSteps;
	}

	/** Before a step (Trainer.onBeforeStep): keeps θ if the coming step will be snapshotted. */
	before(trainer: Trainer): void {
		this.check(trainer);
		const next = trainer.stepCount + 1;
		if (!this.dueAt(next)) return;
		this.theta.set(trainer.mlp.params);
		this.thetaStep = next;
	}

	/**
	 * After step `step` completed: when due (every k steps, the run's last step, or the step at which
	 * it diverged), records a snapshot
	 * whose gradient is that of the step just taken — mlp.grads is intact until the next step zeroes
	 * it. The probe forward overwrites only the forward caches, which the next step recomputes.
	 */
	after(trainer: Trainer, step: number): void {
		this.check(trainer);
		if (!(this.dueAt(step) || trainer.finished) || this.schedule.last === step) return;
		// (a step that diverged is not evaluated; a step aborted before its update never gets here)
		if (this.ridesOnEval && trainer.status !== 'diverged' && trainer.evalDue()) {
			this.deferred = step;
			return;
		}
		this.take(trainer, step, false);
	}

	/**
	 * After the evaluation of the step just taken (ridesOnEval; the worker session's afterEval): the
	 * snapshot that waited for it. θ and the step's gradient are untouched by an evaluation, so it is
	 * the snapshot `after` would have taken, its activations read from the evaluation's caches.
	 */
	afterEval(trainer: Trainer): void {
		this.check(trainer);
		if (this.deferred !== trainer.stepCount) return;
		this.deferred = null;
		this.take(trainer, trainer.stepCount, this.probeCached(trainer));
	}

	/** whether the net's forward caches hold the probe batch at the current θ, as its own forward would leave them */
	private probeCached(trainer: Trainer): boolean {
		const c = trainer.evalCache;
		const { mlp } = trainer;
		const testX = trainer.data.testX;
		return (
			c !== null &&
			c.step === trainer.stepCount &&
			c.forwards === mlp.forwards &&
			c.rows >= this.probeN &&
			this.probeX.buffer === testX.buffer &&
			this.probeX.byteOffset === testX.byteOffset &&
			mlp.usedSparseInput === this.probeSparse
		);
	}

	private take(trainer: Trainer, step: number, forwardDone: boolean): void {
		const before = this.thetaStep === step ? this.theta : null;
		this.push({ step, gradSource: 'train-batch', layers: layerSnapshots(trainer.mlp, this.probeX, this.probeN, this.nBins, true, before, forwardDone) });
	}

	/**
	 * A snapshot of the current state, meant for step 0 before training. Its gradient is computed on
	 * the probe batch WITHOUT stepping (so the step-0 view has gradient norms per layer too); this
	 * overwrites mlp.grads, which the next step zeroes anyway. Without probeY there is no gradient.
	 */
	snapshotNow(trainer: Trainer): void {
		this.check(trainer);
		const step = trainer.stepCount;
		if (this.schedule.last !== undefined && this.schedule.last >= step) return;
		const withGrad = this.probeY !== null;
		if (this.probeY) probeGradient(trainer.mlp, this.probeX, this.probeY, this.probeN, trainer.cfg.naiveSoftmax ?? false);
		const layers = layerSnapshots(trainer.mlp, this.probeX, this.probeN, this.nBins, withGrad, null, withGrad);
		this.push({ step, gradSource: withGrad ? 'probe-batch' : 'none', layers });
	}

	/** SessionInspector.afterStep */
	afterStep(trainer: Trainer, result: StepResult): void {
		this.after(trainer, result.step);
	}

	/** SessionInspector.collect: the drained batch (its buffers are transferred by the session). */
	collect(): SnapshotBatch {
		return this.drain().batch;
	}

	/** Snapshots since the last drain, the steps still kept, and the ArrayBuffers to transfer. */
	drain(): { batch: SnapshotBatch; transfer: ArrayBuffer[] } {
		const snapshots = this.pending;
		this.pending = [];
		return {
			batch: { snapshots, keptSteps: this.schedule.kept.slice(), every: this.schedule.every },
			transfer: snapshotBuffers(snapshots)
		};
	}

	private push(s: Snapshot): void {
		const dropped = this.schedule.record(s.step);
		this.pending.push(s);
		if (dropped.length > 0) {
			const gone = new Set(dropped);
			this.pending = this.pending.filter((p) => !gone.has(p.step));
		}
	}

	private check(trainer: Trainer): void {
		if (trainer !== this.trainer) throw new Error('SnapshotRecorder: called with a different trainer');
	}
}

/** The distinct ArrayBuffers of the snapshots' histograms. */
export function snapshotBuffers(snapshots: readonly Snapshot[]): ArrayBuffer[] {
	const out = new Set<ArrayBuffer>();
	for (const s of snapshots)
		for (const L of s.layers)
			for (const h of [L.weight, L.bias, L.preact, L.postact, L.grad])
				if (h && h.counts.buffer instanceof ArrayBuffer) out.add(h.counts.buffer);
	return [...out];
}

/**
 * The page's bounded copy of one run's snapshots (pure). Either mirror the worker with ingest, or
 * add snapshots one by one under the same thinning rule as SnapshotSchedule. Sorted by step.
 */
export class SnapshotStore<T extends { step: number } = Snapshot> {
	private items: T[] = [];
	constructor(readonly cap: number = SNAPSHOT_DEFAULTS.cap) {
		if (!Number.isInteger(cap) || cap < 4) throw new RangeError(`snapshots: cap must be a whole number ≥ 4, got ${cap}`);
	}
	get size(): number {
		return this.items.length;
	}
	get snapshots(): readonly T[] {
		return this.items;
	}
	steps(): number[] {
		return this.items.map((s) => s.step);
	}
	/** Appends (replacing a snapshot of the same step); thins to keep ≤ cap. */
	add(s: T): void {
		const n = this.items.length;
		if (n > 0 && this.items[n - 1].step >= s.step) this.items = this.items.filter((p) => p.step < s.step);
		this.items.push(s);
		if (this.items.length >= this.cap) this.items = thin(this.items);
	}
	/** Mirrors the worker: keeps only keptSteps, then adds the new snapshots. */
	ingest(batch: { snapshots: readonly T[]; keptSteps: readonly number[] }): void {
		const keep = new Set(batch.keptSteps);
		const fresh = new Set(batch.snapshots.map((s) => s.step));
		const merged = this.items.filter((s) => keep.has(s.step) && !fresh.has(s.step));
		for (const s of batch.snapshots) if (keep.has(s.step)) merged.push(s);
		merged.sort((a, b) => a.step - b.step);
		this.items = merged;
		while (this.items.length > this.cap) this.items = thin(this.items);
	}
	/** The latest snapshot taken at or before step (the first one if step precedes them all). */
	at(step: number): T | undefined {
		let lo = 0;
		let hi = this.items.length - 1;
		if (hi < 0 || step <= this.items[0].step) return this.items[0];
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.items[mid].step <= step) lo = mid;
			else hi = mid - 1;
		}
		return this.items[lo];
	}
	clear(): void {
		this.items = [];
	}
}

export interface ProfileOptions {
	/** labels of the probe batch: with them the profile also has per-layer gradients */
	probeY?: Uint8Array;
	nBins?: number;
	dtype?: Dtype;
}

/**
 * The step-0 snapshot of a fresh net for one init scheme, without any training: per-layer activation
 * std and histograms on the probe batch (and gradients if probeY is given). For the "initialization
 * at step 0" view, one call per scheme; the same seed gives the same draws as a run's θ₀.
 */
export function initialActivationProfile(
	sizes: number[],
	activation: ActivationName,
	init: InitConfig,
	seed: number,
	probeX: Float32Array,
	probeN: number,
	opts: ProfileOptions = {}
): Snapshot {
	const mlp = new Mlp({ sizes, activation, dtype: opts.dtype });
	if (!Number.isInteger(probeN) || probeN < 1 || probeX.length < probeN * sizes[0])
		throw new RangeError(`profile: probe batch needs probeN ≥ 1 rows of ${sizes[0]} values`);
	initializeMlp(mlp, init, seed);
	const nBins = opts.nBins ?? SNAPSHOT_DEFAULTS.nBins;
	if (opts.probeY) probeGradient(mlp, probeX, opts.probeY, probeN, false);
	const layers = layerSnapshots(mlp, probeX, probeN, nBins, !!opts.probeY, null, !!opts.probeY);
	return { step: 0, gradSource: opts.probeY ? 'probe-batch' : 'none', layers };
}
