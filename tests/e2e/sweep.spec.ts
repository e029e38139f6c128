import { expect, test, type Page } from '@playwright/test';
import { expectOnChartKit, watchErrors } from './helpers';

interface SweepDebug {
	liveWorkers: number;
	workersCreated: number;
	task: string | null;
	done: number;
	total: number;
}

async function debug(page: Page): Promise<SweepDebug | null> {
	return page.evaluate(() => {
		const d = (window as unknown as { __sweep?: SweepDebug }).__sweep;
		return d ? { liveWorkers: d.liveWorkers, workersCreated: d.workersCreated, task: d.task, done: d.done, total: d.total } : null;
	});
}

/** waits until the running task has finished every job and every job's worker is gone */
async function waitIdle(page: Page, total: number): Promise<void> {
	await expect
		.poll(async () => {
			const d = await debug(page);
			return d && d.task === null && d.done === d.total && d.total === total && d.liveWorkers === 0;
		}, { timeout: 90_000 })
		.toBe(true);
}

test('a 2 × 3 × 1 sweep draws one curve per optimizer, then k seeds draw a band per configuration', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/sweep/?ds=moons&n=400&h=8&bs=32&seed=7');
	await expect(page.getByRole('heading', { name: 'Learning-rate sweep' })).toBeVisible();
	await expect.poll(() => debug(page)).not.toBeNull();

	const form = page.getByRole('form', { name: 'Sweep' });
	await expect(page.getByRole('combobox', { name: 'data set' })).toHaveValue('moons'); // the base came from the link
	await form.getByRole('checkbox', { name: 'Momentum', exact: true }).uncheck();
	for (const name of ['SGD', 'Adam']) await expect(form.getByRole('checkbox', { name, exact: true })).toBeChecked();
	await form.getByLabel('from').fill('0.001');
	await form.getByLabel('to').fill('0.1');
	await form.getByLabel('points').fill('3');
	await form.getByLabel('seeds', { exact: true }).fill('1');
	await form.getByLabel('steps per job').fill('60');
	await expect(form.getByText('6 jobs')).toBeVisible();
	await form.getByRole('button', { name: 'Run sweep' }).click();

	await waitIdle(page, 6);
	await expect(page.getByTestId('sweep-progress')).toContainText('6 / 6 jobs');
	const chart = page.getByTestId('sweep-chart');
	for (const o of ['sgd', 'adam']) {
		await expect(chart.locator(`path[data-testid="sweep-curve"][data-optimizer="${o}"]`)).toHaveCount(1);
		await expect(chart.locator(`[data-testid="sweep-point"][data-optimizer="${o}"]`)).toHaveCount(3);
	}
	await expect(chart.locator('path[data-testid="sweep-curve"]')).toHaveCount(2);
	// moons at lr ≤ 0.1 trains without diverging: every curve has a drawn line
	for (const o of ['sgd', 'adam']) expect(await chart.locator(`path[data-testid="sweep-curve"][data-optimizer="${o}"]`).getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
	await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(2);
	// on the chart kit: the log learning-rate axis labels the decades 0.001, 0.01, 0.1 and, where room
	// allows, mantissas 2 and 5 (formatted by plot/format.ts)
	expect(await expectOnChartKit(page.locator('figure.sweep-chart').first())).toBe(1);
	const lrLabels = (await chart.getByTestId('axis-x').locator('.tick text').allTextContents()).map((t) => t.trim());
	for (const d of ['0.001', '0.01', '0.1']) expect(lrLabels).toContain(d);
	for (const l of lrLabels) expect(l).toMatch(/^0\.0*[125]$/);
	// the jobs shared the pool's workers (one per core at most), all terminated when the task finished
	const cores = await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency));
	const created = (await debug(page))?.workersCreated ?? -1;
	expect(created).toBeGreaterThan(0);
	expect(created).toBeLessThanOrEqual(cores);

	// multi-seed: each optimizer at its best sweep rate, 2 seeds; seed 0 of each is reused from the sweep
	const seeds = page.getByRole('form', { name: 'Multi-seed settings' });
	await expect(seeds.getByText('best', { exact: true })).toHaveCount(2);
	await seeds.getByLabel('seeds (k)').fill('2');
	await seeds.getByRole('button', { name: 'Run 2 seeds each' }).click();
	await waitIdle(page, 4);
	expect((await debug(page))?.workersCreated).toBeLessThanOrEqual(created + cores);
	const bands = page.getByTestId('seed-chart').locator('[data-testid="seed-band"]');
	await expect(bands).toHaveCount(2);
	const configs = await bands.evaluateAll((els) => els.map((e) => e.getAttribute('data-optimizer')));
	expect(configs.sort()).toEqual(['adam', 'sgd']);
	await expect(page.getByTestId('seed-chart').locator('[data-testid="seed-mean"]')).toHaveCount(2);
	expect(await expectOnChartKit(page.locator('figure.sweep-chart').nth(1))).toBe(1);
	watch.expectNone();
});

test('a sweep of more than 100 jobs is refused with a message naming the fields', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/sweep/');
	await expect.poll(() => debug(page)).not.toBeNull();
	const form = page.getByRole('form', { name: 'Sweep' });
	await form.getByLabel('points').fill('25');
	await form.getByLabel('seeds', { exact: true }).fill('5');
	await form.getByRole('button', { name: 'Run sweep' }).click();
	await expect(form.getByRole('alert')).toContainText('too many jobs: 3 optimizers × 25 learning rates × 5 seeds = 375');
	await expect(form.getByLabel('points')).toHaveAttribute('aria-invalid', 'true');
	expect((await debug(page))?.workersCreated).toBe(0);
	watch.expectNone();
});
