// A live demo never breaks (issue #15): shortcuts wherever focus is, Play honoured at any moment,
// "hide" options, refused imports, the Export menu per view, phones, and replay.
import { expect, test, type Page } from '@playwright/test';
import { debugRuns, waitReady, waitSettled, watchErrors } from './helpers';

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });
const anyRunning = async (page: Page) => (await debugRuns(page)).some((r) => r.status === 'running');
const allPausedOrIdle = async (page: Page) => (await debugRuns(page)).every((r) => r.status === 'paused' || r.status === 'idle');

test('Space plays and pauses after a click on any button or tab; it never clicks the focused button again', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=xor&steps=100000');
	await waitReady(page, 2);
	const seed = page.getByLabel('seed', { exact: true });

	// "New seed" keeps focus after the click: Space must play, not re-roll the seed
	await controls(page).getByRole('button', { name: 'New seed' }).click();
	await waitReady(page, 2);
	const rolled = await seed.textContent();
	await expect(controls(page).getByRole('button', { name: 'New seed' })).toBeFocused();
	await page.keyboard.press(' ');
	await expect.poll(() => anyRunning(page)).toBe(true);
	await expect(controls(page).getByRole('button', { name: /Pause/ })).toBeVisible();
	expect(await seed.textContent()).toBe(rolled);
	await page.keyboard.press(' ');
	await expect.poll(() => allPausedOrIdle(page)).toBe(true);
	expect(await seed.textContent()).toBe(rolled);

	// the other buttons of the bar and every view tab
	for (const click of [
		() => controls(page).getByRole('button', { name: 'Step', exact: true }).click(),
		() => page.getByRole('tab', { name: 'Inside the network' }).click(),
		() => page.getByRole('tab', { name: 'Data & predictions' }).click(),
		() => page.getByRole('tab', { name: 'Curves' }).click(),
		() => page.getByRole('button', { name: 'Presentation' }).click()
	]) {
		await click();
		await expect.poll(() => allPausedOrIdle(page)).toBe(true);
		await waitSettled(page);
		const steps = (await debugRuns(page)).map((r) => r.step);
		await page.keyboard.press(' ');
		await expect.poll(async () => (await debugRuns(page)).every((r, i) => r.status === 'running' && r.step > steps[i])).toBe(true);
		await page.keyboard.press(' ');
		await expect.poll(() => allPausedOrIdle(page)).toBe(true);
	}
	await page.getByRole('button', { name: 'Presentation' }).click(); // back to the normal layout (seed and settings shown)
	expect(await seed.textContent()).toBe(rolled);

	// → steps once; r resets to step 0 — also with a button focused
	await controls(page).getByRole('button', { name: 'Step epoch' }).focus();
	await waitSettled(page); // the chunks in flight when Pause was pressed have landed
	const before = (await debugRuns(page)).map((r) => r.step);
	await page.keyboard.press('ArrowRight');
	await expect.poll(async () => (await debugRuns(page)).map((r) => r.step)).toEqual(before.map((s) => s + 1));
	await page.keyboard.press('r');
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.step === 0 && r.firstLoss !== null)).toBe(true);

	// inside a text field Space types
	const steps = page.getByLabel('Steps', { exact: true });
	await steps.focus();
	await page.keyboard.press(' ');
	expect(await anyRunning(page)).toBe(false);
	watch.expectNone();
});

test('the skip link is the first Tab stop and leads to Play', async ({ page }) => {
	await page.goto('/');
	await waitReady(page, 2);
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to the training controls' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(controls(page)).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(controls(page).getByRole('button', { name: /Play/ })).toBeFocused();
});

test('Play right after "Compare all optimizers" starts the seven new runs', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&steps=100000');
	await waitReady(page, 2);
	await page.getByRole('button', { name: 'Compare all optimizers' }).click();
	await controls(page).getByRole('button', { name: /Play/ }).click(); // before the new runs exist
	await expect.poll(async () => (await debugRuns(page)).length).toBe(7);
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'running' && r.step > 0), { timeout: 60_000 }).toBe(true);
	watch.expectNone();
});

