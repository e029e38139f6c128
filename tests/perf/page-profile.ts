// `npx tsx tests/perf/page-profile.ts [--experiment 1|2] [--view curves]`: where the PAGE's time goes
// while one of issue 13's table experiments trains (page-vs-engine.ts's two). A CDP CPU profile of
// the main thread from Play to every run "done", summed by self time per function and per script,
// beside the wall time, the pool's rounds and the main thread's busy share. Needs `npm run build`.
import { resolve } from 'node:path';
import { launchBrowser, load1, openPlayground, openView, parseFlags, play, round, serveBuild, untilEnded, VIEWS } from './perf-browser';
import { pageQuery, tableExperiment } from './page-vs-engine';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

const opts = parseFlags(process.argv.slice(2), { experiment: 1, view: 'curves', root: '.', top: 25 }, 'usage: npx tsx tests/perf/page-profile.ts [--experiment 1|2] [--view curves|inside|paths|data] [--top 25]');
const x = tableExperiment(Number(opts.experiment));
const server = await serveBuild(resolve(String(opts.root)), false);
const browser = await launchBrowser();
const errors: string[] = [];
try {
	const loadBefore = load1();
	const { page, probe } = await openPlayground(browser, server.url, pageQuery(x), 7, errors);
	const view = VIEWS.find((v) => v.id === opts.view);
	if (view && view.id !== 'curves') await openView(page, view.label);
	const cdp = probe.cdp;
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
	await cdp.send('Profiler.start');
	const t0 = performance.now();
	await play(page);
	await untilEnded(page);
	const wall = performance.now() - t0;
	const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
	const { rounds, roundTime } = await page.evaluate(() => {
		const pg = (window as unknown as { __playground?: { rounds?: number; roundTime?: { busiestMs: number; wallMs: number } } }).__playground;
		return { rounds: pg?.rounds ?? null, roundTime: pg?.roundTime ?? null };
	});
	const byNode = new Map<number, number>();
	for (let i = 0; i < profile.samples.length; i++) byNode.set(profile.samples[i], (byNode.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
	const byFn = new Map<string, number>();
	const byScript = new Map<string, number>();
	let busy = 0;
	for (const n of profile.nodes) {
		const us = byNode.get(n.id) ?? 0;
		const f = n.callFrame;
		const name = f.functionName || '(anonymous)';
		if (name === '(idle)' || name === '(program)') {
			byFn.set(name, (byFn.get(name) ?? 0) + us);
			continue;
		}
		busy += us;
		const script = f.url.split('/').pop() || '(native)';
		const key = `${name}  ${script}:${f.lineNumber + 1}`;
		byFn.set(key, (byFn.get(key) ?? 0) + us);
		byScript.set(script, (byScript.get(script) ?? 0) + us);
	}
	const ms = (us: number) => round(us / 1000, 0);
	const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top)).map(([k, v]) => `  ${String(ms(v)).padStart(7)} ms  ${k}`);
	console.log(`${x.name}, view ${opts.view}: Play → done ${round(wall / 1000, 2)} s, main thread busy ${ms(busy)} ms (${round((100 * busy) / 1000 / wall, 1)} %), rounds ${rounds}, load ${round(loadBefore, 2)} → ${round(load1(), 2)}`);
	if (roundTime) console.log(`rounds: busiest worker's own time ${ms(roundTime.busiestMs * 1000)} ms, rounds' wall ${ms(roundTime.wallMs * 1000)} ms (barrier ${ms((roundTime.wallMs - roundTime.busiestMs) * 1000)} ms), outside rounds ${ms(wall * 1000 - roundTime.wallMs * 1000)} ms`);
	console.log('by script:\n' + top(byScript).join('\n'));
	console.log('by function (self time):\n' + top(byFn).join('\n'));
	if (errors.length) console.log('page errors:', errors.join(' | '));
} finally {
	await browser.close().catch(() => undefined);
	server.stop();
}
