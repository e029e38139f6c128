// Everything a run's worker records besides the loss: per-layer snapshots (histograms and stats),
// the bounded trajectory θ_t for the weight-space view, and the data views (decision boundary,
// confusion matrix, predictions on fixed digits, first-layer filters). Pure, so Node tests run it.
//
// Budgets per run: snapshots ≤ SNAPSHOT_CAP (a few MB at most); trajectory ≤ TRAJECTORY_BUDGET
// bytes of θ copies (8 MB: 19 snapshots of the 784-128-64-10 net, 64 of a small 2-D net); data
// views are recomputed only at evaluation steps and replace the previous ones.
import type { BuiltDataset } from '../experiment/build';
import { invertPreprocess, confusionMatrix, decisionGrid, firstLayerFilters, fixedDigitIndices, pickUnits, predictDigits } from '../engine/inspect/views';
import { probeBatch, SnapshotRecorder } from '../engine/inspect/snapshots';
import { capForBudget, TrajectoryRecorder, type TrajectoryDrain } from '../engine/loss-plane/trajectory';
import type { StepResult, Trainer } from '../engine/trainer';
import type { SessionInspector } from './session';
import { SharpnessTracker } from '../engine/curvature/tracker';
import type { CurvatureExtras, DataStatic, DataViews, InspectorExtras } from './protocol';

export const SNAPSHOT_CAP = 200;
export const TRAJECTORY_BUDGET = 8 * 1024 * 1024;
export const PROBE_N = 256;
export const FILTER_UNITS = 8;

export class RunInspector implements SessionInspector<InspectorExtras> {
	readonly snapshots: SnapshotRecorder;
	readonly trajectory: TrajectoryRecorder;
	private viewsDue = true;
	private staticSent = false;
	private readonly digitIdx: Uint32Array | null;
	private readonly units: number[];
	/** λ_max on a fixed probe batch every few steps, within a work budget (engine/curvature/tracker.ts) */
	readonly curvature: SharpnessTracker;

	constructor(
		readonly trainer: Trainer,
		readonly dataset: BuiltDataset
	) {
		const total = trainer.cfg.totalSteps;
		const probe = probeBatch(dataset, Math.min(PROBE_N, dataset.testY.length));
		this.snapshots = new SnapshotRecorder(trainer, probe.x, probe.n, {
			every: Math.max(1, Math.floor(total / 100)),
			cap: SNAPSHOT_CAP,
			probeY: probe.y
		});
		const cap = capForBudget(trainer.mlp.nParams, TRAJECTORY_BUDGET);
		this.trajectory = new TrajectoryRecorder({ cap, every: Math.max(1, Math.floor(total / Math.max(4, cap - 1))) });
		trainer.onBeforeStep = (t) => this.snapshots.before(t);
		this.snapshots.snapshotNow(trainer);
		this.trajectory.record(trainer.stepCount, trainer.mlp.params);
		this.digitIdx = dataset.imageShape ? fixedDigitIndices(dataset.testY, 2) : null;
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

	collect(): InspectorExtras {
		const out: InspectorExtras = { snapshots: this.snapshots.collect() };
		out.curvature = { samples: this.curvature.drain(), meta: this.curvature.meta, cost: this.curvature.cost() };
		if (this.viewsDue) {
			this.viewsDue = false;
			out.views = this.views();
		}
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
			v.confusion = confusionMatrix(t);
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
