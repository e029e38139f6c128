// The pool's scheduling policy with fake workers: each fake advance waits until the test settles
// it, so the order of calls, the number in flight and the step accounting can be checked exactly.
import { describe, expect, it } from 'vitest';
import type { RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { WorkerPool, type PoolListener, type RunStatus, type TrainerHandle } from '../../src/lib/state/pool';
import type { Chunk, SessionInfo } from '../../src/lib/worker/session';
import type { WorkerAdvance, WorkerStart } from '../../src/lib/worker/trainer.worker';

const SHARED = {} as SharedSettings; // the fakes never read the settings
const spec = (id: string): RunSpec => ({
	id,
	label: id,
	color: 0,
	optimizer: { name: 'sgd', lr: 0.1 },
	schedule: { kind: 'constant' },
	init: { scheme: 'he-normal' }
});
const req = (id: string): WorkerStart => ({ shared: SHARED, run: spec(id) });

interface Call {
	id: string;
	maxSteps: number;
	resolve: () => void;
	reject: (reason: Error) => void;
}

/** Fake workers: a run of totalSteps steps, taking at most perCall steps per advance (its "time budget"). */
class FakeWorld {
	totalSteps = 100;
	stepsPerEpoch = 5;
	perCall = 10;
	/** per run id: the status a chunk reports once the run reaches this step */
	divergeAt = new Map<string, number>();
	pending: Call[] = [];
	dispatched: string[] = [];
	inFlight = 0;
	maxInFlight = 0;
	created = 0;
	terminated: string[] = [];
	errorListeners = new Map<string, (reason: string) => void>();

	create = (): TrainerHandle => {
		this.created++;
		let id = '?';
		let step = 0;
		const world = this;
		const info = (): SessionInfo => ({
			nParams: 10,
			stepsPerEpoch: world.stepsPerEpoch,
			totalSteps: world.totalSteps,
			trainSize: 160,
			testSize: 40,
			inputDim: 2,
			nClasses: 3,
			firstLoss: 1.1
		});
		return {
			api: {
				start: async (r: WorkerStart) => {
					id = r.run.id;
					return info();
				},
				advance: (r: WorkerAdvance) =>
					new Promise<Chunk>((resolve, reject) => {
						world.dispatched.push(id);
						world.inFlight++;
						world.maxInFlight = Math.max(world.maxInFlight, world.inFlight);
						world.pending.push({
							id,
							maxSteps: r.maxSteps,
							resolve: () => {
								world.inFlight--;
								const from = step + 1;
								const taken = Math.min(r.maxSteps, world.perCall, world.totalSteps - step);
								step += taken;
								const div = world.divergeAt.get(id);
								const diverged = div !== undefined && step >= div;
								resolve({
									fromStep: from,
									losses: new Float32Array(taken),
									evals: [],
									status: diverged ? 'diverged' : step >= world.totalSteps ? 'done' : 'running',
									divergence: diverged ? { step, what: 'train loss', value: NaN } : null,
									stepsTaken: taken,
									computeMs: 1,
									samplesPerSec: 0,
									epoch: step / world.stepsPerEpoch,
									step
								});
							},
							reject: (e) => {
								world.inFlight--;
								reject(e);
							}
						});
					}),
				predict: async () => new Float32Array(0),
				crash: async () => {
					throw new Error('crash requested (reject)');
				},
				trajectory: async () => ({ added: [], retained: [] }),
				initProfiles: async () => [],
				modelJson: async () => '{}'
			},
			onError: (l) => void world.errorListeners.set(id === '?' ? `#${world.created}` : id, l),
			terminate: () => void world.terminated.push(id)
		};
	};

	/** settles the oldest pending advance call */
	settle(): Call {
		const c = this.pending.shift();
		if (!c) throw new Error('no advance call is pending');
		c.resolve();
		return c;
	}
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function makePool(world: FakeWorld, over: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) {
	const statuses = new Map<string, RunStatus[]>();
	const reasons = new Map<string, string>();
	const chunks: [string, Chunk][] = [];
	const listener: PoolListener = {
		started: () => {},
		chunk: (id, c) => void chunks.push([id, c]),
		status: (id, s, reason) => {
			statuses.set(id, [...(statuses.get(id) ?? []), s]);
			if (reason) reasons.set(id, reason);
		}
	};
	const pool = new WorkerPool({ createTrainer: world.create, listener, concurrency: 2, sliceMs: 60, ...over });
	const last = (id: string) => statuses.get(id)?.at(-1);
	return { pool, statuses, reasons, chunks, last };
}

describe('WorkerPool scheduling', () => {
	it('computes at most `concurrency` runs at once and serves the others round-robin', async () => {
		const world = new FakeWorld();
		const { pool, last } = makePool(world);
		const ids = ['a', 'b', 'c', 'd', 'e'];
		for (const id of ids) pool.add(id, req(id), true);
		await tick();
		expect(world.pending.map((c) => c.id)).toEqual(['a', 'b']);
		for (let k = 0; k < 13; k++) {
			world.settle();
			await tick();
			expect(world.inFlight).toBeLessThanOrEqual(2);
		}
		// a, b start; each finished call goes to the back of the queue: a b c d e a b c d e a b c d e
		expect(world.dispatched).toEqual([...ids, ...ids, ...ids]);
		expect(world.maxInFlight).toBe(2);
		expect(pool.computing).toBe(2);
		expect(last('a')).toBe('running');
		expect(pool.liveWorkers).toBe(5);
	});

	it('starts runs idle, reports loading → idle → running → paused, and pause stops asking', async () => {
		const world = new FakeWorld();
		const { pool, statuses, last } = makePool(world);
		pool.add('a', req('a'));
		pool.add('b', req('b'));
		await tick();
		expect(statuses.get('a')).toEqual(['loading', 'idle']);
		expect(world.pending.length).toBe(0); // not asked to play: nothing computes
		pool.play('a');
		pool.play('b');
		await tick();
		expect(world.pending.length).toBe(2);
		pool.pause('a'); // while a's call is in flight: its chunk still arrives, then nothing more
		world.settle();
		world.settle();
		await tick();
		expect(world.pending.map((c) => c.id)).toEqual(['b']);
		expect(statuses.get('a')).toEqual(['loading', 'idle', 'running', 'paused']);
		expect(last('b')).toBe('running');
	});

	it('takes exactly the steps asked for, across several calls', async () => {
		const world = new FakeWorld();
		world.perCall = 2; // each call's time budget allows only 2 steps
		const { pool, chunks, last } = makePool(world);
		pool.add('a', req('a'));
		pool.step('a', 1, 'epochs'); // before the run's size is known: resolved to 5 steps at start
		await tick();
		const asked: number[] = [];
		while (world.pending.length > 0) {
			asked.push(world.settle().maxSteps);
			await tick();
		}
		// 5 left → takes 2; 3 left → takes 2; 1 left → takes 1
		expect(asked).toEqual([5, 3, 1]);
		expect(chunks.reduce((s, [, c]) => s + c.stepsTaken, 0)).toBe(5);
		expect(last('a')).toBe('paused');
		pool.step('a', 1);
		await tick();
		expect(world.settle().maxSteps).toBe(1);
		await tick();
		expect(chunks.at(-1)?.[1].step).toBe(6);
		expect(world.pending.length).toBe(0);
	});

	it('fails one run whose call rejects, lets the others go on, and restarts it on a new worker', async () => {
		const world = new FakeWorld();
		const { pool, reasons, last } = makePool(world);
		pool.add('a', req('a'), true);
		pool.add('b', req('b'), true);
		pool.add('c', req('c'), true);
		await tick();
		const callA = world.pending.shift();
		callA?.reject(new Error('out of memory'));
		await tick();
		expect(last('a')).toBe('failed');
		expect(reasons.get('a')).toBe('out of memory');
		expect(world.terminated).toEqual(['a']);
		expect(pool.liveWorkers).toBe(2);
		// a's slot went to c
		expect(world.pending.map((c) => c.id)).toEqual(['b', 'c']);
		pool.restart('a', undefined, true);
		expect(pool.workersCreated).toBe(4);
		expect(pool.liveWorkers).toBe(3);
		world.settle();
		await tick();
		// a was queued (both slots busy) before b finished and went to the back: a gets b's slot
		expect(world.pending.map((c) => c.id)).toEqual(['c', 'a']);
		expect(last('a')).toBe('running');
	});

	it("fails a run whose worker fires 'error', freeing its slot although its call never settles", async () => {
		const world = new FakeWorld();
		const { pool, reasons, last, chunks } = makePool(world, { concurrency: 1 });
		pool.add('a', req('a'), true);
		pool.add('b', req('b'), true);
		await tick();
		expect(world.pending.map((c) => c.id)).toEqual(['a']);
		world.errorListeners.get('#1')?.('Uncaught RangeError: boom');
		await tick();
		expect(last('a')).toBe('failed');
		expect(reasons.get('a')).toBe('Uncaught RangeError: boom');
		expect(world.pending.map((c) => c.id)).toEqual(['a', 'b']);
		// the dead worker's call settling late is ignored
		world.settle();
		await tick();
		expect(chunks.length).toBe(0);
		expect(last('a')).toBe('failed');
	});

	it('forgets a removed run at once and gives its slot to the next one', async () => {
		const world = new FakeWorld();
		const { pool, chunks } = makePool(world, { concurrency: 1 });
		pool.add('a', req('a'), true);
		pool.add('b', req('b'), true);
		await tick();
		pool.remove('a');
		expect(pool.liveWorkers).toBe(1);
		expect(pool.has('a')).toBe(false);
		await tick();
		expect(world.pending.map((c) => c.id)).toEqual(['a', 'b']);
		world.settle(); // a's orphaned call
		await tick();
		expect(chunks.length).toBe(0);
	});

	it('stops a diverged run alone', async () => {
		const world = new FakeWorld();
		world.totalSteps = 30;
		world.divergeAt.set('a', 20);
		const { pool, last } = makePool(world);
		pool.add('a', req('a'), true);
		pool.add('b', req('b'), true);
		await tick();
		while (world.pending.length > 0) {
			world.settle();
			await tick();
		}
		// a: 10, 20 → diverged; b: 10, 20, 30 → done
		expect(world.dispatched.filter((id) => id === 'a').length).toBe(2);
		expect(world.dispatched.filter((id) => id === 'b').length).toBe(3);
		expect(last('a')).toBe('diverged');
		expect(last('b')).toBe('done');
	});

	it('caps the speed: s steps per second → s·slice/1000 steps per call, then waits', async () => {
		const world = new FakeWorld();
		let now = 1000;
		const timers: { cb: () => void; ms: number }[] = [];
		const { pool } = makePool(world, {
			speed: 100,
			now: () => now,
			setTimer: (cb, ms) => {
				const t = { cb, ms };
				timers.push(t);
				return () => timers.splice(timers.indexOf(t), 1);
			}
		});
		pool.add('a', req('a'), true);
		await tick();
		// 100 steps/s · 60 ms = 6 steps per call
		expect(world.settle().maxSteps).toBe(6);
		now = 1010; // the call took 10 ms
		await tick();
		// 6 steps at 100/s last 60 ms from the dispatch at t = 1000: wait until 1060
		expect(world.pending.length).toBe(0);
		expect(timers.map((t) => t.ms)).toEqual([50]);
		now = 1060;
		timers[0].cb();
		expect(world.pending.length).toBe(1);
		// slowed to 2 steps/s while 6 steps were computing: they last 6/2 = 3 s from the dispatch at 1060
		pool.setSpeed(2);
		world.settle();
		await tick();
		expect(world.pending.length).toBe(0);
		expect(timers.at(-1)?.ms).toBe(3000);
		now = 4060;
		timers.at(-1)?.cb();
		// 2 steps/s · 60 ms = 0.12 → at least one step per call
		expect(world.pending[0].maxSteps).toBe(1);
		expect(() => pool.setSpeed(0)).toThrow(RangeError);
	});

	it('kill fails an unfinished run but leaves a finished one its status', async () => {
		const world = new FakeWorld();
		world.totalSteps = 10;
		const { pool, last, reasons } = makePool(world);
		pool.add('a', req('a'), true);
		pool.add('b', req('b'), true);
		await tick();
		world.settle(); // a: 10 of 10 steps → done
		await tick();
		expect(last('a')).toBe('done');
		pool.kill('a');
		pool.kill('b');
		expect(last('a')).toBe('done');
		expect(last('b')).toBe('failed');
		expect(reasons.get('b')).toBe('the worker was terminated');
		expect(pool.liveWorkers).toBe(0);
	});

	it('counts workers: clear terminates every one', async () => {
		const world = new FakeWorld();
		const { pool } = makePool(world);
		for (const id of ['a', 'b', 'c']) pool.add(id, req(id));
		await tick();
		expect(pool.liveWorkers).toBe(3);
		pool.clear();
		expect(pool.liveWorkers).toBe(0);
		expect(world.terminated.sort()).toEqual(['a', 'b', 'c']);
		for (const id of ['a', 'b', 'c']) pool.add(id, req(id));
		expect(pool.workersCreated).toBe(6);
		expect(() => pool.add('a', req('a'))).toThrow(/already exists/);
	});
});
