// Robustness in a real browser (issue 7): a hostile link, a diverging run, dying workers, and
// worker bookkeeping across reset and remove. Every test also checks the console: the only errors
// allowed are the ones a test provokes on purpose, matched by their exact text.
import { expect, test, type Page } from '@playwright/test';
import { debugRuns, liveWorkers, waitReady, watchErrors } from './helpers';

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });
const statusCell = (page: Page, id: string) => page.locator(`tr[data-run="${id}"] [data-testid="run-status"]`);

async function stepOf(page: Page, id: string): Promise<number> {
	return (await debugRuns(page)).find((r) => r.id === id)?.step ?? -1;
}

/** true once every listed run has advanced more than `by` steps past `from` */
async function advanced(page: Page, from: Record<string, number>, by = 0): Promise<boolean> {
	const runs = await debugRuns(page);
	return Object.entries(from).every(([id, s]) => (runs.find((r) => r.id === id)?.step ?? -1) > s + by);
}

// Payloads that would run code if a label were ever rendered as markup. The onerror one leaves a
// trace on window, which is a stronger oracle than a dialog (a blocked alert leaves none).
const SCRIPT_LABEL = '<script>alert(1)</script>';
const IMG_LABEL = '<img src=x onerror="window.__pwned=1;alert(2)">';

test('a hostile link shows messages naming the fields, runs no markup, and the page still trains', async ({ page }) => {
	const watch = watchErrors(page);
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	const q = new URLSearchParams();
	q.append('ds', 'spiral');
	q.append('h', '99999999,8');
	q.append('bs', 'NaN');
	q.append('steps', 'Infinity');
	q.append('eval', '-Infinity');
	q.append('seed', '-1');
	q.append('evil', '<b>x</b>');
	q.append('r', `${SCRIPT_LABEL}~sgd~lr=NaN~init=he-normal`);
	q.append('r', `${IMG_LABEL}~adam~lr=Infinity~init=bogus`);
	q.append('r', 'Z~nosuchopt~lr=0.1~wat=1');
	await page.goto(`/?${q.toString()}`);

	// one message per bad field, each naming it (texts from src/lib/experiment/schema.ts and url.ts)
	const status = page.getByRole('status');
	for (const field of [
		'width of hidden layer 1',
		'batch size',
		'number of steps',
		'evaluation interval',
		'seed',
		'learning rate of run 1',
		'learning rate of run 2',
		'init of run 2',
		'optimizer of run 3',
		'unknown setting "evil"',
		'unknown setting "wat=1"'
	]) {
		await expect(status.filter({ hasText: field }).first(), field).toBeVisible();
	}
	// the rest of the link was kept
	await expect(page.getByLabel('Data set')).toHaveValue('spiral');
	await waitReady(page, 3);

	// the labels are text: visible as written, never parsed into elements
	await expect(page.locator('tr[data-run="r0"] th')).toContainText(SCRIPT_LABEL);
	await expect(page.locator('tr[data-run="r1"] th')).toContainText(IMG_LABEL);
	expect(await page.locator('img[src="x"]').count()).toBe(0);
	const injectedScripts = await page.evaluate(() => [...document.scripts].filter((s) => s.text.includes('alert(')).length);
	expect(injectedScripts).toBe(0);

	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(() => advanced(page, { r0: 0, r1: 0, r2: 0 }, 20), { timeout: 60_000 }).toBe(true);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

	// absurd depth and a long label: refused or cut with a message, and the page still starts its run
	await page.goto(`/?ds=moons&h=${Array(1000).fill('8').join(',')}&r=${'A'.repeat(2500)}~sgd~lr=0.1~init=he-normal`);
	await expect(status.filter({ hasText: 'number of hidden layers' }).first()).toBeVisible();
	await expect(status.filter({ hasText: 'label of run 1' }).first()).toBeVisible();
	await waitReady(page, 1);
	await expect(page.locator('tr[data-run="r0"] th .pick')).toHaveText('A'.repeat(80)); // LABEL_MAX code points

	// one pair longer than FIELD_MAX (3,000 characters as received) is refused alone: the other fields stay
	await page.goto(`/?ds=moons&seed=7&r=${'B'.repeat(30_000)}~sgd~lr=0.1`);
	await expect(status.filter({ hasText: 'r: at most 3000 characters in the link' }).first()).toBeVisible();
	await expect(page.getByRole('combobox', { name: 'Data set' })).toHaveValue('moons');
	await waitReady(page);

	// pairs past URL_MAX (20,000 characters in all) are refused and counted; those before the limit count
	const filler = Array.from({ length: 8 }, (_, i) => `x${i}=${'C'.repeat(2_900)}`).join('&');
	await page.goto(`/?ds=circles&${filler}`);
	await expect(status.filter({ hasText: 'link: at most 20000 characters' }).first()).toBeVisible();
	await expect(page.getByRole('combobox', { name: 'Data set' })).toHaveValue('circles');
	await waitReady(page);

	expect(dialogs).toEqual([]);
	watch.expectNone();
});

