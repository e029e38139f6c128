// Live changes (issue 15): ] doubles the running run's learning rate without a restart; the change is
// marked on the loss chart, lands in the link, and the link replays the same losses bit for bit.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { debugRuns, waitReady, watchErrors } from './helpers';

async function trainLosses(page: Page): Promise<number[]> {
	await page.getByTestId('export-menu').click();
	const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="metrics-json"]').click()]);
	const doc = JSON.parse(readFileSync(await dl.path(), 'utf8'));
	await page.keyboard.press('Escape');
	return doc.runs[0].train.loss as number[];
}

test('] doubles η live: marked on the chart, kept in the link, replayed bit for bit', async ({ page, context }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8&bs=16&steps=1500&eval=500&seed=6&r=A~sgd~lr=0.05~init=he-normal');
	await waitReady(page, 1);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page))[0].step, { timeout: 60_000 }).toBeGreaterThan(50);
	await page.locator('body').press(']');
	await expect.poll(() => new URL(page.url()).searchParams.getAll('r')[0], { timeout: 30_000 }).toMatch(/~ch=\d+:lr=0\.1$/);
	const step = Number(/ch=(\d+)/.exec(new URL(page.url()).searchParams.getAll('r')[0])?.[1]);
	expect(step).toBeGreaterThan(0);
	// the run went on: no restart
	await expect.poll(async () => (await debugRuns(page))[0].status, { timeout: 120_000 }).toBe('done');
	await expect(page.locator('[data-testid="loss-chart"] [data-testid="change-marker"][data-run="r0"]')).toHaveCount(1);
	await expect(page.locator('[data-testid="loss-chart"] [data-testid="change-marker"]')).toContainText(`η 0.05 → 0.1 at step ${step}`);
	const losses = await trainLosses(page);
	expect(losses).toHaveLength(1500);

	// the shared link replays the same run
	const replay = await context.newPage();
	await replay.goto(page.url());
	await waitReady(replay, 1);
	await replay.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(replay))[0].status, { timeout: 120_000 }).toBe('done');
	await expect(replay.locator('[data-testid="loss-chart"] [data-testid="change-marker"]')).toHaveCount(1);
	expect(await trainLosses(replay)).toEqual(losses);
	watch.expectNone();
});
