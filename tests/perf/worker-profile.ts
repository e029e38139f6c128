// `npx tsx tests/perf/worker-profile.ts`: where a worker's time goes. Runs the real worker API
// (createTrainerApi, the exact code trainer.worker.ts exposes) in this process with the runs one
// worker hosts in the issue-13 table (4 of its 7), in lockstep rounds, and splits its time into
// training steps, test evaluations, and the inspector's parts (snapshots, trajectory, curvature,
// data views), against the same runs with the inspector off. Node, no browser: the worker's share.
import { readFileSync } from 'node:fs';
import { createTrainerApi } from '../../src/lib/worker/api';
import { MNIST_BIN_PATH } from '../../src/lib/engine/data/node';
import { parseFlags as parseCli } from '../../src/cli/args';
import { experimentFromFlags, TRAIN_FLAGS } from '../../src/cli/train';
import { Trainer } from '../../src/lib/engine/trainer';
import { RunInspector } from '../../src/lib/worker/inspector';
import { SnapshotRecorder } from '../../src/lib/engine/inspect/snapshots';
import { TrajectoryRecorder } from '../../src/lib/engine/loss-plane/trajectory';
import { SharpnessTracker } from '../../src/lib/engine/curvature/tracker';

const timers = new Map<string, number>();
function wrap(proto: object, name: string, label: string): void {
	const p = proto as Record<string, (...a: unknown[]) => unknown>;
	const orig = p[name];
	p[name] = function (this: unknown, ...a: unknown[]) {
		const t0 = performance.now();
		try {
			return orig.apply(this, a);
		} finally {
			timers.set(label, (timers.get(label) ?? 0) + performance.now() - t0);
		}
	};
}
wrap(Trainer.prototype, 'step', 'trainer.step (incl. onBeforeStep)');
wrap(Trainer.prototype, 'evaluate', 'trainer.evaluate');
wrap(SnapshotRecorder.prototype, 'afterStep', 'inspector: snapshots');
wrap(SnapshotRecorder.prototype, 'afterEval', 'inspector: snapshots riding on evaluations');
wrap(SnapshotRecorder.prototype, 'before', 'inspector: snapshot θ copy');
wrap(TrajectoryRecorder.prototype, 'record', 'inspector: trajectory');
wrap(SharpnessTracker.prototype, 'afterStep', 'inspector: curvature');
wrap(RunInspector.prototype, 'collect', 'inspector: collect (views, drains)');

const OPT: [string, number][] = [['sgd', 0.1], ['momentum', 0.01], ['nesterov', 0.01], ['adam', 0.001]];
const EXP: Record<string, string[]> = {
	lesson3: ['--hidden', '128,64', '--batch', '64', '--epochs', '1', '--eval-every', '25'],
	default: ['--hidden', '16,16', '--batch', '32', '--steps', '3000', '--eval-every', '50']
};

async function profile(exp: string, inspect: boolean): Promise<void> {
	timers.clear();
	const bytes = new Uint8Array(readFileSync(MNIST_BIN_PATH));
	const api = createTrainerApi({ fetchBytes: async () => bytes, transfer: (v) => v, close: () => {}, now: () => performance.now() });
	const ids: string[] = [];
	for (const [o, lr] of OPT) {
		const argv = ['--dataset', 'mnist', '--preprocess', 'none', '--activation', 'relu', '--init', 'he-normal', '--seed', '1', ...EXP[exp], '--optimizer', o, '--lr', String(lr)];
		const { shared, run } = experimentFromFlags(parseCli(argv, TRAIN_FLAGS));
		await api.start(o, { shared, run, mnistUrl: 'x', inspect });
		ids.push(o);
	}
	timers.clear();
	let k = 8;
	let rounds = 0;
	const left = new Set(ids);
	const t0 = performance.now();
	let inRounds = 0;
	while (left.size) {
		const r = api.round([...left].map((id) => ({ id, steps: k })));
		inRounds += r.ms;
		rounds++;
		for (const e of r.entries) if ('chunk' in e && (e.chunk.status === 'done' || e.chunk.status === 'diverged')) left.delete(e.id);
		k = Math.max(1, Math.min(4096, Math.min(2 * k, Math.max(k >> 1, Math.round((k * 30) / Math.max(1, r.ms))))));
	}
	const total = performance.now() - t0;
	const rows = [...timers].map(([k2, v]) => `  ${k2.padEnd(40)} ${v.toFixed(0).padStart(7)} ms  ${((100 * v) / total).toFixed(1).padStart(5)} %`);
	console.log(`${exp}, inspect=${inspect}: ${total.toFixed(0)} ms in ${rounds} rounds (round() ${inRounds.toFixed(0)} ms)\n${rows.join('\n')}`);
}

const opts = process.argv.slice(2);
for (const exp of opts.length ? opts : ['lesson3', 'default']) {
	await profile(exp, false);
	await profile(exp, true);
}
