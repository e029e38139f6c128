// Every lesson's claim, read from the picture it opens on: the summary table's cells, the charts'
// end labels and divergence markers, the inside view's per-layer numbers. Not "the lesson loads":
// each test fails if the default picture stops showing what the lesson says it shows.
import { expect, test, type Page } from '@playwright/test';
import { debugRuns, watchErrors } from './helpers';
import { endLabels, openLesson, playToEnd, shootLesson, tableAccuracy } from './lesson-util';

test.describe.configure({ timeout: 15 * 60_000 });

/** the ✕ marker of a run on the loss chart: its text ("SGD η=10: loss 54.7 at step 2, …") */
async function markerText(page: Page, run: string): Promise<string> {
	return ((await page.getByTestId('loss-chart').locator(`[data-testid="diverged-marker"][data-run="${run}"]`).textContent()) ?? '').trim();
}


/** the last value per layer of a run's per-layer stat, from the stats chart (layer name → value) */
async function statValues(page: Page, runLabel: string, stat: string): Promise<Record<string, number>> {
	// each stats panel is a chart-kit Frame: its <title> names the run and the stat and lists the latest values
	const title = page.locator('svg > title').filter({ hasText: `${runLabel}: ${stat} per layer` }).first();
	const label = (await title.count()) > 0 ? await title.textContent() : null;
	const list = (label ?? '').split('latest values: ')[1] ?? '';
	const out: Record<string, number> = {};
	for (const m of list.matchAll(/((?:hidden \d+|output) \(\d+\)) ([^,]+)/g)) out[m[1]] = Number(m[2]);
	return out;
}

test('lesson 1: the naive softmax run is marked "NaN" on the chart at its first steps; the He run trains', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 1);
	await playToEnd(page);
	expect(await markerText(page, 'r1')).toMatch(/normal σ=1: loss (NaN|∞|[\d.]+e\d+) at step [0-3]\b/);
	const acc = await tableAccuracy(page);
	expect(acc['He normal']).toBeGreaterThan(0.85);
	expect(acc['normal σ=1']).toBeNaN(); // "diverged at step k", not the step-0 evaluation
	await expect(page.locator('tr[data-run="r1"]').getByTestId('final-acc')).toHaveText(/^diverged at step \d+$/);
	await shootLesson(page, 'lesson-01');
	watch.expectNone();
});

test('lesson 2: momentum and Nesterov beat SGD at the same η, SGD at 10× η finishes level — chart and table agree', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 2);
	await playToEnd(page);
	const acc = await tableAccuracy(page);
	expect(acc['Momentum η=0.01']).toBeGreaterThan(acc['SGD η=0.01'] + 0.05);
	expect(acc['Nesterov η=0.01']).toBeGreaterThan(acc['SGD η=0.01'] + 0.05);
	expect(Math.abs(acc['SGD η=0.1'] - acc['Momentum η=0.01'])).toBeLessThan(0.04);
	// the accuracy chart's line ends are ranked as the table ranks the runs (higher = better)
	const ends = await endLabels(page, 'accuracy-chart');
	const byChart = [...ends].sort((a, b) => b.value - a.value).map((e) => e.text);
	const byTable = Object.entries(acc).sort((a, b) => b[1] - a[1]).map(([k]) => k);
	expect(byChart[byChart.length - 1]).toBe('SGD η=0.01');
	expect(byTable[byTable.length - 1]).toBe('SGD η=0.01');
	for (const e of ends) expect(Math.abs(e.value - acc[e.text])).toBeLessThan(0.0051); // same numbers
	// and the accuracy axis zooms to where they end, saying so
	await expect(page.getByTestId('accuracy-chart').getByTestId('axis-zoomed')).toHaveCount(acc['SGD η=0.01'] > 0.3 ? 1 : 0);
	await shootLesson(page, 'lesson-02');
	watch.expectNone();
});

test('lesson 3: the adaptive methods lead, and Adam and AdamW are flagged as lying on top of each other', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 3);
	await playToEnd(page);
	const acc = await tableAccuracy(page);
	const mean = (ks: string[]) => ks.reduce((s, k) => s + acc[k], 0) / ks.length;
	expect(mean(['Adagrad', 'RMSprop', 'Adam', 'AdamW'])).toBeGreaterThan(mean(['SGD', 'Momentum', 'Nesterov']));
	expect(Math.abs(acc['Adam'] - acc['AdamW'])).toBeLessThan(0.01);
	await expect(page.getByTestId('loss-chart').getByTestId('coincide')).toContainText('Adam and AdamW');
	expect((await endLabels(page, 'loss-chart')).length).toBe(7);
	await shootLesson(page, 'lesson-03');
	watch.expectNone();
});