test('a diverging run stops alone at step k, is marked on the chart, and the other run finishes', async ({ page }) => {
	const watch = watchErrors(page);
	// SGD at lr 10 (the example) does NOT diverge with this engine: its max-subtracted
	// log-softmax keeps the loss finite, the ReLUs die and the loss settles near ln 10 (checked with
	// `npm run cli -- train --dataset mnist --optimizer sgd --lr 10 --steps 200`, seeds 1 and 42).
	// lr 1000 (the largest allowed) overflows the logits within a few steps.
	await page.goto('/?ds=mnist&h=128,64&act=relu&bs=64&steps=200&eval=50&seed=1&r=Wild~sgd~lr=1000~init=he-normal&r=Calm~adam~lr=0.001~init=he-normal');
	await waitReady(page, 2);
	await controls(page).getByRole('button', { name: /Play/ }).click();

	await expect.poll(async () => (await debugRuns(page))[0]?.status, { timeout: 60_000 }).toBe('diverged');
	const wild = (await debugRuns(page))[0];
	const m = /^diverged at step (\d+) \((.+) = (.+)\)$/.exec(wild.statusText);
	expect(m, wild.statusText).not.toBeNull();
	const k = Number(m?.[1]);
	expect(k).toBeGreaterThanOrEqual(1);
	expect(k).toBeLessThan(200);
	expect(Number.isFinite(Number(m?.[3]))).toBe(false); // the offending value: NaN or ±Infinity
	await expect(statusCell(page, 'r0')).toHaveText(wild.statusText);
	// marked on the loss chart (the accuracy chart marks it too); the calm run is not
	await expect(page.locator('[data-testid="loss-chart"] [data-testid="diverged-marker"][data-run="r0"]')).toHaveCount(1);
	await expect(page.locator('[data-testid="diverged-marker"][data-run="r1"]')).toHaveCount(0);
	// its curve keeps the steps before k
	await expect(page.locator('[data-testid="loss-chart"] path.smooth[data-run="r0"]')).toHaveAttribute('d', /^M[^M]*L/);

	await expect.poll(async () => (await debugRuns(page))[1]?.status, { timeout: 120_000 }).toBe('done');
	const [wildEnd, calm] = await debugRuns(page);
	expect(calm.step).toBe(200);
	expect(wildEnd.status).toBe('diverged');
	expect(wildEnd.step).toBeLessThanOrEqual(k); // it stopped; it did not keep stepping on NaNs
	await expect(statusCell(page, 'r1')).toHaveText('done (200 steps)');
	watch.expectNone();
});

/** the number of workers the pool keeps: one per core, capped (pool.ts MAX_WORKERS) */
async function cores(page: Page): Promise<number> {
	return page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency)));
}

/** ids of the runs hosted by the same live worker as `id` (itself included) */
async function workerMates(page: Page, id: string): Promise<string[]> {
	const runs = await debugRuns(page);
	const w = runs.find((r) => r.id === id)?.worker ?? -1;
	expect(w, `run ${id} has a live worker`).toBeGreaterThanOrEqual(0);
	return runs.filter((r) => r.worker === w).map((r) => r.id);
}

