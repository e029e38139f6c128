import { expect, test } from '@playwright/test';
import { debugRuns, expectOnChartKit, waitReady, watchErrors } from './helpers';

const TWO_RUNS = '/?ds=moons&h=8,8&bs=16&steps=400&eval=50&seed=4&r=He~sgd~lr=0.1~init=he-normal&r=Zeros~sgd~lr=0.1~init=zeros&view=inside';

test('histograms for every run × layer, the page’s one scrubber moves them, and the symmetry message', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto(TWO_RUNS);
	await waitReady(page, 2);
	// the run × layer grid (the step-0 init profile below draws its own small histograms)
	const cells = page.getByTestId('inside-grid').getByTestId('hist-cell');
	// 2 runs × 3 layers (hidden 1, hidden 2, output), already at step 0 before any training
	await expect(cells).toHaveCount(6);
	await expect(page.getByText(/units of hidden layer 1 are identical and will stay identical/)).toBeVisible();

	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'done'), { timeout: 60_000 }).toBe(true);
	const latest = await cells.first().innerHTML();
	// the playground's one time scrubber drives the inside views too
	const scrubber = page.getByTestId('replay-bar').getByLabel('Step', { exact: true });
	await scrubber.evaluate((el: HTMLInputElement) => {
		el.value = '1';
		el.dispatchEvent(new Event('input', { bubbles: true }));
	});
	await expect.poll(() => cells.first().innerHTML()).not.toBe(latest);
	// the symmetric run is still symmetric after training (all units got identical updates)
	await expect(page.getByText(/units of hidden layer 1 are identical and will stay identical/)).toBeVisible();
	// every sub-view is drawn on the chart kit (histograms, bands, ridgelines, overlay, stats, and
	// the step-0 init profile with its small histograms below them)
	const inside = page.locator('section.inside');
	const counts: string[] = [];
	for (const [mode, form] of [['grid', null], ['through time', 'bands'], ['through time', 'ridgeline'], ['overlay', null], ['stats', null]] as const) {
		await page.getByRole('radio', { name: mode, exact: true }).check();
		if (form) await page.getByRole('radio', { name: form, exact: true }).check();
		const n = await expectOnChartKit(inside);
		expect(n, `${mode} ${form ?? ''}`).toBeGreaterThanOrEqual(mode === 'overlay' ? 1 : 6);
		counts.push(`${mode}${form ? ` ${form}` : ''}: ${n}`);
	}
	test.info().annotations.push({ type: 'charts on the kit', description: counts.join(', ') });
	watch.expectNone();
});

test('initialization at step 0: too small vanishes, too large explodes, before pressing play', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=spiral&h=16,16&view=inside');
	const row = (label: string) => page.locator(`[data-testid="init-profile-row"][data-label="${label}"]`);
	await expect(row('normal σ=0.01 (too small)')).toBeVisible({ timeout: 60_000 });
	const std = async (label: string, which: 'first' | 'last') => Number(await row(label).getAttribute(`data-${which}-std`));
	expect(await std('normal σ=0.01 (too small)', 'last')).toBeLessThan(await std('normal σ=0.01 (too small)', 'first'));
	expect(await std('normal σ=1 (too large)', 'last')).toBeGreaterThan(await std('normal σ=1 (too large)', 'first'));
	// He keeps a ReLU net's activations at the same scale, layer after layer
	const he = (await std('He normal', 'last')) / (await std('He normal', 'first'));
	expect(he).toBeGreaterThan(0.1);
	expect(he).toBeLessThan(10);
	for (const r of await debugRuns(page)) expect(r.step).toBe(0);
	// the profile and its small histograms (7 schemes × 9 layers) are drawn on the chart kit; the
	// profile's layer axis names every layer, its log axis reads powers of ten
	const profile = page.locator('figure.init');
	expect(await expectOnChartKit(profile)).toBe(1 + 7 * 9);
	const chart = profile.locator('svg[role="img"]').first();
	expect((await chart.getByTestId('axis-x').locator('.tick text').allTextContents()).length).toBe(9);
	await expect(chart.getByTestId('axis-y')).toContainText('10⁻');
	watch.expectNone();
});

