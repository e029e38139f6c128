// The README's "engine in Node" example, verbatim in spirit: build an MLP, compute the loss and
// gradients on a batch, take an optimizer step — and check the step lowers the loss on that batch.
import { expect, it } from 'vitest';
import { loadMnistNode } from '../../src/lib/engine/data/node';
import { softmaxCrossEntropy } from '../../src/lib/engine/loss';
import { Mlp } from '../../src/lib/engine/mlp';
import { createOptimizer } from '../../src/lib/engine/optim/index';
import { initializeMlp } from '../../src/lib/engine/trainer';

it('README example: forward, loss, backward, Adam step', () => {
	const data = loadMnistNode(); // 8,000 train / 2,000 test digits from static/data/mnist.bin
	const mlp = new Mlp({ sizes: [784, 128, 64, 10], activation: 'relu' }); // float32 by default
	initializeMlp(mlp, { scheme: 'he-normal' }, 42); // θ₀ depends only on (scheme, seed)

	const B = 64;
	const x = data.trainX.subarray(0, B * 784); // (B, 784) row-major
	const y = data.trainY.subarray(0, B);
	const dLogits = new Float32Array(B * 10);
	const { loss } = softmaxCrossEntropy(mlp.forward(x, B), y, B, 10, dLogits); // mean CE, stable
	mlp.zeroGrad();
	mlp.backward(dLogits); // ∂L/∂θ accumulated into mlp.grads (same flat layout as mlp.params)

	const adam = createOptimizer({ name: 'adam', lr: 1e-3 }, mlp.nParams, 'float32');
	adam.step(mlp.params, mlp.grads, 1e-3);

	const after = softmaxCrossEntropy(mlp.forward(x, B), y, B, 10, null).loss;
	expect(loss).toBeGreaterThan(1.5);
	expect(after).toBeLessThan(loss);
});
