// `npx tsx tests/perf/worker-heap.ts [--runs 16] [--steps 1000000] [--eval 500] [--view-seconds 8]
// [--top 20] [--port N]`: WHAT holds the workers' ArrayBuffers. Opens the playground (production
// build, `npm run build` first) with n MNIST runs (784-128-64-10, batch 64), plays, visits every
// view, forces a GC, then takes a heap snapshot of each worker (CDP HeapProfiler, reached like the
// memory figures of bench-browser) and groups the ArrayBuffer backing stores by their retainer
// path (e.g. "Float32Array.buffer <- At.trainRows <- et.data <- …"; the names are the minified
// build's). This is how issue 13's 657 MB were traced to 8 copies of MNIST per worker.
import { load1, launchBrowser, mnistQuery, openPlayground, openView, parseFlags, play, sleep, startPreview, VIEWS, debugRuns, MB } from './perf-browser';

const opts = parseFlags(
	process.argv.slice(2),
	{ runs: 16, steps: 1_000_000, eval: 500, viewSeconds: 8, top: 20, port: 0, root: '.' },
	'usage: npx tsx tests/perf/worker-heap.ts [--runs 16] [--steps 1000000] [--eval 500] [--view-seconds 8] [--top 20] [--port N] [--root .]'
);

interface HeapSnapshot {
	snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
	nodes: number[];
	edges: number[];
	strings: string[];
}

/** ArrayBuffer backing stores grouped by their first retainers (weak edges skipped) */
export function buffersByRetainer(s: HeapSnapshot, depth = 6): { bytes: number; count: number; path: string }[] {
	const { node_fields: nf, edge_fields: ef, edge_types } = s.snapshot.meta;
	const N = nf.length;
	const E = ef.length;
	const [iName, iSize, iEdges] = [nf.indexOf('name'), nf.indexOf('self_size'), nf.indexOf('edge_count')];
	const [iTo, iType, iEName] = [ef.indexOf('to_node'), ef.indexOf('type'), ef.indexOf('name_or_index')];
	const n = s.nodes.length / N;
	const name = (i: number) => s.strings[s.nodes[i * N + iName]];
	const retainers: [number, string][][] = Array.from({ length: n }, () => []);
	for (let i = 0, e = 0; i < n; i++) {
		for (let k = 0; k < s.nodes[i * N + iEdges]; k++, e += E) {
			const type = edge_types[0][s.edges[e + iType]];
			if (type === 'weak') continue;
			const raw = s.edges[e + iEName];
			const label = type === 'element' || type === 'hidden' ? `[${raw}]` : s.strings[raw];
			retainers[s.edges[e + iTo] / N].push([i, label]);
		}
	}
	const groups = new Map<string, { bytes: number; count: number }>();
	for (let i = 0; i < n; i++) {
		if (!name(i).includes('JSArrayBufferData')) continue;
		const path: string[] = [];
		const seen = new Set([i]);
		for (let cur = i, d = 0; d <= depth; d++) {
			const next = retainers[cur].find(([p]) => !seen.has(p));
			if (!next) break;
			seen.add(next[0]);
			path.push(`${name(next[0]).slice(0, 30)}.${next[1]}`);
			cur = next[0];
		}
		const key = path.slice(1).join(' <- ');
		const g = groups.get(key) ?? { bytes: 0, count: 0 };
		g.bytes += s.nodes[i * N + iSize];
		g.count++;
		groups.set(key, g);
	}
	return [...groups].map(([path, g]) => ({ path, ...g })).sort((a, b) => b.bytes - a.bytes);
}

const server = await startPreview(opts.root, opts.port || undefined);
const browser = await launchBrowser();
try {
	const errors: string[] = [];
	const { page, probe } = await openPlayground(browser, server.url, mnistQuery(opts.runs, opts.steps, opts.eval), opts.runs, errors, 900_000);
	await play(page);
	for (const v of VIEWS) {
		await openView(page, v.label);
		await sleep(opts.viewSeconds * 1000);
	}
	await probe.collectGarbage();
	const steps = (await debugRuns(page)).map((r) => r.step);
	console.log(`${opts.runs} runs at steps ${Math.min(...steps)}–${Math.max(...steps)}, load ${load1()}`);
	const sessions = await probe.workerSessions();
	for (const [k, session] of sessions.entries()) {
		const snap = JSON.parse(await probe.heapSnapshot(session)) as HeapSnapshot;
		const groups = buffersByRetainer(snap);
		const total = groups.reduce((t, g) => t + g.bytes, 0);
		console.log(`\nworker ${k}: ${(total / MB).toFixed(1)} MB of ArrayBuffers`);
		for (const g of groups.slice(0, opts.top)) console.log(`${(g.bytes / MB).toFixed(1).padStart(8)} MB ${String(g.count).padStart(4)}  ${g.path}`);
	}
	if (errors.length) console.log('page errors:', errors.slice(0, 5));
} finally {
	await browser.close();
	server.stop();
}
process.exit(0);
