// In a worker every call of a matrix kernel must pass the same array type in each argument position.
// A position that sees both Float32Array and Float64Array makes V8's loads polymorphic, and every
// run in the worker pays for it: measured 5–17 % slower training steps, when float64 copies were
// handed to the kernels by the Mlp but not by the curvature tracker's Hessian-vector products
// (kernels.ts). Here the real worker API hosts an MNIST run (mostly-zero first layer) and a 2-D run
// (dense first layer) with the inspector on — training steps, evaluations, snapshots with
// gradients and the tracker's products — and every kernel call's argument types are recorded.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const seen = new Map<string, Set<string>>();
vi.mock('../../src/lib/engine/kernels', async (importOriginal) => {
	const K = await importOriginal<Record<string, unknown>>();
	const wrapped: Record<string, unknown> = {};
	for (const [name, f] of Object.entries(K)) {
		if (typeof f !== 'function') {
			wrapped[name] = f;
			continue;
		}
		wrapped[name] = (...args: unknown[]) => {
			args.forEach((a, i) => {
				if (!ArrayBuffer.isView(a)) return;
				const key = `${name}#${i}`;
				if (!seen.has(key)) seen.set(key, new Set());
				seen.get(key)?.add(a.constructor.name);
			});
			return (f as (...a: unknown[]) => unknown)(...args);
		};
	}
	return wrapped;
});

const { createTrainerApi } = await import('../../src/lib/worker/api');
const { MNIST_BIN_PATH } = await import('../../src/lib/engine/data/node');
const { parseFlags } = await import('../../src/cli/args');
const { experimentFromFlags, TRAIN_FLAGS } = await import('../../src/cli/train');

describe('float32 worker: one array type per kernel argument', () => {
	it('an MNIST run and a 2-D run, inspector on (snapshots, curvature), 40 steps each', async () => {
		const bytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));
		const api = createTrainerApi({ fetchBytes: async () => bytes, transfer: (v) => v, close: () => {}, now: () => performance.now() });
		const runs: [string, string[]][] = [
			['mnist', ['--dataset', 'mnist', '--hidden', '32,16', '--batch', '32', '--steps', '40', '--eval-every', '10', '--optimizer', 'sgd', '--lr', '0.1']],
			['moons', ['--dataset', 'moons', '--preprocess', 'standardize', '--hidden', '8,8', '--batch', '16', '--steps', '40', '--eval-every', '10', '--optimizer', 'adam']]
		];
		for (const [id, argv] of runs) {
			const { shared, run } = experimentFromFlags(parseFlags(argv, TRAIN_FLAGS));
			await api.start(id, { shared, run, mnistUrl: 'x', inspect: true });
		}
		for (let k = 0; k < 40; k++) api.round(runs.map(([id]) => ({ id, steps: 1 })));
		// every entry point ran, including the curvature tracker's products and both first-layer paths
		for (const name of ['linearForward', 'linearBackwardWeights', 'linearBackwardInput', 'linearForwardSparseInput', 'linearBackwardWeightsSparseInput', 'transposedScratch'])
			expect([...seen.keys()].some((k) => k.startsWith(name + '#')), name).toBe(true);
		const mixed = [...seen].filter(([, types]) => types.size > 1).map(([k, types]) => `${k}: ${[...types].join(', ')}`);
		expect(mixed).toEqual([]);
		// a float32 run's arrays are float32 throughout (data rows, activations, gradients, v), except
		// the first layer's Wᵀ, which is the worker's float64 scratch (kernels.ts, transposedScratch)
		for (const [key, types] of seen) expect([...types], key).toEqual([key === 'linearForwardSparseInput#2' ? 'Float64Array' : 'Float32Array']);
	});
});