test('lesson 4: zeros and constant stay symmetric (said on the default view) and stay near chance; He learns', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 4);
	await expect(page.getByText(/are identical and will stay identical/).first()).toBeVisible();
	await expect(page.getByText('Initialization at step 0')).toHaveCount(0); // not this lesson's point
	await playToEnd(page);
	const acc = await tableAccuracy(page);
	expect(acc['zeros']).toBeLessThan(0.15);
	expect(acc['constant 0.01']).toBeLessThan(0.35);
	expect(acc['He normal']).toBeGreaterThan(0.85);
	await expect(page.getByText(/are identical and will stay identical/).first()).toBeVisible();
	await shootLesson(page, 'lesson-04');
	watch.expectNone();
});

test('lesson 5: at step 0 the stats view shows σ = 0.01 vanishing (< 1e-3 of He) and σ = 1 exploding (> 1e3 of He); σ = 1 then diverges', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 5);
	await expect(page.getByRole('radio', { name: 'stats', exact: true })).toBeChecked();
	await expect(page.getByText('Initialization at step 0').first()).toBeVisible();
	const out = 'output (10)';
	await expect.poll(async () => Number.isFinite((await statValues(page, 'He normal', 'activation std'))[out])).toBe(true);
	const he = (await statValues(page, 'He normal', 'activation std'))[out];
	const small = (await statValues(page, 'normal σ=0.01 (too small)', 'activation std'))[out];
	const large = (await statValues(page, 'normal σ=1 (too large)', 'activation std'))[out];
	expect(small).toBeLessThan(1e-3 * he);
	expect(large).toBeGreaterThan(1e3 * he);
	// both drawn on the default view: every run's activation-std panel has a line
	for (const run of ['He normal', 'normal σ=0.01 (too small)', 'normal σ=1 (too large)']) {
		const panel = page.locator('svg').filter({ has: page.locator('title', { hasText: `${run}: activation std per layer` }) }).first();
		const d = await panel.locator('path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? '').filter((d) => d.length > 3).length);
		expect(d, run).toBeGreaterThan(0);
	}
	await shootLesson(page, 'lesson-05-step0');
	await playToEnd(page);
	expect((await debugRuns(page))[1].status).toBe('diverged');
	await page.getByRole('tab', { name: 'Curves' }).click();
	expect(await markerText(page, 'r1')).toMatch(/^normal σ=1 \(too large\): loss \S+ at step \d+/);
	const acc = await tableAccuracy(page);
	expect(acc['He normal']).toBeGreaterThan(0.7);
	expect(acc['normal σ=0.01 (too small)']).toBeLessThan(0.2);
	await shootLesson(page, 'lesson-05');
	watch.expectNone();
});

test('lesson 6: under ReLU He is far ahead of Xavier after one epoch', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 6);
	await playToEnd(page);
	const acc = await tableAccuracy(page);
	expect(acc['He normal']).toBeGreaterThan(acc['Xavier normal'] + 0.2);
	await shootLesson(page, 'lesson-06');
	watch.expectNone();
});

test('lesson 7: η = 10 is drawn up to where it blows up and labelled with its value; η = 0.1 learns, η = 0.001 crawls', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 7);
	await playToEnd(page);
	const text = await markerText(page, 'r0');
	expect(text).toMatch(/^SGD η=10: loss (NaN|∞|[\d.,]+(e\d+)?) at step \d+/);
	// its text is set off the other runs' lines: neither η = 0.1's nor η = 0.001's line runs along it
	// (a line crossing it covers a sliver of its width; one lying along it, as before, all of it)
	const along = await page.getByTestId('loss-chart').evaluate((chart) => {
		const text = chart.querySelector('[data-testid="diverged-marker"][data-run="r0"] [data-testid="diverged-text"]')!.getBoundingClientRect();
		return ['r1', 'r2'].map((run) => {
			const path = chart.querySelector(`path.smooth[data-run="${run}"]`) as SVGPathElement;
			const m = path.getScreenCTM()!;
			const xs: number[] = [];
			for (let l = 0; l <= path.getTotalLength(); l += 1) {
				const p = path.getPointAtLength(l).matrixTransform(m);
				if (p.x >= text.left && p.x <= text.right && p.y >= text.top && p.y <= text.bottom) xs.push(p.x);
			}
			return xs.length === 0 ? 0 : (Math.max(...xs) - Math.min(...xs)) / text.width;
		});
	});
	for (const share of along) expect(share).toBeLessThan(0.25);
	// its line climbs from the start to the marker (at least two points)
	await expect(page.getByTestId('loss-chart').locator('path.smooth[data-run="r0"]')).toHaveAttribute('d', /^M[^M]*L/);
	await expect(page.locator('tr[data-run="r0"]').getByTestId('final-acc')).toHaveText(/^diverged at step \d+$/);
	const acc = await tableAccuracy(page);
	expect(acc['SGD η=0.1']).toBeGreaterThan(0.8);
	expect(acc['SGD η=0.001']).toBeLessThan(acc['SGD η=0.1'] - 0.3);
	// the loss axis is set by the healthy runs: η = 0.1's loss is readable, not squashed at the bottom
	const ends = await endLabels(page, 'loss-chart');
	expect(ends.map((e) => e.text).sort()).toEqual(['SGD η=0.001', 'SGD η=0.1']);
	await shootLesson(page, 'lesson-07');
	watch.expectNone();
});

