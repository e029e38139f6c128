// Props of the data-facing views. Each view takes a structural subset of one run record, so a
// parent can keep one `MnistRunView` per run and hand the same array to every MNIST view.
import type { DecisionGrid } from '$lib/engine/inspect/views';

export type { DecisionGrid };

interface RunIdentity {
	id: string;
	label: string;
	/** index into the run palette (palette.ts runColor) */
	colorIndex: number;
	/** a warning after the label, e.g. "diverged at step 6 — showing step 0" */
	note?: string;
}

export interface BoundaryPanel extends RunIdentity {
	/** null until the run's first grid arrives */
	grid: DecisionGrid | null;
	/** e.g. "step 1,200" or "✕ diverged at step 120" — shown after the label */
	status?: string;
	/** show the status as a warning (bold, danger colour), e.g. for a diverged run */
	alert?: boolean;
}

/** The points drawn on every boundary panel, in RAW data units (before preprocessing). */
export interface ToyPoints {
	/** (N, 2) */
	x: Float32Array;
	y: Uint8Array;
	n: number;
}

export interface FilterRun extends RunIdentity {
	/** (units.length, IN) incoming weights of the selected first-layer units */
	filters: Float32Array | null;
	units: number[];
}

export interface Digits {
	/** (k, rows·cols) pixels in [0, 1] */
	pixels: Float32Array;
	labels: Uint8Array;
	k: number;
}

export interface PredictionRun extends RunIdentity {
	/** (k) predicted class per digit; 255 (NO_CLASS) = no prediction (non-finite logits) */
	pred: Uint8Array | null;
	/** (k) softmax probability of the predicted class */
	confidence: Float32Array | null;
}

export interface ConfusionRun extends RunIdentity {
	/** (C, C), row = true class, column = predicted */
	matrix: Uint32Array | null;
}

/** Everything the MNIST views need about one run. */
export type MnistRunView = FilterRun & PredictionRun & ConfusionRun & { status?: string };
