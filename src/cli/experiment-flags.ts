// The CLI's experiment flags, derived from the field registry (src/lib/experiment/registry.ts):
// one flag per registry field that has a `cli` name, its --help line built from the entry's help,
// allowed range, where it applies and its default. Flag values are collected as text into the
// same raw object the URL decoder builds, and checked by the same schema — so a number the link
// refuses (0x10, Infinity, 1e999) is refused here, every limit of the README's table holds, and
// each message is the schema's, led by the flag it is about.
import { OPTIMIZERS, type OptimizerConfig, type OptimizerName } from '../lib/engine/types';
import { describeLimit } from '../lib/experiment/limits';
import type { FieldError } from '../lib/experiment/model';
import { applies, describeAppliesTo, FIELDS, limitOf, RUN_FIELDS, type Field } from '../lib/experiment/registry';
import { validateExperiment, validateOptimizer, type ValidationResult } from '../lib/experiment/schema';
import { rawField, setAt } from '../lib/experiment/url';
import { CliError, type Flags, type FlagSpec } from './args';

/** A field's flags: one, or two for the budget (--steps, --epochs). */
function flagsOf(f: Field): { name: string; unit?: 'steps' | 'epochs' }[] {
	if (f.type === 'budget') return [{ name: f.units.steps.cli, unit: 'steps' }, { name: f.units.epochs.cli, unit: 'epochs' }];
	return f.cli === '' ? [] : [{ name: f.cli }];
}

function ruleOf(f: Field, unit?: 'steps' | 'epochs'): string {
	switch (f.type) {
		case 'number':
			return typeof f.limit === 'function' ? `${describeLimit(limitOf(f, 'sgd'))} (nesterov: > 0)` : describeLimit(f.limit);
		case 'choice':
			return f.choices.join('|');
		case 'budget':
			return describeLimit(f.units[unit!].limit);
		default:
			return '';
	}
}

