// `npm run bench:table`: issue 13's table — the same 7 MNIST runs in the bare engine and in the page.
//
//   engine: the CLI (trainCommand), one process per run, 2 lanes (a lane takes the next run when its
//           last one ends), start-up taken off (engine-run.ts times from the first step); the figure
//           is the busiest lane's total.
//   page:   the production build in Chromium: the experiment opened from its link, every run ready,
//           then Play → every run "done" by the page's own clock (Play's handler → the pool reporting
//           the last run ended; the lockstep pool, the inspector's snapshots and data views, the
//           charts — everything the page does), and beside it the same span seen from the harness
//           (harnessS: plus Playwright's click checks and the 50 ms polling).
// The two are measured back to back, --rounds times, alternating, so the machine's load (reported)
// hits both alike; the ratio of each round is reported and their median.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from '@playwright/test';
import { launchBrowser, load1, machine, markdownTable, openPlayground, parseFlags, play, round, serveBuild, untilEnded } from './perf-browser';

const run = promisify(execFile);

export interface TableExperiment {
	name: string;
	/** the page's query; the CLI flags are derived from the same settings */
	shared: { hidden: string; batch: number; budget: string[]; query: string; evalEvery: number };
}

const OPTIMIZERS: [string, number][] = [
	['sgd', 0.1],
	['momentum', 0.01],
	['nesterov', 0.01],
	['adam', 0.001],
	['adamw', 0.001],
	['rmsprop', 0.001],
	['adagrad', 0.01]
];

/** the table's experiment n (1 = lesson 3, 2 = the main page's default), for a --experiment flag */
export function tableExperiment(n: number): TableExperiment {
	const x = EXPERIMENTS[n - 1];
	if (!x) throw new Error(`--experiment: must be 1 or 2, got ${n}`);
	return x;
}

export const EXPERIMENTS: TableExperiment[] = [
	{
		name: "the lecture's 784-128-64-10, batch 64, 1 epoch, eval every 25 (lesson 3)",
		shared: { hidden: '128,64', batch: 64, budget: ['--epochs', '1'], query: 'epochs=1', evalEvery: 25 }
	},
	{
		name: "the main page's default 784-16-16-10, batch 32, 3,000 steps, eval every 50",
		shared: { hidden: '16,16', batch: 32, budget: ['--steps', '3000'], query: 'steps=3000', evalEvery: 50 }
	}
];

export function pageQuery(x: TableExperiment): string {
	const s = x.shared;
	const runs = OPTIMIZERS.map(([o, lr]) => `r=${o.toUpperCase()}~${o}~lr=${lr}~init=he-normal`).join('&');
	return `?ds=mnist&pre=none&h=${s.hidden}&act=relu&bs=${s.batch}&${s.query}&eval=${s.evalEvery}&seed=1&${runs}`;
}

function cliArgs(x: TableExperiment, optimizer: string, lr: number): string[] {
	const s = x.shared;
	return ['--dataset', 'mnist', '--preprocess', 'none', '--hidden', s.hidden, '--activation', 'relu', '--init', 'he-normal', '--batch', String(s.batch), ...s.budget, '--eval-every', String(s.evalEvery), '--seed', '1', '--optimizer', optimizer, '--lr', String(lr)];
}

/** seconds: the busiest of `lanes` lanes, each running its runs one process at a time */
export async function engineSeconds(x: TableExperiment, lanes = 2): Promise<number> {
	const queue = [...OPTIMIZERS];
	const totals: number[] = [];
	await Promise.all(
		Array.from({ length: lanes }, async (_, lane) => {
			totals[lane] = 0;
			for (let next = queue.shift(); next; next = queue.shift()) {
				const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/perf/engine-run.ts', ...cliArgs(x, next[0], next[1])], { maxBuffer: 1 << 20 });
				totals[lane] += (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ms: number }).ms;
			}
		})
	);
	return Math.max(...totals) / 1000;
}

