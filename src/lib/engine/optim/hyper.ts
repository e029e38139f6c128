// Hyper-parameter validation shared by the optimizer modules. Every check runs once, at creation
// (or once per step for the scheduled lr), never per parameter.

import type { FloatArray } from '../types';

function describe(v: unknown): string {
	return typeof v === 'number' ? String(v) : `${typeof v} ${String(v)}`;
}

/** v must be a finite number > 0 (learning rates, ε). */
export function requirePositive(owner: string, field: string, v: number): number {
	if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
		throw new RangeError(`${owner}: ${field} must be a finite number > 0, got ${describe(v)}`);
	}
	return v;
}

/** v must be a finite number ≥ 0 (weight decay). */
export function requireNonNegative(owner: string, field: string, v: number): number {
	if (typeof v !== 'number' || !Number.isFinite(v) || !(v >= 0)) {
		throw new RangeError(`${owner}: ${field} must be a finite number ≥ 0, got ${describe(v)}`);
	}
	return v;
}

/** v must lie in [0, 1) (momentum μ, β₁, β₂, α): at 1 an average never forgets, above it explodes. */
export function requireUnitInterval(owner: string, field: string, v: number): number {
	if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
		throw new RangeError(`${owner}: ${field} must be in [0, 1), got ${describe(v)}`);
	}
	return v;
}

/** v must lie in (0, 1) (nesterov's μ: torch rejects nesterov=True with momentum ≤ 0). */
export function requireOpenUnitInterval(owner: string, field: string, v: number): number {
	if (typeof v !== 'number' || !(v > 0 && v < 1)) {
		throw new RangeError(`${owner}: ${field} must be in (0, 1), got ${describe(v)}`);
	}
	return v;
}

/** v must be true or false (flags such as amsgrad). */
export function requireBoolean(owner: string, field: string, v: boolean): boolean {
	if (typeof v !== 'boolean') throw new RangeError(`${owner}: ${field} must be true or false, got ${describe(v)}`);
	return v;
}

/** Per-step argument check: one branch per step, so a bad schedule or a layout bug fails loudly. */
export function checkStepArgs(owner: string, size: number, params: FloatArray, grads: FloatArray, lr: number): void {
	if (params.length !== size || grads.length !== size) {
		throw new RangeError(`${owner}: expected params and grads of length ${size}, got ${params.length} and ${grads.length}`);
	}
	if (!Number.isFinite(lr) || !(lr >= 0)) {
		throw new RangeError(`${owner}: lr must be a finite number ≥ 0, got ${describe(lr)}`);
	}
}

export function requireSize(owner: string, n: number): number {
	if (!Number.isInteger(n) || n < 0) throw new RangeError(`${owner}: nParams must be an integer ≥ 0, got ${describe(n)}`);
	return n;
}

