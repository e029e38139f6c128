// `npm run soak [-- --minutes 30 --interval 60]`: the long-run test of issue 7. Not part of
// `npm test`. Serves the existing production build (run `npm run build` first, or pass --build),
// opens 4 MNIST runs of the lecture's 784-128-64-10 MLP in Chromium, and lets them train for the
// whole soak while it visits every view in turn. Every interval it prints and records: elapsed
// time, machine load, total steps, the page's JS heap, each worker's heap and ArrayBuffer memory,
// the renderer processes' RSS, and main-thread frame times. At the end it fits a line to the last
// half of the memory samples: memory is "flat" when no measure grows faster than --flat-mb-per-min.
// See tests/perf/perf-browser.ts for what each figure measures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
	chromiumRss,
	drainFrames,
	launchBrowser,
	load1,
	machine,
	markdownTable,
	mnistQuery,
	openPlayground,
	openView,
	parseFlags,
	play,
	round,
	serveBuild,
	sleep,
	slope,
	VIEWS,
	debugRuns
} from './perf-browser';

const USAGE = `usage: npm run soak -- [--minutes 30] [--interval 60] [--view-seconds 15] [--runs 4]
                      [--measure-view curves] [--flat-mb-per-min 0.5] [--root .] [--out tests/perf/results] [--build]
Serves the build in --root with vite preview (run \`npm run build\` first, or pass --build),
trains --runs MNIST runs in Chromium for --minutes, switching view every --view-seconds and
measuring on --measure-view at the end of each --interval, and writes tests/perf/results/soak-<date>T<hhmm>.json.`;

const opts = parseFlags(process.argv.slice(2), {
	minutes: 30,
	interval: 60,
	viewSeconds: 15,
	runs: 4,
	measureView: 'curves',
	flatMbPerMin: 0.5,
	root: '.',
	out: 'tests/perf/results',
	build: false
}, USAGE);

/** time on the measure view before each sample, so its DOM and charts have settled */
const SETTLE_MS = 3000;

const server = await serveBuild(resolve(opts.root), opts.build);
const browser = await launchBrowser();
const stopAll = async () => {
	await browser.close().catch(() => undefined);
	server.stop();
};
process.on('SIGINT', () => {
	server.stop();
	void browser.close().finally(() => process.exit(130));
});

