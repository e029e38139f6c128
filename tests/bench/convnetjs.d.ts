// The small part of ConvNetJS 0.3.0's API the benchmark uses (the package ships no types).
declare module 'convnetjs' {
	/** a (sx, sy, depth) volume of values w and gradients dw, float64 */
	export class Vol {
		constructor(sx: number, sy: number, depth: number, c?: number);
		w: Float64Array;
		dw: Float64Array;
	}
	export interface LayerDef {
		type: 'input' | 'fc' | 'softmax';
		out_sx?: number;
		out_sy?: number;
		out_depth?: number;
		num_neurons?: number;
		num_classes?: number;
		activation?: 'relu';
	}
	export interface Layer {
		layer_type: string;
		/** fc: one Vol of IN weights per output unit */
		filters?: Vol[];
		/** fc: a Vol of OUT biases */
		biases?: Vol;
	}
	export class Net {
		layers: Layer[];
		makeLayers(defs: LayerDef[]): void;
		/** the softmax probabilities */
		forward(V: Vol, isTraining?: boolean): Vol;
	}
	export interface TrainerOptions {
		method?: 'sgd';
		learning_rate?: number;
		batch_size?: number;
		l2_decay?: number;
		momentum?: number;
	}
	export class Trainer {
		constructor(net: Net, options?: TrainerOptions);
		/** forward + backward of one example; every batch_size calls, one update with the mean gradient */
		train(x: Vol, y: number): { loss: number; cost_loss: number };
	}
}
