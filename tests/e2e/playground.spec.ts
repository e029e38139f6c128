import { expect, test } from '@playwright/test';
import { computing, debugRuns, frames, liveWorkers, waitReady, waitSettled, watchErrors } from './helpers';

test('compare all optimizers on a 2-D set: every run plots, pause stops, reset restarts from the same loss', async ({ page }, info) => {
	const watch = watchErrors(page);
	let workers = 0;
	page.on('worker', () => workers++);
	await page.goto('/?steps=200000'); // long enough to be still running when paused
	await waitReady(page, 2); // hydrated, workers up: the default experiment's two runs
	await page.getByLabel('Data set').selectOption('moons');
	await page.getByRole('button', { name: 'Compare all optimizers' }).click();
	await waitReady(page, 7);
	const runs0 = await debugRuns(page);
	expect(runs0).toHaveLength(7);
	// same init for all seven → the same θ₀ and the same first batch → the same first loss
	expect(new Set(runs0.map((r) => r.firstLoss)).size).toBe(1);
	await expect(page.getByTestId('fairness-badge')).toContainText('same θ₀');

	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.step > 40), { timeout: 60_000 }).toBe(true);
	expect(workers).toBeGreaterThanOrEqual(2);
	await expect(page.locator('[data-testid="loss-chart"] path.smooth[data-run]')).toHaveCount(7);
	for (const path of await page.locator('[data-testid="loss-chart"] path.smooth[data-run]').all()) {
		expect((await path.getAttribute('d'))?.length ?? 0).toBeGreaterThan(20);
	}

	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Pause/ }).click();
	await waitSettled(page); // the chunks in flight when Pause was clicked have landed and been drawn
	const paused = (await debugRuns(page)).map((r) => r.step);
	expect(paused.every((s) => s > 40)).toBe(true);
	await frames(page, 60); // a paused page stays put: nothing computes, nothing lands, nothing moves
	expect(await computing(page)).toBe(0);
	expect((await debugRuns(page)).map((r) => r.step)).toEqual(paused);
	expect((await debugRuns(page)).every((r) => r.status === 'paused')).toBe(true);

	await page.screenshot({ path: info.outputPath('main-screen.png') });
	await info.attach('main screen', { path: info.outputPath('main-screen.png'), contentType: 'image/png' });

	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Reset/ }).click();
	await waitReady(page, 7);
	const runs1 = await debugRuns(page);
	expect(runs1.every((r) => r.step === 0)).toBe(true);
	expect(runs1.map((r) => r.firstLoss)).toEqual(runs0.map((r) => r.firstLoss));
	// one worker per core (capped at 8), hosting the seven runs
	expect(await liveWorkers(page)).toBe(await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency, 7))));
	watch.expectNone();
});

test('the URL carries the experiment: a fresh page shows the same config and the same first losses', async ({ page, context }) => {
	const watch = watchErrors(page);
	await page.goto('/');
	await waitReady(page, 2); // hydrated, workers up: the default experiment's two runs
	await page.getByLabel('Data set').selectOption('circles');
	await page.getByRole('button', { name: 'Compare all initializations' }).click();
	await waitReady(page, 7);
	const first = await debugRuns(page);
	const url = page.url();
	expect(url).toContain('ds=circles');

	const fresh = await context.newPage();
	const watch2 = watchErrors(fresh);
	await fresh.goto(url);
	await waitReady(fresh);
	await expect(fresh.getByLabel('Data set')).toHaveValue('circles');
	const again = await debugRuns(fresh);
	expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
	expect(again.map((r) => r.firstLoss)).toEqual(first.map((r) => r.firstLoss));
	watch.expectNone();
	watch2.expectNone();
});

test('a broken URL shows a message naming the field and keeps the rest', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=xor&bs=banana&h=8,8&r=Fast~adam~lr=-3~init=he-normal');
	await expect(page.getByRole('status').filter({ hasText: 'batch size' })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: /learning rate/ })).toBeVisible();
	await expect(page.getByLabel('Data set')).toHaveValue('xor');
	await waitReady(page);
	watch.expectNone();
});

test('MNIST: the lecture’s 3-layer MLP trains in the browser and its test accuracy rises', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=mnist&h=128,64&act=relu&bs=64&steps=150&eval=50&seed=1&r=Adam~adam~lr=0.001~init=he-normal');
	await waitReady(page);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page))[0]?.status, { timeout: 90_000 }).toBe('done');
	const acc = await page.locator('tr[data-run="r0"] td').nth(1).innerText();
	expect(parseFloat(acc)).toBeGreaterThan(70);
	watch.expectNone();
});
