// Edge cases of the loss and the random stream, with expected values worked out by hand or taken
// from torch's documentation (argmax ties go to the first index; softmax is shift-invariant).
import { describe, expect, it } from 'vitest';
import { softmax, softmaxCrossEntropy } from '../../../src/lib/engine/loss';
import { Rng } from '../../../src/lib/engine/rng';

describe('softmaxCrossEntropy by hand', () => {
	// z = [0, ln 3]: softmax = [1/4, 3/4]
	const z = [0, Math.log(3)];

	for (const naive of [false, true]) {
		it(`${naive ? 'naive' : 'stable'}: loss −log p_y and ∂L/∂z = (p − onehot)/B for B = 2`, () => {
			// two rows, labels 0 and 1: losses ln 4 and ln(4/3); mean (ln 4 + ln 4 − ln 3)/2
			const logits = new Float64Array([...z, ...z]);
			const d = new Float64Array(4).fill(99);
			const r = softmaxCrossEntropy(logits, [0, 1], 2, 2, d, naive);
			expect(r.loss).toBeCloseTo((2 * Math.log(4) - Math.log(3)) / 2, 14);
			expect(r.correct).toBe(1); // row 2's label is the arg-max
			const want = [(0.25 - 1) / 2, 0.75 / 2, 0.25 / 2, (0.75 - 1) / 2];
			for (let i = 0; i < 4; i++) expect(d[i]).toBeCloseTo(want[i], 14);
		});
	}

	it('naive mode reads each row’s own label logit; dL/dz is written for B × C entries only', () => {
		// rows [0, ln 3] and [ln 3, 0], labels 1 and 1: p_y = 3/4 then 1/4 → mean (ln(4/3) + ln 4)/2
		const logits = new Float64Array([0, Math.log(3), Math.log(3), 0]);
		for (const naive of [true, false]) {
			const d = new Float64Array(5).fill(99);
			const r = softmaxCrossEntropy(logits, [1, 1], 2, 2, d, naive);
			expect(r.loss).toBeCloseTo((Math.log(4 / 3) + Math.log(4)) / 2, 14);
			expect(d[4]).toBe(99);
		}
	});

	it('a tie in the logits counts the first index as the prediction (torch.argmax)', () => {
		const logits = new Float64Array([2, 2, 2, 2]);
		expect(softmaxCrossEntropy(logits, [1, 0], 2, 2, null).correct).toBe(1);
		expect(softmaxCrossEntropy(logits, [0, 0], 2, 2, null).correct).toBe(2);
		expect(softmaxCrossEntropy(logits, [1, 1], 2, 2, null).correct).toBe(0);
		// equal logits: p = 1/2 each, loss ln 2
		expect(softmaxCrossEntropy(logits, [1, 1], 2, 2, null).loss).toBeCloseTo(Math.LN2, 15);
	});

	it('all-negative logits: the max is found below 0 (stable shift), loss finite and exact', () => {
		// z = [−1000, −1000 + ln 3]: p = [1/4, 3/4]; unshifted exp would underflow to 0/0
		const logits = new Float64Array([-1000, -1000 + Math.log(3)]);
		const d = new Float64Array(2);
		const r = softmaxCrossEntropy(logits, [1], 1, 2, d);
		expect(r.loss).toBeCloseTo(Math.log(4 / 3), 12);
		expect(r.correct).toBe(1);
		expect(d[0]).toBeCloseTo(0.25, 12);
		expect(d[1]).toBeCloseTo(-0.25, 12);
		expect(softmax([-1000, -1000 + Math.log(3)])[1]).toBeCloseTo(0.75, 12);
	});

	it('naive softmax overflows like the lecture: [−1, 2, 1000.5] → [0, 0, NaN]', () => {
		const p = softmax([-1, 2, 1000.5], true);
		expect(p[0]).toBe(0);
		expect(p[1]).toBe(0);
		expect(Number.isNaN(p[2])).toBe(true);
		const s = softmax([-1, 2, 1000.5]);
		expect(s[2]).toBeCloseTo(1, 15);
		// the shift is the largest logit, wherever it is: [1000, 0] → [1, e^−1000 = 0]
		expect(Array.from(softmax([1000, 0]))).toEqual([1, 0]);
	});
});

describe('Rng.int bounds', () => {
	it('n = 1 always gives 0 and consumes one draw', () => {
		const a = new Rng(7);
		const b = new Rng(7);
		for (let i = 0; i < 5; i++) expect(a.int(1)).toBe(0);
		for (let i = 0; i < 5; i++) b.nextUint32();
		expect(a.nextUint32()).toBe(b.nextUint32());
	});

	it('n = 2³² is the raw 32-bit draw (no rejection)', () => {
		const a = new Rng(11);
		const b = new Rng(11);
		for (let i = 0; i < 20; i++) expect(a.int(4294967296)).toBe(b.nextUint32());
	});

	it('refuses n < 1, n > 2³² and NaN, naming the range', () => {
		for (const n of [0, 0.5, -3, 4294967297, NaN])
			expect(() => new Rng(1).int(n)).toThrow(new RangeError(`Rng.int: n must be in [1, 2^32], got ${n}`));
	});

	it('uniformRange(lo, hi) = lo + (hi − lo)·u with the same draw', () => {
		const a = new Rng(3);
		const b = new Rng(3);
		for (let i = 0; i < 10; i++) {
			const u = b.nextUint32() / 4294967296;
			expect(a.uniformRange(-2, 6)).toBe(-2 + 8 * u);
		}
	});
});