try {
	const errors: string[] = [];
	// a budget the soak cannot exhaust: 10⁶ steps at a few hundred steps/s is hours
	const query = mnistQuery(opts.runs, 1_000_000, 500);
	const { page, probe } = await openPlayground(browser, server.url, query, opts.runs, errors);
	await play(page);
	const meta = { date: new Date().toISOString(), url: query, options: opts, machine: await machine(browser) };
	console.log(`soak: ${opts.runs} MNIST runs for ${opts.minutes} min, a sample every ${opts.interval} s`, meta.machine);

	const switchView = (label: string) => openView(page, label).catch((e: unknown) => errors.push(`view switch: ${String(e)}`));
	const measureView = VIEWS.find((v) => v.id === opts.measureView) ?? VIEWS[0];
	const t0 = Date.now();
	const samples: Record<string, number | string>[] = [];
	let lastSteps = 0;
	let lastT = t0;
	await drainFrames(page); // frames of the loading phase do not count
	for (let k = 1; k * opts.interval <= opts.minutes * 60; k++) {
		// every view in turn for --view-seconds, then the last SETTLE_MS of the interval on the
		// measure view: memory is always measured on the same view, so a trend is not a view change
		const due = t0 + k * opts.interval * 1000;
		let viewIndex = VIEWS.indexOf(measureView); // the interval starts on it and goes round from there
		for (;;) {
			const left = due - SETTLE_MS - Date.now();
			if (left <= 0) break;
			await sleep(Math.min(left, opts.viewSeconds * 1000));
			if (due - SETTLE_MS - Date.now() <= 0) break;
			viewIndex = (viewIndex + 1) % VIEWS.length;
			await switchView(VIEWS[viewIndex].label);
		}
		await switchView(measureView.label);
		await sleep(Math.max(0, due - Date.now()));
		const now = Date.now();
		const frames = await drainFrames(page);
		const runs = await debugRuns(page);
		const steps = runs.reduce((s, r) => s + r.step, 0);
		await probe.collectGarbage();
		const pageHeap = await probe.pageHeap();
		const workers = await probe.workerMemory();
		const rss = chromiumRss();
		const trainers = workers.filter((w) => w.script.startsWith('trainer'));
		const sample = {
			min: round((now - t0) / 60_000, 2),
			load1: load1(),
			view: measureView.id,
			steps,
			stepsPerSec: round(((steps - lastSteps) * 1000) / (now - lastT), 1),
			statuses: [...new Set(runs.map((r) => r.status))].join(','),
			pageHeapMB: pageHeap.usedMB,
			domNodes: pageHeap.nodes,
			workers: workers.length,
			workerHeapMB: round(workers.reduce((s, w) => s + w.usedMB, 0), 1),
			workerBuffersMB: round(workers.reduce((s, w) => s + w.buffersMB, 0), 1),
			trainerHeapMaxMB: round(Math.max(0, ...trainers.map((w) => w.usedMB)), 1),
			pageRendererRssMB: rss.pageRendererMB,
			rendererRssMB: rss.rendererMB,
			chromiumRssMB: rss.allMB,
			renderers: rss.renderers,
			frameP50: frames.p50,
			frameP95: frames.p95,
			frameMax: frames.max,
			frames: frames.frames,
			longTasks: frames.longTasks,
			longTraining: frames.longTraining,
			longAfterClick: frames.longAfterClick,
			loafBy: JSON.stringify(frames.loafBy)
		};
		samples.push(sample);
		lastSteps = steps;
		lastT = now;
		const { loafBy: _loaf, statuses: _s, ...shown } = sample;
		if (k === 1) console.log(Object.keys(shown).join('\t'));
		console.log(Object.values(shown).join('\t'));
	}

	// flat: the least-squares slope over the second half of the soak, per memory measure
	const half = samples.slice(Math.floor(samples.length / 2));
	const mins = half.map((s) => Number(s.min));
	const slopes = Object.fromEntries(
		(['pageHeapMB', 'workerHeapMB', 'workerBuffersMB', 'pageRendererRssMB'] as const).map((k) => [k, round(slope(mins, half.map((s) => Number(s[k]))), 3)])
	);
	// one-sided: memory given back (a negative slope) is not a leak
	const flat = Object.values(slopes).every((v) => Number.isFinite(v) && v < opts.flatMbPerMin);
	const last = samples[samples.length - 1];
	const result = {
		...meta,
		samples,
		verdict: {
			flat,
			threshold: `slope < ${opts.flatMbPerMin} MB/min over the last half, for each measure`,
			slopesMBPerMin: slopes,
			final: last && {
				pageHeapMB: last.pageHeapMB,
				workerHeapMB: last.workerHeapMB,
				workerBuffersMB: last.workerBuffersMB,
				pageRendererRssMB: last.pageRendererRssMB
			},
			errors
		}
	};
	mkdirSync(resolve(opts.out), { recursive: true });
	const file = join(resolve(opts.out), `soak-${meta.date.slice(0, 16).replace(':', '')}.json`);
	writeFileSync(file, `${JSON.stringify(result, null, '\t')}\n`);
	console.log(`\n${markdownTable(samples.map(({ loafBy: _l, ...s }) => s))}\n`);
	console.log(`memory slopes over the last half (MB/min): ${JSON.stringify(slopes)} → ${flat ? 'FLAT' : 'NOT FLAT'} (threshold ${opts.flatMbPerMin})`);
	console.log(`page errors: ${errors.length === 0 ? 'none' : errors.join(' | ')}`);
	console.log(`written ${file}`);
	process.exitCode = flat && errors.length === 0 ? 0 : 1;
} finally {
	await stopAll();
}