test('decision boundaries render for 2-D data, filters and predictions for MNIST', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=xor&h=8&bs=16&steps=200&eval=50&r=A~adam~lr=0.01~init=he-normal&r=B~sgd~lr=0.1~init=he-normal&view=data');
	await waitReady(page, 2);
	await expect(page.locator('canvas')).toHaveCount(2);
	const boundary = page.getByRole('img', { name: /A/ }).first();
	await expect(boundary).toBeVisible();

	await page.goto('/?ds=mnist&h=32&bs=64&steps=30&eval=10&r=A~adam~lr=0.001~init=he-normal&view=data');
	await waitReady(page, 1);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page))[0].status, { timeout: 60_000 }).toBe('done');
	const filters = page.getByRole('region', { name: 'First-layer weights as images' }).locator('canvas');
	await expect(filters.first()).toBeVisible();
	expect(await filters.count()).toBeGreaterThanOrEqual(8);
	watch.expectNone();
});

test('weight-space paths: one path per run over loss contours, linked to the scrubber', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8,8&bs=16&steps=300&eval=50&r=SGD~sgd~lr=0.1~init=he-normal&r=Adam~adam~lr=0.01~init=he-normal&view=paths');
	await waitReady(page, 2);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'done'), { timeout: 60_000 }).toBe(true);
	// the view was open as the runs finished: it computes the paths by itself, no click
	const svg = page.getByTestId('weight-space');
	await expect(svg.locator('path.path')).toHaveCount(2, { timeout: 60_000 });
	await expect(page.getByRole('button', { name: /Update paths and landscape/ })).toBeEnabled();
	expect(await svg.locator('.contours path').count()).toBeGreaterThan(3);
	for (const p of await svg.locator('path.path').all()) expect((await p.getAttribute('d'))?.length ?? 0).toBeGreaterThan(20);
	await expect(svg).toHaveAccessibleName(/2-D plane/);
	// on the chart kit: both axes and the loss colour bar
	await expect(svg.getByTestId('axis-x')).toContainText('direction 1');
	await expect(svg.getByTestId('axis-y')).toContainText('direction 2');
	await expect(svg.getByTestId('color-bar')).toHaveCount(1);
	expect(await expectOnChartKit(page.locator('section.paths'))).toBe(1);
	// hovering a point of a path moves the shared scrubber: the ringed markers follow it
	const before = await svg.locator('circle.marker').first().getAttribute('cx');
	await svg.locator('path.path[data-run="r0"] ~ circle.pt').nth(2).hover();
	await expect.poll(() => svg.locator('circle.marker').first().getAttribute('cx')).not.toBe(before);
	watch.expectNone();
});

test('weight-space paths: opened while the runs train, the view waits for them; a click computes mid-run; Reset and a finish compute again', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8,8&bs=16&steps=400&eval=50&r=SGD~sgd~lr=0.1~init=he-normal&r=Adam~adam~lr=0.01~init=he-normal&view=paths');
	await waitReady(page, 2);
	const svg = page.getByTestId('weight-space');
	const controls = page.getByRole('toolbar', { name: 'Training controls' });
	// a few steps, then paused: not finished, so nothing is computed until asked
	for (let i = 0; i < 5; i++) await controls.getByRole('button', { name: 'Step', exact: true }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.step >= 5)).toBe(true);
	await expect(svg.locator('text.empty')).toHaveText('Compute the paths now, or let the runs finish.');
	await expect(svg.locator('path.path')).toHaveCount(0);
	await page.getByRole('button', { name: /Compute paths and landscape/ }).click();
	await expect(svg.locator('path.path')).toHaveCount(2, { timeout: 60_000 });
	// reset clears the result; training to the end computes the full paths without a click
	await controls.getByRole('button', { name: /Reset/ }).click();
	await expect(svg.locator('path.path')).toHaveCount(0);
	await controls.getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'done'), { timeout: 60_000 }).toBe(true);
	await expect(svg.locator('path.path')).toHaveCount(2, { timeout: 60_000 });
	// the paths reach the end: each run's last dot is titled with step 400
	await expect(svg.locator('circle.pt title', { hasText: /step 400$/ })).toHaveCount(2);
	watch.expectNone();
});
