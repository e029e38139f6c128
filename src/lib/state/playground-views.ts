// What the playground's views read from its state, mapped once here instead of in the route: the
// legend of exported charts, the runs as the "inside the network" views see them, the key that
// says when step-0 profiles are stale, and the two questions asked of a run's worker (its model as
// JSON, the step-0 profiles of a set of inits).
import type { InitConfig } from '../engine/types';
import type { SvgLegendItem } from '../export/svg';
import type { InsideRun } from '../plot/hist';
import { runColor, runDash } from '../plot/palette';
import type { Playground } from './playground.svelte';

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
			id: r.id,
			label: r.label,
			colorIndex: r.colorIndex,
			layerNames: [...hidden.map((w, i) => `hidden ${i + 1} (${w})`), `output (${out})`],
			layerWidths: [...hidden, out],
			activation,
			store: r.snapshots,
			version: r.version,
			divergedAt: r.divergedAt
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
