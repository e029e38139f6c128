// A live change is marked on every chart with a step axis (issue 15): loss, accuracy, the replay
// bar, layer statistics, bands through time, sharpness, and as a dot on the weight-space path; the
// metrics export carries the schedule. The change comes from a link (a shared link replays it), so
// the test waits on nothing but the run finishing.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { debugRuns, waitReady, watchErrors } from './helpers';

test('a live change is marked on every step-axis chart, on the weight-space path and in the export', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8&bs=16&steps=300&eval=50&seed=5&r=A~sgd~lr=0.05~init=he-normal~ch=100:lr=0.1&r=B~adam~lr=0.01~init=he-normal');
	await waitReady(page, 2);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'done'), { timeout: 60_000 }).toBe(true);
	const text = 'A: η 0.05 → 0.1 at step 100';
	const marks = (scope: string) => page.locator(`${scope} [data-testid="change-marker"][data-run="r0"]`);

	// curves: loss and accuracy, and the replay bar under the tabs
	for (const chart of ['[data-testid="loss-chart"]', '[data-testid="accuracy-chart"]']) {
		await expect(marks(chart)).toHaveCount(1);
		await expect(marks(chart)).toContainText(text);
	}
	await expect(marks('[data-testid="replay-bar"]')).toHaveCount(1);
	await expect(marks('[data-testid="replay-bar"]')).toHaveAttribute('title', text);
	// only run A changed
	await expect(page.locator('[data-testid="change-marker"][data-run="r1"]')).toHaveCount(0);

	// inside the network: each of run A's layer-statistics panels, and its bands through time
	await page.getByRole('tab', { name: 'Inside the network' }).click();
	await page.getByRole('radio', { name: 'stats' }).check();
	await expect(marks('[data-testid="stats-panel"]')).toHaveCount(3);
	await expect(page.getByTestId('change-note')).toHaveText('η 0.05 → 0.1 at step 100');
	await page.getByRole('radio', { name: 'through time' }).check();
	await expect.poll(() => marks('.bands').count()).toBeGreaterThan(0);
	await expect(page.locator('.bands [data-testid="change-marker"][data-run="r1"]')).toHaveCount(0);

	// curvature: the sharpness chart
	await page.getByRole('tab', { name: 'Curvature' }).click();
	await expect(marks('[data-testid="curvature-chart"]')).toHaveCount(1);
	await expect(marks('[data-testid="curvature-chart"]')).toContainText(text);

	// weight space: a dot on run A's path at step 100
	// (the runs have finished, so opening the view computes the paths without a click)
	await page.getByRole('tab', { name: 'Weight-space paths' }).click();
	const dot = page.getByTestId('weight-space').locator('[data-testid="change-dot"]');
	await expect(dot).toHaveCount(1, { timeout: 60_000 });
	await expect(dot).toHaveAttribute('data-run', 'r0');
	await expect(dot).toContainText('η 0.05 → 0.1');

	// the metrics export carries the schedule
	await page.getByTestId('export-menu').click();
	const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="metrics-json"]').click()]);
	const doc = JSON.parse(readFileSync(await dl.path(), 'utf8'));
	expect(doc.runs[0].changes).toEqual([{ step: 100, lr: 0.1 }]);
	expect(doc.runs[0].optimizer.lr).toBe(0.05);
	expect(doc.runs[1].changes).toEqual([]);
	watch.expectNone();
});
