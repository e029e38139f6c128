// The one protocol between the page and the training workers: every request, chunk and snapshot
// that crosses the boundary is typed here, and nothing else is. The worker module declares its API
// object over these types (trainer.worker.ts → createTrainerApi in api.ts) and the main thread holds
// `Comlink.Remote<TrainerApi>` only — it never sees an `unknown` or casts a reply.
//
// Modules: protocol.ts (types only) ← session.ts, inspector.ts ← api.ts ← trainer.worker.ts. The
// session does not import the inspector nor the other way round; the worker's API wires them.
//
// A worker hosts several runs (one per id) and one data set per (settings, seed) shared by them.
// The pool advances every running run in LOCKSTEP ROUNDS: `round` gets the same step count for
// each run that plays, so curves grow together whatever the number of workers.
import type { Divergence, EvalResult, TrainerStatus } from '../engine/trainer';
import type { DecisionGrid } from '../engine/inspect/views';
import type { Snapshot, SnapshotBatch } from '../engine/inspect/snapshots';
import type { RunSpec, SharedSettings } from '../experiment/model';
import type { InitConfig } from '../engine/types';
import type { CurvatureCost, CurvatureMeta, SharpnessSample } from '../engine/curvature/tracker';

/** What a worker needs to start one run. Plain data: pass $state.snapshot(...), never a $state proxy. */
export interface StartRequest {
	shared: SharedSettings;
	run: RunSpec;
	/** absolute URL of mnist.bin (a worker resolves relative URLs against its own script) */
	mnistUrl?: string;
	/** record snapshots, trajectory and data views (default true; the LR sweep turns them off) */
	inspect?: boolean;
	/** θ₀ from an imported model file instead of the run's init (mlpLayout order) */
	initialParams?: Float32Array;
	/**
	 * bytes of trajectory snapshots this run may keep: its share of the page's total
	 * (trajectoryBudget(runs) in engine/loss-plane/trajectory.ts; default TRAJECTORY_BUDGET)
	 */
	trajectoryBudget?: number;
}

/** One run's share of a round: take exactly `steps` steps (fewer only if the run ends). */
export interface RoundOrder {
	id: string;
	steps: number;
}

/** What one run produced in a round, or why it failed (only this run: the others go on). */
export type RoundEntry<E> = { id: string; chunk: Chunk<E> } | { id: string; error: string };

export interface RoundReply<E> {
	entries: RoundEntry<E>[];
	/** wall time the worker spent on the round, ms (all its runs) */
	ms: number;
}

/**
 * What one `advance` of a run produced: the train loss of every step it took, the evaluations that
 * fell due, and where the run stands. Step numbers are 1-based like StepResult.step: losses[i] is
 * the loss of step fromStep + i, computed on θ after fromStep + i − 1 updates; evaluation `step`
 * counts the updates already applied (0 = θ₀).
 */
export interface Chunk<E> {
	fromStep: number;
	/** train loss of each completed step of this chunk; a step whose loss was non-finite is not included */
	losses: Float32Array;
	evals: EvalResult[];
	status: TrainerStatus;
	divergence: Divergence | null;
	/** = losses.length */
	stepsTaken: number;
	/** this run's own compute time in this chunk (evaluations included), not wall time of a shared core */
	computeMs: number;
	samplesPerSec: number;
	/** epochs completed so far (fractional) */
	epoch: number;
	/** updates applied so far (the trainer's step count) */
	step: number;
	/** what the run's inspector collected, if one is installed */
	extras?: E;
}

export interface SessionInfo<E> {
	nParams: number;
	stepsPerEpoch: number;
	totalSteps: number;
	trainSize: number;
	testSize: number;
	inputDim: number;
	nClasses: number;
	/** the loss of step 1 (θ₀ on the first mini-batch) — equal for runs that share seed and init */
	firstLoss: number;
	/**
	 * a zero-step chunk: the evaluation of θ₀ (step 0) and, with the inspector, the step-0
	 * snapshot and data views — so every view has something to show before anyone presses play
	 */
	initial?: Chunk<E>;
}

/** Per-layer snapshots, data views and the data drawn under them: what RunInspector collects. */
export interface DataViews {
	/** updates applied when the views were computed */
	step: number;
	decision?: DecisionGrid;
	confusion?: Uint32Array;
	predictions?: { pred: Uint8Array; confidence: Float32Array };
	filters?: { units: number[]; data: Float32Array };
}

/** Sent once (with step 0): what the data views draw underneath every run's results. */
export interface DataStatic {
	kind: 'mnist' | 'toy';
	nClasses: number;
	/** toy: the train points in data units */
	points?: { x: Float32Array; y: Uint8Array; n: number };
	/** mnist: the fixed test digits every run predicts */
	digits?: { pixels: Float32Array; labels: Uint8Array; k: number };
	imageShape?: [number, number];
}

/** the sharpness estimates since the last chunk, what they measure, and what they cost so far */
export interface CurvatureExtras {
	samples: SharpnessSample[];
	meta: CurvatureMeta;
	cost: CurvatureCost;
}

export interface InspectorExtras {
	snapshots: SnapshotBatch;
	curvature?: CurvatureExtras;
	views?: DataViews;
	dataStatic?: DataStatic;
}

/** The chunks the training workers send: extras are what RunInspector collects. */
export type RunChunk = Chunk<InspectorExtras>;
export type RunInfo = SessionInfo<InspectorExtras>;
export type RunRound = RoundReply<InspectorExtras>;

export interface InitProfileResult {
	label: string;
	snapshot: Snapshot;
}

export type InitProfileRequest = { label: string; init: InitConfig }[];

/**
 * Fault injection for the robustness tests:
 *   'reject'   the run's next advance throws — only that run fails, its worker goes on;
 *   'uncaught' an exception outside any call — the Worker's 'error' event, all its runs fail;
 *   'close'    the worker closes itself (no event at all) — found by the heartbeat;
 *   'hang'     the worker loops forever (stops answering) — found by the heartbeat.
 */
export type CrashKind = 'reject' | 'uncaught' | 'close' | 'hang';
