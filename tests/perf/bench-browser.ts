// `npm run bench:browser [-- --minutes 10]`: the browser figures of issue 8, measured in Chromium
// against the production build (run `npm run build` first, or pass --build).
//
//   1. throughput: 1, 2 and 4 concurrent MNIST runs (784-128-64-10, batch 64, SGD) on the Curves
//      view; after a warm-up, each run's steps over a fixed window → steps/s and samples/s per run;
//      --rounds interleaved rounds, medians reported (the machine's load drifts).
//      The summary table's Samples/s (the worker's own rate while it computes) is recorded beside it.
//   2. frames: 4 MNIST runs training, each view open in turn for --view-seconds; then the same with
//      the runs paused. Long tasks while paused are not caused by training, so the difference is.
//   3. memory: a fresh page, 4 MNIST runs training for --minutes while the views rotate (one view
//      per sample, in turn); page heap, worker heaps and buffers, renderer RSS every
//      --sample-seconds (after a forced GC).
//   4. pool16 (issue 13): 16 MNIST runs — time from navigation to every run ready; frame times on
//      every view while they train; page + workers memory (JS heaps + ArrayBuffers) beside the
//      renderer's RSS after --minutes16 of training.
//   5. table (issue 13): page ÷ engine for the two experiments (page-vs-engine.ts, also
//      `npm run bench:table`), --rounds rounds alternating engine and page.
// Writes tests/perf/results/browser-<date>.json and .md. See tests/perf/perf-browser.ts for the measures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import {
	chromiumRss,
	debugRuns,
	drainRaw,
	launchBrowser,
	load1,
	machine,
	markdownTable,
	mnistQuery,
	openPlayground as openPlaygroundAt,
	openView,
	parseFlags,
	pause,
	play,
	round,
	serveBuild,
	sleep,
	slope,
	summarizeFrames,
	VIEWS,
	type FrameStats
} from './perf-browser';
import { tableRows, tableSummary } from './page-vs-engine';

const USAGE = `usage: npm run bench:browser -- [--minutes 2] [--warmup 10] [--window 30] [--rounds 3] [--view-seconds 15]
                               [--sample-seconds 30] [--minutes16 1] [--only throughput,frames,memory,pool16,table] [--root .] [--out tests/perf/results] [--build] [--port N]`;

const opts = parseFlags(process.argv.slice(2), {
	minutes: 2,
	warmup: 10,
	window: 30,
	viewSeconds: 15,
	sampleSeconds: 30,
	rounds: 3,
	minutes16: 1,
	only: 'throughput,frames,memory,pool16,table',
	root: '.',
	out: 'tests/perf/results',
	build: false,
	/** the preview server's port (0: any free port) */
	port: 0
}, USAGE);
const BATCH = 64;

const server = await serveBuild(resolve(opts.root), opts.build, opts.port || undefined);
const browser = await launchBrowser();
const errors: string[] = [];
const openPlayground = (b: Browser, query: string, runs: number, readyTimeoutMs?: number) => openPlaygroundAt(b, server.url, query, runs, errors, readyTimeoutMs);

const stepsById = async (page: Page) => new Map((await debugRuns(page)).map((r) => [r.id, r.step]));

async function throughput(n: number): Promise<Record<string, number | string>[]> {
	const { page } = await openPlayground(browser, mnistQuery(n, 1_000_000, 1000, true), n);
	await play(page);
	await sleep(opts.warmup * 1000);
	const loadBefore = load1();
	const s0 = await stepsById(page);
	const t0 = performance.now();
	await sleep(opts.window * 1000);
	const s1 = await stepsById(page);
	const seconds = (performance.now() - t0) / 1000;
	const reported = await page.locator('tbody tr[data-run] td:nth-of-type(8)').allInnerTexts();
	await page.close();
	return [...s1].map(([id, step], i) => {
		const perSec = (step - (s0.get(id) ?? 0)) / seconds;
		return {
			concurrentRuns: n,
			run: id,
			stepsPerSec: round(perSec, 1),
			samplesPerSec: Math.round(perSec * BATCH),
			workerSamplesPerSec: Number((reported[i] ?? '').replace(/,/g, '')) || '—',
			load1: round((loadBefore + load1()) / 2, 2)
		};
	});
}

