// Learning-rate schedules, as closed forms of the step index so any step can be evaluated alone
// (the trainer, the CLI and the schedule preview plot all call lrAt; none keeps scheduler state).
//
// step = 0-based index of the optimizer step about to be taken; totalSteps = steps in the run.

import type { LrSchedule } from './types';

function fail(field: string, rule: string, v: number): never {
	throw new RangeError(`schedule: ${field} must be ${rule}, got ${v}`);
}

/** Throws a RangeError naming the field if the schedule's parameters are out of range. */
export function validateSchedule(schedule: LrSchedule): void {
	switch (schedule.kind) {
		case 'constant':
			return;
		case 'step':
			if (!Number.isInteger(schedule.stepSize) || schedule.stepSize < 1) fail('stepSize', 'an integer ≥ 1', schedule.stepSize);
			if (!Number.isFinite(schedule.gamma) || !(schedule.gamma > 0)) fail('gamma', 'a finite number > 0', schedule.gamma);
			return;
		case 'cosine':
			if (!Number.isFinite(schedule.etaMin) || !(schedule.etaMin >= 0)) fail('etaMin', 'a finite number ≥ 0', schedule.etaMin);
			return;
		case 'warmup':
			if (!Number.isInteger(schedule.warmupSteps) || schedule.warmupSteps < 1)
				fail('warmupSteps', 'an integer ≥ 1', schedule.warmupSteps);
			return;
		default: {
			const never: never = schedule;
			throw new RangeError(`schedule: unknown kind ${JSON.stringify(never)}`);
		}
	}
}

/**
 * The learning rate for step `step` (0-based) of a run of `totalSteps` steps.
 * - constant: baseLr.
 * - step: torch StepLR with the step index as its epoch, baseLr·γ^⌊step/stepSize⌋.
 * - cosine: torch CosineAnnealingLR's closed form with T_max = totalSteps,
 *   ηmin + (baseLr − ηmin)·(1 + cos(π·step/T_max))/2; held at ηmin from step T_max on
 *   (torch would climb back up; our runs end at T_max − 1, so only out-of-range calls see this).
 * - warmup: baseLr·(step + 1)/W for step < W (baseLr/W on the first step, baseLr on step W − 1),
 *   then baseLr.
 */
export function lrAt(schedule: LrSchedule, baseLr: number, step: number, totalSteps: number): number {
	if (!Number.isFinite(baseLr) || !(baseLr > 0)) fail('baseLr', 'a finite number > 0', baseLr);
	if (!Number.isInteger(step) || step < 0) fail('step', 'an integer ≥ 0', step);
	if (!Number.isInteger(totalSteps) || totalSteps < 1) fail('totalSteps', 'an integer ≥ 1', totalSteps);
	validateSchedule(schedule);
	switch (schedule.kind) {
		case 'constant':
			return baseLr;
		case 'step':
			return baseLr * schedule.gamma ** Math.floor(step / schedule.stepSize);
		case 'cosine': {
			if (step >= totalSteps) return schedule.etaMin;
			return schedule.etaMin + ((baseLr - schedule.etaMin) * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2;
		}
		case 'warmup':
			return step < schedule.warmupSteps ? (baseLr * (step + 1)) / schedule.warmupSteps : baseLr;
	}
}
