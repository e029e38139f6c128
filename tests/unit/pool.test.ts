// The lockstep pool against the real worker API (createTrainerApi) over MessageChannels: placement
// of several runs per worker, equal steps per round, pause/step/remove of one run without touching
// the others, failures of a worker (error event, closing itself: the heartbeat) and of one run, and
// losses bit-identical to a run trained alone in this thread.
import { describe, expect, it } from 'vitest';
import { sharedSettings } from './run-config';
import type { RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { ROUND_DEPTH, WorkerPool, type PoolListener, type RunStatus, type WorkerHandle } from '../../src/lib/state/pool';
import type { RunChunk, StartRequest } from '../../src/lib/worker/protocol';
import { RunSession } from '../../src/lib/worker/session';
import { inProcessWorker, type InProcessWorld } from './in-process-worker';

const shared = (over: Partial<SharedSettings> = {}): SharedSettings =>
	sharedSettings({ dataset: 'moons', toy: { n: 200, noise: 0.1, k: 2 }, batchSize: 16, budget: { unit: 'steps', value: 60 }, evalEvery: 20, seed: 5, ...over });
const OPTS = ['sgd', 'adam', 'momentum', 'rmsprop', 'adagrad'] as const;
const spec = (i: number): RunSpec => ({
	id: `r${i}`,
	label: `r${i}`,
	color: i,
	optimizer: { name: OPTS[i % OPTS.length], lr: OPTS[i % OPTS.length] === 'sgd' ? 0.1 : 0.01 },
	schedule: { kind: 'constant' },
	init: { scheme: 'he-normal' }
});
const req = (i: number, over: Partial<SharedSettings> = {}): StartRequest => ({ shared: shared(over), run: spec(i), inspect: false });

function makePool(opts: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) {
	const world: InProcessWorld = { created: 0, terminated: 0, errors: [] };
	const statuses = new Map<string, RunStatus>();
	const reasons = new Map<string, string>();
	const chunks = new Map<string, RunChunk[]>();
	const listener: PoolListener = {
		started: () => {},
		chunk: (id, c) => void chunks.set(id, [...(chunks.get(id) ?? []), c]),
		status: (id, s, reason) => {
			statuses.set(id, s);
			if (reason) reasons.set(id, reason);
		}
	};
	const pool = new WorkerPool({ createWorker: () => inProcessWorker(world), listener, concurrency: 2, ...opts });
	const losses = (id: string) => (chunks.get(id) ?? []).flatMap((c) => Array.from(c.losses));
	const stepOf = (id: string) => chunks.get(id)?.at(-1)?.step ?? 0;
	return { pool, world, statuses, reasons, chunks, losses, stepOf };
}

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
	const t0 = Date.now();
	while (!cond()) {
		if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 2));
	}
}

/** the same run trained alone in this thread: the reference losses */
function alone(i: number, over: Partial<SharedSettings> = {}): number[] {
	const s = new RunSession();
	s.start({ shared: shared(over), run: spec(i) });
	return Array.from(s.advance(1e6, Infinity).losses);
}

