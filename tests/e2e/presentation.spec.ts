// Presentation mode on the surface race and the learning-rate sweep, as on a projector at 1280×720
// and 1920×1080: present=1 in the link (or p) gives one slim toolbar row, the chart fills the height
// left with its x axis and its legend (the optimizers' table on the race) on screen, and its type
// is at least 1.5× the normal size (measured on the rendered glyphs, not read from a setting).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { watchErrors } from './helpers';

/** a tick label: a number alone (−2, 0.5, 1e-4, 0.001) */
const TICK = /^[−-]?\d+(\.\d+)?(e[−-]?\d+)?$/;

/** rendered height of the first tick label of an svg (px on screen; follows font size and zoom) */
async function tickHeight(svg: Locator): Promise<number> {
	const tick = svg.locator('text').filter({ hasText: TICK }).first();
	return (await tick.boundingBox())!.height;
}

/** the bottom of the lowest tick label or axis title of an svg */
/** rendered width of an svg's text (px on screen): a long string measures the type's scale finely */
async function textWidth(svg: Locator, text: string): Promise<number> {
	return (await svg.locator('text').filter({ hasText: text }).first().boundingBox())!.width;
}

async function textBottom(svg: Locator): Promise<number> {
	return svg.locator('text').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
}

async function presentOn(page: Page, on: boolean): Promise<void> {
	await expect(page.locator('html')).toHaveClass(on ? /\bpresent\b/ : /^(?!.*\bpresent\b)/);
}

for (const vp of [
	{ width: 1280, height: 720 },
	{ width: 1920, height: 1080 }
]) {
	test.describe(`${vp.width}×${vp.height}`, () => {
		test.use({ viewport: vp });

		test('surface race: one toolbar row, the map and the optimizers’ table on screen, type ≥ 1.5×', async ({ page }) => {
			const watch = watchErrors(page);
			await page.goto('/surface/?fn=rosenbrock');
			await page.locator('html[data-ready]').waitFor();
			const map = page.getByTestId('surface-plot').locator('svg[role="img"]');
			const normalTick = await tickHeight(map);
			const normalRow = await page.getByTestId('optimizer-table').locator('tbody tr').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));

			await page.goto('/surface/?fn=rosenbrock&present=1');
			await page.locator('html[data-ready]').waitFor();
			await presentOn(page, true);
			await expect(page.getByRole('button', { name: 'Presentation' })).toHaveAttribute('aria-pressed', 'true');
			// one slim row: the heading, the function, the clock and the toggle share a line
			const header = (await page.locator('main header').boundingBox())!;
			expect(header.height).toBeLessThan(60);
			for (const name of [/Play/, /Step/, /Reset/, /Presentation/]) {
				const b = (await page.locator('main header').getByRole('button', { name }).boundingBox())!;
				expect(b.y + b.height, String(name)).toBeLessThanOrEqual(header.y + header.height);
			}
			// the map fills the height left: its x axis inside the screen and ≥ 70% of the height
			const box = (await map.boundingBox())!;
			expect(box.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
			expect(await textBottom(map)).toBeLessThanOrEqual(vp.height);
			expect(box.height).toBeGreaterThanOrEqual(0.7 * vp.height);
			expect(box.x + box.width).toBeLessThanOrEqual(vp.width);
			// the table (the race's legend: colours, η and results) on screen beside it, no part cut off
			const table = page.getByTestId('optimizer-table');
			const t = (await table.boundingBox())!;
			expect(t.x + t.width).toBeLessThanOrEqual(vp.width);
			expect(t.y + t.height).toBeLessThanOrEqual(vp.height);
			expect(await table.evaluate((e) => e.parentElement!.scrollWidth - e.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
			// type ≥ 1.5× normal, on the map and in the table
			expect(await tickHeight(map)).toBeGreaterThanOrEqual(1.48 * normalTick);
			const row = await table.locator('tbody tr').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
			expect(row).toBeGreaterThanOrEqual(1.5 * normalRow);
			// the race runs from the toolbar; the table gives results at the end, still on screen
			await page.locator('main header').getByRole('button', { name: /Play/ }).click();
			await expect(page.getByTestId('step-counter')).toContainText(/step \d+ \/ \d+/);
			await expect.poll(async () => (await table.locator('tbody tr').first().textContent()) ?? '', { timeout: 60_000 }).toMatch(/\d\.\d/);
			await page.screenshot({ path: test.info().outputPath(`surface-present-${vp.width}.png`) });
			await test.info().attach(`surface race, presentation, ${vp.width}×${vp.height}`, { path: test.info().outputPath(`surface-present-${vp.width}.png`), contentType: 'image/png' });
			// p leaves presentation mode and the link follows
			await expect.poll(() => page.evaluate(() => location.search)).toContain('present=1');
			await page.locator('body').press('p');
			await presentOn(page, false);
			await expect.poll(() => page.evaluate(() => location.search)).not.toContain('present=1');
			watch.expectNone();
		});

		test('sweep: one toolbar row, the chart with its x axis and legend filling the screen, type ≥ 1.5×', async ({ page }) => {
			const watch = watchErrors(page);
			// 2 optimizers × 3 rates × 1 seed of 20 steps: a few seconds
			await page.goto('/sweep/?ds=moons&sw-opt=sgd,adam&sw-lrmin=0.01&sw-lrmax=1&sw-points=3&sw-seeds=1&sw-steps=20&present=1');
			await page.locator('html[data-ready]').waitFor();
			await presentOn(page, true);
			const header = page.locator('main header');
			await header.getByRole('button', { name: 'Run sweep' }).click();
			await expect(header.getByRole('status')).toHaveText('6 / 6 jobs', { timeout: 90_000 });
			const h = (await header.boundingBox())!;
			expect(h.height).toBeLessThan(60);
			const chart = page.getByTestId('sweep-chart');
			const figure = page.locator('figure').filter({ has: chart });
			const box = (await chart.boundingBox())!;
			const legend = (await figure.getByRole('list', { name: 'Legend' }).boundingBox())!;
			expect(box.y).toBeGreaterThanOrEqual(h.y + h.height - 1);
			expect(await textBottom(chart)).toBeLessThanOrEqual(vp.height);
			expect(legend.y + legend.height).toBeLessThanOrEqual(vp.height);
			// the plot takes the screen: ≥ 60% of its height
			expect(box.height).toBeGreaterThanOrEqual(0.6 * vp.height);
			const title = 'learning rate (log scale)';
			const presentTitle = await textWidth(chart, title);
			await page.screenshot({ path: test.info().outputPath(`sweep-present-${vp.width}.png`) });
			await test.info().attach(`sweep, presentation, ${vp.width}×${vp.height}`, { path: test.info().outputPath(`sweep-present-${vp.width}.png`), contentType: 'image/png' });
			await expect.poll(() => page.evaluate(() => location.search)).toContain('present=1');
			// the same chart in normal mode: type 1.5× smaller; the settings form is back
			await page.getByRole('button', { name: 'Presentation' }).click();
			await presentOn(page, false);
			await expect(page.getByRole('form', { name: 'Sweep' })).toBeVisible();
			expect(presentTitle).toBeGreaterThanOrEqual(1.49 * (await textWidth(chart, title)));
			await expect.poll(() => page.evaluate(() => location.search)).not.toContain('present=1');
			watch.expectNone();
		});
	});
}

test('a bad present value in the link is named, and the page stays in normal mode', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/surface/?fn=beale&present=yes');
	await page.locator('html[data-ready]').waitFor();
	await expect(page.getByTestId('url-messages')).toContainText('present: must be 1 (presentation mode) or 0, got "yes"; presentation mode off');
	await presentOn(page, false);
	await page.goto('/sweep/?present=2');
	await page.locator('html[data-ready]').waitFor();
	await expect(page.getByRole('alert').or(page.locator('main'))).toContainText('present: must be 1 (presentation mode) or 0, got "2"');
	await presentOn(page, false);
	watch.expectNone();
});

