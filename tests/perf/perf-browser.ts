// Shared by `npm run soak` and `npm run bench:browser`: serve the production build, drive
// Chromium through the playground, and measure it from outside — memory through the Chrome
// DevTools Protocol and /proc, frame times through a probe injected before the app starts.
//
// Memory, three views of it:
//   page heap     CDP Performance.getMetrics JSHeapUsedSize of the page (after a forced GC)
//   worker heap   each dedicated worker's Runtime.getHeapUsage (CDP, reached through
//                 Target.setAutoAttach on the page): usedSize = JS objects, backingStorageSize =
//                 ArrayBuffer stores (the typed arrays: data set, parameters) which live outside
//                 the JS heap, embedderHeapUsedSize = Blink objects
//   renderer RSS  resident memory of the Chromium renderer processes started by this script (page
//                 and its workers share one renderer), summed from /proc/<pid>/status VmRSS —
//                 what the operating system actually gives the tab
// Frames: a requestAnimationFrame loop records the time between frames; PerformanceObserver
// records 'longtask' entries (> 50 ms of main-thread work) and 'long-animation-frame' entries,
// whose script attribution says what the time went to (worker messages, rAF callbacks, clicks).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';

export const MB = 1024 * 1024;

export const VIEWS = [
	{ id: 'curves', label: 'Curves' },
	{ id: 'inside', label: 'Inside the network' },
	{ id: 'paths', label: 'Weight-space paths' },
	{ id: 'data', label: 'Data & predictions' }
] as const;

// ── command line ─────────────────────────────────────────────────────────────────────────────────

/** `--name value` flags with numeric or string defaults; unknown flags stop the script */
export function parseFlags<T extends Record<string, number | string | boolean>>(argv: string[], defaults: T, usage: string): T {
	const out: Record<string, number | string | boolean> = { ...defaults };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const key = a.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
		if (a === '--help' || !a.startsWith('--') || !(key in defaults)) {
			console.log(usage);
			process.exit(a === '--help' ? 0 : 2);
		}
		const d = defaults[key];
		if (typeof d === 'boolean') out[key] = true;
		else {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a}: needs a value`);
			out[key] = typeof d === 'number' ? Number(v) : v;
			if (typeof d === 'number' && !(Number(v) > 0)) throw new Error(`${a}: must be a number > 0, got ${v}`);
		}
	}
	return out as T;
}

// ── server and browser ───────────────────────────────────────────────────────────────────────────

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

export interface Server {
	url: string;
	stop(): void;
}

/** `vite preview` of the existing build in `root` (run `npm run build` first) on a free port */
export async function startPreview(root: string, port?: number): Promise<Server> {
	if (!existsSync(join(root, 'build', 'index.html')) || !existsSync(join(root, '.svelte-kit', 'output'))) {
		throw new Error(`no production build in ${root}: run \`npm run build\` first (or pass --build)`);
	}
	const p = port ?? (await freePort());
	const child: ChildProcess = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(p), '--strictPort'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		detached: true // its own process group, so stop() ends npx and vite together
	});
	const url = `http://127.0.0.1:${p}`;
	const stop = () => {
		try {
			if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
		} catch {
			// already gone
		}
	};
	// however this script ends (an error, Ctrl-C, Playwright's own signal handling), the server goes too
	process.on('exit', stop);
	for (let t = 0; t < 120; t++) {
		try {
			if ((await fetch(url)).ok) return { url, stop };
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	stop();
	throw new Error(`vite preview did not answer on ${url} within 60 s`);
}

/** `vite preview` of the build in `root`, after `npm run build` there when `build` is set */
export async function serveBuild(root: string, build: boolean, port?: number): Promise<Server> {
	if (build && spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) {
		throw new Error(`npm run build failed in ${root}`);
	}
	return startPreview(root, port);
}

export function chromiumPath(): string | undefined {
	return process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

/** the same Chromium and flags as playwright.config.ts */
export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath(),
		args: ['--disable-gpu', '--disable-quic', '--disable-sync', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...(process.env.PERF_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)]
	});
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

// ── the playground ───────────────────────────────────────────────────────────────────────────────

const OPTIMIZERS = ['SGD~sgd~lr=0.05', 'Momentum~momentum~lr=0.01', 'Adam~adam~lr=0.001', 'RMSprop~rmsprop~lr=0.001'];

/**
 * The lecture's MNIST MLP (784-128-64-10, ReLU, batch 64) with `n` runs. `same` gives every run
 * the same optimizer (throughput), otherwise they cycle through SGD, momentum, Adam, RMSprop.
 */