test('every "hide" option of a share link hides what it says', async ({ page }) => {
	await page.goto('/?ds=xor&hide=tabs');
	await waitReady(page, 2);
	await expect(page.getByRole('tab')).toHaveCount(0);
	await expect(page.getByRole('tablist')).toHaveCount(0);
	await expect(page.getByTestId('loss-chart')).toBeVisible(); // the view itself stays

	await page.goto('/?ds=xor&view=data&hide=settings,runs,seed,tabs,table,export,share');
	await waitReady(page, 2);
	await expect(page.getByRole('complementary', { name: 'Experiment settings' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Compare all optimizers' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'New seed' })).toHaveCount(0);
	await expect(page.getByRole('tab')).toHaveCount(0);
	await expect(page.getByRole('table')).toHaveCount(0);
	await expect(page.getByTestId('export-menu')).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Share/ })).toHaveCount(0);
	await expect(controls(page).getByRole('button', { name: /Play/ })).toBeVisible();
});

test('an invalid config file is refused with the reason and leaves the experiment and the lesson as they were', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8,8&lesson=momentum');
	await waitReady(page, 2);
	const url = page.url();
	const first = await debugRuns(page);
	await expect(page.getByTestId('lesson-banner')).toBeVisible();
	await page.getByTestId('config-file-input').setInputFiles({
		name: 'broken.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify({ shared: { dataset: 'spirals', batchSize: -4 }, runs: [] }))
	});
	const refused = page.getByTestId('import-errors');
	await expect(refused).toContainText(/not imported/i);
	await expect(refused).toContainText(/data set|dataset/i);
	await expect(page.getByLabel('Data set')).toHaveValue('moons');
	expect(page.url()).toBe(url);
	await expect(page.getByTestId('lesson-banner')).toBeVisible();
	const after = await debugRuns(page);
	expect(after.map((r) => [r.id, r.firstLoss])).toEqual(first.map((r) => [r.id, r.firstLoss]));

	// not JSON at all
	await page.getByTestId('config-file-input').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
	await expect(refused).toContainText('not valid JSON');
	await expect(page.getByLabel('Data set')).toHaveValue('moons');
	watch.expectNone();
});

test('the Export menu offers the charts of the view on screen, and they export', async ({ page }) => {
	await page.goto('/?ds=xor&steps=200');
	await waitReady(page, 2);
	const menu = page.getByTestId('export-menu');
	await menu.click();
	await expect(page.locator('[data-export="chart-svg-loss"]')).toBeVisible();
	const download = page.waitForEvent('download');
	await page.locator('[data-export="chart-svg-loss"]').click();
	expect((await download).suggestedFilename()).toMatch(/loss.*\.svg$/);
	for (const tab of ['Inside the network', 'Data & predictions']) {
		await page.getByRole('tab', { name: tab }).click();
		await menu.click();
		await expect(page.locator('[data-export="metrics-csv"]')).toBeVisible();
		await expect(page.locator('[data-export^="chart-"]')).toHaveCount(0);
		await page.keyboard.press('Escape');
	}
	await page.getByRole('tab', { name: 'Weight-space paths' }).click();
	await menu.click();
	await expect(page.locator('[data-export="chart-svg-paths"]')).toBeVisible();
	await expect(page.locator('[data-export="chart-svg-loss"]')).toHaveCount(0);
});

test('a finished 2-D run replays from step 0 to the end on the time scrubber, every view following', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=xor&steps=400&eval=20&view=data');
	await waitReady(page, 2);
	await controls(page).getByLabel('Speed').selectOption('max');
	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'done'), { timeout: 60_000 }).toBe(true);
	const stepOut = page.getByTestId('replay-step');
	await expect(stepOut).toHaveText('400');
	const boundary = page.locator('canvas').first();
	const end = await boundary.evaluate((c: HTMLCanvasElement) => c.toDataURL());

	await page.getByTestId('replay').click();
	await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-replaying', 'true');
	// mid-way the decision boundary is an earlier one
	await expect.poll(async () => Number(await stepOut.textContent())).toBeGreaterThan(0);
	const midStep = Number(await stepOut.textContent());
	expect(midStep).toBeLessThan(400);
	await expect.poll(() => boundary.evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(end);
	await expect(page.getByTestId('replay-bar')).toHaveAttribute('data-replaying', 'false', { timeout: 30_000 });
	await expect(stepOut).toHaveText('400');
	await expect.poll(() => boundary.evaluate((c: HTMLCanvasElement) => c.toDataURL())).toBe(end);

	// the scrubber drags to any step (keyboard here; a finger drags the same native range input)
	const range = page.getByRole('slider', { name: 'Step' });
	await range.focus();
	await page.keyboard.press('Home');
	await expect(stepOut).toHaveText('0');
	watch.expectNone();
});

