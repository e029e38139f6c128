// `npx tsx tests/perf/page-cpu.ts [--experiment 1|2] [--profile]`: where the page's CPU goes while
// one of issue 13's table experiments trains (page-vs-engine.ts's two, 1 = lesson 3, 2 = default).
//
//   • per thread: CPU seconds of every Chromium thread from Play to every run "done" (Linux
//     /proc/<pid>/task/<tid>/stat), beside the wall time. The busiest training worker's CPU is the
//     floor of the page's time; wall ÷ that CPU is what sharing 2 cores with the page's other
//     threads (main thread, compositor, V8's GC helpers) costs it.
//   • --profile: a V8 CPU profile of every training worker (CDP, attached through the browser
//     target), by self and by inclusive time. Build unminified for readable names:
//     `npx vite build --minify false` (then `npm run build` again before the tests).
// Needs a build (npm run build). Quiet machine for figures: every other process slows the workers.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, CDPSession } from '@playwright/test';
import { launchBrowser, load1, openPlayground, parseFlags, play, round, serveBuild, untilEnded } from './perf-browser';
import { pageQuery, tableExperiment } from './page-vs-engine';

/** clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux) */
const TICKS = 100;

interface ThreadCpu {
	process: string;
	pid: string;
	tid: string;
	name: string;
	seconds: number;
	/** seconds runnable but waiting for a core (/proc/…/schedstat's run-queue delay) */
	waited: number;
}

/** CPU seconds so far of every thread of every Chromium process */
export function chromiumThreads(): ThreadCpu[] {
	const out: ThreadCpu[] = [];
	for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		let cmd: string;
		let tids: string[];
		try {
			cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (!/chrom/.test(cmd)) continue;
			tids = readdirSync(`/proc/${pid}/task`);
		} catch {
			continue; // gone meanwhile
		}
		const process = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
		for (const tid of tids) {
			try {
				const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
				const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
				const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
				// fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name
				const sched = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
				out.push({ process, pid, tid, name, seconds: (Number(f[11]) + Number(f[12])) / TICKS, waited: Number(sched[1]) / 1e9 });
			} catch {
				// the thread ended meanwhile
			}
		}
	}
	return out;
}

function threadDelta(before: ThreadCpu[], after: ThreadCpu[]): ThreadCpu[] {
	const was = new Map(before.map((t) => [`${t.pid}/${t.tid}`, t]));
	return after
		.map((t) => {
			const b = was.get(`${t.pid}/${t.tid}`);
			return { ...t, seconds: t.seconds - (b?.seconds ?? 0), waited: t.waited - (b?.waited ?? 0) };
		})
		.filter((t) => t.seconds > 0);
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** CDP calls into a worker target through the browser session (Target.sendMessageToTarget) */
class WorkerCdp {
	private next = 1;
	private readonly waiting = new Map<number, (v: unknown) => void>();
	private constructor(
		private readonly cdp: CDPSession,
		readonly sessionIds: string[]
	) {
		cdp.on('Target.receivedMessageFromTarget', (ev: { message: string }) => {
			const m = JSON.parse(ev.message) as { id?: number; result?: unknown; error?: unknown };
			const done = m.id === undefined ? undefined : this.waiting.get(m.id);
			if (done && m.id !== undefined) {
				this.waiting.delete(m.id);
				done(m.result ?? m.error);
			}
		});
	}
	static async attach(browser: Browser): Promise<WorkerCdp> {
		const cdp = await browser.newBrowserCDPSession();
		const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
		const ids: string[] = [];
		for (const t of targetInfos.filter((x) => x.type === 'worker')) {
			const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
			ids.push(sessionId);
		}
		return new WorkerCdp(cdp, ids);
	}
	call<T>(sessionId: string, method: string, params: object = {}): Promise<T> {
		return new Promise((res) => {
			const id = this.next++;
			this.waiting.set(id, res as (v: unknown) => void);
			void this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
		});
	}
}

function profileTables(profile: CpuProfile, top: number): string {
	const selfUs = new Map<number, number>();
	profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
	const self = new Map<string, number>();
	const incl = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const n = byId.get(id);
		if (!n) continue;
		self.set(key(n), (self.get(key(n)) ?? 0) + us);
		const seen = new Set<string>();
		for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
			const m = byId.get(cur);
			if (!m || seen.has(key(m))) continue;
			seen.add(key(m));
			incl.set(key(m), (incl.get(key(m)) ?? 0) + us);
		}
	}
	const list = (m: Map<string, number>) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([k, v]) => `  ${String(round(v / 1000)).padStart(7)} ms  ${k}`)
			.join('\n');
	return `self:\n${list(self)}\ninclusive:\n${list(incl)}`;
}

