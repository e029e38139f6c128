// Opening a lesson as a lecturer does (from the gallery), running it to the end, and reading the
// numbers its pictures show: the summary table's cells, the loss and accuracy charts' end labels
// and divergence markers.
import { expect, test, type Page } from '@playwright/test';
import { debugRuns } from './helpers';

/** the playground link of lesson `n` (1-based); `link` picks a further link by its name */
export async function lessonHref(page: Page, n: number, link?: RegExp): Promise<string> {
	await page.goto('/lessons/');
	const card = page.getByTestId('lesson').nth(n - 1);
	const a = link ? card.getByRole('link', { name: link }) : card.getByRole('link', { name: /^Open in playground/ });
	return new URL((await a.getAttribute('href')) ?? '', page.url()).toString();
}

export async function openLesson(page: Page, n: number, opts: { link?: RegExp; present?: boolean } = {}): Promise<void> {
	const href = await lessonHref(page, n, opts.link);
	await page.goto(opts.present ? `${href}&present=1` : href);
	// seven MNIST workers on a loaded 2-core machine can take minutes to load: a limit, not a pause
	await expect
		.poll(async () => {
			const runs = await debugRuns(page);
			return runs.length > 0 && runs.every((r) => r.firstLoss !== null || r.status === 'failed');
		}, { timeout: 360_000, intervals: [1000] })
		.toBe(true);
}

/** plays every run to its end (done, diverged or failed) */
export async function playToEnd(page: Page, timeout = 600_000): Promise<void> {
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /play/i }).click();
	await expect
		.poll(async () => (await debugRuns(page)).every((r) => ['done', 'diverged', 'failed'].includes(r.status)), { timeout, intervals: [1000] })
		.toBe(true);
	expect((await debugRuns(page)).filter((r) => r.status === 'failed')).toEqual([]);
}

/** final test accuracy per run label, as the summary table shows it (NaN for "diverged at step k") */
export async function tableAccuracy(page: Page): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const row of await page.locator('table tbody tr[data-run]').all()) {
		// the run's label, without the "selected" badge the selected run's row header carries
		const label = await row.locator('th[scope="row"]').evaluate((th) => {
			const copy = th.cloneNode(true) as HTMLElement;
			copy.querySelectorAll('.badge').forEach((b) => b.remove());
			return (copy.textContent ?? '').trim();
		});
		const cell = ((await row.getByTestId('final-acc').textContent()) ?? '').trim();
		out[label] = cell.endsWith('%') ? Number(cell.slice(0, -1)) / 100 : NaN;
	}
	return out;
}

export interface EndLabel {
	run: string;
	text: string;
	/** the value at the line's end and its pixel y */
	value: number;
	y: number;
}

/** the end labels of a chart ('loss-chart' or 'accuracy-chart') */
export async function endLabels(page: Page, chart: 'loss-chart' | 'accuracy-chart'): Promise<EndLabel[]> {
	return page.getByTestId(chart).getByTestId('end-label').evaluateAll((els) =>
		els.map((e) => ({
			run: e.getAttribute('data-run') ?? '',
			text: e.textContent?.trim() ?? '',
			value: Number(e.getAttribute('data-value')),
			y: Number(e.getAttribute('data-y'))
		}))
	);
}

/**
 * The lesson's picture at 1280×720, normal and in presentation mode, saved and attached to the
 * test's report (testInfo.attach) so a reviewer can look at what the claim was read from.
 * Presentation mode is switched on with its button and off again, so the test can go on.
 */
export async function shootLesson(page: Page, name: string): Promise<void> {
	const info = test.info();
	const toggle = page.getByRole('button', { name: 'Presentation', exact: true });
	for (const present of [false, true]) {
		if (present) await toggle.click();
		await expect(page.locator('html')).toHaveClass(present ? /\bpresent\b/ : /^(?!.*\bpresent\b)/);
		await expect(toggle).toHaveAttribute('aria-pressed', String(present));
		const file = info.outputPath(`${name}${present ? '-present' : ''}.png`);
		await page.screenshot({ path: file });
		await info.attach(`${name}${present ? ' (presentation)' : ''}`, { path: file, contentType: 'image/png' });
	}
	await toggle.click();
	await expect(page.locator('html')).not.toHaveClass(/\bpresent\b/);
}
