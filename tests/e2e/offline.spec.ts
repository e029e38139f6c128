import { expect, test } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';

test('once loaded, the app and MNIST work without a network connection', async ({ page, context }) => {
	const watch = watchErrors(page);
	await page.goto('/');
	// the service worker installs and caches every page, script, worker and data file
	await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.ready;
		return reg.active?.state;
	});
	await expect
		.poll(
			() =>
				page.evaluate(async () => {
					const keys = await caches.keys();
					if (keys.length === 0) return false;
					const cache = await caches.open(keys[0]);
					return (await cache.keys()).some((r) => r.url.endsWith('/data/mnist.bin'));
				}),
			{ timeout: 60_000 }
		)
		.toBe(true);

	await context.setOffline(true);
	await page.goto('/?ds=mnist&h=32&bs=64&steps=20&eval=10&r=A~adam~lr=0.001~init=he-normal');
	await waitReady(page, 1);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page))[0].status, { timeout: 60_000 }).toBe('done');
	await page.goto('/surface/');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.goto('/lessons/');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await context.setOffline(false);
	watch.expectNone();
});
