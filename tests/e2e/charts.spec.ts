// The loss chart and presentation mode as a lecturer on a 1280×720 projector meets them.
import { expect, test, type Page } from '@playwright/test';
import { debugRuns, watchErrors } from './helpers';
import { endLabels, openLesson, playToEnd } from './lesson-util';

/** every number printed in an SVG of the page (tick labels, annotations) */
async function svgNumbers(page: Page): Promise<string[]> {
	const texts = await page.locator('svg text').allTextContents();
	return texts.map((t) => t.trim()).filter((t) => /^[−-]?[\d.,]+(e[−-]?\d+)?[kMGTPEYZ%]?$|^[−-]?10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(t));
}

function significantDigits(label: string): number {
	const s = label.replace(/[−\-,%kM]/g, '');
	if (/^10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(s)) return 1;
	const mantissa = s.split('e')[0].replace('.', '').replace(/^0+/, '');
	return (s.includes('.') || s.includes('e') ? mantissa : mantissa.replace(/0+$/, '')).length;
}

test('presentation mode at 1280×720 keeps the chart, its x axis and legend on screen, with and without the answer', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 7, { present: true });
	const inView = async () => {
		const axis = await page.getByTestId('loss-chart').getByTestId('axis-x').boundingBox();
		const svg = await page.getByTestId('loss-chart').locator('svg[role="img"]').first().boundingBox();
		const legend = await page.getByTestId('loss-chart').getByTestId('legend').boundingBox();
		expect(axis && svg && legend).toBeTruthy();
		expect(svg!.y).toBeGreaterThanOrEqual(0);
		expect(axis!.y + axis!.height).toBeLessThanOrEqual(720);
		expect(legend!.y + legend!.height).toBeLessThanOrEqual(720);
		// the plot is not squeezed to a strip: at least 200 px tall
		expect(axis!.y - svg!.y).toBeGreaterThanOrEqual(200);
		return axis!.y - svg!.y;
	};
	// one slim toolbar row: the training controls sit on one line
	const bar = await page.getByRole('toolbar', { name: 'Training controls' }).boundingBox();
	expect(bar!.height).toBeLessThan(60);
	// the lesson banner is one line until opened
	expect((await page.getByTestId('lesson-banner').boundingBox())!.height).toBeLessThan(60);
	const tall = await inView();
	await page.getByTestId('lesson-banner').getByRole('button', { name: 'Show the answer' }).click();
	await expect(page.getByTestId('lesson-answer')).toBeVisible();
	const withAnswer = await inView();
	await page.screenshot({ path: test.info().outputPath('present-lesson7-answer.png') });
	expect(withAnswer).toBeLessThan(tall); // the chart made room instead of moving down
	// type on the chart is ≥ 1.5× normal
	const size = await page.getByTestId('loss-chart').getByTestId('axis-x').locator('text').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
	expect(size).toBeGreaterThanOrEqual(1.5 * 13);
	test.info().annotations.push({ type: 'plot height', description: `${tall} px, ${withAnswer} px with the answer` });
	watch.expectNone();
});

test('seven MNIST runs each carry an end label inside the loss chart, and no two labels overlap', async ({ page }) => {
	test.setTimeout(10 * 60_000);
	const watch = watchErrors(page);
	await openLesson(page, 3);
	await playToEnd(page);
	const labels = await endLabels(page, 'loss-chart');
	expect(labels.map((l) => l.run).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
	const chart = (await page.getByTestId('loss-chart').boundingBox())!;
	const boxes = [];
	for (const el of await page.getByTestId('loss-chart').getByTestId('end-label').locator('text').all()) {
		const b = (await el.boundingBox())!;
		expect(b.x).toBeGreaterThanOrEqual(chart.x);
		expect(b.x + b.width).toBeLessThanOrEqual(chart.x + chart.width + 1);
		boxes.push(b);
	}
	boxes.sort((a, b) => a.y - b.y);
	for (let i = 1; i < boxes.length; i++) expect(boxes[i].y).toBeGreaterThanOrEqual(boxes[i - 1].y + boxes[i - 1].height - 2);
	// the legend lists the same labels in the same order as the runs
	const legend = (await page.getByTestId('loss-chart').getByTestId('legend').getByRole('button').allTextContents()).map((t) => t.trim());
	expect(legend).toEqual(['SGD', 'Momentum', 'Nesterov', 'Adam', 'AdamW', 'RMSprop', 'Adagrad']);
	watch.expectNone();
});

test('no tick label in any view has more than 6 significant digits or a G/Y suffix, even with an exploding run', async ({ page }) => {
	test.setTimeout(10 * 60_000);
	const watch = watchErrors(page);
	await openLesson(page, 5); // σ = 1 explodes (activations ~1e6 and more), σ = 0.01 vanishes
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /play/i }).click();
	await expect.poll(async () => (await debugRuns(page)).some((r) => r.status === 'diverged'), { timeout: 300_000 }).toBe(true);
	await expect.poll(async () => Math.max(...(await debugRuns(page)).map((r) => r.step)), { timeout: 300_000 }).toBeGreaterThan(20);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /pause/i }).click();
	const seen: string[] = [];
	const check = async (where: string) => {
		const nums = await svgNumbers(page);
		for (const n of nums) {
			expect(significantDigits(n), `${where}: ${n}`).toBeLessThanOrEqual(6);
			expect(n, where).not.toMatch(/[GTPEYZ]$/);
		}
		seen.push(`${where}: ${nums.length}`);
	};
	for (const tab of ['Curves', 'Inside the network', 'Weight-space paths', 'Curvature', 'Data & predictions']) {
		await page.getByRole('tab', { name: tab }).click();
		if (tab === 'Inside the network') {
			for (const mode of ['grid', 'through time', 'overlay', 'stats']) {
				await page.getByRole('radio', { name: mode, exact: true }).check();
				await check(`${tab} / ${mode}`);
			}
		} else await check(tab);
	}
	test.info().annotations.push({ type: 'numbers checked', description: seen.join(', ') });
	watch.expectNone();
});
