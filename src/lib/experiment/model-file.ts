// The trained-model file format shared by the CLI's --save-model and the playground's export:
//   { format: "optimizer-playground/model", version: 1, config: { shared, run },
//     sizes: [IN, H1, …, C], activation,
//     layers: [{ in, out, weight: number[out][in], bias: number[out] }, …] }
// Weights are stored out×in, like torch.nn.Linear.weight, so `torch.tensor(layer.weight)` loads.
import type { Mlp } from '../engine/mlp';
import type { RunSpec, SharedSettings } from './model';

export const MODEL_FORMAT = 'optimizer-playground/model';

export interface ModelLayerJson {
	in: number;
	out: number;
	weight: number[][];
	bias: number[];
}

export interface ModelJson {
	format: typeof MODEL_FORMAT;
	version: 1;
	config: { shared: SharedSettings; run: RunSpec };
	sizes: number[];
	activation: string;
	step: number;
	layers: ModelLayerJson[];
}

export function modelToJson(mlp: Mlp, shared: SharedSettings, run: RunSpec, step: number): ModelJson {
	const layers: ModelLayerJson[] = mlp.layers.map((L, l) => {
		const w = mlp.weight(l);
		const weight: number[][] = [];
		for (let o = 0; o < L.fanOut; o++) weight.push(Array.from(w.subarray(o * L.fanIn, (o + 1) * L.fanIn)));
		return { in: L.fanIn, out: L.fanOut, weight, bias: Array.from(mlp.bias(l)) };
	});
	return {
		format: MODEL_FORMAT,
		version: 1,
		config: { shared, run },
		sizes: mlp.sizes.slice(),
		activation: mlp.activationName,
		step,
		layers
	};
}
