import { expect, test, type Page } from '@playwright/test';
import { expectOnChartKit, frames } from './helpers';

// Every test collects console errors and uncaught exceptions and fails on any.
let errors: string[] = [];
test.beforeEach(({ page }) => {
	errors = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
});
test.afterEach(() => {
	expect(errors).toEqual([]);
});

const paths = (page: Page) => page.locator('[data-testid="opt-path"]');
const pathData = (page: Page) => paths(page).evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
/** number of line segments in path data written by d3's line generator ("M…L…L…") */
const segments = (d: string) => (d.match(/L/g) ?? []).length;

test('renders contours, one path per chosen optimizer, and the race controls', async ({ page }) => {
	await page.goto('/surface/');
	await page.locator('html[data-ready]').waitFor();
	await expect(page.getByRole('heading', { level: 1, name: 'Surface race' })).toBeVisible();
	const plot = page.getByTestId('surface-plot');
	await expect(plot.locator('svg[role="img"]').first()).toHaveAccessibleName(/Contour map of Rosenbrock/);
	const contours = await page.locator('[data-testid="contour"]').count();
	expect(contours).toBeGreaterThan(10);
	// drawn on the chart kit: its axes, and a colour bar with one block per contour band, labelled
	// f − min f on a log scale (Rosenbrock's levels are log-spaced)
	await expect(plot.getByTestId('axis-x')).toContainText('−2');
	await expect(plot.getByTestId('axis-y')).toContainText('3');
	const bar = plot.getByTestId('color-bar');
	await expect(bar).toContainText('f − min f (log scale)');
	expect(await bar.locator('rect:not(.outline)').count()).toBe(contours);
	const barLabels = (await bar.locator('text:not(.title)').allTextContents()).map((t) => t.trim());
	expect(barLabels.length).toBeGreaterThanOrEqual(3);
	expect(await expectOnChartKit(plot)).toBe(1);
	for (const t of barLabels) expect(t).toMatch(/^(\d[\d,]*(\.\d+)?|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/);
	// the default race: sgd, momentum, nesterov, adam, rmsprop
	await expect(paths(page)).toHaveCount(5);
	const names = await paths(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-optimizer')));
	expect(names).toEqual(['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop']);
	// adding an optimizer adds its path; removing one removes it
	await page.getByRole('checkbox', { name: 'adagrad' }).check();
	await expect(paths(page)).toHaveCount(6);
	await expect(page.locator('[data-testid="opt-path"][data-optimizer="adagrad"]')).toHaveCount(1);
	await page.getByRole('checkbox', { name: 'sgd' }).uncheck();
	await expect(paths(page)).toHaveCount(5);
	await expect(page.locator('[data-testid="opt-path"][data-optimizer="sgd"]')).toHaveCount(0);
	await expect(page.getByText('same start · same steps')).toBeVisible();
});

test('step and play reveal the paths point by point', async ({ page }) => {
	await page.goto('/surface/');
	await page.locator('html[data-ready]').waitFor(); // hydrated: clicks are handled
	await expect(page.getByTestId('step-counter')).toHaveText('step 0 / 500');
	for (const d of await pathData(page)) expect(segments(d)).toBe(0);
	for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
	await expect(page.getByTestId('step-counter')).toHaveText('step 3 / 500');
	for (const d of await pathData(page)) expect(segments(d)).toBe(3);
	await page.getByTestId('play').click();
	await expect.poll(async () => Math.min(...(await pathData(page)).map(segments)), { timeout: 10_000 }).toBeGreaterThan(20);
	await page.getByTestId('pause').click();
	const counter = await page.getByTestId('step-counter').textContent();
	const k = Number(/step (\d+)/.exec(counter ?? '')?.[1]);
	expect(k).toBeGreaterThan(20);
	// paused (pause cancels the animation frame at once): the clock stays put for 30 frames
	await frames(page, 30);
	await expect(page.getByTestId('step-counter')).toHaveText(`step ${k} / 500`);
	await page.getByTestId('reset').click();
	await expect(page.getByTestId('step-counter')).toHaveText('step 0 / 500');
	// the inspected optimizer's internals are shown
	await expect(page.getByTestId('internals')).toContainText('b ← μ·b + g');
});

test('clicking, or the arrow keys on, the plot moves the start and recomputes every path', async ({ page }) => {
	await page.goto('/surface/');
	await page.locator('html[data-ready]').waitFor();
	for (let i = 0; i < 5; i++) await page.getByTestId('step').click();
	const before = await pathData(page);
	await expect(page.getByTestId('start-readout')).toHaveText('start (−1.2, 1)');
	const svg = page.getByTestId('surface-plot').locator('svg');
	const box = await svg.boundingBox();
	if (!box) throw new Error('plot has no box');
	await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
	await expect(page.getByTestId('start-readout')).not.toHaveText('start (−1.2, 1)');
	const after = await pathData(page);
	expect(after.length).toBe(before.length);
	after.forEach((d, i) => expect(d).not.toBe(before[i]));

	// dragging moves the start continuously: it ends where the pointer is released
	await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.6, { steps: 5 });
	const during = await page.getByTestId('start-readout').textContent();
	await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.7, { steps: 5 });
	await page.mouse.up();
	await expect(page.getByTestId('start-readout')).not.toHaveText(during ?? '');

	// keyboard: the plot is focusable and the arrow keys move the start by 1 % of the domain
	await page.getByRole('application', { name: /Start point/ }).focus();
	await page.keyboard.press('Home');
	await expect(page.getByTestId('start-readout')).toHaveText('start (−1.2, 1)');
	await page.keyboard.press('ArrowRight'); // x: −1.2 + 0.01·4 = −1.16
	await expect(page.getByTestId('start-readout')).toHaveText('start (−1.16, 1)');
	await page.keyboard.press('ArrowUp'); // y: 1 + 0.01·4 = 1.04
	await expect(page.getByTestId('start-readout')).toHaveText('start (−1.16, 1.04)');
});

