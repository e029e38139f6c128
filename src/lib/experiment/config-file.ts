// The experiment as a config file (JSON with a format tag and version): written by the Export
// menu, read by Import and by anything that hands the page a file. Reading goes through
// validateExperiment like the URL does, so a hand-edited or hostile file only ever produces a valid
// experiment plus messages — it never throws.
import { JSON_MAX } from './limits';
import type { Experiment, FieldError } from './model';
import { validateExperiment, type ValidationResult } from './schema';
import { merge, quote } from './url';

export const EXPERIMENT_FORMAT = 'optimizer-playground/experiment';
export const EXPERIMENT_VERSION = 1;

/** A config file: the experiment with a format tag and version, tab-indented. */
export function experimentToJson(e: Experiment): string {
	return `${JSON.stringify({ format: EXPERIMENT_FORMAT, version: EXPERIMENT_VERSION, shared: e.shared, runs: e.runs }, null, '\t')}\n`;
}

/** Reads a config file (as written by experimentToJson) into a valid experiment. Never throws. */
export function experimentFromJson(text: string): ValidationResult {
	const errors: FieldError[] = [];
	const warnings: FieldError[] = [];
	const fail = (message: string) => {
		errors.push({ field: 'file', message: `config file: ${message}; using the default experiment` });
		return merge(validateExperiment(undefined), errors, warnings);
	};
	if (typeof text !== 'string') return fail('must be text');
	if (text.length > JSON_MAX) return fail(`at most ${JSON_MAX} characters (1 MB), got ${text.length}`);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		return fail(`not valid JSON (${e instanceof Error ? e.message.slice(0, 200) : 'parse error'})`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('must hold a JSON object { "shared": …, "runs": … }');
	const { format, version, ...rest } = data as Record<string, unknown>;
	if (format !== undefined && format !== EXPERIMENT_FORMAT)
		warnings.push({ field: 'format', message: `config file: format is ${quote(String(format))}, expected "${EXPERIMENT_FORMAT}"; reading it anyway` });
	if (typeof version === 'number' && version > EXPERIMENT_VERSION)
		warnings.push({ field: 'version', message: `config file: version ${version} is newer than ${EXPERIMENT_VERSION}; settings this version does not know are ignored` });
	return merge(validateExperiment(rest), errors, warnings);
}
