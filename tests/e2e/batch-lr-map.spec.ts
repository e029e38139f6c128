import { expect, test } from '@playwright/test';
import { expectOnChartKit, watchErrors } from './helpers';

test('the batch size × learning rate map renders one cell per configuration, diverged cells marked', async ({ page }) => {
	test.setTimeout(6 * 60_000);
	const watch = watchErrors(page);
	await page.goto('/sweep/?ds=moons&n=200&noise=0.1&h=8&act=tanh&bs=16&steps=100&eval=50&seed=3&r=SGD~sgd~lr=0.1~init=xavier-normal');
	await page.locator('html[data-ready]').waitFor(); // hydrated: fields filled before it would be reset
	const map = page.getByTestId('batch-lr-map');
	await map.scrollIntoViewIfNeeded();
	const form = map.getByRole('form', { name: 'Batch size × learning rate settings' });
	await form.getByLabel(/^Batch sizes/).fill('3');
	await form.getByLabel('Smallest learning rate').fill('0.01');
	await form.getByLabel('Largest learning rate').fill('100');
	await form.getByLabel('Learning rates').fill('4');
	await form.getByLabel('Epochs per cell').fill('4');
	await form.getByLabel('Target test accuracy').fill('0.8');
	// 160 training points → batch sizes 1, 13, 160
	await expect(form).toContainText('1, 13, 160');
	await form.getByRole('button', { name: 'Run the map' }).click();

	const cells = map.getByTestId('map-cell');
	await expect(cells).toHaveCount(3 * 4);
	await expect.poll(async () => (await cells.evaluateAll((els) => els.filter((e) => e.getAttribute('data-status') === 'pending').length)), { timeout: 5 * 60_000, intervals: [1000] }).toBe(0);

	const got = await cells.evaluateAll((els) => els.map((e) => ({ b: Number(e.getAttribute('data-batch')), lr: Number(e.getAttribute('data-lr')), status: e.getAttribute('data-status'), cross: e.querySelector('text.cross') !== null })));
	// exactly one cell per (batch, learning rate)
	expect(new Set(got.map((c) => `${c.b}/${c.lr}`)).size).toBe(12);
	expect([...new Set(got.map((c) => c.b))].sort((a, b) => a - b)).toEqual([1, 13, 160]);
	// η = 100 at batch 1 cannot survive; every diverged cell carries a ✕ and no other cell does
	expect(got.find((c) => c.b === 1 && c.lr === 100)?.status).toBe('diverged');
	for (const c of got) expect(c.cross, `${c.b}/${c.lr}`).toBe(c.status !== 'done');
	expect(got.some((c) => c.status === 'done')).toBe(true);
	// the colour bar and the examples-to-target view are there
	await expect(map.getByLabel('Colour scale')).toBeVisible();
	await map.getByLabel(/examples seen to reach/).check();
	await expect(map.getByTestId('examples-to-target').locator('circle').first()).toBeVisible();
	// the heatmap and the examples chart are on the chart kit: its axes name every batch size and rate
	expect(await expectOnChartKit(map)).toBe(2);
	const heat = map.getByTestId('map-sgd');
	expect((await heat.getByTestId('axis-x').locator('.tick text').allTextContents()).map((t) => t.trim())).toEqual(['1', '13', '160']);
	expect(await heat.getByTestId('axis-y').locator('.tick text').count()).toBe(4);
	watch.expectNone();
});