test('the settings round-trip through the address bar', async ({ page }) => {
	await page.goto('/surface/?fn=himmelblau&from=1,1&steps=40&opt=adam:0.05,sgd:0.02&noise=0.5&seed=7');
	await page.locator('html[data-ready]').waitFor();
	await expect(page.getByTestId('fn-select')).toHaveValue('himmelblau');
	await expect(paths(page)).toHaveCount(2);
	await expect(page.getByTestId('step-counter')).toHaveText('step 0 / 40');
	await expect(page.getByTestId('start-readout')).toHaveText('start (1, 1)');
	await expect(page.getByRole('textbox', { name: 'learning rate of adam', exact: true })).toHaveValue('0.05');
	await expect(page.getByText('same noise draws')).toBeVisible();
	// an edit goes back into the query string (debounced, replacing the history entry)
	await page.getByRole('textbox', { name: 'learning rate of sgd', exact: true }).fill('0.005');
	await expect.poll(() => new URL(page.url()).searchParams.get('opt')).toBe('sgd:0.005,adam:0.05');
	expect(new URL(page.url()).searchParams.get('seed')).toBe('7');
});

test('bad values in the address fall back with a message naming each field', async ({ page }) => {
	await page.goto('/surface/?fn=banana&steps=-3&opt=sgd:zero,warp&from=99,99');
	await page.locator('html[data-ready]').waitFor();
	const box = page.getByTestId('url-messages');
	await expect(box).toBeVisible();
	await expect(box).toContainText('fn: unknown function “banana”');
	await expect(box).toContainText('steps:');
	await expect(box).toContainText('from:');
	await expect(box).toContainText('opt: learning rate “zero” of sgd');
	await expect(box).toContainText('opt: unknown optimizer “warp”');
	// the fallbacks: Rosenbrock, its 500 steps and start, sgd at its suggested rate
	await expect(page.getByTestId('fn-select')).toHaveValue('rosenbrock');
	await expect(page.getByTestId('step-counter')).toHaveText('step 0 / 500');
	await expect(paths(page)).toHaveCount(1);
	await expect(page.getByRole('textbox', { name: 'learning rate of sgd', exact: true })).toHaveValue('0.002');
});

