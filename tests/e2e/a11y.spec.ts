// Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every route and every view of the
// playground, each in the state a user sees it — hydrated, runs loaded, after some training — with
// no serious or critical violation allowed. Minor and moderate findings are reported, not failed.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { debugRuns, waitReady, waitSettled, watchErrors } from './helpers';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** serious and critical violations as readable lines (rule, help, first offending elements) */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	const minor = violations.filter((v) => !serious.includes(v)).map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
	if (minor.length) test.info().annotations.push({ type: `axe minor/moderate on ${where}`, description: minor.join(', ') });
	return serious.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
	expect(await seriousViolations(page, where), `serious or critical axe violations on ${where}`).toEqual([]);
}

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });

/** a few steps of training, then paused and settled: the views have data to draw */
async function trainAWhile(page: Page): Promise<void> {
	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.step >= 20 || r.status === 'done'), { timeout: 90_000 }).toBe(true);
	const pause = controls(page).getByRole('button', { name: /Pause/ });
	if ((await debugRuns(page)).some((r) => r.status === 'running')) await pause.click();
	await waitSettled(page);
}

const TOY = '/?ds=moons&h=8,8&bs=16&steps=200000&eval=50&seed=4';

test('the playground: every view tab, on a toy set and on MNIST, has no serious or critical violation', async ({ page }) => {
	test.setTimeout(10 * 60_000);
	const watch = watchErrors(page);
	for (const [name, url] of [
		['toy', TOY],
		['MNIST (default)', '/?steps=200000']
	] as const) {
		await test.step(name, async () => {
			await page.goto(url);
			await page.locator('html[data-ready]').waitFor();
			await waitReady(page);
			await expectNoSeriousViolations(page, `${name}, curves at step 0`);
			await trainAWhile(page);
			const tabs = page.getByRole('tablist', { name: 'Views' }).getByRole('tab');
			const count = await tabs.count();
			expect(count).toBeGreaterThanOrEqual(4);
			for (let i = 0; i < count; i++) {
				const tab = tabs.nth(i);
				const label = ((await tab.textContent()) ?? '').trim();
				await tab.click();
				await expect(tab).toHaveAttribute('aria-selected', 'true');
				await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', (await tab.getAttribute('id')) ?? '');
				await expectNoSeriousViolations(page, `${name}, view "${label}"`);
			}
		});
	}
	watch.expectNone();
});

test('presentation mode and the keyboard-shortcuts dialog have no serious or critical violation', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto(`${TOY}&present=1`);
	await page.locator('html[data-ready]').waitFor();
	await waitReady(page);
	await expectNoSeriousViolations(page, 'presentation mode');
	await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectNoSeriousViolations(page, 'keyboard-shortcuts dialog');
	watch.expectNone();
});

test('the lessons, surface and sweep pages have no serious or critical violation', async ({ page }) => {
	test.setTimeout(5 * 60_000);
	const watch = watchErrors(page);
	await page.goto('/lessons/');
	await expect(page.getByTestId('lesson').first()).toBeVisible(); // hydrated gallery (the count is lessons.spec's business)
	await expectNoSeriousViolations(page, '/lessons/');
	// the check can fail: an icon button with no accessible name is a critical violation
	await page.evaluate(() => document.querySelector('main')?.append(Object.assign(document.createElement('button'), { type: 'button' })));
	expect((await seriousViolations(page, 'an injected unnamed button')).join('\n')).toMatch(/^critical button-name/);

	await page.goto('/surface/');
	await page.locator('html[data-ready]').waitFor();
	for (let i = 0; i < 5; i++) await page.getByTestId('step').click();
	await expect(page.getByTestId('step-counter')).toHaveText('step 5 / 500');
	await expectNoSeriousViolations(page, '/surface/');

	await page.goto('/sweep/?ds=moons&n=400&h=8&bs=32&seed=7');
	await page.locator('html[data-ready]').waitFor();
	await expectNoSeriousViolations(page, '/sweep/ before running');
	const form = page.getByRole('form', { name: 'Sweep' });
	await form.getByLabel('points').fill('2');
	await form.getByLabel('seeds', { exact: true }).fill('1');
	await form.getByLabel('steps per job').fill('20');
	await form.getByRole('button', { name: 'Run sweep' }).click();
	await expect
		.poll(
			() =>
				page.evaluate(() => {
					const d = (window as unknown as { __sweep?: { task: string | null; done: number; total: number } }).__sweep;
					return d !== undefined && d.task === null && d.total > 0 && d.done === d.total;
				}),
			{ timeout: 120_000 }
		)
		.toBe(true);
	await expect(page.getByTestId('sweep-table').locator('tbody tr').first()).toBeVisible();
	await expectNoSeriousViolations(page, '/sweep/ with results');
	watch.expectNone();
});

test.describe('phones', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
	test('the playground folded (short tab names, "More…", "Chart options") and unfolded has no serious or critical violation', async ({ page }) => {
		const watch = watchErrors(page);
		await page.goto(TOY);
		await page.locator('html[data-ready]').waitFor();
		await waitReady(page);
		await expectNoSeriousViolations(page, 'phone, folded');
		await page.getByRole('button', { name: 'More…' }).tap();
		await page.getByRole('button', { name: /Chart options/ }).tap();
		await expect(page.getByLabel('Smoothing')).toBeVisible();
		await expectNoSeriousViolations(page, 'phone, unfolded');
		watch.expectNone();
	});
});
