import { expect, test } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';

const port = Number(process.env.E2E_PORT ?? 4173) + 1;
const root = `http://127.0.0.1:${port}/playground`;

test('the site works under a sub-path (BASE_PATH=/playground): pages, links, workers and MNIST', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto(`${root}/?ds=mnist&h=32&bs=64&steps=20&eval=10&r=A~adam~lr=0.001~init=he-normal`);
	await waitReady(page, 1);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page))[0].status, { timeout: 60_000 }).toBe('done');
	for (const [name, path] of [
		['Surface race', '/surface/'],
		['Lessons', '/lessons/'],
		['LR sweep', '/sweep/']
	]) {
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
		await expect(page).toHaveURL(new RegExp(`/playground${path}`));
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	}
	watch.expectNone();
});