async function framesPerView(page: Page): Promise<Record<string, FrameStats>> {
	const out: Record<string, FrameStats> = {};
	const all = [];
	for (const v of VIEWS) {
		await openView(page, v.label);
		await drainRaw(page); // the switch itself is measured below, not mixed into the steady view
		await sleep(opts.viewSeconds * 1000);
		const raw = await drainRaw(page);
		all.push(raw);
		out[v.id] = summarizeFrames([raw]);
	}
	out.all = summarizeFrames(all);
	return out;
}

async function viewSwitches(page: Page): Promise<FrameStats> {
	const raws = [];
	for (const v of VIEWS) {
		await drainRaw(page);
		await openView(page, v.label);
		await sleep(1500);
		raws.push(await drainRaw(page));
	}
	return summarizeFrames(raws);
}

interface Section {
	json: unknown;
	md: string[];
}

async function throughputSection(): Promise<Section> {
	// rounds interleave 1, 2, 4, 1, 2, 4, … so that a change in the machine's load hits every n alike
	const rows: Record<string, number | string>[] = [];
	for (let round_ = 1; round_ <= opts.rounds; round_++) {
		for (const n of [1, 2, 4]) {
			const r = await throughput(n);
			rows.push(...r.map((x) => ({ round: round_, ...x })));
			console.log(`throughput, round ${round_}, ${n} run(s):`, r.map((x) => `${x.stepsPerSec} steps/s`).join(', '), `(load ${r[0].load1})`);
		}
	}
	const summary = [1, 2, 4].map((n) => {
		const mine = rows.filter((r) => r.concurrentRuns === n);
		const perRun = mine.map((r) => Number(r.stepsPerSec));
		const totals = [...new Set(mine.map((r) => r.round))].map((k) => mine.filter((r) => r.round === k).reduce((s, r) => s + Number(r.stepsPerSec), 0));
		return {
			concurrentRuns: n,
			medianStepsPerSecPerRun: round(median(perRun), 1),
			medianSamplesPerSecPerRun: Math.round(median(perRun) * BATCH),
			minMaxStepsPerSecPerRun: `${round(Math.min(...perRun), 1)}–${round(Math.max(...perRun), 1)}`,
			medianTotalStepsPerSec: round(median(totals), 1),
			medianLoad1: round(median(mine.map((r) => Number(r.load1))), 2)
		};
	});
	return {
		json: { summary, rows },
		md: [
			`## Throughput per run (MNIST 784-128-64-10, batch 64, SGD; medians of ${opts.rounds} rounds of ${opts.window} s after ${opts.warmup} s warm-up)`,
			'',
			markdownTable(summary),
			'',
			'<details><summary>every round</summary>',
			'',
			markdownTable(rows),
			'',
			'</details>'
		]
	};
}

async function framesSection(): Promise<Section> {
	const { page } = await openPlayground(browser, mnistQuery(4, 1_000_000, 500), 4);
	await play(page);
	await sleep(opts.warmup * 1000);
	const training = await framesPerView(page);
	const switching = await viewSwitches(page);
	await pause(page);
	await sleep(1000);
	const paused = await framesPerView(page);
	await page.close();
	const rows = VIEWS.map((v) => v.id as string)
		.concat('all')
		.flatMap((id) =>
			(
				[
					['training', training[id]],
					['paused', paused[id]]
				] as const
			).map(([state, f]) => ({ view: id, runs: state, frames: f.frames, p50ms: f.p50, p95ms: f.p95, maxMs: f.max, longTasks: f.longTasks, longTaskMs: f.longTaskMs }))
		);
	console.log(markdownTable(rows));
	return {
		json: { training, paused, viewSwitches: switching },
		md: [
			`## Main-thread frame times, 4 MNIST runs, each view for ${opts.viewSeconds} s (ms between animation frames)`,
			'',
			markdownTable(rows),
			'',
			`View switches (1.5 s after each tab click, while training): p95 ${switching.p95} ms, max ${switching.max} ms, ${switching.longTasks} long tasks.`,
			`Long animation frames (> 50 ms) while training, by the script that took most of the frame: ${JSON.stringify(training.all.loafBy)}.`
		]
	};
}

