// Links read through the route codecs (src/lib/url, issue 16): repeated messages no longer crash
// the surface race, a long link keeps its valid fields, bad page options and sweep settings are
// named, and the server answers links up to the documented 20,000 characters.
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './helpers';

const paths = (page: Page) => page.locator('[data-testid="opt-path"]');
const urlMessages = (page: Page) => page.getByTestId('url-messages').locator('li');

for (const [q, expected] of [
	['opt=foo,foo', ['opt: unknown optimizer “foo” — left out']],
	['opt=sgd:abc,sgd:abc', ['opt: learning rate “abc” of sgd', 'opt: sgd given more than once — using the first']]
] as const)
	test(`/surface/?${q} shows each message once and still races`, async ({ page }) => {
		const watch = watchErrors(page);
		await page.goto(`/surface/?${q}`);
		await page.locator('html[data-ready]').waitFor();
		await expect(urlMessages(page)).toHaveCount(expected.length);
		for (const [i, text] of expected.entries()) await expect(urlMessages(page).nth(i)).toContainText(text);
		// ticking an optimizer works (it threw each_key_duplicate before), and the race runs
		await page.getByRole('checkbox', { name: 'adam', exact: true }).check();
		await expect(paths(page)).toHaveCount(q.startsWith('opt=foo') ? 1 : 2);
		await page.getByTestId('step').click();
		await page.getByTestId('step').click();
		await expect(page.getByTestId('step-counter')).toHaveText(/^step 2 \//);
		watch.expectNone();
	});

test('/surface/ names a repeated fn and unknown keys, keeping the first fn', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/surface/?fn=beale&fn=camel&zoom=3');
	await page.locator('html[data-ready]').waitFor();
	await expect(page.getByTestId('fn-select')).toHaveValue('beale');
	await expect(page.getByTestId('url-messages')).toContainText('fn: given more than once in the link; using the first');
	await expect(page.getByTestId('url-messages')).toContainText('unknown setting "zoom" in the link; ignored');
	watch.expectNone();
});

test('a 12,000-character link keeps its valid fields; only the long field is refused', async ({ page }) => {
	const watch = watchErrors(page);
	const h = Array(6000).fill(8).join(',');
	const link = `/?ds=moons&h=${h}&bs=16&seed=7&r=Mine~adam~lr=0.01~init=he-normal&view=data`;
	expect(link.length).toBeGreaterThan(12_000);
	await page.goto(link);
	await expect(page.getByText(/^h: at most 3000 characters in the link, got 12001; ignored$/)).toBeVisible();
	// the canonical link the page writes back keeps every other field
	await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('7');
	const p = new URL(page.url()).searchParams;
	expect(p.get('ds')).toBe('moons');
	expect(p.get('bs')).toBe('16');
	expect(p.get('r')).toBe('Mine~adam~lr=0.01~init=he-normal');
	expect(p.get('view')).toBe('data');
	await expect(page.getByRole('tab', { name: 'Data & predictions' })).toHaveAttribute('aria-selected', 'true');
	watch.expectNone();
});

test('bad page options are named, and the page still starts', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?view=../../etc&view=data&present=2&hide=everything,<b>&lesson=999');
	const box = page.getByText('Some settings in the link were invalid').locator('..').locator('..');
	for (const text of [
		'view: given more than once in the link; using the first',
		'view: must be one of curves, inside, paths, curvature, data, got "../../etc"; showing curves',
		'present: must be 1 (presentation mode) or 0, got "2"; presentation mode off',
		'hide: "everything", "<b>" are not something a link can hide',
		'lesson: no lesson is called "999"'
	])
		await expect(box).toContainText(text);
	await expect(page.getByRole('tab', { name: 'Curves' })).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByRole('button', { name: 'Play' }).first()).toBeEnabled();
	watch.expectNone();
});

test('the sweep reads its settings from the link, shows notes as well as errors, and writes changes back', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/sweep/?ds=moons&sw-points=5&sw-seeds=9&zzz=1');
	await expect(page.getByText('sw-seeds (seeds per configuration): must be a whole number from 1 to 5, got "9"; using 2')).toBeVisible();
	await expect(page.getByText('unknown setting "zzz" in the link; ignored')).toBeVisible();
	const points = page.getByRole('spinbutton', { name: 'points', exact: true });
	await expect(points).toHaveValue('5');
	await points.fill('7');
	await expect.poll(() => new URL(page.url()).searchParams.get('sw-points')).toBe('7');
	expect(new URL(page.url()).searchParams.get('ds')).toBe('moons');
	watch.expectNone();
});

test('the server answers a link of about 20,000 characters (no HTTP 431)', async ({ request }) => {
	// 16 runs with 80-character labels of 4-byte characters, the longest runs a link can hold, padded
	// to just under the documented limit; Node's default 16 KiB header limit refused this with 431
	const label = encodeURIComponent('𝔸'.repeat(80));
	const runs = Array.from({ length: 16 }, (_, i) => `r=${label}~sgd~lr=0.1~init=he-normal~c=${i}`).join('&');
	const base = `/?ds=moons&${runs}&view=inside&present=1&pad=`;
	const link = base + 'a'.repeat(19_990 - base.length);
	expect(link.length).toBe(19_990);
	const res = await request.get(link);
	expect(res.status()).toBe(200);
});

test('the inside view’s sub-view and quantity come from the link and go back into it; a bad one is named', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=xor&steps=50&view=inside&sub=ridgeline&quantity=grad');
	await expect(page.getByRole('radio', { name: 'through time', exact: true })).toBeChecked();
	await expect(page.getByRole('radio', { name: 'ridgeline', exact: true })).toBeChecked();
	await expect(page.getByRole('radio', { name: 'gradients', exact: true })).toBeChecked();
	await page.getByRole('radio', { name: 'overlay', exact: true }).check();
	await expect(page).toHaveURL(/[?&]view=inside&sub=overlay&quantity=grad(&|$)/);
	await page.getByRole('radio', { name: 'grid', exact: true }).check();
	await expect(page).toHaveURL(/[?&]view=inside&quantity=grad(&|$)/);
	await page.goto('/?view=inside&sub=<b>stats');
	await expect(page.getByRole('radio', { name: 'grid', exact: true })).toBeChecked();
	await expect(page.getByText('sub: the inside view\'s sub-view must be one of grid, bands, ridgeline, overlay, stats, got "<b>stats"; showing grid')).toBeVisible();
	watch.expectNone();
});
