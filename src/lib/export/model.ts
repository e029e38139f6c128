// A trained model as a file: written in exactly the CLI's --save-model format (model-file.ts), and
// read back with a validator that refuses anything the format does not allow, saying where.
//
// Pure (relative imports, no DOM): the worker builds the file text with modelFileText, and Node
// tests check both directions.
import { mlpLayout, type Mlp } from '../engine/mlp';
import { ACTIVATIONS, type ActivationName } from '../engine/types';
import type { RunSpec, SharedSettings } from '../experiment/model';
import { MODEL_FORMAT, modelToJson, type ModelJson, type ModelLayerJson } from '../experiment/model-file';
import { validateExperiment } from '../experiment/schema';

/** characters of a model file we agree to parse (≈ 20 MB, about a million parameters) */
export const MODEL_JSON_MAX = 20_000_000;

/** What the export needs of a Trainer (engine/trainer.ts's Trainer satisfies it). */
export interface TrainedModel {
	mlp: Mlp;
	stepCount: number;
}

/** The model of a trainer now, in the --save-model format. */
export function modelJsonFromTrainer(trainer: TrainedModel, shared: SharedSettings, run: RunSpec): ModelJson {
	return modelToJson(trainer.mlp, shared, run, trainer.stepCount);
}

/** The file text, byte for byte what `cli train --save-model` writes for the same model. */
export function modelFileText(trainer: TrainedModel, shared: SharedSettings, run: RunSpec): string {
	return JSON.stringify(modelJsonFromTrainer(trainer, shared, run));
}

export type ModelValidation = { model: ModelJson; warnings: string[] } | { error: string };

class Refusal extends Error {}