async function memorySection(): Promise<Section> {
	// a fresh page, so "after N minutes" counts from the first step
	const mem = await openPlayground(browser, mnistQuery(4, 1_000_000, 500), 4);
	await play(mem.page);
	const t0 = Date.now();
	const rows: Record<string, number | string>[] = [];
	let view = 0;
	for (let k = 1; k * opts.sampleSeconds <= opts.minutes * 60; k++) {
		// the next view opens halfway to each sample, so the samples go round the views in turn
		const due = t0 + k * opts.sampleSeconds * 1000;
		await sleep(Math.max(0, due - opts.sampleSeconds * 500 - Date.now()));
		view = k % VIEWS.length;
		await openView(mem.page, VIEWS[view].label);
		await sleep(Math.max(0, due - Date.now()));
		await drainRaw(mem.page); // keeps the probe's buffers small; frames are measured above
		await mem.probe.collectGarbage();
		const heap = await mem.probe.pageHeap();
		const workers = await mem.probe.workerMemory();
		const rss = chromiumRss();
		const pageWorkers = heap.usedMB + workers.reduce((s, w) => s + w.usedMB + w.buffersMB + w.embedderMB, 0);
		rows.push({
			min: round((Date.now() - t0) / 60_000, 2),
			load1: load1(),
			view: VIEWS[view].id,
			steps: (await debugRuns(mem.page)).reduce((s, r) => s + r.step, 0),
			pageHeapMB: heap.usedMB,
			workers: workers.length,
			workerHeapMB: round(workers.reduce((s, w) => s + w.usedMB, 0), 1),
			workerBuffersMB: round(workers.reduce((s, w) => s + w.buffersMB, 0), 1),
			pagePlusWorkersMB: round(pageWorkers, 1),
			pageRendererRssMB: rss.pageRendererMB
		});
		console.log(Object.values(rows[rows.length - 1]).join('\t'));
	}
	await mem.page.close();
	const half = rows.slice(Math.floor(rows.length / 2));
	const x = half.map((r) => Number(r.min));
	const slopes = {
		pagePlusWorkersMB: round(slope(x, half.map((r) => Number(r.pagePlusWorkersMB))), 3),
		pageRendererRssMB: round(slope(x, half.map((r) => Number(r.pageRendererRssMB))), 3)
	};
	return {
		json: { final: rows[rows.length - 1], slopesMBPerMinLastHalf: slopes, samples: rows },
		md: [
			`## Memory, 4 MNIST runs for ${opts.minutes} min, the next view opened halfway to each sample (after a forced GC)`,
			'',
			markdownTable(rows),
			'',
			`Slope over the last half (MB/min): ${JSON.stringify(slopes)}. page + workers = page JS heap + each worker's JS heap, ArrayBuffers and Blink heap.`
		]
	};
}