test('lesson 8: batch 1 — η = 0.1 wins and η = 1 ends near chance; full batch — the order flips', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 8);
	// one example's loss per step: the thick line says what it averages, and the per-step band (four
	// decades wide) is off until asked for
	await expect(page.getByTestId('loss-chart')).toContainText('train loss, one example per step (smoothed 0.99: ≈ last 100 steps)');
	await expect(page.getByRole('checkbox', { name: /every step/ })).not.toBeChecked();
	await playToEnd(page);
	await expect(page.getByTestId('loss-chart').locator('path.raw')).toHaveCount(0);
	// 400 evaluations per run: circles thinned to ≥ 16 px apart (≈ 45 per run on this chart), the
	// dashed line through all of them
	const dots = await page.getByTestId('loss-chart').locator('circle.dot').count();
	expect(dots).toBeGreaterThan(2 * 20);
	expect(dots).toBeLessThan(2 * 70);
	let acc = await tableAccuracy(page);
	expect(acc['SGD η=0.1']).toBeGreaterThan(0.9);
	expect(acc['SGD η=1']).toBeLessThan(0.75);
	await expect(page.getByRole('columnheader', { name: /mean of last epoch/ })).toBeVisible();
	await shootLesson(page, 'lesson-08-batch1');
	await openLesson(page, 8, { link: /full batch/ });
	await expect(page.getByText(/Smoothing/).locator('..').getByText('0.00 (auto)')).toBeVisible(); // 40 exact steps: nothing to smooth
	await playToEnd(page);
	acc = await tableAccuracy(page);
	expect(acc['SGD η=1']).toBeGreaterThan(acc['SGD η=0.1']);
	await shootLesson(page, 'lesson-08-full');
	watch.expectNone();
});

test('lesson 9: Adam + L2 loses accuracy, AdamW stays with Adam; the weights overlay is the default view', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 9);
	await expect(page.getByRole('radio', { name: 'overlay', exact: true })).toBeChecked();
	await expect(page.getByText('Initialization at step 0')).toHaveCount(0);
	await playToEnd(page);
	const acc = await tableAccuracy(page);
	expect(acc['Adam + L2 λ=0.1']).toBeLessThan(acc['AdamW λ=0.1'] - 0.03);
	expect(Math.abs(acc['AdamW λ=0.1'] - acc['Adam (no decay)'])).toBeLessThan(0.02);
	await shootLesson(page, 'lesson-09');
	watch.expectNone();
});

test('lesson 10: about 95% test accuracy; train loss ends far below test loss', async ({ page }) => {
	const watch = watchErrors(page);
	await openLesson(page, 10);
	await playToEnd(page, 900_000);
	const acc = await tableAccuracy(page);
	expect(acc['Adam η=0.003, cosine']).toBeGreaterThan(0.93);
	// summary cells: status, final acc., best acc., final train loss, final test loss, …
	const cells = await page.locator('tr[data-run="r0"] td').allTextContents();
	const num = (c: string) => Number(c.trim().replace(/,/g, '').replace(/−/g, '-'));
	const [train, testLoss] = [num(cells[3]), num(cells[4])];
	expect(train).toBeGreaterThan(0);
	expect(train).toBeLessThan(testLoss / 3); // it memorises its 8,000 images
	await shootLesson(page, 'lesson-10');
	watch.expectNone();
});
