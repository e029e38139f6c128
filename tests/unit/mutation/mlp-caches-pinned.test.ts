// The MLP's caches and defaults, as its comments promise: float32 unless asked, its own copy of the
// sizes, a logits view reused while the batch size stays (a training step allocates nothing),
// caches grown only for a larger batch, no dL/dx buffer for the first layer, and no sparse-path
// flag before the first forward.
import { describe, expect, it } from 'vitest';
import { Mlp } from '../../../src/lib/engine/mlp';

describe('Mlp caches and defaults', () => {
	it('defaults to float32 and keeps its own copy of the sizes', () => {
		const sizes = [2, 3, 2];
		const m = new Mlp({ sizes, activation: 'tanh' });
		expect(m.dtype).toBe('float32');
		expect(m.params).toBeInstanceOf(Float32Array);
		sizes[1] = 99;
		expect(m.sizes).toEqual([2, 3, 2]);
		expect(m.usedSparseInput).toBe(false);
	});

	it('the same batch size reuses the logits view and the caches; a larger one grows them, a smaller one does not', () => {
		const m = new Mlp({ sizes: [2, 3, 2], activation: 'relu', dtype: 'float64' });
		m.weight(0).set([1, 0, 0, 1, 1, 1]);
		m.weight(1).set([1, 0, 0, 1, 1, 1]);
		const x = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
		const a = m.forward(x, 2);
		const z0 = m.z[0];
		expect(m.forward(x, 2)).toBe(a);
		expect(m.z[0]).toBe(z0);
		// W₀ = [[1, 0], [0, 1], [1, 1]], W₁ = [[1, 0, 0], [1, 1, 1]], zero biases:
		// x = (1, 2) → h = relu(1, 2, 3) → (1, 6); x = (3, 4) → h = (3, 4, 7) → (3, 14)
		expect(Array.from(a)).toEqual([1, 6, 3, 14]);
		const big = m.forward(x, 4);
		expect(m.z[0]).not.toBe(z0);
		expect(big.length).toBe(8);
		const z0big = m.z[0];
		const small = m.forward(x, 1);
		expect(m.z[0]).toBe(z0big); // capacity 4 kept
		expect(Array.from(small)).toEqual([1, 6]);
		// the first layer's input gradient is never computed, so its buffer is empty
		expect((m as unknown as { da: Float64Array[] }).da[0].length).toBe(0);
		expect((m as unknown as { da: Float64Array[] }).da[1].length).toBe(4 * 3);
	});
});
