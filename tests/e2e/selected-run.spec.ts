// The selected run (issue 15): a click on a row of the summary table, or keys 1 … 9, selects the run
// that [ and ] act on; the selection is visible and aria-selected; the change is announced in words
// and lands in that run's link segment only.
import { expect, test } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';

test('[ and ] act on the selected run; the change is announced and kept in its link segment only', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8&bs=16&steps=3000&eval=100&seed=3&r=A~sgd~lr=0.05~init=he-normal&r=B~adam~lr=0.01~init=he-normal');
	await waitReady(page, 2);
	const rows = page.locator('tbody tr[data-run]');
	// the first run is selected until another is chosen
	await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
	await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'false');
	await rows.nth(1).getByRole('button', { name: 'Select B' }).click();
	await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
	await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');

	await page.keyboard.press('Space'); // the focused row button does not keep Space: it plays
	await expect.poll(async () => (await debugRuns(page))[1].step, { timeout: 60_000 }).toBeGreaterThan(20);
	await page.keyboard.press(']');
	await expect.poll(() => new URL(page.url()).searchParams.getAll('r')[1], { timeout: 30_000 }).toMatch(/~ch=\d+:lr=0\.02$/);
	const step = Number(/ch=(\d+)/.exec(new URL(page.url()).searchParams.getAll('r')[1])?.[1]);
	expect(new URL(page.url()).searchParams.getAll('r')[0]).not.toContain('ch=');
	await expect(page.getByTestId('live-announce')).toHaveText(`B η 0.01 → 0.02 at step ${step}`);

	// key 1 selects the first run; [ halves its η
	await page.keyboard.press('1');
	await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('[');
	await expect.poll(() => new URL(page.url()).searchParams.getAll('r')[0], { timeout: 30_000 }).toMatch(/~ch=\d+:lr=0\.025$/);
	await expect(page.getByTestId('live-announce')).toContainText('A η 0.05 → 0.025 at step');
	// the help dialog lists the same table of keys
	await page.keyboard.press('?');
	await expect(page.getByTestId('shortcuts-help')).toContainText('halve η of the selected run');
	await expect(page.getByTestId('shortcuts-help')).toContainText('select run 1 … 9');
	watch.expectNone();
});
