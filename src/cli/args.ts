// A small strict flag parser for the CLI: `--name value` or `--name=value`, booleans as `--flag`.
// Every problem becomes a CliError whose one-line message names the flag and what is allowed.
// Numbers are read by the URL's rule (parseNumberText): plain decimals only, no hex/binary/octal.
import { parseNumberText } from '../lib/experiment/fields';

export class CliError extends Error {}

export interface FlagSpec {
	/** 'bool' flags take no value */
	kind: 'string' | 'bool';
	help: string;
}

export type Flags = Map<string, string | true>;

export function parseFlags(argv: string[], spec: Record<string, FlagSpec>): Flags {
	const out: Flags = new Map();
	for (let i = 0; i < argv.length; i++) {
		const tok = argv[i];
		if (!tok.startsWith('--')) throw new CliError(`unexpected argument "${tok}": flags look like --name value`);
		const eq = tok.indexOf('=');
		const name = eq >= 0 ? tok.slice(2, eq) : tok.slice(2);
		const s = spec[name];
		if (!s) throw new CliError(`--${name}: unknown flag; run with --help to list the flags`);
		if (out.has(name)) throw new CliError(`--${name}: given more than once`);
		if (s.kind === 'bool') {
			if (eq >= 0) throw new CliError(`--${name}: takes no value`);
			out.set(name, true);
			continue;
		}
		let value: string | undefined;
		if (eq >= 0) value = tok.slice(eq + 1);
		else {
			value = argv[i + 1];
			i++;
		}
		// a value may start with '-' (negative numbers, --from -1,2), but not with '--': that is the
		// next flag, and the flag missing its value is the one to name
		if (value === undefined || value === '') throw new CliError(`--${name}: needs a value`);
		if (eq < 0 && value.startsWith('--')) throw new CliError(`--${name}: needs a value, got the flag ${value.split('=')[0]}`);
		out.set(name, value);
	}
	return out;
}

/** a finite number, optionally constrained; `what` says what is allowed */
export function numberFlag(flags: Flags, name: string, check: (v: number) => boolean, what: string): number | undefined {
	const raw = flags.get(name);
	if (raw === undefined || raw === true) return undefined;
	const v = parseNumberText(raw);
	if (v === undefined || !check(v)) throw new CliError(`--${name}: must be ${what}, got ${JSON.stringify(raw)}`);
	return v;
}

export function intFlag(flags: Flags, name: string, lo: number, hi: number): number | undefined {
	return numberFlag(flags, name, (v) => Number.isInteger(v) && v >= lo && v <= hi, `a whole number from ${lo} to ${hi}`);
}

export function choiceFlag<T extends string>(flags: Flags, name: string, choices: readonly T[]): T | undefined {
	const raw = flags.get(name);
	if (raw === undefined || raw === true) return undefined;
	if (!(choices as readonly string[]).includes(raw)) throw new CliError(`--${name}: unknown "${raw}"; allowed: ${choices.join(', ')}`);
	return raw as T;
}

/** "X,Y" → [X, Y] */
export function pointFlag(flags: Flags, name: string): [number, number] | undefined {
	const raw = flags.get(name);
	if (raw === undefined || raw === true) return undefined;
	const parts = raw.split(',');
	const nums = parts.map((p) => parseNumberText(p) ?? NaN);
	if (parts.length !== 2 || !nums.every(Number.isFinite)) throw new CliError(`--${name}: must be two finite numbers "X,Y", got ${JSON.stringify(raw)}`);
	return [nums[0], nums[1]];
}

export function helpText(command: string, summary: string, spec: Record<string, FlagSpec>): string {
	const rows = Object.entries(spec).map(([k, s]) => `  --${k}${s.kind === 'string' ? ' <value>' : ''}`.padEnd(28) + s.help);
	return `${command}: ${summary}\n\n${rows.join('\n')}\n`;
}
