// A small strict flag parser for the CLI: `--name value` or `--name=value`, booleans as `--flag`.
// Every problem becomes a CliError whose one-line message names the flag and what is allowed.

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
		// a value may start with '-' (negative numbers, --from -1,2); only a missing one is an error
		if (value === undefined || value === '') throw new CliError(`--${name}: needs a value`);
		out.set(name, value);
	}
	return out;
}

/** a finite number, optionally constrained; `what` says what is allowed */
export function numberFlag(flags: Flags, name: string, check: (v: number) => boolean, what: string): number | undefined {
	const raw = flags.get(name);
	if (raw === undefined || raw === true) return undefined;
	const v = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(v) || !check(v)) throw new CliError(`--${name}: must be ${what}, got "${raw}"`);
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

/** "128,64" → [128, 64] (an empty string is allowed and means no hidden layer) */
export function listFlag(flags: Flags, name: string, lo: number, hi: number, maxLen: number): number[] | undefined {
	const raw = flags.get(name);
	if (raw === undefined || raw === true) return undefined;
	if (raw === 'none') return [];
	const parts = raw.split(',');
	if (parts.length > maxLen) throw new CliError(`--${name}: at most ${maxLen} values, got ${parts.length}`);
	return parts.map((p) => {
		const v = Number(p);
		if (p.trim() === '' || !Number.isInteger(v) || v < lo || v > hi)
			throw new CliError(`--${name}: each value must be a whole number from ${lo} to ${hi}, got "${p}" in "${raw}"`);
		return v;
	});
}

/** "X,Y" → [X, Y] */
export function pointFlag(flags: Flags, name: string): [number, number] | undefined {
	const raw = flags.get(name);
	if (raw === undefined || raw === true) return undefined;
	const parts = raw.split(',');
	const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
	if (parts.length !== 2 || !nums.every(Number.isFinite)) throw new CliError(`--${name}: must be two finite numbers "X,Y", got "${raw}"`);
	return [nums[0], nums[1]];
}

export function helpText(command: string, summary: string, spec: Record<string, FlagSpec>): string {
	const rows = Object.entries(spec).map(([k, s]) => `  --${k}${s.kind === 'string' ? ' <value>' : ''}`.padEnd(28) + s.help);
	return `${command}: ${summary}\n\n${rows.join('\n')}\n`;
}