describe('WorkerPool (lockstep rounds, several runs per worker)', () => {
	it('places runs on one worker per core and gives every running run the same steps per round', async () => {
		const { pool, world, statuses, chunks, losses } = makePool();
		for (let i = 0; i < 5; i++) pool.add(`r${i}`, req(i));
		expect(pool.liveWorkers).toBe(2);
		expect(pool.placement).toEqual([3, 2]);
		await until(() => [...statuses.values()].every((s) => s === 'idle') && statuses.size === 5, 'the runs to start');
		for (let i = 0; i < 5; i++) pool.play(`r${i}`);
		await until(() => [...statuses.values()].every((s) => s === 'done'), 'every run to finish');
		// lockstep: every run reached the same steps at the same rounds
		const seq = (id: string) => (chunks.get(id) ?? []).map((c) => c.step).join(',');
		for (let i = 1; i < 5; i++) expect(seq(`r${i}`)).toBe(seq('r0'));
		expect(pool.rounds).toBeGreaterThan(0);
		// bit-identical to each run trained alone
		for (let i = 0; i < 5; i++) expect(losses(`r${i}`)).toEqual(alone(i));
		expect(world.created).toBe(2);
		pool.destroy();
		expect(world.terminated).toBe(2);
	});

	it('pauses, steps and removes one run without touching the others in its worker', async () => {
		const { pool, statuses, stepOf, losses } = makePool({ concurrency: 1, speed: 400 });
		for (let i = 0; i < 3; i++) pool.add(`r${i}`, req(i, { budget: { unit: 'steps', value: 400 } }));
		await until(() => statuses.size === 3 && [...statuses.values()].every((s) => s === 'idle'), 'the runs to start');
		pool.step('r0', 3);
		await until(() => statuses.get('r0') === 'paused', 'three steps');
		expect(stepOf('r0')).toBe(3);
		expect([stepOf('r1'), stepOf('r2')]).toEqual([0, 0]);
		pool.play('r1');
		pool.play('r2');
		await until(() => stepOf('r1') > 20, 'r1 to train');
		pool.pause('r1');
		const paused = stepOf('r1');
		pool.remove('r0');
		await until(() => stepOf('r2') > paused + 30, 'r2 to go on');
		// the paused run stayed where it was; the removed one sent nothing more
		expect(stepOf('r1')).toBe(paused);
		expect(stepOf('r0')).toBe(3);
		expect(pool.has('r0')).toBe(false);
		pool.play('r1');
		await until(() => statuses.get('r1') === 'done' && statuses.get('r2') === 'done', 'both to finish');
		expect(losses('r1')).toEqual(alone(1, { budget: { unit: 'steps', value: 400 } }));
		expect(losses('r2')).toEqual(alone(2, { budget: { unit: 'steps', value: 400 } }));
		pool.destroy();
	});

	it('a worker that dies fails exactly its runs; they restart on a live worker and the others go on', async () => {
		const { pool, world, statuses, reasons, chunks, stepOf } = makePool({ speed: 500 });
		const long = { budget: { unit: 'steps' as const, value: 100_000 } };
		for (let i = 0; i < 4; i++) pool.add(`r${i}`, req(i, long), true);
		expect(pool.placement).toEqual([2, 2]);
		await until(() => [0, 1, 2, 3].every((i) => stepOf(`r${i}`) > 10), 'all to train');
		// the first worker (r0, r2) reports an uncaught error
		world.errors[0]('crash requested (uncaught)');
		expect([statuses.get('r0'), statuses.get('r2')]).toEqual(['failed', 'failed']);
		expect(reasons.get('r0')).toBe('crash requested (uncaught)');
		expect(pool.liveWorkers).toBe(1);
		const at = stepOf('r1');
		await until(() => stepOf('r1') > at + 20 && stepOf('r3') > at + 20, 'the other worker to go on');
		const before = chunks.get('r0')?.length ?? 0;
		// restarted: placed on a fresh worker (a slot was free), from step 1, and it trains
		pool.restart('r0', undefined, true);
		expect(pool.liveWorkers).toBe(2);
		expect(pool.placement).toEqual([2, 1]);
		await until(() => statuses.get('r0') === 'running' && (chunks.get('r0')?.length ?? 0) > before + 2, 'r0 to train again');
		expect(chunks.get('r0')?.[before].fromStep).toBe(1);
		expect(statuses.get('r2')).toBe('failed');
		pool.destroy();
	});

	it('finds a worker that closed itself by its missing heartbeat', async () => {
		const { pool, statuses, reasons, stepOf } = makePool({ concurrency: 2, speed: 500, heartbeatMs: 20, heartbeatTimeoutMs: 300 });
		const long = { budget: { unit: 'steps' as const, value: 100_000 } };
		for (let i = 0; i < 2; i++) pool.add(`r${i}`, req(i, long), true);
		await until(() => stepOf('r0') > 5 && stepOf('r1') > 5, 'both to train');
		pool.crash('r1', 'close');
		await until(() => statuses.get('r1') === 'failed', 'the heartbeat to notice');
		expect(reasons.get('r1')).toMatch(/stopped answering/);
		expect(statuses.get('r0')).not.toBe('failed');
		const at = stepOf('r0');
		await until(() => stepOf('r0') > at + 20, 'r0 to go on');
		pool.destroy();
	});

	it('a run whose own call fails fails alone; its worker-mate goes on', async () => {
		const { pool, statuses, reasons, stepOf } = makePool({ concurrency: 1, speed: 500 });
		const long = { budget: { unit: 'steps' as const, value: 100_000 } };
		for (let i = 0; i < 2; i++) pool.add(`r${i}`, req(i, long), true);
		await until(() => stepOf('r0') > 5 && stepOf('r1') > 5, 'both to train');
		pool.crash('r0', 'reject');
		await until(() => statuses.get('r0') === 'failed', 'the failure');
		expect(reasons.get('r0')).toBe('crash requested (reject)');
		expect(pool.liveWorkers).toBe(1);
		const at = stepOf('r1');
		await until(() => stepOf('r1') > at + 20, 'r1 to go on');
		pool.destroy();
	});

	it('a speed cap sets the steps per round; full speed adapts them to the round time', async () => {
		const { pool, statuses, chunks } = makePool({ concurrency: 1, speed: 100, roundMs: 50 });
		pool.add('r0', req(0, { budget: { unit: 'steps', value: 30 } }), true);
		await until(() => statuses.get('r0') === 'done', 'the run to finish');
		// 100 steps/s × 50 ms = 5 steps per round
		expect((chunks.get('r0') ?? []).map((c) => c.stepsTaken)).toEqual([5, 5, 5, 5, 5, 5]);
		pool.destroy();
		const fast = makePool({ concurrency: 1 });
		fast.pool.add('r0', req(0, { budget: { unit: 'steps', value: 3000 } }), true);
		await until(() => fast.statuses.get('r0') === 'done', 'the fast run to finish');
		// the first round takes one step, later ones many more (a 2-D step takes microseconds)
		const taken = (fast.chunks.get('r0') ?? []).map((c) => c.stepsTaken);
		expect(taken[0]).toBe(1);
		expect(Math.max(...taken)).toBeGreaterThan(16);
		fast.pool.destroy();
	});

	it('full speed pipelines the rounds: a worker holds the next round while the page handles the last, and the curves still grow together', async () => {
		/** per worker: round calls sent and not yet answered, and the most at once */
		const out: number[] = [];
		const most: number[] = [];
		const counting = (world: InProcessWorld): WorkerHandle => {
			const h = inProcessWorker(world);
			const w = out.length;
			out.push(0);
			most.push(0);
			const api = h.api;
			const round = (orders: Parameters<typeof api.round>[0]) => {
				out[w]++;
				most[w] = Math.max(most[w], out[w]);
				return api.round(orders).finally(() => out[w]--);
			};
			// the Comlink remote is a proxy (assigning to it would post a message): wrap it instead
			const wrapped = new Proxy({}, { get: (_, key) => (key === 'round' ? round : (api as unknown as Record<string | symbol, unknown>)[key]) });
			return { ...h, api: wrapped as typeof api };
		};
		const { pool, world, statuses, chunks, losses } = makePool();
		const fast = new WorkerPool({
			createWorker: () => counting(world),
			listener: {
				started: () => {},
				chunk: (id, c) => void chunks.set(id, [...(chunks.get(id) ?? []), c]),
				status: (id, st) => void statuses.set(id, st)
			},
			concurrency: 2
		});
		pool.destroy();
		const long = { budget: { unit: 'steps' as const, value: 400 } };
		for (let i = 0; i < 3; i++) fast.add(`r${i}`, req(i, long), true);
		await until(() => [0, 1, 2].every((i) => statuses.get(`r${i}`) === 'done'), 'every run to finish');
		expect(ROUND_DEPTH).toBe(2);
		expect(Math.max(...most)).toBe(ROUND_DEPTH);
		// shown in lockstep: the same steps at every chunk, and the same losses as alone
		const seq = (id: string) => (chunks.get(id) ?? []).map((c) => c.step).join(',');
		expect(seq('r1')).toBe(seq('r0'));
		expect(seq('r2')).toBe(seq('r0'));
		for (let i = 0; i < 3; i++) expect(losses(`r${i}`)).toEqual(alone(i, long));
		fast.destroy();
		// at a speed cap one round at a time
		const capped = makePool({ speed: 2000, createWorker: () => counting(world) });
		most.fill(0);
		capped.pool.add('c0', req(0), true);
		await until(() => capped.statuses.get('c0') === 'done', 'the capped run to finish');
		expect(Math.max(...most)).toBe(1);
		capped.pool.destroy();
	});

	it('full speed: step takes exactly the steps asked for, pause stops after the rounds in flight, a divergence is the last chunk', async () => {
		const { pool, statuses, chunks, stepOf } = makePool({ concurrency: 1 });
		const long = { budget: { unit: 'steps' as const, value: 100_000 } };
		pool.add('r0', req(0, long));
		pool.add('r1', req(1, long), true);
		// SGD with η = 1e6 overflows within a few steps
		pool.add('boom', { ...req(0, long), run: { ...spec(0), id: 'boom', optimizer: { name: 'sgd', lr: 1e6 } } }, true);
		await until(() => statuses.get('r0') === 'idle' && stepOf('r1') > 50, 'r1 to train');
		pool.step('r0', 7);
		await until(() => statuses.get('r0') === 'paused', 'seven steps');
		expect(stepOf('r0')).toBe(7);
		pool.pause('r1');
		await until(() => pool.computing === 0, 'the rounds in flight to land');
		const at = stepOf('r1');
		const n = chunks.get('r1')?.length ?? 0;
		pool.play('r0');
		await until(() => stepOf('r0') > 300, 'r0 to train on');
		expect(stepOf('r1')).toBe(at);
		expect(chunks.get('r1')?.length).toBe(n);
		expect(statuses.get('boom')).toBe('diverged');
		const boom = chunks.get('boom') ?? [];
		expect(boom.findIndex((c) => c.status === 'diverged')).toBe(boom.length - 1);
		pool.destroy();
	});
});
