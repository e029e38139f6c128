// Schedule refusals name the field and the rule (the product's bad-input standard), written out
// here by hand rather than rebuilt from the code's own strings.
import { describe, expect, it } from 'vitest';
import { lrAt, validateSchedule } from '../../../src/lib/engine/schedule';
import type { LrSchedule } from '../../../src/lib/engine/types';

describe('schedule messages', () => {
	it('validateSchedule names the field, the rule and the value', () => {
		expect(() => validateSchedule({ kind: 'step', stepSize: 0, gamma: 0.5 })).toThrow(
			new RangeError('schedule: stepSize must be an integer ≥ 1, got 0')
		);
		expect(() => validateSchedule({ kind: 'step', stepSize: 3, gamma: 0 })).toThrow(
			new RangeError('schedule: gamma must be a finite number > 0, got 0')
		);
		expect(() => validateSchedule({ kind: 'cosine', etaMin: -1 })).toThrow(
			new RangeError('schedule: etaMin must be a finite number ≥ 0, got -1')
		);
		expect(() => validateSchedule({ kind: 'warmup', warmupSteps: 2.5 })).toThrow(
			new RangeError('schedule: warmupSteps must be an integer ≥ 1, got 2.5')
		);
	});

	it('an unknown kind from untyped JavaScript is refused by name', () => {
		const bad = { kind: 'exponential', gamma: 0.9 } as unknown as LrSchedule;
		expect(() => validateSchedule(bad)).toThrow(
			new RangeError('schedule: unknown kind {"kind":"exponential","gamma":0.9}')
		);
	});

	it('lrAt names a bad base rate, step or run length', () => {
		const c: LrSchedule = { kind: 'constant' };
		expect(() => lrAt(c, 0, 0, 10)).toThrow(new RangeError('schedule: baseLr must be a finite number > 0, got 0'));
		expect(() => lrAt(c, 0.1, -1, 10)).toThrow(new RangeError('schedule: step must be an integer ≥ 0, got -1'));
		expect(() => lrAt(c, 0.1, 0, 0)).toThrow(new RangeError('schedule: totalSteps must be an integer ≥ 1, got 0'));
	});
});