test.describe('phones: 390×844 with touch', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	for (const route of ['/', '/lessons/', '/surface/', '/sweep/']) {
		test(`${route} fits the screen: full-width main column, no sideways scrolling`, async ({ page }) => {
			const watch = watchErrors(page);
			await page.goto(route);
			await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
			const main = page.locator('main').first();
			const box = await main.boundingBox();
			expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
			expect(box?.width ?? 0).toBeGreaterThanOrEqual(370);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
			watch.expectNone();
		});
	}

	test('on / Play is tappable, the view is full width and the settings open from a button', async ({ page }) => {
		await page.goto('/?ds=xor&steps=100000');
		await waitReady(page, 2);
		await expect(page.getByRole('complementary', { name: 'Experiment settings' })).toBeHidden();
		const chart = await page.getByTestId('loss-chart').boundingBox();
		expect(chart?.width ?? 0).toBeGreaterThanOrEqual(340);
		// the five view tabs wrap inside the screen: none hidden off to the side of a scrolling row
		const tabs = page.getByRole('tablist', { name: 'Views' });
		expect(await tabs.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
		for (const tab of await tabs.getByRole('tab').all()) {
			const b = await tab.boundingBox();
			expect(b !== null && b.x >= 0 && b.x + b.width <= 390, (await tab.textContent()) ?? 'tab').toBe(true);
		}
		await controls(page).getByRole('button', { name: /Play/ }).tap();
		await expect.poll(() => anyRunning(page)).toBe(true);
		await page.getByRole('button', { name: 'Settings', exact: true }).tap();
		await expect(page.getByLabel('Data set')).toBeVisible();
		await page.getByRole('button', { name: 'Close settings' }).tap();
		await expect(page.getByLabel('Data set')).toBeHidden();
	});

	test('on / the loss chart and its legend are on the first screen; "More…" and "Chart options" unfold the rest', async ({ page }) => {
		const watch = watchErrors(page);
		await page.goto('/?ds=xor&steps=100000');
		await waitReady(page, 2);
		// the five tabs in one row, under their short names; the accessible names stay the long ones
		const tabs = await page.getByRole('tablist', { name: 'Views' }).getByRole('tab').all();
		const rows = new Set(await Promise.all(tabs.map(async (t) => Math.round((await t.boundingBox())?.y ?? -1))));
		expect(rows.size).toBe(1);
		// innerText: what is rendered (textContent would include the hidden long name)
		expect(await page.getByRole('tab', { name: 'Inside the network' }).evaluate((e) => (e as HTMLElement).innerText)).toBe('Inside');
		// the whole loss chart (plot, x axis and legend) within the 844 px of the first screen
		const chart = await page.getByTestId('loss-chart').boundingBox();
		expect(chart !== null && chart.y > 0 && chart.y + chart.height <= 844, JSON.stringify(chart)).toBe(true);
		// folded: the secondary controls and the chart's display options
		for (const name of ['Step epoch', 'New seed', 'Share link', 'Share with students…', 'Presentation', 'Keyboard shortcuts'])
			await expect(page.getByRole('button', { name, exact: true })).toBeHidden();
		// the site's nav keeps its LR sweep link; the toolbar's (to a sweep of this experiment) is folded
		await expect(page.getByRole('link', { name: 'LR sweep' })).toHaveCount(1);
		await expect(page.getByLabel('Smoothing')).toBeHidden();
		const more = page.getByRole('button', { name: 'More…' });
		await expect(more).toHaveAttribute('aria-expanded', 'false');
		await more.tap();
		for (const name of ['Step epoch', 'New seed', 'Share link', 'Share with students…', 'Presentation', 'Keyboard shortcuts'])
			await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
		await expect(page.getByRole('link', { name: 'LR sweep' })).toHaveCount(2);
		await expect(page.getByRole('button', { name: 'Less' })).toHaveAttribute('aria-expanded', 'true');
		await page.getByRole('button', { name: /Chart options/ }).tap();
		await expect(page.getByLabel('Smoothing')).toBeVisible();
		await expect(page.getByRole('button', { name: /Chart options/ })).toHaveAttribute('aria-expanded', 'true');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		watch.expectNone();
	});
});

test('on a laptop screen nothing is folded: no "More…" or "Chart options" button', async ({ page }) => {
	await page.goto('/?ds=xor&steps=100000');
	await waitReady(page, 2);
	await expect(page.getByRole('button', { name: 'More…' })).toBeHidden();
	await expect(page.getByRole('button', { name: /Chart options/ })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Step epoch', exact: true })).toBeVisible();
	await expect(page.getByLabel('Smoothing')).toBeVisible();
	expect(await page.getByRole('tab', { name: 'Inside the network' }).evaluate((e) => (e as HTMLElement).innerText)).toBe('Inside the network');
});
