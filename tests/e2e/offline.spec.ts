import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';

/**
 * Loads the site at `root` ('' for the origin's root, or a sub-path such as '/playground' on the
 * sub-path build's server), waits until its service worker has cached everything including the
 * MNIST file, then goes offline and trains on MNIST and opens the other pages.
 */
async function offlineRoundTrip(page: Page, context: BrowserContext, root: string): Promise<void> {
	const watch = watchErrors(page);
	await page.goto(`${root}/`);
	// the service worker installs and caches every page, script, worker and data file
	const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	expect(new URL(scope).pathname).toBe(`${new URL(page.url()).pathname}`);
	await expect
		.poll(
			() =>
				page.evaluate(async (dataUrl) => {
					const keys = await caches.keys();
					if (keys.length === 0) return false;
					const cache = await caches.open(keys[0]);
					return (await cache.keys()).some((r) => r.url.endsWith(dataUrl));
				}, `${root}/data/mnist.bin`),
			{ timeout: 60_000 }
		)
		.toBe(true);

	await context.setOffline(true);
	await page.goto(`${root}/?ds=mnist&h=32&bs=64&steps=20&eval=10&r=A~adam~lr=0.001~init=he-normal`);
	await waitReady(page, 1);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page))[0].status, { timeout: 60_000 }).toBe('done');
	await page.goto(`${root}/surface/`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.goto(`${root}/lessons/`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await context.setOffline(false);
	watch.expectNone();
}

test('once loaded, the app and MNIST work without a network connection', async ({ page, context }) => {
	await offlineRoundTrip(page, context, '');
});

test('offline works under a sub-path too (BASE_PATH=/playground)', async ({ page, context }) => {
	const port = Number(process.env.E2E_PORT ?? 4173) + 1;
	await offlineRoundTrip(page, context, `http://127.0.0.1:${port}/playground`);
});
