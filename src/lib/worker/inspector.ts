// Everything a run's worker records besides the loss: per-layer snapshots (histograms and stats),
// the bounded trajectory θ_t for the weight-space view, and the data views (decision boundary,
// confusion matrix, predictions on fixed digits, first-layer filters). Pure, so Node tests run it.
//
// Budgets per run: snapshots ≤ SNAPSHOT_CAP (a few MB at most), and at most SNAPSHOT_WORK of the
// training work (snapshotEvery); trajectory ≤ the run's share of the page's trajectory budget
// (trajectoryBudget in engine/loss-plane/trajectory.ts: ≤ 8 MB, i.e. 19 snapshots of the
// 784-128-64-10 net for up to 7 runs, 9 for 16; 64 of a small 2-D net); curvature ≤ 5 % of the training work
// (its tracker); data views are recomputed only at evaluation steps and replace the previous ones,
// the confusion matrix taken from the evaluation's own forward pass (Trainer.evalConfusion).
//
// Why a work budget for snapshots: a snapshot runs the 256-row probe batch forward and bins every
// weight and gradient — about 2 training steps of the lecture's 784-128-64-10 net at batch 64 (half
// the forward, half the binning). "About 100 per run" meant one EVERY step for a 1-epoch run (125
// steps), which made the page 8× slower than the bare engine (tests/perf/worker-profile.ts measured
// 62 % of a worker's time in snapshots). And why snapshots ride on evaluations: the probe batch is
// the test split's first 256 rows, which the evaluation at the same step has just run forward, so a
// snapshot at an evaluation step costs only its binning (SnapshotRecorder's ridesOnEval); the
// interval is a multiple of the evaluation interval whenever evaluations are at least as frequent.
// Measured since: `npm run bench:table`, README "Performance".
import type { BuiltDataset } from '../experiment/build';
import { invertPreprocess, confusionMatrix, decisionGrid, firstLayerFilters, fixedDigitIndices, pickUnits, predictDigits } from '../engine/inspect/views';
import { probeBatch, SnapshotRecorder } from '../engine/inspect/snapshots';
import { capForBudget, TRAJECTORY_BUDGET, TrajectoryRecorder, type TrajectoryDrain } from '../engine/loss-plane/trajectory';
import type { StepResult, Trainer } from '../engine/trainer';
import type { SessionInspector } from './session';
import { SharpnessTracker } from '../engine/curvature/tracker';
import type { CurvatureExtras, DataStatic, DataViews, InspectorExtras } from './protocol';

export const SNAPSHOT_CAP = 200;
export { TRAJECTORY_BUDGET };
export const PROBE_N = 256;
export const FILTER_UNITS = 8;
/**
 * snapshots are spaced so their work is at most this share of the training work. 5 %, not 10 %:
 * counted with the early and last snapshots, and timed in the browser's worker (a CDP profile of
 * the lesson-3 experiment), 10 % came to ~17 % of the busiest worker's time.
 */
export const SNAPSHOT_WORK = 0.05;
/** snapshots aimed at over a run (fewer when SNAPSHOT_WORK says so) */
export const SNAPSHOTS_PER_RUN = 100;
/**
 * A snapshot's work beyond the probe's forward, in example passes (one example through every
 * weight once = P multiply-adds): the histograms and summaries of W, b, ∂W and the activations,
 * the update ratio, the dead/saturated shares. Timed, not counted: binning a value costs far more
 * than a multiply-add (tests/perf/worker-profile.ts: 120 passes' time on the 784-16-16-10 net,
 * ~200 on 784-128-64-10; it was taken as 16 before, which put the snapshots at twice their budget).
 */
export const SNAPSHOT_STATS_PASSES = 160;

/**
 * Steps between snapshots of a run of `totalSteps` steps at batch B with a probe of probeN rows,
 * evaluated every `evalEvery` steps: about SNAPSHOTS_PER_RUN per run, but never more often than
 * SNAPSHOT_WORK allows. Work is counted in example passes: a training step is ~3B (the forward, and
 * backward's two products per layer); a snapshot is probeN (the probe's forward) +
 * SNAPSHOT_STATS_PASSES, or only the latter when it rides on an evaluation (its forward is the
 * evaluation's). So when evaluations come at least as often as fresh snapshots could, the interval
 * is the smallest multiple of evalEvery that the riding snapshots' budget allows: the lecture's net
 * at batch 64, evaluated every 25, gets one every 25 steps (all riding); batch 32 evaluated every
 * 50, every 50; without evaluations that often, every 44 and 87, batch 1 every ~2,800 — plus the
 * early ones (steps 1, 4, 16, …) and the last step's.
 */
export function snapshotEvery(totalSteps: number, batchSize: number, probeN: number, evalEvery = Infinity): number {
	const perStep = SNAPSHOT_WORK * 3 * Math.max(1, batchSize);
	const byCount = Math.floor(totalSteps / SNAPSHOTS_PER_RUN);
	const fresh = Math.max(1, byCount, Math.ceil((probeN + SNAPSHOT_STATS_PASSES) / perStep));
	if (!(evalEvery <= fresh)) return fresh;
	const riding = Math.max(1, byCount, Math.ceil(SNAPSHOT_STATS_PASSES / perStep));
	return evalEvery * Math.ceil(riding / evalEvery);
}

