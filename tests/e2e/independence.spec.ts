// Runs are independent (issue 15): removing, editing or restarting one run never touches the
// others' progress or charts, and the sidebar and the table show the same, current status.
import { expect, test, type Page } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });
const tableStatus = (page: Page, id: string) => page.locator(`tr[data-run="${id}"] [data-testid="run-status"]`);
/** the status line under run i's header in the sidebar */
const sidebarStatus = (page: Page, i: number) => page.getByRole('complementary', { name: 'Experiment settings' }).locator('article.run .status-text').nth(i);

async function steps(page: Page): Promise<Record<string, number>> {
	return Object.fromEntries((await debugRuns(page)).map((r) => [r.id, r.step]));
}

/** sidebar and table say the same for every run */
async function sameEverywhere(page: Page): Promise<void> {
	const runs = await debugRuns(page);
	for (let i = 0; i < runs.length; i++) {
		await expect(tableStatus(page, runs[i].id)).toHaveText(runs[i].statusText);
		await expect(sidebarStatus(page, i)).toHaveText(runs[i].statusText);
	}
}

test('removing, editing and restarting one run leaves the others’ progress and curves alone', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=8&bs=16&steps=100000&eval=500&seed=2&r=A~sgd~lr=0.1~init=he-normal&r=B~adam~lr=0.01~init=he-normal&r=C~momentum~lr=0.05~init=he-normal');
	await waitReady(page, 3);
	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => Math.min(...Object.values(await steps(page))), { timeout: 60_000 }).toBeGreaterThan(200);
	await controls(page).getByRole('button', { name: /Pause/ }).click();
	// paused, the round in flight landed (no run computing) and shown
	await expect.poll(() => page.evaluate(() => window.__playground?.computing ?? -1)).toBe(0);
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'paused' && !r.pending)).toBe(true);
	const before = await steps(page);
	// lockstep: every run took the same number of steps
	expect(new Set(Object.values(before)).size).toBe(1);
	await sameEverywhere(page);

	// remove C: A and B keep their steps, their curves and their status
	await page.getByRole('button', { name: 'Remove C' }).click();
	await expect.poll(async () => (await debugRuns(page)).map((r) => r.id)).toEqual(['r0', 'r1']);
	expect(await steps(page)).toEqual({ r0: before.r0, r1: before.r1 });
	for (const id of ['r0', 'r1']) await expect(page.locator(`[data-testid="loss-chart"] path.smooth[data-run="${id}"]`)).toHaveAttribute('d', /^M[^M]*L/);
	await sameEverywhere(page);

	// edit B: A is untouched throughout
	const firstLossB = (await debugRuns(page))[1].firstLoss;
	const sidebar = page.getByRole('complementary', { name: 'Experiment settings' });
	await sidebar.locator('article.run').nth(1).locator('button.toggle').click();
	const lr = sidebar.locator('article.run').nth(1).getByRole('textbox', { name: 'Learning rate η' });
	await lr.fill('0.02');
	await lr.press('Enter');
	// B has trained: a new η is a live change — no restart, kept in the link
	await expect.poll(() => new URL(page.url()).searchParams.getAll('r')[1], { timeout: 30_000 }).toMatch(/~ch=\d+:lr=0\.02$/);
	expect((await steps(page)).r1).toBe(before.r1);
	// another optimizer restarts B alone from θ₀ (the same first loss)
	await sidebar.locator('article.run').nth(1).getByRole('combobox', { name: 'Optimizer' }).selectOption('rmsprop');
	await expect.poll(async () => (await debugRuns(page))[1]).toMatchObject({ step: 0, firstLoss: firstLossB });
	expect((await steps(page)).r0).toBe(before.r0);
	expect((await debugRuns(page))[0].status).toBe('paused');
	await sameEverywhere(page);

	// Restart A: it starts over and trains; B stays where it is
	await page.getByRole('button', { name: 'Restart A' }).click();
	await expect.poll(async () => (await debugRuns(page))[0].status).toBe('running');
	await expect.poll(async () => (await steps(page)).r0, { timeout: 30_000 }).toBeGreaterThan(20);
	expect((await steps(page)).r1).toBe(0);
	await page.getByRole('button', { name: 'Pause A' }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status !== 'running' && !r.pending)).toBe(true);
	await sameEverywhere(page);

	// reset and a new seed: every place shows the fresh status at once
	await controls(page).getByRole('button', { name: /Reset/ }).click();
	await waitReady(page, 2);
	await sameEverywhere(page);
	await expect(sidebarStatus(page, 0)).toHaveText('ready');
	await page.getByRole('button', { name: /New seed/ }).click();
	await waitReady(page, 2);
	await sameEverywhere(page);
	watch.expectNone();
});
