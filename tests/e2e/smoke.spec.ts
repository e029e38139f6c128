import { expect, test } from '@playwright/test';

test('every page of the production build renders with no console errors', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	for (const path of ['/', '/surface/', '/lessons/', '/sweep/']) {
		await page.goto(path);
		await expect(page.getByRole('link', { name: 'Optimizer Playground' })).toBeVisible();
		await expect(page.locator('h1, h2').first()).toBeVisible();
	}
	expect(errors).toEqual([]);
});
