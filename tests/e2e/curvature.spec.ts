import { expect, test, type Page } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';
import { shootLesson } from './lesson-util';

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });

interface Row {
	run: string;
	lambda: number;
	bound: number;
	peak: number;
}

async function readRows(page: Page): Promise<Row[]> {
	return page.getByTestId('curvature-row').evaluateAll((trs) =>
		trs.map((tr) => ({
			run: tr.getAttribute('data-run') ?? '',
			lambda: Number(tr.getAttribute('data-lambda') || NaN),
			bound: Number(tr.getAttribute('data-bound') || NaN),
			peak: Number(tr.getAttribute('data-peak-ratio') || NaN)
		}))
	);
}

test('the edge-of-stability lesson: the sharpness rises to 2/η and hovers; the rate above it diverges', async ({ page }) => {
	test.setTimeout(6 * 60_000);
	const watch = watchErrors(page);
	await page.goto('/lessons/');
	const card = page.getByTestId('lesson').filter({ hasText: 'edge of stability' });
	const href = (await card.getByRole('link', { name: /^Open in playground/ }).getAttribute('href')) ?? '';
	expect(href).toContain('view=curvature');
	await page.goto(new URL(href, page.url()).toString());
	await waitReady(page, 3);
	await expect(page.getByRole('tab', { name: 'Curvature' })).toHaveAttribute('aria-selected', 'true');
	// λ_max at θ₀ is there before anyone presses play: the same start for all three runs
	await expect.poll(async () => (await readRows(page)).every((r) => Number.isFinite(r.lambda))).toBe(true);
	const start = await readRows(page);
	for (const r of start) expect(r.lambda).toBeCloseTo(start[0].lambda, 3);

	await controls(page).getByRole('button', { name: /play/i }).click();
	await expect
		.poll(async () => (await debugRuns(page)).map((r) => r.status), { timeout: 5 * 60_000, intervals: [1000] })
		.toEqual(['done', 'done', 'diverged']);

	const rows = await readRows(page);
	const [slow, fast, over] = rows;
	// the bounds are 2/η, read from the table
	expect(slow.bound).toBeCloseTo(20, 6);
	expect(fast.bound).toBeCloseTo(5, 6);
	// started far below, ended at the bound: within ±30 %, after having reached ≥ 90 % of it
	for (const r of [slow, fast]) {
		expect(start[0].lambda / r.bound, r.run).toBeLessThan(0.25);
		expect(r.lambda / r.bound, r.run).toBeGreaterThan(0.7);
		expect(r.lambda / r.bound, r.run).toBeLessThan(1.3);
		expect(r.peak, r.run).toBeGreaterThan(0.9);
	}
	// η = 30: its bound 2/η lay below the starting sharpness, and it diverged
	expect(over.bound).toBeLessThan(start[0].lambda);
	expect((await debugRuns(page))[2].statusText).toMatch(/diverged at step \d+/);
	// the chart draws each run's bound as a dashed line with its value at the right edge
	const chart = page.getByTestId('curvature-chart');
	const labels = chart.locator('text.bound-label');
	await expect(chart.locator('path.bound')).toHaveCount(3);
	// the diverged run's bound goes on, dotted, from its last step to the right edge (where its label is);
	// the two finished runs reach the edge themselves
	const after = chart.locator('line.bound-after');
	await expect(after).toHaveCount(1);
	const [x1, x2, y1, y2] = await after.evaluate((l) => ['x1', 'x2', 'y1', 'y2'].map((a) => Number(l.getAttribute(a))));
	expect(y1).toBe(y2);
	expect(x2 - x1).toBeGreaterThan(300);
	const overLabel = labels.filter({ hasText: /^2\/η = 0\.0667$/ });
	await expect(overLabel).toHaveCount(1);
	expect(Math.abs(Number(await overLabel.getAttribute('y')) - y1)).toBeLessThan(16);
	await expect(labels.filter({ hasText: /^2\/η = 20$/ })).toHaveCount(1);
	await expect(labels.filter({ hasText: /^2\/η = 5$/ })).toHaveCount(1);
	// and the cost of the estimates is shown, within the budget
	await expect(page.getByTestId('curvature-table')).toContainText('of training work');
	await shootLesson(page, 'lesson-11');
	watch.expectNone();
});
