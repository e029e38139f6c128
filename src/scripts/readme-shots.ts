// The README's three screenshots, retaken from the built app so they follow the charts as they are:
//   playground.png     lesson 3 (the seven optimizers on MNIST) run to the end, the curves view
//   diverged-run.png   lesson 7 (SGD at three learning rates) in presentation mode, run to the end
//   exploding-init.png lesson 5 (σ = 0.01, σ = 1, He) inside the network, the layer statistics
// at 1280×720 in Debian's Chromium. Each lesson is opened from the lessons page's link, played to its
// end (every run done, diverged or failed — waited on the page's state, not on the clock) and shot.
//
//   npm run build && npm run screenshots               → vite preview on port 4180, writes static/screenshots/
//   npm run screenshots -- --port 5110 --out /tmp/shots → another port or folder
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';

function arg(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const port = Number(arg('port', '4180'));
if (!Number.isInteger(port) || port < 1024 || port > 65535) {
	console.error(`--port: expected a whole number from 1024 to 65535, got "${arg('port', '')}"`);
	process.exit(2);
}
const out = resolve(arg('out', 'static/screenshots'));
const base = `http://127.0.0.1:${port}`;

interface DebugRun {
	status: string;
	firstLoss: number | null;
}
const runs = (page: Page) => page.evaluate(() => (window as unknown as { __playground?: { runs: DebugRun[] } }).__playground?.runs ?? []);

/** polls `done` every 250 ms until true (a limit, not a pause: MNIST loads slowly on a busy machine) */
async function until(page: Page, what: string, done: () => Promise<boolean>, limitMs = 600_000): Promise<void> {
	const t0 = Date.now();
	while (!(await done())) {
		if (Date.now() - t0 > limitMs) throw new Error(`gave up waiting for ${what}`);
		await page.waitForTimeout(250);
	}
}

async function openLesson(page: Page, n: number, present: boolean): Promise<void> {
	await page.goto(`${base}/lessons/`);
	const href = await page.getByTestId('lesson').nth(n - 1).getByRole('link', { name: /^Open in playground/ }).getAttribute('href');
	if (!href) throw new Error(`lesson ${n} has no playground link`);
	const url = new URL(href, page.url()).toString();
	await page.goto(present ? `${url}&present=1` : url);
	await until(page, `lesson ${n} to load`, async () => {
		const r = await runs(page);
		return r.length > 0 && r.every((x) => x.firstLoss !== null || x.status === 'failed');
	});
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /play/i }).click();
	await until(page, `lesson ${n} to finish`, async () => (await runs(page)).every((r) => ['done', 'diverged', 'failed'].includes(r.status)));
	const failed = (await runs(page)).filter((r) => r.status === 'failed');
	if (failed.length) throw new Error(`lesson ${n}: ${failed.length} run(s) failed`);
	// the last chunk's redraw: wait until the step counter and the charts agree (two frames)
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((ok, fail) => {
	server.stdout!.on('data', (d: Buffer) => (String(d).includes(String(port)) ? ok() : undefined));
	server.on('exit', (code) => fail(new Error(`vite preview exited (${code}): is port ${port} free and the app built (npm run build)?`)));
});
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
	args: ['--disable-gpu', '--disable-quic', '--disable-sync', '--disable-background-networking', '--disable-component-update', '--no-first-run']
});
try {
	mkdirSync(out, { recursive: true });
	const shots: { file: string; lesson: number; present: boolean; arrange: (page: Page) => Promise<void> }[] = [
		{
			file: 'playground.png',
			lesson: 3,
			present: false,
			// the tabs at the top of the main column: the loss chart with its end labels and legend
			arrange: (page) => page.getByRole('tablist').first().evaluate((e) => e.scrollIntoView({ block: 'start' }))
		},
		{ file: 'diverged-run.png', lesson: 7, present: true, arrange: async () => {} },
		{
			file: 'exploding-init.png',
			lesson: 5,
			present: false,
			arrange: async (page) => {
				await page.getByRole('tab', { name: 'Inside the network' }).click();
				await page.getByRole('radio', { name: 'stats' }).check();
				await page.getByTestId('stats-panel').first().waitFor();
				// the chart's bottom at the screen's: the three runs' rows, the He reference last, on screen
				await page.locator('.stats').first().evaluate((e) => e.scrollIntoView({ block: 'end' }));
			}
		}
	];
	for (const s of shots) {
		const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
		await openLesson(page, s.lesson, s.present);
		await s.arrange(page);
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
		await page.screenshot({ path: resolve(out, s.file) });
		console.log(`wrote ${resolve(out, s.file)}`);
		await page.close();
	}
} finally {
	await browser.close();
	server.kill();
}
