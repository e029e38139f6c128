// What the playground's views read from its state, mapped once here instead of in the route: the
// legend of exported charts, the runs as each view sees them (inside the network, weight-space
// paths, curvature, data and predictions, the run list), the key that says when step-0 profiles
// are stale, and the questions asked of a run's worker (its model as JSON, the step-0 profiles of
// a set of inits, a drawn digit's prediction).
import { staleNote } from '../components/data/stale';
import type { InitConfig } from '../engine/types';
import { effectiveOptimizer } from '../experiment/changes';
import type { RunSpec } from '../experiment/model';
import type { SvgLegendItem } from '../export/svg';
import type { InsideRun } from '../plot/hist';
import { runColor, runDash } from '../plot/palette';
import type { DataViews } from '../worker/protocol';
import { changeMarks } from '../plot/change-marks';
import type { Playground } from './playground.svelte';
import type { RunStatus } from './pool';
import type { RunState } from './run.svelte';

/** one legend entry per run, in the charts' colours and dashes */
export function legendItems(pg: Playground): SvgLegendItem[] {
	return pg.runs.map((r) => ({ label: r.label, color: runColor(r.colorIndex), dash: runDash(r.colorIndex) }));
}

/** each run with its layers named "hidden 1 (16)", …, "output (3)" */
export function insideRuns(pg: Playground): InsideRun[] {
	const { hidden, activation } = pg.experiment.shared;
	return pg.runs.map((r) => {
		const out = r.info?.nClasses ?? 0;
		return {
			...runKey(r),
			layerNames: [...hidden.map((w, i) => `hidden ${i + 1} (${w})`), `output (${out})`],
			layerWidths: [...hidden, out],
			activation,
			store: r.snapshots,
			version: r.version,
			divergedAt: r.divergedAt,
			changes: changeMarks([r])
		};
	});
}

/** changes whenever θ₀ of a fresh run would: a reset, the data, the activation, the seed, the preprocessing */
export function initKey(pg: Playground): string {
	const s = pg.experiment.shared;
	return `${pg.resets}:${s.dataset}:${s.activation}:${s.seed}:${s.preprocessing}`;
}

/** the trained model of one run as JSON (the Export menu's model file) */
export async function modelJson(pg: Playground, id: string): Promise<string> {
	const port = pg.ports().find((p) => p.id === id)?.port;
	if (!port) throw new Error('this run has no worker (remove or failure); restart it first');
	return port.modelJson();
}

/** step-0 profiles from the first run whose worker is ready */
export async function initProfiles(pg: Playground, hidden: number[], inits: { label: string; init: InitConfig }[]) {
	for (const { port } of pg.ports()) {
		if (!port) continue;
		try {
			return await port.initProfiles(hidden, inits);
		} catch {
			// this run's worker has not started yet; try the next
		}
	}
	throw new Error('waiting for a run to load its data…');
}

/** what every view's entry of a run starts with: its id, its label and its colour */
export function runKey(r: RunState): { id: string; label: string; colorIndex: number } {
	return { id: r.id, label: r.label, colorIndex: r.colorIndex };
}

/** a run's data views at the scrubbed step (the latest when following) */
export function viewsAt(r: RunState, scrubStep: number | null): DataViews | null {
	if (scrubStep === null) return r.views;
	void r.version; // the history is not reactive; version is bumped when it grows
	return r.viewHistory.at(scrubStep);
}

/** the run list's specs: the optimizer as in force now (live changes folded in) */
export function runSpecsInForce(pg: Playground): RunSpec[] {
	return pg.experiment.runs.map((r) => ({ ...r, optimizer: effectiveOptimizer(r.optimizer, r.changes), changes: undefined }));
}

/** the status line of a run in the run list, naming a θ₀ imported from a file */
export function runStatusLine(pg: Playground, id: string): { status: RunStatus; text: string } {
	const r = pg.run(id);
	return { status: r?.status ?? 'idle', text: `${r?.statusText ?? ''}${r?.initFrom ? ` · θ₀ from file “${r.initFrom}”` : ''}` };
}

/** the runs as the weight-space view needs them */
export function pathRuns(pg: Playground) {
	return pg.runs.map((r) => ({ ...runKey(r), step: r.step, divergedAt: r.divergedAt }));
}

/** every run has stopped (done, diverged or failed) and at least one took a step: the paths are complete */
export function allRunsFinished(pg: Playground): boolean {
	return pg.runs.length > 0 && pg.runs.every((r) => r.status === 'done' || r.status === 'diverged' || r.status === 'failed') && pg.runs.some((r) => r.step > 0);
}

/** runs left out of the PCA plane, with the reason */
export function excludedFromPlane(pg: Playground): { id: string; reason: string }[] {
	return pg.runs.flatMap((r) => (r.divergedAt === null ? [] : [{ id: r.id, reason: `diverged at step ${r.divergedAt}` }]));
}

/** the runs as the curvature view needs them */
export function curvatureRuns(pg: Playground) {
	return pg.runs.map((r) => ({
		...runKey(r),
		samples: r.curvature,
		meta: r.curvatureInfo?.meta ?? null,
		cost: r.curvatureInfo?.cost ?? null,
		step: r.step,
		divergedAt: r.divergedAt,
		status: r.statusText
	}));
}

/** one decision-boundary panel per run of a 2-D set, at the scrubbed step */
export function toyPanels(pg: Playground, scrubStep: number | null) {
	return pg.runs.map((r) => {
		const v = viewsAt(r, scrubStep);
		return {
			...runKey(r),
			grid: v?.decision ?? null,
			status: staleNote(r.divergedAt, v?.step ?? null) ?? r.statusText,
			alert: r.status === 'diverged' || r.status === 'failed'
		};
	});
}

/** each MNIST run's filters, predictions and confusion matrix at the scrubbed step */
export function mnistRuns(pg: Playground, scrubStep: number | null) {
	return pg.runs.map((r) => {
		const v = viewsAt(r, scrubStep);
		return {
			...runKey(r),
			filters: v?.filters?.data ?? null,
			units: v?.filters?.units ?? [],
			pred: v?.predictions?.pred ?? null,
			confidence: v?.predictions?.confidence ?? null,
			matrix: v?.confusion ?? null,
			status: r.statusText,
			note: staleNote(r.divergedAt, v?.step ?? null) ?? undefined
		};
	});
}

/** a drawn digit's prediction by one run's worker (null while it has none) */
export function predictDigit(pg: Playground, id: string, x: Float32Array): Promise<Float32Array | null> {
	return pg.ports().find((p) => p.id === id)?.port?.predict(x, 1, true) ?? Promise.resolve(null);
}
