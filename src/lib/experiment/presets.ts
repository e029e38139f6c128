// Quick actions on an experiment, as pure functions: each returns new runs or a new experiment and
// never mutates its argument (unchanged parts are shared), so the page can keep its state in
// $state.raw and simply replace it.
import { INIT_DEFAULTS } from '../engine/init';
import { DEFAULT_LR, withDefaults } from '../engine/optim/index';
import { OPTIMIZERS, type InitConfig, type OptimizerConfig, type OptimizerName } from '../engine/types';
import { LIMITS } from './limits';
import type { Experiment, RunSpec, SharedSettings } from './model';
import { defaultInit, OPTIMIZER_LABELS } from './defaults';
import { sanitizeLabel } from './fields';
import { TUNED_LR } from './tuned-lr';

/**
 * Where "Compare all optimizers" takes its learning rates from:
 * - 'tuned': the rate a sweep found best for this data set (TUNED_LR, written by
 *   src/scripts/tune-lr.ts; every rate's figures in tests/perf/results/tune-lr.md). A fair race:
 *   torch's defaults were chosen for other problems, and on a 2-D set they make the adaptive
 *   methods look slow.
 * - 'defaults': each optimizer's documented default rate (DEFAULT_LR), e.g. for a lesson about them.
 */
export type CompareRates = 'tuned' | 'defaults';

/** the rate compareAllOptimizers gives an optimizer on a data set */
export function compareRate(name: OptimizerName, dataset: SharedSettings['dataset'], rates: CompareRates = 'tuned'): number {
	return rates === 'tuned' ? (TUNED_LR[dataset]?.[name] ?? DEFAULT_LR[name]) : DEFAULT_LR[name];
}

/**
 * The seven optimizers, all from one init (by default the one that suits the activation), so the
 * only difference between the runs is the optimizer — each at the learning rate tuned for this
 * data set (or at its default rate, with rates = 'defaults').
 */
export function compareAllOptimizers(shared: SharedSettings, init: InitConfig = defaultInit(shared.activation), rates: CompareRates = 'tuned'): RunSpec[] {
	return OPTIMIZERS.map((name, i) => ({
		id: `r${i}`,
		label: OPTIMIZER_LABELS[name],
		color: i,
		optimizer: { name, lr: compareRate(name, shared.dataset, rates) },
		schedule: { kind: 'constant' },
		init: structuredClone(init)
	}));
}

/** The initializations compared by compareAllInits, with the labels the legend shows. */
export const INIT_COMPARISON: readonly { label: string; init: InitConfig }[] = [
	{ label: 'zeros', init: { scheme: 'zeros' } },
	{ label: 'normal σ=0.01 (too small)', init: { scheme: 'normal', std: 0.01 } },
	{ label: 'normal σ=1 (too large)', init: { scheme: 'normal', std: 1 } },
	{ label: 'Xavier uniform', init: { scheme: 'xavier-uniform' } },
	{ label: 'He normal', init: { scheme: 'he-normal' } },
	{ label: 'orthogonal', init: { scheme: 'orthogonal' } },
	{ label: 'torch default', init: { scheme: 'torch-default' } }
];

/**
 * One optimizer, seven initializations. `_shared` is taken for symmetry with compareAllOptimizers;
 * the list is the same for every activation, so a mismatched init (He for tanh) shows its cost.
 */
export function compareAllInits(_shared: SharedSettings, optimizer: OptimizerConfig): RunSpec[] {
	return INIT_COMPARISON.map(({ label, init }, i) => ({
		id: `r${i}`,
		label,
		color: i,
		optimizer: { ...optimizer },
		schedule: { kind: 'constant' },
		init: structuredClone(init)
	}));
}

/**
 * A new run with an optimizer the experiment does not have yet, at its default rate, starting from
 * the first run's init so it shares θ₀ with it. Unchanged if the experiment already has the most runs.
 */
export function addRun(e: Experiment): Experiment {
	if (e.runs.length >= LIMITS.runs.max) return e;
	const used = new Set(e.runs.map((r) => r.optimizer.name));
	const name: OptimizerName = OPTIMIZERS.find((o) => !used.has(o)) ?? 'adam';
	const run: RunSpec = {
		id: freshId(e.runs),
		label: OPTIMIZER_LABELS[name],
		color: nextColor(e.runs),
		optimizer: { name, lr: DEFAULT_LR[name] },
		schedule: { kind: 'constant' },
		init: structuredClone(e.runs[0]?.init ?? defaultInit(e.shared.activation))
	};
	return { shared: e.shared, runs: [...e.runs, run] };
}

/** A copy of run `id`, inserted right after it, labelled "… (copy)". Unchanged if id is unknown or runs are full. */
export function duplicateRun(e: Experiment, id: string): Experiment {
	const i = e.runs.findIndex((r) => r.id === id);
	if (i < 0 || e.runs.length >= LIMITS.runs.max) return e;
	const copy: RunSpec = {
		...structuredClone(e.runs[i]),
		id: freshId(e.runs),
		label: sanitizeLabel(`${e.runs[i].label} (copy)`),
		color: nextColor(e.runs)
	};
	return { shared: e.shared, runs: [...e.runs.slice(0, i + 1), copy, ...e.runs.slice(i + 1)] };
}