test('an invalid learning rate is refused with a message and leaves the race unchanged', async ({ page }) => {
	await page.goto('/surface/');
	await page.locator('html[data-ready]').waitFor();
	await page.getByTestId('step').click();
	const before = await pathData(page);
	const input = page.getByRole('textbox', { name: 'learning rate of adam', exact: true });
	await input.fill('-1');
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByRole('alert')).toContainText('learning rate of adam');
	expect(await pathData(page)).toEqual(before);
});

test('no results before Play: the table asks for a prediction, then shows f live and the results at the end', async ({ page }) => {
	await page.goto('/surface/?fn=rosenbrock&steps=40&opt=sgd:0.002,momentum:0.001');
	await page.locator('html[data-ready]').waitFor();
	const table = page.getByTestId('optimizer-table');
	await expect(table.getByTestId('no-results')).toHaveCount(2);
	// nothing in the table spoils the race: no number of the final f, no distance, no step count
	await expect(table.locator('tbody')).not.toContainText('diverged');
	await expect(table.locator('tr[data-optimizer="sgd"] td.n')).toHaveText(['predict, then ▶ Play']);
	await page.getByTestId('step').click();
	await expect(table.locator('tr[data-optimizer="sgd"] td.n')).toHaveText([/^f = [\d.]+ at step 1$/]);
	await page.getByTestId('play').click();
	await expect(page.getByTestId('step-counter')).toHaveText('step 40 / 40', { timeout: 20_000 });
	// the end: three result cells per run, the final f a number
	await expect(table.locator('tr[data-optimizer="sgd"] td.n')).toHaveCount(3);
	await expect(table.locator('tr[data-optimizer="sgd"] td.n').first()).toHaveText(/^[\d.]+(e−?\d+)?$/);
	await expect(table.getByTestId('no-results')).toHaveCount(0);
});

test('the learning-rate and momentum sliders recompute the race at once', async ({ page }) => {
	await page.goto('/surface/?fn=rosenbrock&steps=60&opt=sgd:0.002,momentum:0.001');
	await page.locator('html[data-ready]').waitFor();
	// play to the end, then explore: every slider move redraws the whole race
	await page.getByTestId('play').click();
	await expect(page.getByTestId('step-counter')).toHaveText('step 60 / 60', { timeout: 20_000 });
	const sgdPath = page.locator('[data-testid="opt-path"][data-optimizer="sgd"]');
	const momPath = page.locator('[data-testid="opt-path"][data-optimizer="momentum"]');
	const sgdBefore = await sgdPath.getAttribute('d');
	const momBefore = await momPath.getAttribute('d');
	const finalSgd = page.locator('tr[data-optimizer="sgd"] td.n').first();
	const fBefore = await finalSgd.textContent();

	// the learning-rate slider (log scale): its box and the URL follow, the path changes
	const lr = page.getByRole('slider', { name: 'learning rate of sgd, log scale' });
	await lr.focus();
	for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
	// 0.002 = 10^−2.7; four 0.05 steps left: 10^−2.9 ≈ 0.0013
	await expect(page.getByRole('textbox', { name: 'learning rate of sgd', exact: true })).toHaveValue('0.0013');
	await expect.poll(() => sgdPath.getAttribute('d')).not.toBe(sgdBefore);
	await expect.poll(() => finalSgd.textContent()).not.toBe(fBefore);
	await expect(page.getByTestId('step-counter')).toHaveText('step 60 / 60');
	await expect.poll(() => new URL(page.url()).searchParams.get('opt')).toBe('sgd:0.0013,momentum:0.001');

	// the momentum slider changes momentum's path (and not SGD's)
	const sgdNow = await sgdPath.getAttribute('d');
	const mu = page.getByTestId('momentum');
	await mu.focus();
	for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
	await expect(mu).toHaveAttribute('aria-valuetext', 'μ = 0.8');
	await expect.poll(() => momPath.getAttribute('d')).not.toBe(momBefore);
	expect(await sgdPath.getAttribute('d')).toBe(sgdNow);
	await expect.poll(() => new URL(page.url()).searchParams.get('mu')).toBe('0.8');
});
