import { expect, type Page } from '@playwright/test';

/** Collects console errors and uncaught page errors; call `expectNone()` at the end of a test. */
export function watchErrors(page: Page): { errors: string[]; expectNone: () => void } {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	return { errors, expectNone: () => expect(errors).toEqual([]) };
}

export interface DebugRun {
	id: string;
	status: string;
	statusText: string;
	step: number;
	firstLoss: number | null;
}

export async function debugRuns(page: Page): Promise<DebugRun[]> {
	return page.evaluate(() => (window as unknown as { __playground?: { runs: DebugRun[] } }).__playground?.runs ?? []);
}

export async function liveWorkers(page: Page): Promise<number> {
	return page.evaluate(() => (window as unknown as { __playground?: { liveWorkers: number } }).__playground?.liveWorkers ?? -1);
}

/** waits until the playground's workers have started and every run knows its first loss */
export async function waitReady(page: Page, count?: number): Promise<void> {
	await expect
		.poll(async () => {
			const runs = await debugRuns(page);
			return runs.length > 0 && (count === undefined || runs.length === count) && runs.every((r) => r.firstLoss !== null);
		}, { timeout: 60_000 })
		.toBe(true);
}
