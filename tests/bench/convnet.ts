// ConvNetJS 0.3.0: fc layers with ReLU, a softmax layer, and its Trainer with method 'sgd',
// momentum 0, no weight decay. Its trainer runs forward and backward one example at a time and
// updates every batch_size examples with the mean gradient — the same mini-batch SGD step.
import { createRequire } from 'node:module';
import { batchOf, type Peer, type Runner } from './peer';
import type { InitialWeights, SyntheticData, Workload } from './workloads';

// a CommonJS package whose `module.exports = lib` has no named exports for ESM to see
const convnetjs = createRequire(import.meta.url)('convnetjs') as typeof import('convnetjs');

interface ConvNetModel {
	net: import('convnetjs').Net;
	trainer: import('convnetjs').Trainer;
	vols: import('convnetjs').Vol[];
	labels: Uint8Array;
}

function build(w: Workload, data: SyntheticData, weights: InitialWeights, n: number): ConvNetModel {
	const net = new convnetjs.Net();
	const hidden = w.sizes.slice(1, -1);
	net.makeLayers([
		{ type: 'input', out_sx: 1, out_sy: 1, out_depth: data.D },
		...hidden.map((h) => ({ type: 'fc' as const, num_neurons: h, activation: 'relu' as const })),
		{ type: 'softmax', num_classes: data.C }
	]);
	// 'softmax' adds its own fc layer in front of itself, so there is one fc per weight matrix
	const fc = net.layers.filter((L) => L.layer_type === 'fc');
	if (fc.length !== weights.W.length) throw new Error(`convnetjs: ${fc.length} fc layers, expected ${weights.W.length}`);
	fc.forEach((L, l) => {
		const IN = w.sizes[l];
		const filters = L.filters ?? [];
		filters.forEach((f, o) => f.w.set(weights.W[l].subarray(o * IN, (o + 1) * IN)));
		L.biases?.w.set(weights.b[l]);
	});
	const vols: import('convnetjs').Vol[] = [];
	for (let r = 0; r < n; r++) {
		const v = new convnetjs.Vol(1, 1, data.D, 0);
		v.w.set(data.x.subarray(r * data.D, (r + 1) * data.D));
		vols.push(v);
	}
	const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: w.lr, batch_size: w.batch, l2_decay: 0, momentum: 0 });
	return { net, trainer, vols, labels: data.y.subarray(0, n) };
}

/** mean −log p_y over the first batch */
function batchLoss(m: ConvNetModel, B: number): number {
	let s = 0;
	for (let r = 0; r < B; r++) s -= Math.log(m.net.forward(m.vols[r], false).w[m.labels[r]]);
	return s / B;
}

export const convnetPeer: Peer = {
	id: 'convnetjs',
	label: 'convnetjs',
	async create(w, data, weights): Promise<Runner> {
		const m = build(w, data, weights, data.n);
		let k = 0;
		return {
			step() {
				const start = k * w.batch;
				for (let r = start; r < start + w.batch; r++) m.trainer.train(m.vols[r], m.labels[r]);
				k = (k + 1) % w.nBatches;
			},
			dispose() {}
		};
	},
	async lossCheck(w, data, weights) {
		const { x, y } = batchOf(data, w.batch, 0);
		const m = build(w, { n: w.batch, D: data.D, C: data.C, x, y }, weights, w.batch);
		const before = batchLoss(m, w.batch);
		for (let r = 0; r < w.batch; r++) m.trainer.train(m.vols[r], m.labels[r]);
		return [before, batchLoss(m, w.batch)];
	}
};