if (process.argv[1]?.endsWith('page-cpu.ts')) {
	const opts = parseFlags(process.argv.slice(2), { experiment: 1, profile: false, root: '.', top: 25 }, 'usage: npx tsx tests/perf/page-cpu.ts [--experiment 1|2] [--profile] [--top 25] [--root .]');
	const x = tableExperiment(Number(opts.experiment));
	const server = await serveBuild(resolve(String(opts.root)), false);
	const browser = await launchBrowser();
	const errors: string[] = [];
	try {
		const loadBefore = load1();
		const { page } = await openPlayground(browser, server.url, pageQuery(x), 7, errors);
		const workers = opts.profile ? await WorkerCdp.attach(browser) : null;
		for (const s of workers?.sessionIds ?? []) {
			await workers?.call(s, 'Profiler.enable');
			await workers?.call(s, 'Profiler.setSamplingInterval', { interval: 500 });
			await workers?.call(s, 'Profiler.start');
		}
		const before = chromiumThreads();
		const t0 = performance.now();
		await play(page);
		await untilEnded(page);
		const wall = (performance.now() - t0) / 1000;
		const used = threadDelta(before, chromiumThreads()).sort((a, b) => b.seconds - a.seconds);
		const trainers = used.filter((t) => t.name === 'DedicatedWorker');
		const busiest = trainers[0]?.seconds ?? NaN;
		const total = used.reduce((s, t) => s + t.seconds, 0);
		console.log(`${x.name}: Play → done ${round(wall, 2)} s, load ${round(loadBefore, 2)} → ${round(load1(), 2)}`);
		console.log(`training workers' CPU: ${trainers.map((t) => round(t.seconds, 2)).join(' s, ')} s; busiest ÷ wall = ${round(busiest / wall, 2)}; wall ÷ busiest = ${round(wall / busiest, 2)}`);
		// wall = CPU + waiting for a core (another thread had it) + idle (nothing to do: the barrier, start, end)
		for (const t of trainers) console.log(`  worker ${t.tid}: ${round(t.seconds, 2)} s on a core, ${round(t.waited, 2)} s runnable but waiting for one, ${round(wall - t.seconds - t.waited, 2)} s idle`);
		console.log(`all Chromium threads: ${round(total, 2)} s of CPU in ${round(wall, 2)} s; by thread:`);
		for (const t of used.filter((u) => u.seconds >= 0.02)) console.log(`  ${round(t.seconds, 2).toFixed(2).padStart(6)} s  (waited ${round(t.waited, 2).toFixed(2)} s)  ${t.process}: ${t.name} (${t.tid})`);
		for (const [i, s] of (workers?.sessionIds ?? []).entries()) {
			const { profile } = (await workers?.call<{ profile: CpuProfile }>(s, 'Profiler.stop')) ?? { profile: null };
			if (profile) console.log(`── worker ${i + 1} (V8 CPU profile) ──\n${profileTables(profile, Number(opts.top))}`);
		}
		if (errors.length) console.log('page errors:', errors.join(' | '));
	} finally {
		await browser.close().catch(() => undefined);
		server.stop();
	}
}