export function mnistQuery(n: number, steps: number, evalEvery: number, same = false): string {
	const runs = Array.from({ length: n }, (_, i) => {
		const [label, ...rest] = (same ? OPTIMIZERS[0] : OPTIMIZERS[i % OPTIMIZERS.length]).split('~');
		return `r=${label}${same || i >= OPTIMIZERS.length ? i + 1 : ''}~${rest.join('~')}~init=he-normal`;
	});
	return `?ds=mnist&h=128,64&act=relu&bs=64&steps=${steps}&eval=${evalEvery}&seed=1&${runs.join('&')}`;
}

export interface DebugRun {
	id: string;
	status: string;
	step: number;
	firstLoss: number | null;
}

export function debugRuns(page: Page): Promise<DebugRun[]> {
	return page.evaluate(() => (window.__playground?.runs ?? []).map((r) => ({ id: r.id, status: r.status, step: r.step, firstLoss: r.firstLoss })));
}

/** waits until `n` runs have started their workers (first loss known) */
export async function waitRuns(page: Page, n: number, timeoutMs = 120_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		const runs = await debugRuns(page);
		if (runs.length === n && runs.every((r) => r.firstLoss !== null)) return;
		await sleep(250);
	}
	throw new Error(`the ${n} runs did not start within ${timeoutMs / 1000} s`);
}

/** polls until every run has ended (done, diverged or failed); returns the runs as they ended */
export async function untilEnded(page: Page, pollMs = 50): Promise<DebugRun[]> {
	for (;;) {
		const runs = await debugRuns(page);
		if (runs.length > 0 && runs.every((r) => r.status === 'done' || r.status === 'diverged' || r.status === 'failed')) return runs;
		await sleep(pollMs);
	}
}

export async function play(page: Page): Promise<void> {
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Play/ }).click();
}
export async function pause(page: Page): Promise<void> {
	await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Pause/ }).click();
}

/** Opens a view's tab; on the weight-space view also asks for (or updates) the landscape. */
export async function openView(page: Page, label: string): Promise<void> {
	await page.getByRole('tab', { name: label }).click();
	if (label === 'Weight-space paths') {
		const compute = page.getByRole('button', { name: /(Compute|Update) paths and landscape/ });
		if ((await compute.count()) > 0 && (await compute.isEnabled())) await compute.click();
	}
}

// ── frames ───────────────────────────────────────────────────────────────────────────────────────

/** Installed before the app's scripts; buffers are drained (and so bounded) by drainFrames. */
export const FRAME_PROBE = `(() => {
	const p = { deltas: [], long: [], loaf: [], clicks: [] };
	window.__framesProbe = p;
	let last = 0;
	const tick = (t) => { if (last) p.deltas.push(t - last); last = t; requestAnimationFrame(tick); };
	requestAnimationFrame(tick);
	try { new PerformanceObserver((l) => { for (const e of l.getEntries()) p.long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}
	try {
		new PerformanceObserver((l) => {
			for (const e of l.getEntries()) {
				if (e.duration <= 50) continue;
				let top = null;
				for (const s of e.scripts || []) if (!top || s.duration > top.duration) top = s;
				p.loaf.push([e.startTime, e.duration, top ? (top.invoker || top.invokerType || '?') : 'rendering', top ? top.duration : 0]);
			}
		}).observe({ type: 'long-animation-frame', buffered: true });
	} catch {}
	addEventListener('click', () => p.clicks.push(performance.now()), true);
})();`;

export interface RawFrames {
	deltas: number[];
	long: [number, number][];
	loaf: [number, number, string, number][];
	clicks: number[];
}

export interface FrameStats {
	frames: number;
	p50: number;
	p95: number;
	max: number;
	/** main-thread tasks > 50 ms */
	longTasks: number;
	/** of which start within 1.5 s after a click (a view switch or a button); the rest are training updates */
	longAfterClick: number;
	longTraining: number;
	longTaskMs: number;
	/** long animation frames (> 50 ms) by the script that took most of the frame */
	loafBy: Record<string, number>;
}

/** takes (and clears) what the probe has recorded since the last drain */
export async function drainRaw(page: Page): Promise<RawFrames> {
	return page.evaluate(() => {
		const p = (window as unknown as { __framesProbe: RawFrames }).__framesProbe;
		const out = { deltas: p.deltas.splice(0), long: p.long.splice(0), loaf: p.loaf.splice(0), clicks: p.clicks.slice() };
		// a click matters for the tasks right after it only
		p.clicks = p.clicks.filter((t) => t > performance.now() - 2000);
		return out;
	});
}

