// The MLP's layout, limits, and one forward/backward through a 2-2-1 ReLU net worked by hand, on
// both the dense and the sparse-input path of the first layer.
import { describe, expect, it } from 'vitest';
import { Mlp, mlpLayout, validateSizes } from '../../../src/lib/engine/mlp';

describe('layout and limits', () => {
	it('[W₀, b₀, W₁, b₁] offsets for sizes 2-3-2', () => {
		expect(mlpLayout([2, 3, 2])).toEqual({
			layers: [
				{ fanIn: 2, fanOut: 3, wOffset: 0, bOffset: 6 },
				{ fanIn: 3, fanOut: 2, wOffset: 9, bOffset: 15 }
			],
			nParams: 17
		});
	});

	it('refuses bad sizes by name, takes the limits themselves', () => {
		expect(() => validateSizes([3])).toThrow(new RangeError('sizes: need at least an input and an output size'));
		expect(() => validateSizes([2, ...Array(17).fill(4), 2])).toThrow(new RangeError('hidden: at most 16 hidden layers, got 17'));
		expect(() => validateSizes([2, ...Array(16).fill(1), 2])).not.toThrow();
		expect(() => validateSizes([2, 0, 2])).toThrow(new RangeError('sizes[1]: must be a whole number ≥ 1, got 0'));
		expect(() => validateSizes([2, 1.5, 2])).toThrow(new RangeError('sizes[1]: must be a whole number ≥ 1, got 1.5'));
		expect(() => validateSizes([2, 4097, 2])).toThrow(new RangeError('hidden: each width must be 1–4096, got 4097'));
		expect(() => validateSizes([5000, 4096, 5000])).not.toThrow();
		expect(() => new Mlp({ sizes: [2, 2], activation: 'softsign' as 'relu' })).toThrow(new RangeError('activation: unknown "softsign"'));
	});

	it('backward before any forward is an error', () => {
		expect(() => new Mlp({ sizes: [2, 1], activation: 'relu' }).backward(new Float64Array(1))).toThrow('backward before forward');
	});
});

describe('2-2-1 ReLU net by hand', () => {
	// W₀ = [[1, 2], [3, −4]], b₀ = [0.5, −1]; W₁ = [[2, 5]], b₁ = [0.25]
	const net = () => {
		const m = new Mlp({ sizes: [2, 2, 1], activation: 'relu', dtype: 'float64' });
		m.weight(0).set([1, 2, 3, -4]);
		m.bias(0).set([0.5, -1]);
		m.weight(1).set([2, 5]);
		m.bias(1).set([0.25]);
		return m;
	};

	it('dense path: x = [1, 1] → z₀ = [3.5, −2], a₀ = [3.5, 0], logit 7.25; gradients of dL/dlogit = 1', () => {
		const m = net();
		const out = m.forward(new Float64Array([1, 1]), 1);
		expect(m.usedSparseInput).toBe(false);
		expect(Array.from(out)).toEqual([7.25]);
		expect(Array.from(m.preActivation(0))).toEqual([3.5, -2]);
		expect(Array.from(m.output(0))).toEqual([3.5, 0]);
		expect(Array.from(m.output(1))).toEqual([7.25]);
		m.zeroGrad();
		m.backward(new Float64Array([1]));
		// gW₁ = a₀ = [3.5, 0], gb₁ = 1; dz₀ = [2, 5] ⊙ relu′([3.5, −2]) = [2, 0]; gW₀ = dz₀ ⊗ x; gb₀ = dz₀
		expect(Array.from(m.grads)).toEqual([2, 2, 0, 0, 2, 0, 3.5, 0, 1]);
		// backward accumulates
		m.backward(new Float64Array([1]));
		expect(Array.from(m.grads)).toEqual([4, 4, 0, 0, 4, 0, 7, 0, 2]);
		m.zeroGrad();
		expect(Array.from(m.grads)).toEqual(Array(9).fill(0));
	});

	it('sparse path (1 of 4 inputs nonzero ≤ 1/3): the same numbers', () => {
		const m = net();
		// rows x = [1, 0] and [0, 0]: z₀ = [1.5, 2] and [0.5, −1]; logits 13.25 and 1.25
		const out = m.forward(new Float64Array([1, 0, 0, 0]), 2);
		expect(m.usedSparseInput).toBe(true);
		expect(Array.from(out)).toEqual([13.25, 1.25]);
		m.zeroGrad();
		m.backward(new Float64Array([1, -1]));
		// gW₁ = [1.5, 2] − [0.5, 0] = [1, 2]; gb₁ = 0; dz₀ rows [2, 5] and [−2, 0]
		// gW₀ = [2, 5]ᵀ ⊗ [1, 0] = [[2, 0], [5, 0]]; gb₀ = [0, 5]
		expect(Array.from(m.grads)).toEqual([2, 0, 5, 0, 0, 5, 1, 2, 0]);
		// new weights are seen by the next sparse forward (the transposed copy is refreshed)
		m.weight(0).set([10, 2, 3, -4]);
		expect(Array.from(m.forward(new Float64Array([1, 0, 0, 0]), 2))).toEqual([2 * 10.5 + 5 * 2 + 0.25, 1.25]);
		// a smaller batch gets a logits view of its own length
		expect(m.forward(new Float64Array([1, 1]), 1).length).toBe(1);
	});

	it('exactly one third nonzero takes the sparse path, more does not', () => {
		const m = new Mlp({ sizes: [3, 1], activation: 'relu' });
		m.forward(new Float32Array([0, 5, 0]), 1);
		expect(m.usedSparseInput).toBe(true);
		m.forward(new Float32Array([0, 5, 1]), 1);
		expect(m.usedSparseInput).toBe(false);
		expect(m.depth).toBe(1);
		expect(m.nClasses).toBe(1);
	});
});