/** The --help line of one flag: what it is, what is allowed, where it applies, its default. */
function helpOf(f: Field, unit: 'steps' | 'epochs' | undefined, defaults: Record<string, string>): string {
	const what = unit === 'epochs' ? 'passes over the train split (instead of --steps)' : unit === 'steps' ? 'optimizer steps (instead of --epochs)' : f.help;
	const rule = ruleOf(f, unit);
	const where = describeAppliesTo(f);
	const name = unit ? unit : f.cli;
	const def = defaults[name];
	return [what, rule && (f.type === 'choice' ? rule : `${rule}${f.unit ? ` ${f.unit}` : ''}`), where && `[${where}]`, def !== undefined && `(default ${def})`]
		.filter(Boolean)
		.join('; ')
		.replace(/; \[/, ' [')
		.replace(/; \(default/, ' (default');
}

/** Flag specs for the given registry fields, in registry order. */
export function flagSpecs(fields: readonly Field[], defaults: Record<string, string> = {}): Record<string, FlagSpec> {
	const out: Record<string, FlagSpec> = {};
	for (const f of fields) for (const { name, unit } of flagsOf(f)) out[name] = { kind: f.type === 'bool' ? 'bool' : 'string', help: helpOf(f, unit, defaults) };
	return out;
}

/** The optimizer's flags (--optimizer, --lr, --momentum, …, --amsgrad), shared by `surface` and `train`. */
export const OPTIMIZER_FIELDS = RUN_FIELDS.filter((f) => f.path[0] === 'optimizer');
/** every experiment field with a flag */
export const EXPERIMENT_FIELDS = FIELDS.filter((f) => flagsOf(f).length > 0);

/** Puts each given flag's text where the URL decoder would, onto a copy of `base`. */
export function rawFromFlags(flags: Flags, fields: readonly Field[], base: { shared: Record<string, unknown>; run: Record<string, unknown> }) {
	const shared = structuredClone(base.shared);
	const run = structuredClone(base.run);
	for (const f of fields)
		for (const { name, unit } of flagsOf(f)) {
			const value = flags.get(name);
			if (value === undefined) continue;
			const target = f.scope === 'shared' ? shared : run;
			if (unit) setAt(target, f.path, { unit, value });
			else if (value === true) setAt(target, f.path, true);
			else setAt(target, f.path, rawField(f, f.type === 'widths' && value === 'none' ? '' : value));
		}
	return { shared, run };
}

/** The flag a schema message is about: 'runs[0].optimizer.lr' → 'lr', 'shared.hidden[2]' → 'hidden'. */
export function flagOfField(field: string, budgetUnit: 'steps' | 'epochs' = 'steps'): string | undefined {
	const m = /^(shared|runs\[\d+\]|optimizer)(?:\.(.*))?$/.exec(field.replace(/\[\d+\]$/, ''));
	if (!m) return undefined;
	const scope = m[1] === 'shared' ? 'shared' : 'run';
	const path = m[1] === 'optimizer' ? `optimizer${m[2] ? `.${m[2]}` : ''}` : (m[2] ?? '');
	if (scope === 'shared' && path.startsWith('budget')) return budgetUnit;
	const f = FIELDS.find((x) => x.scope === scope && (path === x.path.join('.') || path.startsWith(`${x.path.join('.')}.`)));
	return f && flagsOf(f)[0]?.name;
}

/**
 * One line for a schema message: the flag first, then what is allowed and what came in — without
 * the schema's fallback ("; using 0.001"), since the CLI refuses instead of falling back.
 */
export function cliMessage(e: FieldError, budgetUnit: 'steps' | 'epochs' = 'steps'): string {
	const flag = flagOfField(e.field, budgetUnit);
	const body = e.message.replace(/; (using|keeping|assigning|ignored)\b.*$/, '').replace(/^[^:]*?(\([^)]*\))?: /, '');
	return flag ? `--${flag}: ${body}` : e.message;
}

/** The first error, else the first warning, as a CliError; the CLI never falls back silently. */
export function refuseProblems(res: Pick<ValidationResult, 'errors' | 'warnings'>, budgetUnit?: 'steps' | 'epochs'): void {
	const problem = res.errors[0] ?? res.warnings[0];
	if (problem) throw new CliError(cliMessage(problem, budgetUnit));
}

/** The optimizer the flags describe (omitted hyper-parameters: the engine fills torch's defaults). */
export function optimizerFromFlags(flags: Flags, fallbackName: OptimizerName, defaultLr: (name: OptimizerName) => number): OptimizerConfig {
	const { run } = rawFromFlags(flags, OPTIMIZER_FIELDS, { shared: {}, run: {} });
	const raw = (run.optimizer ?? {}) as Record<string, unknown>;
	const name = (OPTIMIZERS as readonly unknown[]).includes(raw.name) ? (raw.name as OptimizerName) : fallbackName;
	if (raw.lr === undefined) raw.lr = defaultLr(name);
	const res = validateOptimizer(raw, fallbackName);
	refuseProblems(res);
	return res.optimizer;
}

export { validateExperiment };

/**
 * The flags that reproduce an experiment's shared settings and one of its runs (every field with a
 * flag that applies to it, in registry order) — the CLI twin of encodeExperiment.
 */
export function flagsFor(shared: object, run: object & { optimizer: { name: OptimizerName }; init: { scheme: string }; schedule: { kind: string } }): string[] {
	const on = { optimizer: run.optimizer.name, init: run.init.scheme as never, schedule: run.schedule.kind as never };
	const out: string[] = [];
	for (const f of EXPERIMENT_FIELDS) {
		if (f.scope === 'run' && !applies(f, on)) continue;
		const value = valueAt(f.scope === 'shared' ? shared : run, f.path);
		if (value === undefined) continue;
		if (f.type === 'budget') {
			const b = value as { unit: 'steps' | 'epochs'; value: number };
			out.push(`--${f.units[b.unit].cli}`, String(b.value));
		} else if (f.type === 'bool') {
			if (value === true) out.push(`--${f.cli}`);
		} else if (f.type === 'widths') out.push(`--${f.cli}`, (value as number[]).length === 0 ? 'none' : (value as number[]).join(','));
		else if (f.type === 'bias') {
			const b = value as { kind: string; value?: number };
			out.push(`--${f.cli}`, b.kind === 'zeros' ? 'zeros' : String(b.value));
		} else out.push(`--${f.cli}`, String(value));
	}
	return out;
}

function valueAt(x: object, path: readonly string[]): unknown {
	let v: unknown = x;
	for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
	return v;
}
