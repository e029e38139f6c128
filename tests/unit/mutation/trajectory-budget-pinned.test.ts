// The weight-space trajectory's memory rules by hand (loss-plane/trajectory.ts): an equal share of
// 64 MiB per run, at most 8 MiB; the largest cap whose float32 snapshots fit, clamped to [min, max].
import { describe, expect, it } from 'vitest';
import { capForBudget, trajectoryBudget } from '../../../src/lib/engine/loss-plane/trajectory';

describe('trajectory budgets', () => {
	it('trajectoryBudget: min(8 MiB, ⌊64 MiB / ⌊runs⌋⌋), one run for anything below 1 or not finite', () => {
		expect(trajectoryBudget(1)).toBe(8 * 1024 * 1024);
		expect(trajectoryBudget(16)).toBe(4 * 1024 * 1024);
		expect(trajectoryBudget(10)).toBe(6710886); // 67,108,864 / 10 = 6,710,886.4
		expect(trajectoryBudget(10.9)).toBe(6710886);
		expect(trajectoryBudget(0)).toBe(8 * 1024 * 1024);
		expect(trajectoryBudget(NaN)).toBe(8 * 1024 * 1024);
		expect(trajectoryBudget(Infinity)).toBe(8 * 1024 * 1024);
	});

	it('capForBudget: ⌊budget / (4·P)⌋ clamped to [minCap, maxCap] (defaults 8 and 64)', () => {
		expect(capForBudget(1000, 100_000)).toBe(25);
		expect(capForBudget(1000, 400_000)).toBe(64);
		expect(capForBudget(1000, 1000)).toBe(8);
		expect(capForBudget(0, 400)).toBe(64); // P counted as at least 1: ⌊400/4⌋ = 100 → 64
		expect(capForBudget(1000, 100_000, 2, 30)).toBe(25);
		expect(capForBudget(1000, 1_000_000, 2, 30)).toBe(30);
		expect(capForBudget(1000, 4000, 2, 30)).toBe(2);
	});
});
