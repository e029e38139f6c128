import { expect, test, type Page } from '@playwright/test';
import { decodeExperiment } from '../../src/lib/experiment/url';
import { LESSONS } from '../../src/lib/lessons/lessons';
import { debugRuns, waitReady, watchErrors } from './helpers';

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });

/** every playground link of the gallery: the ten "Open in playground" links, then the further ones */
async function lessonLinks(page: Page): Promise<{ name: string; href: string }[]> {
	await page.goto('/lessons/');
	const cards = page.getByTestId('lesson');
	await expect(cards).toHaveCount(LESSONS.length);
	const links: { name: string; href: string }[] = [];
	for (const card of await cards.all()) {
		const title = (await card.getByRole('heading', { level: 2 }).textContent()) ?? '';
		for (const a of await card.getByRole('link').all()) {
			const href = await a.getAttribute('href');
			if (href === null || href.includes('/surface/') || href.includes('/sweep/')) continue;
			links.push({ name: `${title.trim()} — ${(await a.textContent())?.trim()}`, href });
		}
	}
	return links;
}

test('the gallery shows every lesson, each with a question, an answer on demand and a valid playground link', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/lessons/');
	await expect(page).toHaveTitle('Lessons · Optimizer Playground');
	await expect(page.getByRole('heading', { level: 1, name: 'Lessons' })).toBeVisible();
	const cards = page.getByTestId('lesson');
	await expect(cards).toHaveCount(LESSONS.length);

	const ids = new Set<string>();
	for (const [i, card] of (await cards.all()).entries()) {
		await expect(card.getByRole('heading', { level: 2 })).toContainText(String(i + 1));
		await expect(card.getByText('Predict:')).toBeVisible();
		const open = card.getByRole('link', { name: /^Open in playground/ });
		await expect(open).toHaveCount(1);
		const href = (await open.getAttribute('href')) ?? '';
		const url = new URL(href, page.url());
		expect(url.pathname, href).toBe('/');
		const params = url.searchParams;
		expect(params.get('ds'), href).toBeTruthy();
		expect(params.getAll('r').length, href).toBeGreaterThan(0);
		// the default view (curves) is left out of the link
		expect(['curves', 'inside', 'paths', 'curvature', 'data']).toContain(params.get('view') ?? 'curves');
		const lesson = params.get('lesson') ?? '';
		expect(lesson).toMatch(/^[a-z0-9-]+$/);
		ids.add(lesson);
		// the query is a complete, valid experiment: nothing falls back to a default
		expect(decodeExperiment(params).errors, href).toEqual([]);
	}
	expect(ids.size).toBe(LESSONS.length);

	// the answer stays hidden until asked for
	const first = cards.first();
	const toggle = first.getByRole('button', { name: 'Show answer' });
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	const answer = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
	await expect(answer).toBeHidden();
	await toggle.click();
	await expect(first.getByRole('button', { name: 'Hide answer' })).toHaveAttribute('aria-expanded', 'true');
	await expect(answer).toBeVisible();
	await expect(answer).toContainText('NaN');

	// cards with several shared settings offer one link per setting
	await expect(page.getByRole('link', { name: 'Open with stable softmax' })).toHaveCount(1);
	await expect(page.getByRole('link', { name: /^Open with (batch 32|full batch)/ })).toHaveCount(2);
	watch.expectNone();
});