/** issue 13's figures with 16 MNIST runs: ready time, frames on every view, memory */
async function pool16Section(): Promise<Section> {
	const t0 = Date.now();
	// under heavy load 16 runs can take minutes to get ready: the figure is measured, not assumed
	const { page, probe } = await openPlayground(browser, mnistQuery(16, 1_000_000, 500), 16, 900_000);
	// the page's own clock counts from navigation: when did the last run become ready?
	const readyMs = await page.evaluate(() => performance.now());
	const wallReadyMs = Date.now() - t0;
	const placement = await page.evaluate(() => window.__playground?.placement ?? []);
	await play(page);
	await sleep(opts.warmup * 1000);
	const frames = await framesPerView(page);
	const rows = VIEWS.map((v) => v.id as string)
		.concat('all')
		.map((id) => ({ view: id, frames: frames[id].frames, p50ms: frames[id].p50, p95ms: frames[id].p95, maxMs: frames[id].max, longTasks: frames[id].longTasks }));
	console.log(markdownTable(rows));
	await sleep(Math.max(0, opts.minutes16 * 60_000 - (Date.now() - t0)));
	await probe.collectGarbage();
	const heap = await probe.pageHeap();
	const workers = await probe.workerMemory();
	const rss = chromiumRss();
	const steps = (await debugRuns(page)).map((r) => r.step);
	await page.close();
	const memory = {
		pageHeapMB: heap.usedMB,
		workers: workers.length,
		workerHeapMB: round(workers.reduce((s, w) => s + w.usedMB, 0), 1),
		workerBuffersMB: round(workers.reduce((s, w) => s + w.buffersMB, 0), 1),
		workerEmbedderMB: round(workers.reduce((s, w) => s + w.embedderMB, 0), 1),
		pagePlusWorkersMB: round(heap.usedMB + workers.reduce((s, w) => s + w.usedMB + w.buffersMB + w.embedderMB, 0), 1),
		pageRendererRssMB: rss.pageRendererMB,
		minStep: Math.min(...steps),
		maxStep: Math.max(...steps),
		load1: load1()
	};
	console.log(memory);
	return {
		json: { readyMs: round(readyMs), wallReadyMs, placement, frames, memory },
		md: [
			`## 16 MNIST runs (784-128-64-10, batch 64): ready ${round(readyMs)} ms after navigation (${wallReadyMs} ms wall, from opening the tab); workers ${JSON.stringify(placement)} runs each`,
			'',
			`Frame times while the 16 runs train, each view for ${opts.viewSeconds} s (ms between animation frames):`,
			'',
			markdownTable(rows),
			'',
			`Memory after ${opts.minutes16} min of training (forced GC), runs at steps ${memory.minStep}–${memory.maxStep} (lockstep):`,
			'',
			markdownTable([memory]),
			'',
			'pagePlusWorkersMB = page JS heap + each worker\'s JS heap, ArrayBuffers and Blink heap; pageRendererRssMB = the renderer process that hosts page and workers.'
		]
	};
}

async function tableSection(): Promise<Section> {
	const rows = await tableRows(browser, server.url, opts.rounds, errors);
	const summary = tableSummary(rows);
	return {
		json: { summary, rows },
		md: [
			'## Page ÷ engine (issue 13): 7 MNIST runs, one per optimizer; engine = CLI, one process per run, 2 lanes, start-up taken off; page = Play → all done',
			'',
			markdownTable(summary),
			'',
			'<details><summary>every round</summary>',
			'',
			markdownTable(rows),
			'',
			'</details>'
		]
	};
}

function median(v: number[]): number {
	const s = [...v].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

try {
	const meta = { date: new Date().toISOString(), options: opts, machine: await machine(browser) };
	console.log('bench:browser', meta.machine);
	const only = new Set(opts.only.split(','));
	const sections: Record<string, Section> = {};
	if (only.has('throughput')) sections.throughput = await throughputSection();
	if (only.has('frames')) sections.frames = await framesSection();
	if (only.has('memory')) sections.memory = await memorySection();
	if (only.has('pool16')) sections.pool16 = await pool16Section();
	if (only.has('table')) sections.table = await tableSection();

	const result = { ...meta, ...Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, v.json])), errors };
	mkdirSync(resolve(opts.out), { recursive: true });
	const base = join(resolve(opts.out), `browser-${meta.date.slice(0, 16).replace(':', '')}`);
	writeFileSync(`${base}.json`, `${JSON.stringify(result, null, '\t')}\n`);
	const md = [
		`# Browser benchmark, ${meta.date}`,
		'',
		`Machine: ${meta.machine.nproc} cores (${meta.machine.cpu}), Node ${meta.machine.node}, Chromium ${meta.machine.chromium}; load at start ${meta.machine.loadavgAtStart}.`,
		`Command: \`npm run bench:browser -- ${process.argv.slice(2).join(' ')}\``,
		'',
		...Object.values(sections).flatMap((x) => [...x.md, '']),
		`Page errors: ${errors.length === 0 ? 'none' : errors.join(' | ')}`,
		''
	].join('\n');
	writeFileSync(`${base}.md`, md);
	console.log(`\n${md}\nwritten ${base}.json and ${base}.md`);
} finally {
	await browser.close().catch(() => undefined);
	server.stop();
}
