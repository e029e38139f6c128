import { expect, type Locator, type Page } from '@playwright/test';

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
	/** a landed chunk not yet committed to the page (it is on the next throttled frame) */
	pending?: boolean;
	/** index of the live worker hosting the run, −1 if none */
	worker: number;
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
		}, { timeout: 120_000 }) // a limit, not a pause: MNIST's first load on a loaded 2-core machine
		.toBe(true);
}

/** chunks in flight in the workers (0 once every dispatched chunk has landed) */
export async function computing(page: Page): Promise<number> {
	return page.evaluate(() => (window as unknown as { __playground?: { computing: number } }).__playground?.computing ?? -1);
}

/**
 * Waits until nothing is left to arrive after a pause: no run is running, no chunk is in flight
 * in a worker, and no landed chunk waits for its frame. After this, a paused page must not change.
 */
export async function waitSettled(page: Page): Promise<void> {
	await expect
		.poll(async () => {
			const [runs, busy] = [await debugRuns(page), await computing(page)];
			return busy === 0 && runs.every((r) => r.status !== 'running' && r.status !== 'loading' && !r.pending);
		}, { timeout: 60_000 })
		.toBe(true);
}

/** resolves after the page has drawn n more animation frames (a count of frames, not a duration) */
export async function frames(page: Page, n: number): Promise<void> {
	await page.evaluate(
		(n) =>
			new Promise<void>((resolve) => {
				let k = 0;
				const tick = () => (++k >= n ? resolve() : requestAnimationFrame(tick));
				requestAnimationFrame(tick);
			}),
		n
	);
}

/**
 * Every chart (an <svg role="img">) inside `scope` is drawn on the chart kit — it carries the kit's
 * x axis (AxisX, data-testid="axis-x"), no hand-drawn axis — and every tick label of its axes and
 * colour bars has at most 6 significant digits and no SI suffix (Y, G, …) on a data value.
 * Returns the number of charts checked, so a caller can say how many it expects.
 */
export async function expectOnChartKit(scope: Locator): Promise<number> {
	const charts = await scope.locator('svg[role="img"]').all();
	for (const [i, svg] of charts.entries()) {
		const name = (await svg.getAttribute('aria-labelledby')) ? await svg.locator('title').first().textContent() : await svg.getAttribute('aria-label');
		await expect(svg.getByTestId('axis-x'), `chart ${i} (${name?.slice(0, 80)}) has the kit's x axis`).toHaveCount(1);
		const labels = await svg.locator('[data-testid="axis-x"] .tick text, [data-testid="axis-y"] .tick text, [data-testid="color-bar"] text:not(.title)').allTextContents();
		for (const l of labels.map((t) => t.trim()).filter((t) => /^[−-]?[\d.,]+(e[−-]?\d+)?[kMGTPEYZ%]?$/.test(t))) {
			const mantissa = l.replace(/[−\-,%]/g, '').split('e')[0];
			const digits = (l.includes('.') || l.includes('e') ? mantissa.replace('.', '').replace(/^0+/, '') : mantissa.replace(/^0+/, '').replace(/0+$/, '')).length;
			expect(digits, `chart ${i}: ${l}`).toBeLessThanOrEqual(6);
			expect(l, `chart ${i}: ${l}`).not.toMatch(/\d[kMGTPEYZ]$/);
		}
	}
	return charts.length;
}