function refuse(message: string): never {
	throw new Refusal(message);
}

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function shown(x: unknown): string {
	if (x === null) return 'null';
	if (Array.isArray(x)) return `an array of ${x.length}`;
	if (typeof x === 'object') return 'an object';
	const s = typeof x === 'string' ? JSON.stringify(x) : String(x);
	return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function wholeNumber(x: unknown, field: string, min: number): number {
	if (typeof x !== 'number' || !Number.isInteger(x) || x < min) refuse(`${field}: must be a whole number ≥ ${min}, got ${shown(x)}`);
	return x;
}

/** a finite number; JSON has no NaN, so a NaN or ±Infinity in a saved model arrives as null */
function finiteRow(x: unknown, length: number, field: string): number[] {
	if (!Array.isArray(x)) refuse(`${field}: must be an array of ${length} numbers, got ${shown(x)}`);
	if (x.length !== length) refuse(`${field}: must hold ${length} numbers, got ${x.length}`);
	const row: number[] = new Array<number>(length);
	for (let i = 0; i < length; i++) {
		const v: unknown = x[i];
		if (typeof v !== 'number') refuse(`${field}[${i}]: must be a number, got ${shown(v)}${v === null ? ' (a NaN or infinite value saved as JSON)' : ''}`);
		// JSON.parse reads an overflowing literal such as 1e999 as Infinity
		if (!Number.isFinite(v)) refuse(`${field}[${i}]: must be finite, got ${shown(v)}`);
		row[i] = v;
	}
	return row;
}

function layer(x: unknown, l: number, fanIn: number, fanOut: number): ModelLayerJson {
	const field = `layers[${l}]`;
	if (!isRecord(x)) refuse(`${field}: must be an object { in, out, weight, bias }, got ${shown(x)}`);
	if (x.in !== fanIn) refuse(`${field}.in: must be ${fanIn} (sizes[${l}]), got ${shown(x.in)}`);
	if (x.out !== fanOut) refuse(`${field}.out: must be ${fanOut} (sizes[${l + 1}]), got ${shown(x.out)}`);
	// weight is out × in, like torch.nn.Linear.weight
	const w = x.weight;
	if (!Array.isArray(w)) refuse(`${field}.weight: must be ${fanOut} rows of ${fanIn} numbers (out × in), got ${shown(w)}`);
	if (w.length !== fanOut) refuse(`${field}.weight: must have ${fanOut} rows (out × in), got ${w.length}`);
	const weight = w.map((row: unknown, o: number) => finiteRow(row, fanIn, `${field}.weight[${o}]`));
	const bias = finiteRow(x.bias, fanOut, `${field}.bias`);
	return { in: fanIn, out: fanOut, weight, bias };
}

function sameNumbers(a: unknown, b: readonly number[]): boolean {
	return Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The config the model was trained with, checked by the experiment schema. A CLI run may use
 * settings beyond the playground's limits (e.g. --eval-every 2e6): those are reported as warnings
 * and replaced, since the weights, not the config, are what a model file is for. The config must
 * agree with the weights about the architecture, though: a file that contradicts itself is refused.
 */
function config(x: unknown, sizes: readonly number[], activation: ActivationName, warnings: string[]): ModelJson['config'] {
	if (!isRecord(x) || !isRecord(x.shared) || !isRecord(x.run)) refuse(`config: must be an object { shared, run }, got ${shown(x)}`);
	const hidden = sizes.slice(1, -1);
	if (!sameNumbers(x.shared.hidden, hidden))
		refuse(`config.shared.hidden: must be [${hidden.join(', ')}] to match sizes, got ${Array.isArray(x.shared.hidden) ? `[${x.shared.hidden.map(shown).join(', ')}]` : shown(x.shared.hidden)}`);
	if (x.shared.activation !== activation) refuse(`config.shared.activation: must be "${activation}" to match activation, got ${shown(x.shared.activation)}`);
	const checked = validateExperiment({ shared: x.shared, runs: [x.run] });
	for (const m of checked.errors) warnings.push(`config.${m.field.replace(/^runs\[0\]/, 'run')}: ${m.message}`);
	const run = checked.experiment.runs[0];
	// the schema may have shrunk an out-of-limits network; the weights say what it is
	return { shared: { ...checked.experiment.shared, hidden, activation }, run };
}

function model(data: unknown, warnings: string[]): ModelJson {
	if (!isRecord(data)) refuse(`must hold a JSON object { format, version, sizes, layers, … }, got ${shown(data)}`);
	if (data.format !== MODEL_FORMAT) refuse(`format: must be "${MODEL_FORMAT}", got ${shown(data.format)}`);
	if (data.version !== 1) refuse(`version: must be 1, got ${shown(data.version)}${typeof data.version === 'number' && data.version > 1 ? ' (a newer file than this app reads)' : ''}`);
	const s = data.sizes;
	if (!Array.isArray(s) || s.length < 2) refuse(`sizes: must be an array [input, hidden…, classes] of at least 2 sizes, got ${shown(s)}`);
	const sizes = s.map((v: unknown, i: number) => wholeNumber(v, `sizes[${i}]`, 1));
	const act = data.activation;
	if (typeof act !== 'string' || !(ACTIVATIONS as readonly string[]).includes(act))
		refuse(`activation: must be one of ${ACTIVATIONS.join(', ')}, got ${shown(act)}`);
	const activation = act as ActivationName;
	const step = wholeNumber(data.step, 'step', 0);
	const L = data.layers;
	if (!Array.isArray(L) || L.length !== sizes.length - 1)
		refuse(`layers: must hold ${sizes.length - 1} layers (one per pair of sizes), got ${shown(L)}`);
	const layers = L.map((x: unknown, l: number) => layer(x, l, sizes[l], sizes[l + 1]));
	return { format: MODEL_FORMAT, version: 1, config: config(data.config, sizes, activation, warnings), sizes, activation, step, layers };
}

/**
 * Reads a model file (as written by modelFileText or `cli train --save-model`). Never throws.
 * Refuses, with a message naming the field: more than MODEL_JSON_MAX characters, text that is not
 * JSON, another format or version, sizes/activation/layers that do not fit together, and any
 * number that is not finite (a diverged run's NaN is saved as null).
 */
export function validateModelJson(text: string): ModelValidation {
	const prefix = 'model file: ';
	if (typeof text !== 'string') return { error: `${prefix}must be text` };
	if (text.length > MODEL_JSON_MAX)
		return { error: `${prefix}at most ${MODEL_JSON_MAX} characters (20 MB), got ${text.length}; not read` };
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		return { error: `${prefix}not valid JSON (${e instanceof Error ? e.message.slice(0, 200) : 'parse error'})` };
	}
	const warnings: string[] = [];
	try {
		return { model: model(data, warnings), warnings };
	} catch (e) {
		if (e instanceof Refusal) return { error: prefix + e.message };
		return { error: `${prefix}could not be read (${e instanceof Error ? e.message : 'unknown error'})` };
	}
}

/**
 * A model file's weights as a flat θ for a network of `sizes` (mlpLayout order: each layer's W,
 * out × in row-major as in the file, then b), or a refusal naming the field: the file's sizes must
 * be the network's, layer for layer. Pure; the playground uses it to start a run from a file.
 */
export function paramsForNetwork(model: ModelJson, sizes: readonly number[]): { params: Float32Array } | { error: string } {
	const want = `[${sizes.join(', ')}]`;
	if (model.sizes.length !== sizes.length || model.sizes.some((s, i) => s !== sizes[i]))
		return { error: `model file: sizes: must be ${want} to fit this run's network, got [${model.sizes.join(', ')}]` };
	const { layers, nParams } = mlpLayout(sizes);
	const params = new Float32Array(nParams);
	layers.forEach((L, l) => {
		const layer = model.layers[l];
		for (let o = 0; o < L.fanOut; o++) {
			params.set(layer.weight[o], L.wOffset + o * L.fanIn);
			params[L.bOffset + o] = layer.bias[o];
		}
	});
	// float32 overflow: a finite float64 such as 1e300 becomes Infinity
	const bad = params.findIndex((v) => !Number.isFinite(v));
	if (bad >= 0) return { error: `model file: layers: a value at θ[${bad}] is too large for float32 (|x| > 3.4e38)` };
	return { params };
}
