// Sharpness over training: every so often, λ_max of the loss Hessian on a fixed probe batch of
// training examples, by power iteration (power.ts) on exact Hessian-vector products (hvp.ts),
// warm-started from the previous estimate's eigenvector — so successive estimates continue one
// power iteration while θ moves, and a slowly moving λ_max costs a few products each time.
//
// Cost budget. Work is counted in "example passes" (one example through one matrix product per
// layer): a training step on B examples costs 3B (forward, weight gradient, input gradient); an
// estimate costs 2·n_probe to prepare plus 6·n_probe per Hessian-vector product. An estimate is
// taken after a step only while the curvature work so far plus the expected cost of the next one
// stays within `budget` (default 5 %) of the training work — so the interval adapts (every few
// steps for a tiny net, every few hundred for MNIST) and the schedule is deterministic (it counts
// work, not milliseconds). The measured milliseconds are reported beside it, for the honest share.
//
// For adaptive optimizers (Adam, AdamW, RMSprop, Adagrad) the tracked quantity is the
// preconditioned sharpness λ_max(P⁻¹H), computed as λ_max of D^{1/2} H D^{1/2} with D = P⁻¹ =
// effectiveLr / lr from the optimizer's state (stability.ts has the thresholds).
import { deriveSeed, Rng } from '../rng';
import { lrAt } from '../schedule';
import { gatherTrainRows, type Trainer } from '../trainer';
import { MlpHessian } from './hvp';
import { powerIteration, type PowerResult } from './power';
import { stabilityThreshold } from './stability';

export interface SharpnessSample {
	/** updates applied when measured (0 = θ₀) */
	step: number;
	/** λ_max of H (or of P⁻¹H for adaptive optimizers) on the probe batch */
	value: number;
	/** the stability bound at this step's learning rate */
	threshold: number;
	lr: number;
	/** Hessian-vector products this estimate used */
	products: number;
	converged: boolean;
	/** whether value is λ_max(P⁻¹H) (adaptive optimizers after their first step) or λ_max(H) */
	preconditioned: boolean;
}

export interface CurvatureMeta {
	probeSize: number;
	preconditioned: boolean;
	formula: string;
	budget: number;
}

export interface CurvatureCost {
	/** curvature work ÷ training work, in example passes */
	workShare: number;
	/** measured milliseconds spent estimating, and per estimate */
	ms: number;
	estimates: number;
}

export interface CurvatureOptions {
	/** curvature work as a share of training work (default 0.05) */
	budget?: number;
	/** probe examples, drawn once from the train split (default defaultProbeSize(batch)) */
	probeSize?: number;
	now?: () => number;
}

export const DEFAULT_CURVATURE_BUDGET = 0.05;
export const DEFAULT_CURVATURE_PROBE = 256;
export const MIN_CURVATURE_PROBE = 64;

/**
 * The probe is the batch itself, within [64, 256] (and at most the train split): a full-batch run
 * measures exactly the objective it descends (the edge-of-stability setting), while a small-batch
 * run gets a probe small enough that the 5 % budget still buys an estimate every few hundred steps
 * (each estimate costs ≈ 2·(1 + 3k)·probe example passes against 3·B per training step).
 */
export function defaultProbeSize(batchSize: number): number {
	return Math.min(DEFAULT_CURVATURE_PROBE, Math.max(MIN_CURVATURE_PROBE, batchSize));
}
/** the first estimate starts from a random direction; later ones continue from the last eigenvector */
const COLD = { tol: 1e-3, maxIter: 6 };
const WARM = { tol: 1e-2, maxIter: 4 };

/** Rows of the train split the probe uses: the first n of a permutation seeded by (seed, 'curvature-probe'), ascending. */
export function curvatureProbeRows(nTrain: number, n: number, seed: number): Uint32Array {
	const perm = new Rng(deriveSeed(seed, 'curvature-probe')).permutation(nTrain);
	return perm.slice(0, Math.min(n, nTrain)).sort();
}

export class SharpnessTracker {
	readonly hessian: MlpHessian;
	readonly meta: CurvatureMeta;
	private readonly budget: number;
	private readonly now: (() => number) | null;
	private vector: Float64Array | null = null;
	private trainWork = 0;
	private curvWork = 0;
	private lastCost: number;
	private ms = 0;
	private estimates = 0;
	private pending: SharpnessSample[] = [];
	private lastStep = -1;