export class RunInspector implements SessionInspector<InspectorExtras> {
	readonly snapshots: SnapshotRecorder;
	readonly trajectory: TrajectoryRecorder;
	private viewsDue = true;
	/** MNIST's views taken at the chunk's last evaluation (its step, its confusion matrix) */
	private evalViews: DataViews | null = null;
	private staticSent = false;
	private readonly digitIdx: Uint32Array | null;
	private readonly units: number[];
	/** λ_max on a fixed probe batch every few steps, within a work budget (engine/curvature/tracker.ts) */
	readonly curvature: SharpnessTracker;

	constructor(
		readonly trainer: Trainer,
		readonly dataset: BuiltDataset,
		/** bytes of θ snapshots this run may keep (StartRequest.trajectoryBudget) */
		trajectoryBytes: number = TRAJECTORY_BUDGET
	) {
		const total = trainer.cfg.totalSteps;
		const probe = probeBatch(dataset, Math.min(PROBE_N, dataset.testY.length));
		this.snapshots = new SnapshotRecorder(trainer, probe.x, probe.n, {
			every: snapshotEvery(total, trainer.cfg.batchSize, probe.n, trainer.cfg.evalEvery),
			early: true, // steps 1, 4, 16, … too: where an init's explosion shows (lesson 5)
			ridesOnEval: true, // the session calls afterEval (below) right after each evaluation
			cap: SNAPSHOT_CAP,
			probeY: probe.y
		});
		const cap = capForBudget(trainer.mlp.nParams, trajectoryBytes);
		// handOver: once drained, the weight-space store holds the only copy of a snapshot
		this.trajectory = new TrajectoryRecorder({ cap, every: Math.max(1, Math.floor(total / Math.max(4, cap - 1))), handOver: true });
		trainer.onBeforeStep = (t) => this.snapshots.before(t);
		this.snapshots.snapshotNow(trainer);
		this.trajectory.record(trainer.stepCount, trainer.mlp.params);
		this.digitIdx = dataset.imageShape ? fixedDigitIndices(dataset.testY, 2) : null;
		if (this.digitIdx) trainer.evalConfusion = new Uint32Array(dataset.nClasses * dataset.nClasses);
		this.units = pickUnits(trainer.mlp.layers[0].fanOut, FILTER_UNITS);
		this.curvature = new SharpnessTracker(trainer, { now: () => performance.now() });
		this.curvature.afterStep(0); // λ_max at θ₀
	}

	afterStep(trainer: Trainer, result: StepResult): void {
		this.snapshots.afterStep(trainer, result);
		if (trainer.stepCount === result.step) this.trajectory.record(result.step, trainer.mlp.params);
		if (trainer.finished || trainer.evalDue()) this.viewsDue = true;
		if (trainer.stepCount === result.step) this.curvature.afterStep(trainer.lastBatch.length);
	}

	/**
	 * MNIST: the data views at the evaluation's step, the confusion matrix from its own forward pass
	 * (the diagonal sums to its number correct); cheap (20 digits, 8 filters). The 2-D decision grid
	 * (4,096 rows) stays once per chunk.
	 */
	afterEval(trainer: Trainer): void {
		// first: the snapshot reads the evaluation's forward caches, which views() overwrites
		this.snapshots.afterEval(trainer);
		if (this.digitIdx) this.evalViews = this.views();
	}

	collect(): InspectorExtras {
		const out: InspectorExtras = { snapshots: this.snapshots.collect() };
		out.curvature = { samples: this.curvature.drain(), meta: this.curvature.meta, cost: this.curvature.cost() };
		if (this.viewsDue) {
			this.viewsDue = false;
			// a diverged run shows its final state (no evaluation is taken at a divergence)
			out.views = this.trainer.status !== 'diverged' && this.evalViews ? this.evalViews : this.views();
		}
		this.evalViews = null;
		if (!this.staticSent) {
			this.staticSent = true;
			out.dataStatic = this.dataStatic();
		}
		return out;
	}

	/** fresh copies of the kept θ snapshots (for the weight-space view) */
	drainTrajectory(): TrajectoryDrain {
		return this.trajectory.drain();
	}

	private views(): DataViews {
		const t = this.trainer;
		const v: DataViews = { step: t.stepCount };
		if (this.dataset.inputDim === 2) v.decision = decisionGrid(t, this.dataset.stats, 64);
		if (this.digitIdx) {
			// from this step's evaluation when there was one (every view step but a divergence's)
			const fromEval = t.evalConfusion && t.evalConfusionStep === t.stepCount;
			v.confusion = fromEval && t.evalConfusion ? t.evalConfusion.slice() : confusionMatrix(t);
			v.predictions = predictDigits(t, this.digitIdx);
			v.filters = { units: this.units, data: firstLayerFilters(t.mlp, this.units) };
		}
		return v;
	}

	private dataStatic(): DataStatic {
		const ds = this.dataset;
		if (this.digitIdx && ds.imageShape) {
			const D = ds.inputDim;
			const k = this.digitIdx.length;
			const px = new Float32Array(k * D);
			this.digitIdx.forEach((idx, r) => px.set(ds.testX.subarray(idx * D, (idx + 1) * D), r * D));
			const labels = Uint8Array.from(this.digitIdx, (i) => ds.testY[i]);
			return { kind: 'mnist', nClasses: ds.nClasses, digits: { pixels: invertPreprocess(ds.stats, px, D), labels, k }, imageShape: ds.imageShape };
		}
		const n = ds.trainY.length;
		return { kind: 'toy', nClasses: ds.nClasses, points: { x: invertPreprocess(ds.stats, ds.trainX.slice(0, n * 2), 2), y: ds.trainY.slice(), n } };
	}
}
