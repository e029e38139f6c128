// The shared update scheduler's pacing (state/run.svelte.ts): at most UPDATES_PER_SECOND a second,
// and an update costing c ms waits c·(1/MAIN_THREAD_SHARE − 1) ms before the next. Hand-worked.
import { describe, expect, it } from 'vitest';
import { MAIN_THREAD_SHARE, nextUpdateWait, UPDATES_PER_SECOND } from '../../src/lib/state/run.svelte';

describe('nextUpdateWait', () => {
	it('the constants: 6 updates a second, 5 % of the main thread', () => {
		expect(UPDATES_PER_SECOND).toBe(6);
		expect(MAIN_THREAD_SHARE).toBe(0.05);
	});
	it('a cheap update (2 ms) is paced by the rate: 1000 / 6 = 166.67 ms after its start', () => {
		// 2 · 19 = 38 ms < 166.67 ms
		expect(nextUpdateWait(1000, 2, 1000)).toBeCloseTo(166.6667, 3);
		expect(nextUpdateWait(1000, 2, 1100)).toBeCloseTo(66.6667, 3);
	});
	it('a costly update (18 ms) is paced by the share: 18 · 0.95 / 0.05 = 342 ms after its start', () => {
		expect(nextUpdateWait(500, 18, 520)).toBeCloseTo(322, 9);
	});
	it('no wait once the gap has passed, and none before the first update', () => {
		expect(nextUpdateWait(0, 10, 400)).toBeLessThanOrEqual(0); // 10 · 19 = 190 ms
		expect(nextUpdateWait(-Infinity, 0, 0)).toBe(-Infinity);
	});
});
