// The weight-space view on the training pool (issue 13): the plane's store lives in one pool
// worker, on that worker's data set, and its grid is computed a row per call while the runs'
// lockstep rounds go on. Checked against the loss grid computed in this thread by the engine's
// lossGrid on the same plane (an independent path through the code: one call, all rows).
import { describe, expect, it } from 'vitest';
import type { RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { WorkerPool, type PoolListener, type RunStatus } from '../../src/lib/state/pool';
import { LossPlaneStore } from '../../src/lib/worker/loss-plane';
import { lossGrid } from '../../src/lib/engine/loss-plane/grid';
import { pcaPlane } from '../../src/lib/engine/loss-plane/projection';
import { Mlp } from '../../src/lib/engine/mlp';
import { buildDataset } from '../../src/lib/experiment/build';
import { mergeDrain, type TrajectorySnapshot } from '../../src/lib/engine/loss-plane/trajectory';
import { inProcessWorker, type InProcessWorld } from './in-process-worker';

const shared: SharedSettings = {
	dataset: 'moons',
	toy: { n: 200, noise: 0.1, k: 2 },
	preprocessing: 'standardize',
	hidden: [8],
	activation: 'relu',
	batchSize: 16,
	budget: { unit: 'steps', value: 20_000 },
	evalEvery: 50,
	seed: 5,
	naiveSoftmax: false
};
const spec = (id: string, name: 'sgd' | 'adam', lr: number): RunSpec => ({ id, label: id, color: 0, optimizer: { name, lr }, schedule: { kind: 'constant' }, init: { scheme: 'he-normal' } });

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
	const t0 = Date.now();
	while (!cond()) {
		if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 2));
	}
}

describe('the loss plane in a pool worker', () => {
	it('is computed a row per call while the runs train, equal to lossGrid in one call on the same plane', async () => {
		const world: InProcessWorld = { created: 0, terminated: 0, errors: [] };
		const statuses = new Map<string, RunStatus>();
		const listener: PoolListener = { started: () => {}, chunk: () => {}, status: (id, s) => void statuses.set(id, s) };
		const pool = new WorkerPool({ createWorker: () => inProcessWorker(world), listener, concurrency: 2, speed: 2000 });
		const runs = [spec('a', 'sgd', 0.1), spec('b', 'adam', 0.01), spec('c', 'sgd', 0.05)];
		for (const r of runs) pool.add(r.id, { shared, run: r }, true);
		await until(() => runs.every((r) => (pool.info(r.id)?.nParams ?? 0) > 0), 'the runs to start');
		await until(() => pool.rounds >= 3, 'a few rounds');

		const plane = pool.planePort();
		expect(plane).not.toBeNull();
		if (!plane) return;
		expect(world.created).toBe(2); // no worker of its own
		expect(pool.planePort()?.token).toBe(plane.token); // the same worker while it lives
		await plane.reset(shared);
		// the runs keep training while the snapshots are drained and the grid computed
		const mine = new Map<string, TrajectorySnapshot[]>();
		for (const r of runs) {
			const drain = await pool.port(r.id)?.trajectory();
			expect(drain).toBeDefined();
			if (!drain) return;
			mine.set(r.id, mergeDrain([], structuredClone(drain)));
			await plane.add(r.id, drain);
		}
		const n = await plane.begin(6, []);
		expect(n).toBe(6);
		const roundsBefore = pool.rounds;
		const done: number[] = [];
		for (let d = 0; d < n; ) done.push((d = await plane.rows(1)));
		expect(done).toEqual([1, 2, 3, 4, 5, 6]);
		const res = await plane.result();
		await until(() => pool.rounds > roundsBefore + 2, 'training to go on beside the plane');
		expect(runs.every((r) => statuses.get(r.id) === 'running')).toBe(true);

		// in this thread: the same snapshots, the same plane, the engine's lossGrid in one call
		const fit = [...mine.values()].flatMap((s) => s.map((x) => x.params));
		const sameStart = [...mine.values()].every((s) => s[0].params.every((v, i) => v === [...mine.values()][0][0].params[i]));
		expect(sameStart).toBe(true);
		expect(fit.length).toBeLessThanOrEqual(96); // FIT_MAX: every snapshot is fitted here
		const p = pcaPlane(fit, [...mine.values()][0][0].params);
		const ds = buildDataset(shared);
		const probeN = Math.min(128, ds.testY.length);
		const mlp = new Mlp({ sizes: [2, 8, 2], activation: 'relu', dtype: 'float32' });
		const grid = lossGrid(mlp, p, res.range, 6, ds.testX.slice(0, probeN * 2), ds.testY.slice(0, probeN), probeN);
		expect(Array.from(res.grid.loss)).toEqual(Array.from(grid.loss));
		expect(res.paths.map((x) => x.id)).toEqual(['a', 'b', 'c']);

		// and the same as the store's one-call compute (the old path) on the same drains
		const store = new LossPlaneStore();
		store.reset(shared);
		for (const [id, s] of mine) store.add(id, { added: s, retained: s.map((x) => x.step) });
		expect(Array.from(store.compute(6).grid.loss)).toEqual(Array.from(res.grid.loss));

		// its worker dies: the next port is another worker, with a new token (the store is to be reset)
		const least = Math.min(...pool.placement);
		const onPlaneWorker = runs.find((r) => pool.placement[pool.workerOf(r.id)] === least);
		pool.kill(onPlaneWorker?.id ?? 'a');
		const next = pool.planePort();
		expect(next?.token).not.toBe(plane.token);
		pool.destroy();
	}, 60_000);
});
