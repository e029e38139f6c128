// θ₀'s evaluation is computed once per worker for runs that start from the same θ₀ on the same data
// (initial-evals.ts): the runs that take it get the same numbers, bit for bit, and the same step-0
// confusion matrix as their own evaluation would give; anything that changes θ₀ or the evaluation
// (seed, activation, softmax mode, an imported θ₀) evaluates on its own.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFlags } from '../../src/cli/args';
import { experimentFromFlags, TRAIN_FLAGS } from '../../src/cli/train';
import { MNIST_BIN_PATH } from '../../src/lib/engine/data/node';
import { Trainer } from '../../src/lib/engine/trainer';
import { createTrainerApi } from '../../src/lib/worker/api';

const bytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));
const newApi = () => createTrainerApi({ fetchBytes: async () => bytes, transfer: (v) => v, close: () => {}, now: () => performance.now() });
const request = (argv: string[]) => {
	const { shared, run } = experimentFromFlags(parseFlags(argv, TRAIN_FLAGS));
	return { shared, run, mnistUrl: 'x', inspect: true };
};
const MNIST = ['--dataset', 'mnist', '--hidden', '32,16', '--batch', '32', '--steps', '100', '--eval-every', '10'];

/** step 0 of a started run: its evaluation and (MNIST) its confusion matrix */
function stepZero(info: Awaited<ReturnType<ReturnType<typeof newApi>['start']>>) {
	const chunk = info.initial;
	expect(chunk?.evals).toHaveLength(1);
	return { evaluation: chunk?.evals[0], confusion: chunk?.extras?.views?.confusion ? Array.from(chunk.extras.views.confusion) : null };
}

describe('θ₀ evaluations shared within a worker', () => {
	afterEach(() => vi.restoreAllMocks());

	it('three optimizers from one θ₀: one evaluation, and each run sees what its own would give', async () => {
		// alone, each in a fresh worker: the reference
		const alone = [];
		for (const opt of ['sgd', 'adam', 'momentum']) alone.push(stepZero(await newApi().start('a', request([...MNIST, '--seed', '3', '--optimizer', opt]))));
		const evaluate = vi.spyOn(Trainer.prototype, 'evaluate');
		const api = newApi();
		const together = [];
		for (const opt of ['sgd', 'adam', 'momentum']) together.push(stepZero(await api.start(opt, request([...MNIST, '--seed', '3', '--optimizer', opt]))));
		expect(evaluate).toHaveBeenCalledTimes(1);
		expect(together).toEqual(alone);
		// the confusion matrix is there and counts the whole test split
		const total = (together[2].confusion ?? []).reduce((a, b) => a + b, 0);
		expect(total).toBe(2000);
		// a restart of one run (the same id again) takes it too
		stepZero(await api.start('adam', request([...MNIST, '--seed', '3', '--optimizer', 'adam'])));
		expect(evaluate).toHaveBeenCalledTimes(1);
	});

	it('another seed, activation or softmax mode evaluates on its own, with its own numbers', async () => {
		const evaluate = vi.spyOn(Trainer.prototype, 'evaluate');
		const api = newApi();
		const base = stepZero(await api.start('base', request([...MNIST, '--seed', '3', '--optimizer', 'sgd'])));
		const others = [
			['--seed', '4'],
			['--seed', '3', '--activation', 'tanh', '--init', 'he-normal'],
			['--seed', '3', '--naive-softmax']
		];
		for (const [k, extra] of others.entries()) {
			const r = stepZero(await api.start('o' + k, request([...MNIST, '--optimizer', 'sgd', ...extra])));
			expect(evaluate).toHaveBeenCalledTimes(2 + k);
			// the naive softmax gives the same numbers where nothing overflows: it is a key for the cases where it does
			if (!extra.includes('--naive-softmax')) expect(r.evaluation?.testLoss).not.toBe(base.evaluation?.testLoss);
		}
	});

	it('zeros init: the same θ₀ values under another activation or architecture are not mixed up', async () => {
		// all-zero θ₀ in each: keyed by the activation and the sizes as well, not by the values alone
		const evaluate = vi.spyOn(Trainer.prototype, 'evaluate');
		const api = newApi();
		const toy = ['--dataset', 'moons', '--batch', '16', '--steps', '50', '--eval-every', '10', '--init', 'zeros', '--optimizer', 'sgd'];
		await api.start('relu', request([...toy, '--hidden', '4']));
		await api.start('tanh', request([...toy, '--hidden', '4', '--activation', 'tanh']));
		await api.start('wide', request([...toy, '--hidden', '4,1']));
		expect(evaluate).toHaveBeenCalledTimes(3);
	});
});
