// TensorFlow.js 4.22 on its cpu backend (plain JS) and its WASM backend with SIMD, single thread.
//
// The model is written the way tf.layers.dense computes it — tf.fused.matMul(x, kernel, bias,
// relu) with the kernel stored (IN, OUT) — and trained with tf.train.sgd(lr).minimize, the
// idiomatic training step. Batches and one-hot labels are made into tensors once, outside the
// timing, which only favours TF.js.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { batchOf, transpose, type Peer, type Runner } from './peer';
import type { InitialWeights, SyntheticData, Workload } from './workloads';

export type TfBackend = 'cpu' | 'wasm';

let wasmReady = false;

/** Switches TF.js to a backend; for wasm, loads the SIMD binary from node_modules, single thread. */
export async function useBackend(name: TfBackend): Promise<void> {
	// production mode: no debug checks and no "install tfjs-node" banner
	tf.enableProdMode();
	if (name === 'wasm' && !wasmReady) {
		const require = createRequire(import.meta.url);
		const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
		setWasmPaths(dist + '/');
		// never the threaded binary: every peer runs on one thread
		tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
		wasmReady = true;
	}
	if (!(await tf.setBackend(name))) throw new Error(`tf.js: backend ${name} failed to initialise`);
	await tf.ready();
}

/** What the wasm backend actually runs with; the benchmark requires SIMD and one thread. */
async function describeWasm(): Promise<string> {
	await useBackend('wasm');
	const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
	const threads = getThreadsCount();
	if (!simd || threads !== 1) throw new Error(`tf.js wasm: expected SIMD on and 1 thread, got SIMD ${simd}, ${threads} threads`);
	return `SIMD on, ${threads} thread`;
}

interface TfModel {
	W: tf.Variable[];
	b: tf.Variable[];
	xs: tf.Tensor2D[];
	ys: tf.Tensor2D[];
	optimizer: tf.SGDOptimizer;
}

function build(w: Workload, data: SyntheticData, weights: InitialWeights, nBatches: number): TfModel {
	const W: tf.Variable[] = [];
	const b: tf.Variable[] = [];
	for (let l = 0; l + 1 < w.sizes.length; l++) {
		const IN = w.sizes[l];
		const OUT = w.sizes[l + 1];
		W.push(tf.variable(tf.tensor2d(transpose(weights.W[l], OUT, IN), [IN, OUT])));
		b.push(tf.variable(tf.tensor1d(Float32Array.from(weights.b[l]))));
	}
	const xs: tf.Tensor2D[] = [];
	const ys: tf.Tensor2D[] = [];
	for (let k = 0; k < nBatches; k++) {
		const { x, y } = batchOf(data, w.batch, k);
		xs.push(tf.tensor2d(x, [w.batch, data.D]));
		ys.push(tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), data.C).toFloat() as tf.Tensor2D));
	}
	return { W, b, xs, ys, optimizer: tf.train.sgd(w.lr) };
}

function loss(m: TfModel, k: number): tf.Scalar {
	const last = m.W.length - 1;
	let h: tf.Tensor = m.xs[k];
	for (let l = 0; l <= last; l++)
		h = tf.fused.matMul({ a: h as tf.Tensor2D, b: m.W[l], bias: m.b[l], activation: l < last ? 'relu' : 'linear' });
	// mean over the batch (reduction SUM_BY_NONZERO_WEIGHTS with unit weights)
	return tf.losses.softmaxCrossEntropy(m.ys[k], h);
}

function dispose(m: TfModel): void {
	tf.dispose([...m.W, ...m.b, ...m.xs, ...m.ys]);
	m.optimizer.dispose();
}

export function tfPeer(backend: TfBackend): Peer {
	return {
		id: `tfjs-${backend}`,
		label: backend === 'wasm' ? 'tf.js wasm simd' : 'tf.js cpu',
		describe: backend === 'wasm' ? describeWasm : undefined,
		async create(w, data, weights): Promise<Runner> {
			await useBackend(backend);
			const m = build(w, data, weights, w.nBatches);
			let k = 0;
			return {
				step() {
					const batch = k;
					m.optimizer.minimize(() => loss(m, batch), false);
					k = (k + 1) % w.nBatches;
				},
				liveObjects: () => tf.memory().numTensors,
				dispose: () => dispose(m)
			};
		},
		async lossCheck(w, data, weights) {
			await useBackend(backend);
			const m = build(w, data, weights, 1);
			const before = tf.tidy(() => loss(m, 0).dataSync()[0]);
			m.optimizer.minimize(() => loss(m, 0), false);
			const after = tf.tidy(() => loss(m, 0).dataSync()[0]);
			dispose(m);
			return [before, after];
		}
	};
}