test('every lesson link loads and runs a few steps', async ({ page }) => {
	test.setTimeout(15 * 60_000);
	const watch = watchErrors(page);
	const links = await lessonLinks(page);
	expect(links.length).toBeGreaterThanOrEqual(10);
	for (const { name, href } of links) {
		await test.step(name, async () => {
			await page.goto(new URL(href, page.url()).toString());
			await waitReady(page);
			await expect(page.getByRole('status').filter({ hasText: /fell back|invalid/i })).toHaveCount(0);
			await controls(page).getByRole('button', { name: /play/i }).click();
			const started = Date.now();
			await expect
				.poll(async () => (await debugRuns(page)).every((r) => r.step > 0 || r.status === 'diverged' || r.status === 'done'), {
					timeout: 90_000
				})
				.toBe(true);
			// A short lesson (the full-batch link: 40 steps) may finish before Pause is clicked, and
			// then the button has turned back into Play. So read and click in one turn of the page's
			// event loop — the label read is the state clicked: Pause if it shows, else nothing runs.
			const clickedPause = await controls(page).evaluate((bar) => {
				const pause = Array.from(bar.querySelectorAll('button')).find((b) => /pause/i.test(b.textContent ?? ''));
				pause?.click();
				return pause !== undefined;
			});
			if (!clickedPause) expect((await debugRuns(page)).some((r) => r.status === 'running')).toBe(false);
			await expect.poll(async () => (await debugRuns(page)).some((r) => r.status === 'running')).toBe(false);
			test.info().annotations.push({ type: 'first steps', description: `${name}: ${Date.now() - started} ms` });
			expect((await debugRuns(page)).filter((r) => r.status === 'failed')).toEqual([]);
		});
	}
	watch.expectNone();
});

test('the naive-softmax lesson shows NaN, the stable one does not', async ({ page }) => {
	test.setTimeout(5 * 60_000);
	const watch = watchErrors(page);
	await page.goto('/lessons/');
	const card = page.getByTestId('lesson').filter({ hasText: 'The softmax overflow' });
	const naive = (await card.getByRole('link', { name: /^Open in playground/ }).getAttribute('href')) ?? '';
	const stable = (await card.getByRole('link', { name: 'Open with stable softmax' }).getAttribute('href')) ?? '';

	await page.goto(new URL(naive, page.url()).toString());
	await waitReady(page, 2);
	await controls(page).getByRole('button', { name: /play/i }).click();
	// run r1 starts from N(0, 1) weights: its logits overflow exp at the first step
	await expect.poll(async () => (await debugRuns(page))[1]?.status, { timeout: 60_000 }).toBe('diverged');
	expect((await debugRuns(page))[1].statusText).toContain('NaN');
	await expect(page.getByText(/NaN/).first()).toBeVisible();

	await page.goto(new URL(stable, page.url()).toString());
	await waitReady(page, 2);
	await controls(page).getByRole('button', { name: /play/i }).click();
	await expect.poll(async () => (await debugRuns(page))[1]?.step ?? 0, { timeout: 90_000 }).toBeGreaterThan(10);
	const runs = await debugRuns(page);
	expect(runs.map((r) => r.status)).not.toContain('diverged');
	expect(runs.map((r) => r.statusText).join(' ')).not.toContain('NaN');
	watch.expectNone();
});

test('under a sub-path the lesson links stay inside it', async ({ page }) => {
	const watch = watchErrors(page);
	const port = Number(process.env.E2E_PORT ?? 4173) + 1; // tests/setup/serve-subpath.mjs
	await page.goto(`http://127.0.0.1:${port}/playground/lessons/`);
	await expect(page.getByTestId('lesson')).toHaveCount(LESSONS.length);
	for (const a of await page.getByRole('link', { name: /^Open (in playground|with )/ }).all()) {
		const url = new URL((await a.getAttribute('href')) ?? '', page.url());
		expect(url.pathname).toBe('/playground/');
		expect(url.searchParams.get('lesson')).toBeTruthy();
	}
	const surface = new URL((await page.getByRole('link', { name: /2-D surface/ }).getAttribute('href')) ?? '', page.url());
	expect(surface.pathname).toBe('/playground/surface/');
	expect(surface.searchParams.get('fn')).toBe('rosenbrock');
	await page.getByRole('link', { name: /^Open in playground/ }).nth(3).click(); // lesson 4, the symmetry
	await waitReady(page, 3); // zeros, constant, He: the lesson's three runs, MNIST loaded from the sub-path
	expect(new URL(page.url()).pathname).toBe('/playground/');
	watch.expectNone();
});
