import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { debugRuns, waitReady, watchErrors } from './helpers';

async function download(page: Page, what: string): Promise<{ name: string; text: string }> {
	await page.getByTestId('export-menu').click();
	const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export="${what}"]`).click()]);
	const path = await dl.path();
	return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('presentation mode and keyboard shortcuts', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=xor&h=8&bs=16&steps=100000&eval=100&seed=3&r=SGD~sgd~lr=0.1~init=he-normal');
	await waitReady(page, 1);
	await page.keyboard.press('p');
	await expect(page.locator('html')).toHaveClass(/present/);
	await expect(page.getByRole('complementary', { name: 'Experiment settings' })).toBeHidden();
	await page.keyboard.press('ArrowRight');
	await expect.poll(async () => (await debugRuns(page))[0].step).toBe(1);
	await page.keyboard.press(' ');
	await expect.poll(async () => (await debugRuns(page))[0].step, { timeout: 30_000 }).toBeGreaterThan(50);
	await page.keyboard.press(' ');
	await expect.poll(async () => (await debugRuns(page))[0].status).toBe('paused');
	await page.keyboard.press('r');
	await expect.poll(async () => (await debugRuns(page))[0].step).toBe(0);
	await page.keyboard.press('?');
	await expect(page.getByTestId('shortcuts-help')).toBeVisible();
	await expect(page.getByTestId('shortcuts-help')).toContainText('Space');
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('shortcuts-help')).toBeHidden();
	// a shortcut key typed into a field is text, not a command
	await page.keyboard.press('p');
	await expect(page.locator('html')).not.toHaveClass(/present/);
	await page.getByLabel('Batch size').focus();
	await page.keyboard.press('r');
	expect((await debugRuns(page))[0].step).toBe(0);
	watch.expectNone();
});

test('a "share with students" link hides exactly what it says', async ({ page, context }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&steps=500');
	await waitReady(page);
	await page.getByRole('button', { name: 'Share with students…' }).click();
	const dialog = page.getByTestId('share-dialog');
	// default: settings, runs and seed hidden; also hide the summary table, keep the rest
	await dialog.locator('[data-hide="table"]').check();
	const link = await dialog.getByTestId('share-link').inputValue();
	expect(link).toContain('hide=');
	const student = await context.newPage();
	const watch2 = watchErrors(student);
	await student.goto(link);
	await waitReady(student);
	await expect(student.getByRole('complementary', { name: 'Experiment settings' })).toBeHidden();
	await expect(student.getByRole('button', { name: 'New seed' })).toHaveCount(0);
	await expect(student.locator('table')).toHaveCount(0);
	// what was not hidden is still there
	await expect(student.getByRole('tablist', { name: 'Views' })).toBeVisible();
	await expect(student.getByTestId('export-menu')).toBeVisible();
	await expect(student.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ })).toBeVisible();
	watch.expectNone();
	watch2.expectNone();
});

test('exports download with the expected content and a config imports back', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=circles&h=8,8&bs=16&steps=120&eval=40&seed=5&r=Plain~sgd~lr=0.1~init=he-normal&r=Adaptive~adam~lr=0.01~init=he-normal');
	await waitReady(page, 2);
	await expect.poll(() => page.url()).toContain('n=600'); // the link is shown in its canonical form
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'done'), { timeout: 60_000 }).toBe(true);

	const csv = await download(page, 'metrics-csv');
	expect(csv.name).toMatch(/\.csv$/);
	const rows = csv.text.trim().split(/\r?\n/);
	expect(rows[0]).toBe('run_id,label,optimizer,lr,init,step,epoch,examples,time_ms,test_loss,test_accuracy,live_changes');
	// evaluations at steps 0, 40, 80, 120 for each of the two runs
	expect(rows).toHaveLength(1 + 2 * 4);
	expect(rows.filter((r) => r.includes('Adaptive'))).toHaveLength(4);

	const json = JSON.parse((await download(page, 'metrics-json')).text);
	expect(json.runs).toHaveLength(2);

	const svg = await download(page, 'chart-svg-loss');
	expect(svg.name).toMatch(/\.svg$/);
	expect(svg.text).toContain('<svg');
	expect(svg.text).toContain('Adaptive');

	const model = JSON.parse((await download(page, 'model-r0')).text);
	expect(model.format).toBe('optimizer-playground/model');
	expect(model.sizes).toEqual([2, 8, 8, 2]);
	expect(model.layers[0].weight).toHaveLength(8);
	expect(model.layers[0].weight[0]).toHaveLength(2);
	expect(model.step).toBe(120);

	const config = await download(page, 'config-json');
	const before = page.url();
	// change the experiment, then import the saved config: the original comes back
	await page.getByLabel('Data set').selectOption('xor');
	await expect.poll(() => page.url()).toContain('ds=xor');
	await page.getByTestId('export-menu').click();
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('[data-export="config-import"]').click()]);
	await chooser.setFiles({ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from(config.text) });
	await expect(page.getByLabel('Data set')).toHaveValue('circles');
	await expect.poll(() => page.url()).toBe(before);
	watch.expectNone();
});

test('a lesson link shows its question, and the answer on demand', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/lessons/');
	await page.getByRole('link', { name: /Open in playground/ }).first().click();
	const banner = page.getByTestId('lesson-banner');
	await expect(banner).toContainText('Lesson 1');
	await expect(banner).toContainText('Predict');
	await banner.getByRole('button', { name: 'Show the answer' }).click();
	await expect(banner.getByRole('button', { name: 'Hide the answer' })).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByRole('status').filter({ hasText: 'unknown setting' })).toHaveCount(0);
	watch.expectNone();
});

test('charts outside the Export menu save as SVG and PNG too', async ({ page }) => {
	const watch = watchErrors(page);
	const save = async (what: string) => {
		const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-chart-export="${what}"]`).click()]);
		return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
	};
	await page.goto('/surface/');
	await page.locator('html[data-ready]').waitFor(); // hydrated: a click before it is lost (seen under load)
	const race = await save('surface race-svg');
	expect(race.name).toMatch(/surface-race.*\.svg$/);
	expect(race.text).toContain('<svg');
	const png = await save('surface race-png');
	expect(png.name).toMatch(/\.png$/);

	await page.goto('/?ds=moons&h=8,8&view=inside');
	await page.locator('html[data-ready]').waitFor();
	await expect(page.locator('[data-testid="init-profile-row"]').first()).toBeVisible({ timeout: 60_000 });
	const profile = await save('init profile-svg');
	expect(profile.text).toContain('He normal');
	watch.expectNone();
});