export function summarizeFrames(raws: RawFrames[]): FrameStats {
	const d = Float64Array.from(raws.flatMap((r) => r.deltas)).sort();
	let long = 0;
	let longAfterClick = 0;
	let longTaskMs = 0;
	const loafBy: Record<string, number> = {};
	for (const raw of raws) {
		const afterClick = (t: number) => raw.clicks.some((c) => t >= c - 5 && t - c < 1500);
		for (const [t, dur] of raw.long) {
			long++;
			longTaskMs += dur;
			if (afterClick(t)) longAfterClick++;
		}
		for (const [, , who] of raw.loaf) loafBy[who] = (loafBy[who] ?? 0) + 1;
	}
	return {
		frames: d.length,
		p50: round(quantile(d, 0.5), 1),
		p95: round(quantile(d, 0.95), 1),
		max: round(d.length ? d[d.length - 1] : NaN, 1),
		longTasks: long,
		longAfterClick,
		longTraining: long - longAfterClick,
		longTaskMs: Math.round(longTaskMs),
		loafBy
	};
}

export async function drainFrames(page: Page): Promise<FrameStats> {
	return summarizeFrames([await drainRaw(page)]);
}

// ── memory ───────────────────────────────────────────────────────────────────────────────────────

export interface WorkerMemory {
	/** the worker script's file name, e.g. trainer.worker-… or landscape.worker-… */
	script: string;
	usedMB: number;
	buffersMB: number;
	embedderMB: number;
}

/** CDP access to the page and its dedicated workers (auto-attached, non-flat sessions) */
export class Probe {
	private readonly workers = new Map<string, string>();
	private readonly pending = new Map<number, (result: unknown) => void>();
	private nextId = 1;

	private constructor(readonly cdp: CDPSession) {
		cdp.on('Target.attachedToTarget', (ev) => {
			if (ev.targetInfo.type === 'worker') this.workers.set(ev.sessionId, ev.targetInfo.url);
		});
		cdp.on('Target.detachedFromTarget', (ev) => {
			this.workers.delete(ev.sessionId);
		});
		cdp.on('Target.receivedMessageFromTarget', (ev) => {
			const m = JSON.parse(ev.message) as { id?: number; result?: unknown; error?: unknown };
			const done = m.id !== undefined ? this.pending.get(m.id) : undefined;
			if (m.id !== undefined && done) {
				this.pending.delete(m.id);
				done(m.result ?? null);
			}
		});
	}

	static async attach(page: Page): Promise<Probe> {
		const cdp = await page.context().newCDPSession(page);
		const probe = new Probe(cdp);
		await cdp.send('Performance.enable');
		await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
		return probe;
	}