test('a worker that dies — terminated, throwing, closing itself, hanging — fails exactly its runs; they restart elsewhere', async ({ page }) => {
	const watch = watchErrors(page);
	const ids = ['r0', 'r1', 'r2', 'r3'];
	await page.goto('/?ds=moons&h=16,16&bs=32&steps=1000000&eval=500&seed=3&r=A~sgd~lr=0.1~init=he-normal&r=B~adam~lr=0.01~init=he-normal&r=C~momentum~lr=0.05~init=he-normal&r=D~rmsprop~lr=0.001~init=he-normal');
	await waitReady(page, 4);
	const n = await cores(page);
	// one worker per core, several runs in each
	expect(await liveWorkers(page)).toBe(Math.min(n, 4));
	await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(Math.min(n, 4));
	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(() => advanced(page, { r0: 0, r1: 0, r2: 0, r3: 0 }, 20), { timeout: 60_000 }).toBe(true);

	/** kills the worker hosting `id` in the given way; its runs fail with a reason matching `reason`, the others go on */
	async function killAndCheck(id: string, kill: () => Promise<void>, reason: RegExp): Promise<void> {
		const mates = await workerMates(page, id);
		const others = ids.filter((x) => !mates.includes(x));
		const live = await liveWorkers(page);
		await kill();
		for (const m of mates) await expect(statusCell(page, m), `run ${m}`).toHaveText(reason, { timeout: 60_000 });
		const runs = await debugRuns(page);
		for (const m of mates) expect(runs.find((r) => r.id === m)?.status).toBe('failed');
		const after = Object.fromEntries(runs.map((r) => [r.id, r.step]));
		if (others.length > 0) await expect.poll(() => advanced(page, Object.fromEntries(others.map((o) => [o, after[o]])), 20), { timeout: 30_000 }).toBe(true);
		for (const m of mates) expect(await stepOf(page, m)).toBe(after[m]);
		expect(await liveWorkers(page)).toBe(live - 1);
		await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(live - 1); // the browser agrees
		// ↺ restarts each on a live worker (or a fresh one in the freed slot) from step 0, and it trains
		for (const m of mates) {
			await page.getByRole('button', { name: `Restart ${'ABCD'[ids.indexOf(m)]}` }).click();
			await expect(statusCell(page, m)).toHaveText(/^(loading|running)/);
		}
		for (const m of mates) {
			await expect.poll(() => stepOf(page, m), { timeout: 30_000 }).toBeGreaterThan(20);
			await expect(statusCell(page, m)).toHaveText(/^running/);
		}
		expect(await liveWorkers(page)).toBe(live);
	}

	// terminated from outside, an uncaught exception inside, closing itself, an endless loop
	await killAndCheck('r0', () => page.evaluate(() => window.__playground?.terminateWorker('r0')), /^failed: the worker was terminated$/);
	await killAndCheck('r1', () => page.evaluate(() => window.__playground?.crashWorker('r1', 'uncaught')), /^failed: .*crash requested \(uncaught\)/);
	await page.evaluate(() => window.__playground?.setHeartbeatTimeout(3000));
	await killAndCheck('r2', () => page.evaluate(() => window.__playground?.crashWorker('r2', 'close')), /^failed: the worker stopped answering/);
	await killAndCheck('r3', () => page.evaluate(() => window.__playground?.crashWorker('r3', 'hang')), /^failed: the worker stopped answering/);

	// a run whose own call fails fails alone: its worker and worker-mates go on
	const mates = await workerMates(page, 'r1');
	const live = await liveWorkers(page);
	await page.evaluate(() => window.__playground?.crashWorker('r1', 'reject'));
	await expect(statusCell(page, 'r1')).toHaveText(/^failed: .*crash requested \(reject\)/);
	const rest = Object.fromEntries((await debugRuns(page)).filter((r) => r.id !== 'r1').map((r) => [r.id, r.step]));
	await expect.poll(() => advanced(page, rest, 20), { timeout: 30_000 }).toBe(true);
	expect(await liveWorkers(page)).toBe(live);
	expect(mates.length).toBeGreaterThanOrEqual(1);

	// reset after failures: every run ready again on the live workers, none left behind
	await controls(page).getByRole('button', { name: /Reset/ }).click();
	await waitReady(page, 4);
	expect((await debugRuns(page)).map((r) => r.status)).toEqual(['idle', 'idle', 'idle', 'idle']);
	expect(await liveWorkers(page)).toBe(Math.min(n, 4));
	await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(Math.min(n, 4));

	// the only errors allowed are the provoked ones (Chromium does not log them, the worker's error
	// event is handled, but a browser that reports a worker's uncaught error may)
	watch.errors.splice(0, watch.errors.length, ...watch.errors.filter((e) => !/crash requested \((uncaught|reject)\)/.test(e)));
	watch.expectNone();
});

test('reset and remove keep one worker per core: no worker is left behind or created per run', async ({ page }) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=circles&h=8&bs=32&steps=100000&eval=500&seed=5&r=A~sgd~lr=0.1~init=he-normal&r=B~adam~lr=0.01~init=he-normal&r=C~rmsprop~lr=0.001~init=he-normal&r=D~adagrad~lr=0.05~init=he-normal');
	await waitReady(page, 4);
	const n = Math.min(await cores(page), 4);
	expect(await liveWorkers(page)).toBe(n);
	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(() => advanced(page, { r0: 0, r1: 0, r2: 0, r3: 0 }, 5), { timeout: 60_000 }).toBe(true);

	const created = await page.evaluate(() => window.__playground?.workersCreated ?? -1);
	for (let i = 0; i < 3; i++) {
		await controls(page).getByRole('button', { name: /Reset/ }).click();
		await waitReady(page, 4);
		expect(await liveWorkers(page)).toBe(n);
	}
	// the workers outlive their runs (they keep the data set): resets create none — counted by the
	// pool and, independently, by the browser
	expect(await page.evaluate(() => window.__playground?.workersCreated ?? -1)).toBe(created);
	await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(n);

	await controls(page).getByRole('button', { name: /Play/ }).click();
	await expect.poll(() => advanced(page, { r0: 0, r1: 0, r2: 0, r3: 0 }, 5), { timeout: 60_000 }).toBe(true);
	const before = Object.fromEntries((await debugRuns(page)).map((r) => [r.id, r.step]));
	await page.getByRole('button', { name: 'Remove C' }).click();
	await expect.poll(async () => (await debugRuns(page)).map((r) => r.id), { timeout: 30_000 }).toEqual(['r0', 'r1', 'r3']);
	// the others kept their progress and go on
	const after = await debugRuns(page);
	for (const r of after) expect(r.step).toBeGreaterThanOrEqual(before[r.id]);
	expect(after.every((r) => r.status === 'running')).toBe(true);
	expect(await liveWorkers(page)).toBe(n);
	await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(n);
	watch.expectNone();
});