	constructor(
		readonly trainer: Trainer,
		opts: CurvatureOptions = {}
	) {
		this.budget = opts.budget ?? DEFAULT_CURVATURE_BUDGET;
		if (!(this.budget > 0 && this.budget <= 1)) throw new RangeError(`curvature budget: must be in (0, 1], got ${this.budget}`);
		this.now = opts.now ?? null;
		const data = trainer.data;
		const rows = curvatureProbeRows(data.trainY.length, opts.probeSize ?? defaultProbeSize(trainer.cfg.batchSize), trainer.cfg.seed);
		const D = data.inputDim;
		// gathered row by row (MNIST: from its uint8 pixels), never through data.trainX — reading
		// that would make a packed data set build its whole float train split (24 MB for MNIST)
		const x = new Float64Array(rows.length * D);
		gatherTrainRows(x, data, rows);
		const y = Uint8Array.from(rows, (r) => data.trainY[r]);
		const opt = trainer.cfg.optimizer;
		const l2 = opt.name === 'adamw' ? 0 : (opt.weightDecay ?? 0);
		this.hessian = new MlpHessian(trainer.mlp, x, y, rows.length, l2);
		const th = stabilityThreshold(opt, opt.lr);
		this.meta = { probeSize: rows.length, preconditioned: th.preconditioned, formula: th.formula, budget: this.budget };
		this.lastCost = this.costOf(COLD.maxIter);
	}

	private costOf(products: number): number {
		return this.hessian.B * (2 + 6 * products);
	}

	/** Call after every completed step (and once at step 0). Estimates when the budget allows. */
	afterStep(batchSize: number): void {
		const t = this.trainer;
		if (t.stepCount > this.lastStep && this.lastStep >= 0) this.trainWork += 3 * batchSize;
		if (t.status === 'diverged') return;
		const first = this.lastStep < 0;
		this.lastStep = t.stepCount;
		if (first || this.curvWork + this.lastCost <= this.budget * this.trainWork) this.estimateNow();
	}

	/** λ_max at the current θ (also usable directly, e.g. by tests). */
	estimateNow(): SharpnessSample {
		const t = this.trainer;
		const t0 = this.now?.() ?? 0;
		const opt = t.cfg.optimizer;
		const lr = lrAt(t.cfg.schedule, opt.lr, t.stepCount, t.cfg.totalSteps);
		const th = stabilityThreshold(opt, lr);
		this.hessian.prepare();
		const P = this.hessian.nParams;
		const dt = t.mlp.dtype;
		const vin = dt === 'float64' ? new Float64Array(P) : new Float32Array(P);
		const vout = dt === 'float64' ? new Float64Array(P) : new Float32Array(P);
		let scale: Float64Array | null = null;
		if (th.preconditioned) {
			const eff = t.optimizer.internals().effectiveLr;
			// before the first step the preconditioner is undefined: report plain λ_max of H then
			if (eff && eff.length === P) scale = Float64Array.from(eff, (e) => Math.sqrt(e / opt.lr));
		}
		const apply = (v: Float64Array, out: Float64Array) => {
			if (scale) for (let i = 0; i < P; i++) vin[i] = v[i] * scale[i];
			else vin.set(v);
			this.hessian.apply(vin, vout);
			if (scale) for (let i = 0; i < P; i++) out[i] = vout[i] * scale[i];
			else out.set(vout);
		};
		const cfg = this.vector ? WARM : COLD;
		const r: PowerResult = powerIteration(apply, P, { start: this.vector, tol: cfg.tol, maxIter: cfg.maxIter, seed: deriveSeed(t.cfg.seed, 'curvature-start') });
		if (Number.isFinite(r.value)) this.vector = r.vector;
		const cost = this.costOf(r.products);
		this.curvWork += cost;
		this.lastCost = this.costOf(Math.max(r.products, 2));
		this.estimates++;
		if (this.now) this.ms += this.now() - t0;
		const sample: SharpnessSample = { step: t.stepCount, value: r.value, threshold: th.value, lr, products: r.products, converged: r.converged, preconditioned: scale !== null };
		this.pending.push(sample);
		return sample;
	}

	/** the samples measured since the last drain */
	drain(): SharpnessSample[] {
		const out = this.pending;
		this.pending = [];
		return out;
	}

	cost(): CurvatureCost {
		return { workShare: this.trainWork > 0 ? this.curvWork / this.trainWork : 0, ms: this.ms, estimates: this.estimates };
	}
}
