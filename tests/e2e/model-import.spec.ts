// A trained model exported from the Export menu imports back into a run (issue 16): that run
// restarts at step 0 with the file's weights as θ₀, says so, and predicts exactly what the
// exporting run predicted — its step-0 test loss and accuracy equal the exporter's final ones.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { debugRuns, waitReady, watchErrors } from './helpers';

async function download(page: Page, what: string): Promise<string> {
	await page.getByTestId('export-menu').click();
	const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export="${what}"]`).click()]);
	return readFileSync(await dl.path(), 'utf8');
}

async function importModel(page: Page, runId: string, path: string): Promise<void> {
	await page.getByTestId('export-menu').click();
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator(`[data-export="model-import-${runId}"]`).click()]);
	await chooser.setFiles(path);
}

interface Eval {
	step: number;
	testLoss: number;
	testAccuracy: number;
}

test('a model export imports back into another run and gives the same predictions', async ({ page }, info) => {
	const watch = watchErrors(page);
	await page.goto('/?ds=moons&h=6,5&bs=16&steps=150&eval=50&seed=3&r=Trained~adam~lr=0.01~init=he-normal&r=Target~sgd~lr=0.1~init=zeros');
	await waitReady(page, 2);
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
	await expect.poll(async () => (await debugRuns(page)).every((r) => r.status === 'done'), { timeout: 60_000 }).toBe(true);

	const file = await download(page, 'model-r0');
	const before = JSON.parse(await download(page, 'metrics-json')).runs[0].evals as Eval[];
	const last = before.at(-1)!;
	expect(last.step).toBe(150);
	const path = info.outputPath('trained.json');
	writeFileSync(path, file);

	await importModel(page, 'r1', path);
	await expect(page.getByRole('status').filter({ hasText: '“Target” starts from “trained.json”' })).toBeVisible();
	await expect(page.getByText('θ₀ from file “trained.json”')).toBeVisible();
	await expect.poll(async () => (await debugRuns(page)).find((r) => r.id === 'r1')?.firstLoss ?? null).not.toBeNull();

	// the same weights: the imported run's model at step 0 is the exported one
	const again = JSON.parse(await download(page, 'model-r1'));
	expect(again.step).toBe(0);
	expect(again.layers).toEqual(JSON.parse(file).layers);
	// the same predictions: its step-0 evaluation is the exporter's final one, to the last bit
	const after = JSON.parse(await download(page, 'metrics-json')).runs[1].evals as Eval[];
	expect(after[0].step).toBe(0);
	expect(after[0].testLoss).toBe(last.testLoss);
	expect(after[0].testAccuracy).toBe(last.testAccuracy);

	// a file of another shape is refused naming the field, and nothing changes
	const wrong = JSON.parse(file);
	wrong.sizes = [2, 7, 5, 2];
	const wrongPath = info.outputPath('wrong.json');
	writeFileSync(wrongPath, JSON.stringify(wrong));
	await importModel(page, 'r0', wrongPath);
	await expect(page.getByRole('status').filter({ hasText: 'Not imported: “wrong.json”: model file: layers[0].out: must be 7' })).toBeVisible();
	expect((await debugRuns(page)).find((r) => r.id === 'r0')?.status).toBe('done');
	watch.expectNone();
});
