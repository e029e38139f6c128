import { describe, expect, it } from 'vitest';
import { batchSizes, bestPerBatch, checkMap, DEFAULT_MAP, examplesAfter, examplesToReach, mapCells, stepsForEpochs, type MapCell } from '../../src/lib/sweep/batch-lr';

describe('batch size × learning rate map: the budget arithmetic', () => {
	it('batch sizes are log-spaced from 1 to the full split, whole and distinct', () => {
		expect(batchSizes(480, 7)).toEqual([1, 3, 8, 22, 61, 172, 480]); // round(480^(i/6))
		expect(batchSizes(8000, 2)).toEqual([1, 8000]);
		expect(batchSizes(4, 10)).toEqual([1, 2, 3, 4]);
	});

	it('every cell trains exactly E epochs: E·⌈n/B⌉ steps and E·n examples', () => {
		const n = 480;
		for (const B of [1, 3, 7, 22, 173, 480]) {
			const steps = stepsForEpochs(n, B, 20);
			expect(steps).toBe(20 * Math.ceil(n / B));
			expect(examplesAfter(steps, n, B)).toBe(20 * n);
		}
		// by hand: n = 10, B = 4 → batches 4, 4, 2 per epoch
		expect(stepsForEpochs(10, 4, 1)).toBe(3);
		expect([1, 2, 3, 4, 5].map((s) => examplesAfter(s, 10, 4))).toEqual([4, 8, 10, 14, 18]);
		// half an epoch rounds up to whole steps
		expect(stepsForEpochs(10, 4, 0.5)).toBe(2);
		expect(stepsForEpochs(480, 480, 0.1)).toBe(1);
	});

	it('examples to reach a target: the first evaluation at or above it, in examples seen', () => {
		const evals = [
			{ step: 0, testAccuracy: 0.3 },
			{ step: 3, testAccuracy: 0.85 },
			{ step: 6, testAccuracy: 0.91 },
			{ step: 9, testAccuracy: 0.95 }
		];
		expect(examplesToReach(evals, 0.9, 10, 4)).toBe(20); // 6 steps of 4, 4, 2 = 2 epochs
		expect(examplesToReach(evals, 0.99, 10, 4)).toBeNull();
	});

	it('the grid: optimizers × batch sizes × learning rates, each with its own step count', () => {
		const cells = mapCells({ ...DEFAULT_MAP, optimizers: ['sgd', 'adam'], batches: 3, lrs: 2, lrMin: 0.01, lrMax: 1, epochs: 2 }, 100);
		expect(cells.length).toBe(2 * 3 * 2);
		expect(cells.map((c) => c.batch)).toEqual([1, 1, 1, 1, 10, 10, 10, 10, 100, 100, 100, 100]);
		expect(cells.find((c) => c.batch === 10)!.steps).toBe(20);
		expect(cells.find((c) => c.batch === 100)!.steps).toBe(2);
	});

	it('best learning rate per batch size follows the fewest examples', () => {
		const c = (batch: number, lr: number, ex: number | null): MapCell => ({ optimizer: 'sgd', batch, lr, status: 'done', loss: 0.1, accuracy: 0.9, examplesToTarget: ex, divergedAt: null });
		const best = bestPerBatch([c(1, 0.01, 500), c(1, 0.1, 300), c(8, 0.1, 400), c(8, 0.8, 300), c(64, 1, null)], 'sgd');
		expect(best).toEqual([
			{ batch: 1, lr: 0.1, examples: 300 },
			{ batch: 8, lr: 0.8, examples: 300 }
		]);
	});

	it('checks settings field by field', () => {
		expect(checkMap(DEFAULT_MAP, 480)).toEqual([]);
		const e = checkMap({ ...DEFAULT_MAP, batches: 1, lrMax: 0.001, epochs: 0, optimizers: [] }, 480);
		expect(e.map((x) => x.field).sort()).toEqual(['map.batches', 'map.epochs', 'map.optimizers']);
		expect(checkMap({ ...DEFAULT_MAP, lrMin: 1, lrMax: 0.1 }, 480).map((x) => x.field)).toEqual(['map.lrMax']);
		expect(checkMap({ ...DEFAULT_MAP, optimizers: ['sgd', 'momentum', 'adam'], batches: 10, lrs: 12 }, 8000)[0].message).toMatch(/at most 150/);
	});
});
