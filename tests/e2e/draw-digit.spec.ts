import { expect, test, type Page } from '@playwright/test';
import { debugRuns, waitReady, watchErrors } from './helpers';

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });

/** each run's probabilities as the panel shows them ('' = none yet) */
async function probs(page: Page): Promise<string[]> {
	return page.getByTestId('digit-probs').evaluateAll((els) => els.map((e) => e.getAttribute('data-probs') ?? ''));
}

async function stroke(page: Page, pts: [number, number][]): Promise<void> {
	const pad = page.getByTestId('draw-pad');
	await pad.scrollIntoViewIfNeeded();
	const box = await pad.boundingBox();
	if (!box) throw new Error('no drawing pad');
	const at = ([x, y]: [number, number]) => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height] as const;
	await page.mouse.move(...at(pts[0]));
	await page.mouse.down();
	for (const p of pts.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
	await page.mouse.up();
}

test('drawing a stroke changes every run’s probabilities, and they follow the training', async ({ page }) => {
	test.setTimeout(4 * 60_000);
	const watch = watchErrors(page);
	// two MNIST runs from the same θ₀: SGD and Adam
	await page.goto('/?ds=mnist&h=32&bs=64&epochs=1&eval=25&seed=7&r=SGD~sgd~lr=0.1~init=he-normal&r=Adam~adam~lr=0.001~init=he-normal&view=data');
	await waitReady(page, 2);
	const pad = page.getByTestId('draw-pad');
	await expect(pad).toBeVisible();
	await expect(page.getByTestId('digit-probs')).toHaveCount(2);
	expect(await probs(page)).toEqual(['', '']);

	// a vertical bar: a "1"
	await stroke(page, [
		[140, 50],
		[138, 150],
		[136, 230]
	]);
	await expect.poll(async () => (await probs(page)).every((p) => p.split(',').length === 10)).toBe(true);
	const first = await probs(page);
	for (const p of first) expect(p.split(',').reduce((s, v) => s + Number(v), 0)).toBeCloseTo(1, 4);

	// a second stroke across the top turns it into a "7": every run's probabilities change
	await stroke(page, [
		[70, 50],
		[200, 50]
	]);
	await expect.poll(async () => (await probs(page)).every((p, i) => p !== '' && p !== first[i])).toBe(true);
	const second = await probs(page);

	// undo brings the "1" back exactly (same pixels → same θ → same numbers)
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect.poll(() => probs(page)).toEqual(first);

	// training moves them: after some steps every run answers differently for the same drawing
	await controls(page).getByRole('button', { name: /play/i }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.step >= 30), { timeout: 120_000 }).toBe(true);
	await expect.poll(async () => (await probs(page)).every((p, i) => p !== '' && p !== first[i]), { timeout: 30_000 }).toBe(true);
	expect(second).not.toEqual(first);

	// clear empties the panels; a test digit fills them again
	await page.getByRole('button', { name: 'Clear' }).click();
	await expect.poll(() => probs(page)).toEqual(['', '']);
	await page.getByRole('button', { name: 'Use a test digit' }).click();
	await expect.poll(async () => (await probs(page)).every((p) => p.split(',').length === 10)).toBe(true);
	await expect(page.getByTestId('draw-digit')).toContainText(/Test digit #1, labelled \d/);
	watch.expectNone();
});