test.describe('inside the network at 1280×720', () => {
	test.use({ viewport: { width: 1280, height: 720 } });

	// lesson 5 (σ = 0.01, σ = 1, He): the layer statistics' rows are fitted to the height left, so
	// every run's row — the He reference last — and its x axis are on screen, type still ≥ 1.5×
	test('lesson 5 stats: every run’s row and its x axis inside the viewport', async ({ page }) => {
		const watch = watchErrors(page);
		await page.goto('/lessons/');
		const href = await page.getByTestId('lesson').nth(4).getByRole('link', { name: /^Open in playground/ }).getAttribute('href');
		const link = new URL(href ?? '', page.url()).toString();
		await page.goto(link);
		await page.locator('html[data-ready]').waitFor();
		const panels = page.getByTestId('stats-panel');
		await expect(panels).toHaveCount(9, { timeout: 120_000 });
		const normalTick = (await panels.first().locator('xpath=ancestor::*[local-name()="svg"][1]').locator('text').filter({ hasText: TICK }).first().boundingBox())!.height;

		await page.goto(`${link}&present=1`);
		await page.locator('html[data-ready]').waitFor();
		await presentOn(page, true);
		await expect(panels).toHaveCount(9, { timeout: 120_000 });
		const svgs = page.locator('[data-testid="stats-panel"]').locator('xpath=ancestor::*[local-name()="svg"][1]');
		await expect(svgs).toHaveCount(9);
		// the rows are fitted to the height left (observed: the lowest x tick label of any panel ends
		// inside the screen once the fit has settled)
		const lowestTick = () =>
			page.locator('[data-testid="stats-panel"] [data-testid="axis-x"] text').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
		await expect.poll(lowestTick, { timeout: 30_000 }).toBeLessThanOrEqual(720);
		for (let i = 0; i < 9; i++) {
			const svg = svgs.nth(i);
			const box = (await svg.boundingBox())!;
			expect(box.y, `panel ${i}`).toBeGreaterThanOrEqual(0);
			// every panel has its x axis (3 runs: one on each row), its labels inside the screen
			const axis = svg.locator('[data-testid="axis-x"] text');
			expect(await axis.count(), `panel ${i} x ticks`).toBeGreaterThan(1);
			const bottom = await axis.evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
			expect(bottom, `panel ${i}`).toBeLessThanOrEqual(720);
		}
		// the He row (the reference) is the last: its label on screen too
		const he = page.locator('.stats .run').filter({ hasText: 'He' });
		const h = (await he.boundingBox())!;
		expect(h.y + h.height).toBeLessThanOrEqual(720);
		expect(await tickHeight(svgs.last())).toBeGreaterThanOrEqual(1.48 * normalTick);
		watch.expectNone();
	});
});