/**
 * Seconds from Play to every run "done", the page opened and every run ready before: by the page's
 * own clock (window.__playground.training: Play's handler → the pool reporting the last run ended),
 * like the engine's figure, which each process times from its first step to its last. `harnessS`
 * is the same span seen from here (Playwright's click with its actionability checks, and polling
 * every 50 ms for the end): the same work plus the harness's latency.
 */
export async function pageSeconds(browser: Browser, serverUrl: string, x: TableExperiment, errors: string[]): Promise<{ s: number; harnessS: number }> {
	const { page } = await openPlayground(browser, serverUrl, pageQuery(x), OPTIMIZERS.length, errors);
	const t0 = performance.now();
	await play(page);
	const runs = await untilEnded(page);
	const harnessS = (performance.now() - t0) / 1000;
	if (runs.length !== OPTIMIZERS.length || runs.some((r) => r.status === 'failed')) throw new Error(`a run failed: ${JSON.stringify(runs)}`);
	const t = await page.evaluate(() => window.__playground?.training);
	if (t?.playedAt == null || t.endedAt == null) throw new Error(`the page did not time Play → done: ${JSON.stringify(t)}`);
	await page.close();
	return { s: (t.endedAt - t.playedAt) / 1000, harnessS };
}

export async function tableRows(browser: Browser, serverUrl: string, rounds: number, errors: string[]): Promise<Record<string, string | number>[]> {
	const rows: Record<string, string | number>[] = [];
	for (let k = 1; k <= rounds; k++) {
		for (const x of EXPERIMENTS) {
			const loadBefore = load1();
			const engine = await engineSeconds(x);
			const page = await pageSeconds(browser, serverUrl, x, errors);
			const row = { round: k, experiment: x.name, engineS: round(engine, 2), pageS: round(page.s, 2), ratio: round(page.s / engine, 2), harnessS: round(page.harnessS, 2), load1: round((loadBefore + load1()) / 2, 2) };
			console.log(Object.values(row).join('\t'));
			rows.push(row);
		}
	}
	return rows;
}

export function tableSummary(rows: Record<string, string | number>[]): Record<string, string | number>[] {
	return EXPERIMENTS.map((x) => {
		const mine = rows.filter((r) => r.experiment === x.name);
		const med = (k: string) => {
			const v = mine.map((r) => Number(r[k])).sort((a, b) => a - b);
			const m = v.length >> 1;
			return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
		};
		return { experiment: x.name, engineS: round(med('engineS'), 2), pageS: round(med('pageS'), 2), 'page ÷ engine (median of rounds)': round(med('ratio'), 2), load1: round(med('load1'), 2) };
	});
}

// ── standalone ───────────────────────────────────────────────────────────────────────────────────

if (process.argv[1]?.endsWith('page-vs-engine.ts')) {
	const opts = parseFlags(process.argv.slice(2), { rounds: 3, root: '.', out: 'tests/perf/results', build: false }, 'usage: npm run bench:table -- [--rounds 3] [--root .] [--out tests/perf/results] [--build]');
	const server = await serveBuild(resolve(opts.root), opts.build);
	const browser = await launchBrowser();
	const errors: string[] = [];
	try {
		const meta = { date: new Date().toISOString(), machine: await machine(browser) };
		const rows = await tableRows(browser, server.url, opts.rounds, errors);
		const summary = tableSummary(rows);
		mkdirSync(resolve(opts.out), { recursive: true });
		const base = join(resolve(opts.out), `table-${meta.date.slice(0, 16).replace(':', '')}`);
		writeFileSync(`${base}.json`, `${JSON.stringify({ ...meta, summary, rows, errors }, null, '\t')}\n`);
		const md = [`# Page ÷ engine, ${meta.date}`, '', `Machine: ${meta.machine.nproc} cores, load at start ${meta.machine.loadavgAtStart}.`, '', markdownTable(summary), '', markdownTable(rows), '', `Page errors: ${errors.length ? errors.join(' | ') : 'none'}`, ''].join('\n');
		writeFileSync(`${base}.md`, md);
		console.log(`\n${md}\nwritten ${base}.json and ${base}.md`);
	} finally {
		await browser.close().catch(() => undefined);
		server.stop();
	}
}