/** The experiment without run `id`. Unchanged if id is unknown or it is the only run. */
export function removeRun(e: Experiment, id: string): Experiment {
	if (e.runs.length <= LIMITS.runs.min || !e.runs.some((r) => r.id === id)) return e;
	return { shared: e.shared, runs: e.runs.filter((r) => r.id !== id) };
}

/** One past the largest 'rN' in use, so an id is never reused while a stale worker message could still name it. */
function freshId(runs: readonly RunSpec[]): string {
	const numbers = runs.map((r) => /^r(\d+)$/.exec(r.id)).map((m) => (m ? Number(m[1]) : -1));
	const next = Math.max(-1, ...numbers) + 1;
	if (next <= 999_999_999) return `r${next}`; // the schema accepts up to nine digits
	let n = 0;
	while (runs.some((r) => r.id === `r${n}`)) n++;
	return `r${n}`;
}

/** The first palette slot no run uses (runs beyond 8 get dashed variants of the 8 colours). */
function nextColor(runs: readonly RunSpec[]): number {
	const used = new Set(runs.map((r) => r.color));
	for (let c = 0; c <= LIMITS.color.max; c++) if (!used.has(c)) return c;
	return runs.length % (LIMITS.color.max + 1);
}

// ── fairness ─────────────────────────────────────────────────────────────────────────────────────

export interface FairnessReport {
	/** run ids grouped by identical initial weights θ₀, in order of first appearance */
	sameInitGroups: string[][];
	/** whether every run sees the same mini-batches in the same order */
	sameBatches: boolean;
	notes: string[];
}

/**
 * The trainer draws layer l's weights from deriveSeed(seed, 'init', l) and the batch order from
 * deriveSeed(seed, 'batches'): neither stream depends on the optimizer or on the run's position.
 * So two runs start from the same θ₀ exactly when their init configs resolve to the same thing
 * (omitted parameters take INIT_DEFAULTS), and every run of an experiment sees the same batches.
 */
export function fairnessReport(e: Experiment): FairnessReport {
	const groups = new Map<string, RunSpec[]>();
	for (const run of e.runs) {
		const key = initKey(run.init);
		groups.set(key, [...(groups.get(key) ?? []), run]);
	}
	const names = (runs: RunSpec[]) => runs.map((r) => JSON.stringify(r.label)).join(', ');
	const notes = [
		`Every run sees the same mini-batches in the same order: it is drawn from seed ${e.shared.seed} and the data alone, never from the optimizer.`
	];
	if (e.runs.length > 1 && groups.size === 1) {
		notes.push(`All ${e.runs.length} runs start from the same initial weights θ₀ (${initKey(e.runs[0].init)}), so differences come from the optimizer and schedule alone.`);
	} else if (groups.size > 1) {
		for (const [key, runs] of groups) if (runs.length > 1) notes.push(`${names(runs)} start from the same θ₀ (${key}).`);
		notes.push('Runs with different inits start from different θ₀.');
		const mixed = confounded(e.runs);
		if (mixed)
			notes.push(`${names(mixed)} differ in both optimizer and init, so a difference between them cannot be put down to either alone.`);
	}
	return { sameInitGroups: [...groups.values()].map((runs) => runs.map((r) => r.id)), sameBatches: true, notes };
}

/** The init with its defaults resolved, e.g. "normal σ=0.01, bias 0"; equal strings ⇔ equal θ₀. */
function initKey(init: InitConfig): string {
	const param =
		init.scheme === 'normal'
			? ` σ=${init.std ?? INIT_DEFAULTS.std}`
			: init.scheme === 'uniform'
				? ` a=${init.bound ?? INIT_DEFAULTS.bound}`
				: init.scheme === 'constant'
					? ` ${init.value ?? INIT_DEFAULTS.value}`
					: '';
	// torch-default draws its own bias; a constant bias of 0 is the zeros bias.
	const bias = init.scheme === 'torch-default' ? '' : `, bias ${init.bias?.kind === 'constant' ? init.bias.value : 0}`;
	return `${init.scheme}${param}${bias}`;
}

/** The first pair of runs that differ in both the optimizer config and θ₀, if any. */
function confounded(runs: readonly RunSpec[]): [RunSpec, RunSpec] | null {
	for (let i = 0; i < runs.length; i++)
		for (let j = i + 1; j < runs.length; j++) {
			const a = runs[i];
			const b = runs[j];
			if (initKey(a.init) !== initKey(b.init) && optimizerKey(a.optimizer) !== optimizerKey(b.optimizer)) return [a, b];
		}
	return null;
}

/** The optimizer with torch's defaults filled in, keys sorted: equal strings ⇔ the same update rule. */
function optimizerKey(o: OptimizerConfig): string {
	const full = withDefaults(o);
	return (Object.keys(full) as (keyof OptimizerConfig)[])
		.sort()
		.map((k) => `${k}=${full[k]}`)
		.join(',');
}
