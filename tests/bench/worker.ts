// Hosts one peer on one workload (see protocol.ts): builds the shared data and weights, runs the
// loss check, then warms up and runs timed repetitions when the main thread asks.
import { parentPort, workerData } from 'node:worker_threads';
import { threadCpuSeconds, wallSeconds } from './clock';
import { isPeerId, loadPeer } from './peers';
import type { Elapsed, Reply, Request, WorkerInput } from './protocol';
import { makeData, makeWeights, WORKLOADS } from './workloads';

const port = parentPort;
if (!port) throw new Error('bench worker: run me as a worker thread');
const input = workerData as WorkerInput;
const w = WORKLOADS.find((x) => x.id === input.workload);
if (!w || !isPeerId(input.peer)) throw new Error(`bench worker: unknown workload ${input.workload} or peer ${input.peer}`);
const peer = await loadPeer(input.peer);

// the same seeds in every worker, so every peer sees the same data and starts from the same weights
const data = makeData(w, 1234);
const weights = makeWeights(w.sizes, 5678);
const info = peer.describe ? await peer.describe() : null;
const loss = await peer.lossCheck(w, data, weights);
const runner = await peer.create(w, data, weights);

function run(steps: number): Elapsed {
	const live = runner.liveObjects?.() ?? 0;
	const cpu0 = threadCpuSeconds();
	const wall0 = wallSeconds();
	for (let i = 0; i < steps; i++) runner.step();
	const elapsed = { wall: wallSeconds() - wall0, cpu: threadCpuSeconds() - cpu0 };
	const leaked = (runner.liveObjects?.() ?? 0) - live;
	if (leaked !== 0) throw new Error(`${input.peer}: the timed loop leaked ${leaked} objects`);
	return elapsed;
}

/** at least `sec` seconds (wall) and 3 steps, in doubling chunks; returns the steps and time taken */
function warmup(sec: number): { steps: number; elapsed: Elapsed } {
	let steps = 0;
	const total = { wall: 0, cpu: 0 };
	for (let chunk = 1; total.wall < sec || steps < 3; chunk = Math.min(2 * chunk, 1 << 16)) {
		const e = run(chunk);
		total.wall += e.wall;
		total.cpu += e.cpu;
		steps += chunk;
	}
	return { steps, elapsed: total };
}

const reply = (r: Reply) => port.postMessage(r);
port.on('message', (req: Request) => {
	if (req.cmd === 'warmup') reply({ kind: 'warmup', ...warmup(req.sec) });
	else reply({ kind: 'run', elapsed: run(req.steps) });
});
reply({ kind: 'ready', label: peer.label, loss, info });
