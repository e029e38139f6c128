// Importing a model file into a run (issue 16): the file's weights become the run's θ₀, shape
// checked against the network; a file that does not fit is refused naming the field. The oracle is
// the exporting run itself: same weights → same logits on the same inputs, bit for bit.
import { describe, expect, it } from 'vitest';
import { mlpLayout } from '../../src/lib/engine/mlp';
import { defaultExperiment } from '../../src/lib/experiment/defaults';
import type { RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { modelFileText, paramsForNetwork, validateModelJson } from '../../src/lib/export/model';
import { loadParams, RunSession } from '../../src/lib/worker/session';

const shared: SharedSettings = { ...defaultExperiment().shared, dataset: 'moons', hidden: [6, 5], batchSize: 16, budget: { unit: 'steps', value: 200 }, evalEvery: 50, seed: 3 };
const run: RunSpec = { id: 'r0', label: 'Adam', color: 0, optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, init: { scheme: 'he-normal' } };

function trained(steps: number): RunSession {
	const s = new RunSession();
	s.start({ shared, run });
	s.advance(steps, Infinity);
	return s;
}

function fileOf(s: RunSession): string {
	return modelFileText(s.trainer, shared, run);
}

describe('a model file as a run’s θ₀', () => {
	it('the exported weights come back exactly, and the run predicts what the exporting run predicted', () => {
		const a = trained(120);
		const checked = validateModelJson(fileOf(a));
		if ('error' in checked) throw new Error(checked.error);
		const fit = paramsForNetwork(checked.model, a.trainer.mlp.sizes);
		if ('error' in fit) throw new Error(fit.error);
		expect(Array.from(fit.params)).toEqual(Array.from(a.trainer.mlp.params));

		const b = new RunSession();
		// a different seed and init: θ₀ must come from the file regardless
		b.start({ shared: { ...shared, seed: 99 }, run: { ...run, init: { scheme: 'zeros' } }, initialParams: fit.params });
		expect(b.trainer.stepCount).toBe(0);
		expect(Array.from(b.trainer.mlp.params)).toEqual(Array.from(a.trainer.mlp.params));
		const x = new Float32Array([0.5, -0.25, 1.2, 0.3, -1, 0.8]);
		expect(Array.from(b.predict(x, 3, true))).toEqual(Array.from(a.predict(x, 3, true)));
	});

	it('a file of another shape is refused naming sizes and what would fit', () => {
		const a = trained(5);
		const checked = validateModelJson(fileOf(a));
		if ('error' in checked) throw new Error(checked.error);
		expect(paramsForNetwork(checked.model, [2, 8, 5, 2])).toEqual({ error: "model file: sizes: must be [2, 8, 5, 2] to fit this run's network, got [2, 6, 5, 2]" });
		expect(paramsForNetwork(checked.model, [2, 6, 2])).toEqual({ error: "model file: sizes: must be [2, 6, 2] to fit this run's network, got [2, 6, 5, 2]" });
	});

	it('a weight too large for float32 is refused', () => {
		const a = trained(1);
		const data = JSON.parse(fileOf(a));
		data.layers[1].bias[2] = 1e300;
		const checked = validateModelJson(JSON.stringify(data));
		if ('error' in checked) throw new Error(checked.error);
		const nW0 = 2 * 6 + 6;
		expect(paramsForNetwork(checked.model, [2, 6, 5, 2])).toEqual({ error: `model file: layers: a value at θ[${nW0 + 6 * 5 + 2}] is too large for float32 (|x| > 3.4e38)` });
	});

	it('loadParams checks the length and finiteness', () => {
		const a = trained(0);
		const n = mlpLayout([2, 6, 5, 2]).nParams;
		expect(() => loadParams(a.trainer, new Float32Array(n - 1))).toThrow(`initial parameters: this network has ${n}, got ${n - 1}`);
		const bad = new Float32Array(n);
		bad[4] = NaN;
		expect(() => loadParams(a.trainer, bad)).toThrow('initial parameters: θ[4] must be finite, got NaN');
	});
});