	/** one CDP call inside a worker; null if it does not answer within 10 s (e.g. it was terminated) */
	private ask(sessionId: string, method: string): Promise<unknown> {
		const id = this.nextId++;
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				resolve(null);
			}, 10_000);
			this.pending.set(id, (r) => {
				clearTimeout(timer);
				resolve(r);
			});
			this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve(null));
		});
	}

	/** the CDP sessions of the page's dedicated workers */
	workerSessions(): string[] {
		return [...this.workers.keys()];
	}

	/** a heap snapshot of one worker (its JSON text), streamed through HeapProfiler chunks */
	heapSnapshot(sessionId: string): Promise<string> {
		const id = this.nextId++;
		const chunks: string[] = [];
		return new Promise((resolve) => {
			const on = (ev: { sessionId?: string; message: string }) => {
				if (ev.sessionId !== sessionId) return;
				const m = JSON.parse(ev.message) as { id?: number; method?: string; params?: { chunk: string } };
				if (m.method === 'HeapProfiler.addHeapSnapshotChunk' && m.params) chunks.push(m.params.chunk);
				if (m.id === id) {
					this.cdp.off('Target.receivedMessageFromTarget', on);
					resolve(chunks.join(''));
				}
			};
			this.cdp.on('Target.receivedMessageFromTarget', on);
			const message = JSON.stringify({ id, method: 'HeapProfiler.takeHeapSnapshot', params: { reportProgress: false } });
			this.cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => resolve(''));
		});
	}

	/** forced GC in the page and every worker, so that the heap sizes below are live data */
	async collectGarbage(): Promise<void> {
		await this.cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
		await Promise.all([...this.workers.keys()].map((s) => this.ask(s, 'HeapProfiler.collectGarbage')));
	}

	async pageHeap(): Promise<{ usedMB: number; totalMB: number; nodes: number }> {
		const { metrics } = await this.cdp.send('Performance.getMetrics');
		const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
		return { usedMB: round(get('JSHeapUsedSize') / MB, 1), totalMB: round(get('JSHeapTotalSize') / MB, 1), nodes: get('Nodes') };
	}

	async workerMemory(): Promise<WorkerMemory[]> {
		const out: WorkerMemory[] = [];
		for (const [s, url] of [...this.workers]) {
			const r = (await this.ask(s, 'Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number; embedderHeapUsedSize?: number } | null;
			if (!r) continue;
			out.push({
				script: url.split('/').pop() ?? url,
				usedMB: round(r.usedSize / MB, 1),
				buffersMB: round((r.backingStorageSize ?? 0) / MB, 1),
				embedderMB: round((r.embedderHeapUsedSize ?? 0) / MB, 1)
			});
		}
		return out;
	}
}

/**
 * VmRSS (MB) of the Chromium processes descended from this Node process: all of them, the renderers,
 * and the largest renderer — the one that hosts the page and its dedicated workers (the others hold
 * the service worker and spare processes).
 */
export function chromiumRss(): { rendererMB: number; pageRendererMB: number; allMB: number; renderers: number } {
	const parent = new Map<number, number>();
	const cmd = new Map<number, string>();
	const rss = new Map<number, number>();
	for (const name of readdirSync('/proc')) {
		const pid = Number(name);
		if (!Number.isInteger(pid)) continue;
		try {
			const status = readFileSync(`/proc/${pid}/status`, 'utf8');
			parent.set(pid, Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
			rss.set(pid, Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0));
			cmd.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
		} catch {
			// the process ended while we looked
		}
	}
	const ours = (pid: number): boolean => {
		for (let p = parent.get(pid), hops = 0; p && hops < 10; p = parent.get(p), hops++) if (p === process.pid) return true;
		return false;
	};
	let renderer = 0;
	let largest = 0;
	let all = 0;
	let renderers = 0;
	for (const [pid, c] of cmd) {
		if (!ours(pid) || !/chrom/i.test(c)) continue;
		all += rss.get(pid) ?? 0;
		if (c.includes('--type=renderer')) {
			renderer += rss.get(pid) ?? 0;
			largest = Math.max(largest, rss.get(pid) ?? 0);
			renderers++;
		}
	}
	return { rendererMB: round(renderer / 1024, 1), pageRendererMB: round(largest / 1024, 1), allMB: round(all / 1024, 1), renderers };
}

// ── numbers and the machine ──────────────────────────────────────────────────────────────────────

export function quantile(sorted: ArrayLike<number>, q: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[i];
}

/** least-squares slope of y against x */
export function slope(xs: number[], ys: number[]): number {
	const n = xs.length;
	if (n < 2) return NaN;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let sxy = 0;
	let sxx = 0;
	for (let i = 0; i < n; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) ** 2;
	}
	return sxx > 0 ? sxy / sxx : NaN;
}

export function round(v: number, digits = 0): number {
	const f = 10 ** digits;
	return Math.round(v * f) / f;
}

export function load1(): number {
	return round(loadavg()[0], 2);
}

export async function machine(browser: Browser): Promise<Record<string, string | number>> {
	const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
	return {
		nproc: cpus().length,
		cpu: model,
		memTotalMB: round(Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024),
		node: process.version,
		chromium: browser.version(),
		loadavgAtStart: readFileSync('/proc/loadavg', 'utf8').trim()
	};
}

/** a Markdown table from rows of equal keys */
export function markdownTable(rows: Record<string, string | number>[]): string {
	if (rows.length === 0) return '';
	const keys = Object.keys(rows[0]);
	const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
	return [line(keys), line(keys.map(() => '---')), ...rows.map((r) => line(keys.map((k) => r[k])))].join('\n');
}

/**
 * A playground page opened at `query` with the frame probe injected before the app starts and
 * CDP attached; page errors and console errors go into `errors`. Returns once `runs` runs have
 * started their workers.
 */
export async function openPlayground(browser: Browser, serverUrl: string, query: string, runs: number, errors: string[], readyTimeoutMs = 120_000): Promise<{ page: Page; probe: Probe }> {
	const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
	await page.addInitScript(FRAME_PROBE);
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	const probe = await Probe.attach(page);
	await page.goto(serverUrl + '/' + query);
	await waitRuns(page, runs, readyTimeoutMs);
	return { page, probe };
}
