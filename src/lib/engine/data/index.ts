// The engine's data sets. Browser-safe: the Node-only MNIST loader is in ./node and is NOT
// re-exported here, so bundling this module never pulls in node:fs.

import type { Dataset, DatasetName } from '../types';
import { MNIST_CLASSES } from './mnist';
import { isToyDataset, resolveToyParams, toyClassCount, type ToyParams } from './toy';

export {
	MNIST_CLASSES,
	MNIST_MAGIC,
	MNIST_TEST,
	MNIST_TRAIN,
	loadMnistBrowser,
	mnistDataset,
	PackedMnist,
	PackedMnistDataset,
	mnistSplit,
	parseMnist,
	type MnistRaw
} from './mnist';
export {
	TOY_DATASETS,
	TOY_DEFAULTS,
	TOY_DOMAIN,
	TOY_RANGES,
	TOY_USES_K,
	TRAIN_FRACTION,
	balancedCounts,
	isToyDataset,
	resolveToyParams,
	toyClassCount,
	toyDataset,
	toyPoints,
	type ToyName,
	type ToyParams
} from './toy';
export { applyPreprocess, fitPreprocess, preprocess, type PreprocessStats } from './preprocess';

export interface DatasetInfo {
	name: DatasetName;
	kind: 'image' | 'toy';
	nClasses: number;
	inputDim: number;
	imageShape?: [number, number];
}

/**
 * Shape facts known before loading or generating anything, e.g. to size a model's input and output
 * layers. For spiral and gaussians the class count is params.k (default TOY_DEFAULTS[name].k);
 * params are range-checked like toyDataset's.
 */
export function datasetInfo(name: DatasetName, params: Partial<ToyParams> = {}): DatasetInfo {
	if (name === 'mnist') return { name, kind: 'image', nClasses: MNIST_CLASSES, inputDim: 784, imageShape: [28, 28] };
	if (!isToyDataset(name)) throw new RangeError(`datasetInfo: unknown data set ${JSON.stringify(name)}`);
	const p = resolveToyParams(name, params);
	return { name, kind: 'toy', nClasses: toyClassCount(name, p.k), inputDim: 2 };
}

/** One line for logs and captions, e.g. "mnist: 8,000 train / 2,000 test, 784 features (28×28), 10 classes". */
export function describeDataset(ds: Dataset): string {
	const nTrain = ds.trainY.length;
	const nTest = ds.testY.length;
	const shape = ds.imageShape ? ` (${ds.imageShape[0]}×${ds.imageShape[1]})` : '';
	const features = `${ds.inputDim} feature${ds.inputDim === 1 ? '' : 's'}${shape}`;
	return `${ds.name}: ${thousands(nTrain)} train / ${thousands(nTest)} test, ${features}, ${ds.nClasses} classes`;
}

// Locale-independent, so CLI output and snapshots are identical everywhere.
function thousands(n: number): string {
	return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
