// Learning-rate schedules against hand-computed values of torch's StepLR / CosineAnnealingLR
// closed forms and the linear warm-up defined in types.ts.

import { describe, expect, it } from 'vitest';
import { lrAt, validateSchedule } from '../../src/lib/engine/schedule';

describe('lrAt', () => {
	it('constant: the base rate at every step', () => {
		for (const s of [0, 1, 57, 999]) expect(lrAt({ kind: 'constant' }, 0.05, s, 1000)).toBe(0.05);
	});

	it('step: lr·γ^⌊step/stepSize⌋ (torch StepLR)', () => {
		const sch = { kind: 'step', stepSize: 10, gamma: 0.5 } as const;
		// steps 0..9 → 0.1;  10..19 → 0.05;  20..29 → 0.025;  30 → 0.0125
		expect(lrAt(sch, 0.1, 0, 100)).toBe(0.1);
		expect(lrAt(sch, 0.1, 9, 100)).toBe(0.1);
		expect(lrAt(sch, 0.1, 10, 100)).toBeCloseTo(0.05, 15);
		expect(lrAt(sch, 0.1, 19, 100)).toBeCloseTo(0.05, 15);
		expect(lrAt(sch, 0.1, 20, 100)).toBeCloseTo(0.025, 15);
		expect(lrAt(sch, 0.1, 30, 100)).toBeCloseTo(0.0125, 15);
	});

	it('cosine: starts at lr, half way at (lr + ηmin)/2, quarter way on the cosine, ηmin at the end', () => {
		const sch = { kind: 'cosine', etaMin: 0.01 } as const;
		// T = 100, lr 0.1, ηmin 0.01:  ηₜ = 0.01 + 0.09·(1 + cos(πt/100))/2
		expect(lrAt(sch, 0.1, 0, 100)).toBeCloseTo(0.1, 15);
		expect(lrAt(sch, 0.1, 50, 100)).toBeCloseTo(0.055, 15); // (0.1 + 0.01)/2, cos(π/2) = 0
		// t = 25: cos(π/4) = √2/2 → 0.01 + 0.045·(1 + 0.7071067811865476) = 0.08681980515339464
		expect(lrAt(sch, 0.1, 25, 100)).toBeCloseTo(0.08681980515339464, 14);
		// t = 75: cos(3π/4) = −√2/2 → 0.01 + 0.045·0.2928932188134524 = 0.023180194846605356
		expect(lrAt(sch, 0.1, 75, 100)).toBeCloseTo(0.023180194846605356, 14);
		// t = T and beyond: held at ηmin
		expect(lrAt(sch, 0.1, 100, 100)).toBeCloseTo(0.01, 15);
		expect(lrAt(sch, 0.1, 150, 100)).toBe(0.01);
	});

	it('cosine: decreases monotonically over the run', () => {
		const sch = { kind: 'cosine', etaMin: 0 } as const;
		let prev = Infinity;
		for (let s = 0; s < 40; s++) {
			const lr = lrAt(sch, 1, s, 40);
			expect(lr).toBeLessThan(prev);
			expect(lr).toBeGreaterThan(0);
			prev = lr;
		}
	});

	it('warmup: lr·(step + 1)/W for the first W steps, then lr', () => {
		const sch = { kind: 'warmup', warmupSteps: 4 } as const;
		// 0.2·1/4 = 0.05, 0.2·2/4 = 0.1, 0.2·3/4 = 0.15, 0.2·4/4 = 0.2, then 0.2
		expect(lrAt(sch, 0.2, 0, 100)).toBeCloseTo(0.05, 15);
		expect(lrAt(sch, 0.2, 1, 100)).toBeCloseTo(0.1, 15);
		expect(lrAt(sch, 0.2, 2, 100)).toBeCloseTo(0.15, 15);
		expect(lrAt(sch, 0.2, 3, 100)).toBeCloseTo(0.2, 15);
		expect(lrAt(sch, 0.2, 4, 100)).toBe(0.2);
		expect(lrAt(sch, 0.2, 99, 100)).toBe(0.2);
	});
});

describe('validation', () => {
	it('rejects bad schedule parameters, naming the field', () => {
		expect(() => validateSchedule({ kind: 'step', stepSize: 0, gamma: 0.5 })).toThrow(/stepSize/);
		expect(() => validateSchedule({ kind: 'step', stepSize: 2.5, gamma: 0.5 })).toThrow(/stepSize/);
		expect(() => validateSchedule({ kind: 'step', stepSize: 10, gamma: 0 })).toThrow(/gamma/);
		expect(() => validateSchedule({ kind: 'cosine', etaMin: -1 })).toThrow(/etaMin/);
		expect(() => validateSchedule({ kind: 'warmup', warmupSteps: 0 })).toThrow(/warmupSteps/);
		expect(() => validateSchedule({ kind: 'cosine', etaMin: 0 })).not.toThrow();
	});

	it('rejects bad step arguments', () => {
		expect(() => lrAt({ kind: 'constant' }, 0.1, -1, 10)).toThrow(RangeError);
		expect(() => lrAt({ kind: 'constant' }, 0.1, 0.5, 10)).toThrow(/step/);
		expect(() => lrAt({ kind: 'constant' }, 0.1, 0, 0)).toThrow(/totalSteps/);
		expect(() => lrAt({ kind: 'constant' }, 0, 0, 10)).toThrow(/baseLr/);
	});
});
