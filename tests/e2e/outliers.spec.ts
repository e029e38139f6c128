import { expect, test, type Page } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';

// Issue #12 part B: one exploding or diverged run never flattens the others, in the inside views,
// the weight-space paths and the data views.

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });

async function lessonHref(page: Page, title: string): Promise<string> {
	await page.goto('/lessons/');
	const card = page.getByTestId('lesson').filter({ hasText: title });
	const href = (await card.getByRole('link', { name: /^Open in playground/ }).getAttribute('href')) ?? '';
	return new URL(href, page.url()).toString();
}

/** a lesson's playground link opened on `view`, once its `runs` runs have loaded */
async function openLesson(page: Page, title: string, view: 'inside' | 'data', runs: number): Promise<void> {
	const url = new URL(await lessonHref(page, title));
	url.searchParams.set('view', view);
	await page.goto(url.toString());
	await waitReady(page, runs);
}

/** Play, and wait for run `index` to diverge */
async function playUntilDiverged(page: Page, index: number): Promise<void> {
	await controls(page).getByRole('button', { name: /play/i }).click();
	await expect.poll(async () => (await debugRuns(page))[index]?.status, { timeout: 90_000 }).toBe('diverged');
}

/** the run labels and, per row of the grid, the occupied-bin counts of its cells */
async function gridRows(page: Page): Promise<number[][]> {
	const grid = page.getByTestId('inside-grid');
	const cells = await grid.getByTestId('hist-cell').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-occupied'))));
	const nCols = 9; // lesson 5: eight hidden layers and the output
	return [0, 1, 2].map((r) => cells.slice(r * nCols, (r + 1) * nCols));
}

test('lesson 5 at θ₀: σ = 0.01, σ = 1 and He are all readable, each outlier on its own marked scale', async ({ page }) => {
	test.setTimeout(4 * 60_000);
	const watch = watchErrors(page);
	await openLesson(page, 'Too small, too large', 'inside', 3);
	await page.getByRole('radio', { name: 'grid', exact: true }).check();
	await page.getByRole('radio', { name: 'activations', exact: true }).check();
	await expect(page.getByTestId('inside-grid').getByTestId('hist-cell')).toHaveCount(27);
	// before Play every run shows its θ₀ snapshot; no cell of the three runs is a spike in one bin
	const rows = await gridRows(page);
	for (const [r, row] of rows.entries()) for (const [c, n] of row.entries()) expect(n, `run ${r}, layer ${c + 1}`).toBeGreaterThanOrEqual(4);
	// σ = 0.01 vanishes and σ = 1 explodes: their deep layers are drawn on their own scales, marked
	const grid = page.getByTestId('inside-grid');
	const marks = await grid.getByTestId('own-scale').allTextContents();
	expect(marks.some((m) => m.startsWith('▼ ÷'))).toBe(true);
	expect(marks.some((m) => m.startsWith('▲ ×'))).toBe(true);
	await expect(page.getByTestId('inside-hint')).toContainText('except a run more than 10× off');

	// the same picture with every cell on one shared scale: the failure the default avoids
	await page.getByRole('radio', { name: 'all shared' }).check();
	await expect(page.getByTestId('inside-hint')).toContainText('one exploding run can squeeze the others');
	await expect(page.getByTestId('inside-hint')).not.toContainText('except a run');
	const shared = await gridRows(page);
	expect(Math.min(...shared[2].slice(4, 8))).toBeLessThanOrEqual(2); // He's deep layers: one spike
	await page.getByRole('radio', { name: 'each cell its own' }).check();
	await expect(page.getByTestId('inside-hint')).toContainText('Every cell has its own bins');
	await expect(grid.getByTestId('own-scale')).toHaveCount(0);
	watch.expectNone();
});

test('lesson 5 stats: the log axis is set by the healthy runs; the diverged run is clipped and marked', async ({ page }) => {
	test.setTimeout(4 * 60_000);
	const watch = watchErrors(page);
	await openLesson(page, 'Too small, too large', 'inside', 3);
	await playUntilDiverged(page, 1);
	await expect.poll(async () => (await debugRuns(page))[2]?.step ?? 0, { timeout: 90_000 }).toBeGreaterThan(20);
	await page.getByRole('radio', { name: 'stats' }).check();
	const panels = page.getByTestId('stats-panel');
	await expect(panels).toHaveCount(9);
	const yMax = await panels.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-y-max'))));
	// σ = 1's θ₀ activations reach ~1e7 (in range); its 1e35 after one step is not
	for (const v of yMax) expect(v).toBeLessThan(1e12);
	await expect(page.getByTestId('clip-note').first()).toContainText('▲ off scale up to');
	await expect(page.getByText(/diverged at step \d+: drawn up to the snapshot before/)).toBeVisible();
	// no tick label in the view has an SI suffix or a run of zeros
	const ticks = await page.locator('.stats svg text').allTextContents();
	for (const t of ticks) {
		expect(t).not.toMatch(/\d[YGMkTPEZ]$/);
		expect(t).not.toMatch(/0\.0000/);
	}
	watch.expectNone();
});

test('weight-space paths: train first at step 0; a diverged run is left out of the plane and said so', async ({ page }) => {
	test.setTimeout(3 * 60_000);
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8,8&act=leaky-relu&bs=16&steps=200&eval=50&r=SGD~sgd~lr=0.1~init=he-normal&r=Wild~sgd~lr=1000~init=he-normal&view=paths');
	await waitReady(page, 2);
	const svg = page.getByTestId('weight-space');
	await expect(svg.getByTestId('train-first')).toBeVisible();
	await expect(page.getByRole('button', { name: /Compute paths and landscape/ })).toBeDisabled();
	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).map((r) => r.status), { timeout: 60_000 }).toEqual(['done', 'diverged']);
	// both runs have stopped: the view computes the paths by itself
	await expect(svg.locator('path.path')).toHaveCount(1, { timeout: 60_000 });
	await expect(svg.locator('path.path')).toHaveAttribute('data-run', 'r0');
	await expect(svg.getByTestId('left-out')).toContainText(/Wild left out: diverged at step \d+/);
	await expect(svg.getByTestId('color-bar')).toHaveCount(1);
	// axis and colour-bar labels stay short: no 500000000000000000
	for (const t of await svg.locator('[data-testid="axis-x"] text:not(.title), [data-testid="axis-y"] text:not(.title), [data-testid="color-bar"] text:not(.title)').allTextContents()) expect(t.length).toBeLessThanOrEqual(7);
	watch.expectNone();
});

test('a diverged MNIST run’s predictions, confusion matrix and filters say which step they show', async ({ page }) => {
	test.setTimeout(4 * 60_000);
	const watch = watchErrors(page);
	await openLesson(page, 'The softmax overflow', 'data', 2);
	await playUntilDiverged(page, 1);
	// filters, predictions and the confusion matrix: one note each for the diverged run, none for He
	await expect(page.getByTestId('run-note')).toHaveCount(3);
	for (const t of await page.getByTestId('run-note').allTextContents()) expect(t).toMatch(/^diverged at step 1 — (showing step 0 \(θ₀, before any training\)|its outputs are NaN)$/);
	watch.expectNone();
});
