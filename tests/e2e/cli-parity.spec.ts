// Same results in the page and in the CLI: the page's exported metrics (from its lockstep worker
// pool, MNIST gathered from uint8 pixels) against `npm run cli -- train` run here, in Node, with the
// same settings — one MNIST run and one 2-D run. Every evaluation's test loss and accuracy must be
// equal bit for bit (they depend on θ after every step), and the CLI's mean train loss per interval
// must be the mean of the page's per-step losses (float32 in the page, float64 in the CLI).
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { debugRuns, waitReady, watchErrors } from './helpers';

interface CliLine {
	step: number;
	trainLoss: number;
	testLoss: number;
	testAccuracy: number;
	status: string;
}

function cli(args: string[]): CliLine[] {
	const out = execFileSync('npx', ['tsx', 'src/cli/main.ts', 'train', ...args], { encoding: 'utf8', timeout: 240_000 });
	return out
		.trim()
		.split('\n')
		.map((l) => JSON.parse(l) as CliLine);
}

async function pageMetrics(page: Page, query: string, steps: number) {
	await page.goto(`/?${query}`);
	await waitReady(page, 1);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page))[0]?.status, { timeout: 120_000 }).toBe('done');
	expect((await debugRuns(page))[0].step).toBe(steps);
	// the page's own Play → done clock (the table's figure, tests/perf/page-vs-engine.ts) is set and ordered
	const t = await page.evaluate(() => window.__playground?.training);
	expect(t?.playedAt).toEqual(expect.any(Number));
	expect(t?.endedAt).toBeGreaterThan(t?.playedAt ?? Infinity);
	await page.getByTestId('export-menu').click();
	const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="metrics-json"]').click()]);
	const doc = JSON.parse(readFileSync(await dl.path(), 'utf8'));
	return doc.runs[0] as { evals: { step: number; testLoss: number; testAccuracy: number }[]; train: { step: number[]; loss: number[] } };
}

function compare(run: Awaited<ReturnType<typeof pageMetrics>>, lines: CliLine[], evalEvery: number): void {
	// the page also evaluates θ₀ (step 0); the CLI prints from the first interval on
	const evals = run.evals.filter((e) => e.step > 0);
	expect(evals.map((e) => e.step)).toEqual(lines.map((l) => l.step));
	for (let i = 0; i < lines.length; i++) {
		expect(evals[i].testLoss, `test loss at step ${lines[i].step}`).toBe(lines[i].testLoss);
		expect(evals[i].testAccuracy, `test accuracy at step ${lines[i].step}`).toBe(lines[i].testAccuracy);
	}
	// every step's loss is there, once; the mean per interval matches the CLI's to float32 rounding
	const { step, loss } = run.train;
	expect(step).toEqual(Array.from({ length: step.length }, (_, i) => i + 1));
	let from = 0;
	for (const l of lines) {
		const part = loss.slice(from, l.step);
		const mean = part.reduce((a, b) => a + b, 0) / part.length;
		expect(Math.abs(mean - l.trainLoss) / l.trainLoss, `train loss up to step ${l.step}`).toBeLessThan(1e-6);
		from = l.step;
	}
	expect(from).toBe(step.length);
	void evalEvery;
}

test('an MNIST run in the page gives the CLI’s losses', async ({ page }) => {
	test.setTimeout(300_000);
	const watch = watchErrors(page);
	const lines = cli(['--dataset', 'mnist', '--preprocess', 'standardize', '--hidden', '32,16', '--activation', 'relu', '--init', 'he-normal', '--optimizer', 'adam', '--lr', '0.001', '--batch', '32', '--steps', '300', '--eval-every', '100', '--seed', '4']);
	expect(lines.at(-1)?.status).toBe('done');
	const run = await pageMetrics(page, 'ds=mnist&pre=standardize&h=32,16&act=relu&bs=32&steps=300&eval=100&seed=4&r=A~adam~lr=0.001~init=he-normal', 300);
	compare(run, lines, 100);
	watch.expectNone();
});

test('a 2-D run in the page gives the CLI’s losses', async ({ page }) => {
	test.setTimeout(300_000);
	const watch = watchErrors(page);
	const lines = cli(['--dataset', 'spiral', '--n', '300', '--noise', '0.1', '--k', '3', '--preprocess', 'scale', '--hidden', '16,16', '--activation', 'tanh', '--init', 'xavier-uniform', '--optimizer', 'momentum', '--lr', '0.05', '--batch', '16', '--steps', '1000', '--eval-every', '250', '--seed', '9']);
	expect(lines.at(-1)?.status).toBe('done');
	const run = await pageMetrics(page, 'ds=spiral&n=300&noise=0.1&k=3&pre=scale&h=16,16&act=tanh&bs=16&steps=1000&eval=250&seed=9&r=A~momentum~lr=0.05~init=xavier-uniform', 1000);
	compare(run, lines, 250);
	watch.expectNone();
});
