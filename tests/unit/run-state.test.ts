// The main-thread run state (RunState, Timeline) and the Playground driven by in-process "workers"
// that run the real RunSession, so reset / restart / remove are checked end to end without a browser.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedSettings } from './run-config';
import { Trainer } from '../../src/lib/engine/trainer';
import type { Experiment, RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { Playground } from '../../src/lib/state/playground.svelte';
import { RunState, Timeline } from '../../src/lib/state/run.svelte';
import type { RunChunk, RunInfo } from '../../src/lib/worker/protocol';
import { inProcessWorker, type InProcessWorld } from './in-process-worker';

const spec = (id: string, over: Partial<RunSpec> = {}): RunSpec => ({
	id,
	label: id,
	color: 0,
	optimizer: { name: 'sgd', lr: 0.1 },
	schedule: { kind: 'constant' },
	init: { scheme: 'he-normal' },
	...over
});

// spiral n = 200 → 160 train points; batch 32 → 5 steps per epoch
const INFO: RunInfo = { nParams: 0, stepsPerEpoch: 5, totalSteps: 20, trainSize: 160, testSize: 40, inputDim: 2, nClasses: 3, firstLoss: 1.1 };

function chunk(over: Partial<RunChunk>): RunChunk {
	return { fromStep: 1, losses: new Float32Array(0), evals: [], status: 'running', divergence: null, stepsTaken: 0, computeMs: 0, samplesPerSec: 0, epoch: 0, step: 0, ...over };
}

describe('Timeline', () => {
	it('interpolates cumulative compute time linearly between chunks and clamps outside', () => {
		const t = new Timeline();
		t.add(0, 4); // the step-0 evaluation alone: 4 ms at step 0
		t.add(10, 96); // → (10, 100)
		t.add(30, 200); // → (30, 300)
		expect(t.timeAt(0)).toBe(4);
		expect(t.timeAt(5)).toBe(52); // 4 + (5/10)·96
		expect(t.timeAt(20)).toBe(200); // 100 + (10/20)·200
		expect(t.timeAt(30)).toBe(300);
		expect(t.timeAt(99)).toBe(300);
		expect(t.totalMs).toBe(300);
	});
});

describe('RunState', () => {
	it('appends at once but commits reactive fields once per frame', () => {
		const frames: (() => void)[] = [];
		const r = new RunState(spec('a'), 32, (cb) => void frames.push(cb));
		r.applyInfo(INFO);
		r.applyChunk(chunk({ fromStep: 1, losses: new Float32Array([3, 2, 1]), stepsTaken: 3, step: 3, epoch: 0.6, computeMs: 30, evals: [{ step: 0, epoch: 0, testLoss: 1.1, testAccuracy: 0.3 }] }));
		r.applyChunk(chunk({ fromStep: 4, losses: new Float32Array([0.5, 0.25, 0.125, 0.0625]), stepsTaken: 4, step: 7, epoch: 1.4, computeMs: 40, evals: [{ step: 5, epoch: 1, testLoss: 0.7, testAccuracy: 0.6 }] }));
		expect(frames.length).toBe(1);
		expect(r.train.length).toBe(7);
		expect(r.step).toBe(0);
		expect(r.version).toBe(0);
		frames[0]();
		expect(r.version).toBe(1);
		expect(r.step).toBe(7);
		expect(r.finalLoss).toBe(0.0625);
		// examples after 5 steps of 32 over 160 points = 1 epoch = 160
		expect(r.evals.map((e) => [e.step, e.examples])).toEqual([[0, 0], [5, 160]]);
		// timeline (3, 30), (7, 70): step 5 at 30 + (2/4)·40 = 50 ms
		expect(r.evals[1].timeMs).toBe(50);
		// after 7 steps: 1 epoch (160) + 2 batches of 32 = 224
		expect(r.examplesAt(7)).toBe(224);
	});

	it('summarises accuracy and says why it stopped', () => {
		const r = new RunState(spec('a'), 32, (cb) => cb());
		r.applyInfo(INFO);
		const evals = [[0, 0.3], [5, 0.6], [10, 0.9], [15, 0.85]].map(([step, acc]) => ({ step, epoch: step / 5, testLoss: 1, testAccuracy: acc }));
		r.applyChunk(chunk({ fromStep: 1, losses: new Float32Array(15), stepsTaken: 15, step: 15, computeMs: 150, evals }));
		expect(r.finalTestAccuracy).toBe(0.85);
		expect(r.bestTestAccuracy).toBe(0.9);
		expect(r.stepsToTarget(0.8)).toBe(10);
		expect(r.timeToTarget(0.8)).toBe(100); // (0, 0)–(15, 150): 10 ms per step
		expect(r.stepsToTarget(0.95)).toBeNull();
		expect(r.timeToTarget(0.95)).toBeNull();
		r.applyChunk(chunk({ fromStep: 16, status: 'diverged', divergence: { step: 16, what: 'train loss', value: NaN }, step: 15 }));
		r.setStatus('diverged');
		expect(r.statusText).toBe('diverged at step 16 (train loss = NaN)');
		expect(r.divergedAt).toBe(16);
		r.setStatus('failed', 'out of memory');
		expect(r.statusText).toBe('failed: out of memory');
	});
});

async function until(cond: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 500; i++) {
		if (cond()) return;
		await new Promise((r) => setTimeout(r, 2));
	}
	throw new Error(`timed out waiting for ${what}`);
}

describe('Playground', () => {
	const shared: SharedSettings = sharedSettings();
	const experiment = (): Experiment => ({
		shared: { ...shared, toy: { ...shared.toy }, hidden: [...shared.hidden], budget: { ...shared.budget } },
		runs: [spec('sgd'), spec('adam', { optimizer: { name: 'adam', lr: 0.01 } })]
	});

	it('steps, resets to the same θ₀, restarts and removes runs', async () => {
		const world: InProcessWorld = { created: 0, terminated: 0, errors: [] };
		const pg = new Playground(experiment(), { createWorker: () => inProcessWorker(world), requestFrame: (cb) => cb(), concurrency: 1 });
		expect(pg.runs.map((r) => r.status)).toEqual(['idle', 'idle']);
		pg.attach();
		await until(() => pg.runs.every((r) => r.status === 'idle' && r.info !== null), 'the runs to start');
		const [sgd, adam] = pg.runs;
		// same seed and init: the same first loss for both optimizers
		expect(sgd.firstLoss).not.toBeNull();
		expect(adam.firstLoss).toBe(sgd.firstLoss);

		pg.stepEpoch();
		await until(() => pg.runs.every((r) => r.status === 'paused'), 'one epoch');
		expect(pg.runs.map((r) => r.step)).toEqual([5, 5]);
		expect(sgd.train.length).toBe(5);
		expect(sgd.evals.map((e) => e.step)).toEqual([0, 5]);

		const firstLoss = sgd.firstLoss;
		pg.reset();
		// the one worker stays (with its data set); only its runs were replaced
		expect(world.terminated).toBe(0);
		expect(pg.liveWorkers).toBe(1);
		expect(pg.workersCreated).toBe(1);
		await until(() => pg.runs.every((r) => r.info !== null), 'the runs to restart');
		expect(pg.runs[0]).not.toBe(sgd);
		expect(pg.runs[0].firstLoss).toBe(firstLoss);
		expect(pg.runs[0].step).toBe(0);

		pg.playAll();
		await until(() => pg.runs.every((r) => r.status === 'done'), 'both runs to finish');
		expect(pg.runs.map((r) => r.step)).toEqual([20, 20]);

		// Restart restarts the run from step 0 and it trains; the other run is untouched
		const sgdState = pg.run('sgd');
		pg.restartRun('adam');
		expect(pg.run('adam')?.step).toBe(0);
		await until(() => pg.run('adam')?.status === 'done', 'adam to train again');
		expect(pg.run('adam')?.train.length).toBe(20);
		expect(pg.run('sgd')).toBe(sgdState);
		expect(pg.run('sgd')?.status).toBe('done');

		// an edit of one run restarts it alone; a new label restarts nothing
		const e = structuredClone({ shared: { ...pg.experiment.shared, toy: { ...pg.experiment.shared.toy }, hidden: [...pg.experiment.shared.hidden], budget: { ...pg.experiment.shared.budget } }, runs: pg.experiment.runs.map((r) => JSON.parse(JSON.stringify(r)) as RunSpec) });
		pg.applyExperiment({ ...e, runs: [{ ...e.runs[0], label: 'plain SGD' }, { ...e.runs[1], optimizer: { name: 'adam', lr: 0.05 } }] });
		expect(pg.run('sgd')).toBe(sgdState);
		expect(pg.run('sgd')?.label).toBe('plain SGD');
		expect(pg.run('adam')?.step).toBe(0);
		await until(() => pg.run('adam')?.status === 'idle', 'the edited run to load');
		expect(pg.run('sgd')?.step).toBe(20);

		pg.removeRun('sgd');
		expect(pg.runs.map((r) => r.id)).toEqual(['adam']);
		expect(pg.experiment.runs.map((r) => r.id)).toEqual(['adam']);
		expect(pg.liveWorkers).toBe(1);
		expect(pg.run('adam')?.status).toBe('idle');

		pg.detach();
		expect(pg.liveWorkers).toBe(0);
	});

	it('[ and ] act on the selected run only (default the first); the change is announced in words', async () => {
		const world: InProcessWorld = { created: 0, terminated: 0, errors: [] };
		const pg = new Playground(experiment(), { createWorker: () => inProcessWorker(world), requestFrame: (cb) => cb(), concurrency: 1 });
		expect(pg.selected?.id).toBe('sgd'); // nothing chosen yet: the first run
		pg.select(1);
		expect(pg.selected?.id).toBe('adam');
		pg.select('nobody');
		pg.select(7);
		expect(pg.selected?.id).toBe('adam'); // unknown run or position: unchanged
		pg.attach();
		await until(() => pg.runs.every((r) => r.info !== null), 'the runs to start');
		// not started yet: nothing changes, and the live region says why
		expect(await pg.scaleSelectedLr(2)).toBeNull();
		expect(pg.announcement).toMatch(/^adam: η changes live only while the run trains or is paused/);
		pg.stepEpoch();
		await until(() => pg.runs.every((r) => r.status === 'paused'), 'one epoch');
		const applied = await pg.scaleSelectedLr(2);
		expect(applied).toEqual({ step: 5, lr: 0.02 });
		expect(pg.run('adam')?.spec.changes).toEqual([{ step: 5, lr: 0.02 }]);
		expect(pg.experiment.runs[1].changes).toEqual([{ step: 5, lr: 0.02 }]);
		expect(pg.run('sgd')?.spec.changes).toBeUndefined();
		expect(pg.current('adam')?.lr).toBe(0.02);
		expect(pg.announcement).toBe('adam η 0.01 → 0.02 at step 5');
		// a second press before the next update replaces the change at that step; "from" stays the value before it
		await pg.scaleSelectedLr(0.5);
		await pg.scaleSelectedLr(0.5);
		expect(pg.run('adam')?.spec.changes).toEqual([{ step: 5, lr: 0.005 }]);
		expect(pg.announcement).toBe('adam η 0.01 → 0.005 at step 5');
		// a reset keeps the selection (same ids)
		pg.reset();
		expect(pg.selected?.id).toBe('adam');
		pg.detach();
	});

	describe('own compute time, measured per run in its worker', () => {
		afterEach(() => vi.restoreAllMocks());
		it('sums only the run’s own chunks: two runs in one round each get their own time; a paused run accrues nothing', async () => {
			// a fake clock in the worker: a step of SGD costs 3 ms, of Adam 7 ms; an evaluation 1 ms
			let t = 1000;
			const cost: Record<string, number> = { sgd: 3, adam: 7 };
			const step = Trainer.prototype.step;
			const evaluate = Trainer.prototype.evaluate;
			vi.spyOn(Trainer.prototype, 'step').mockImplementation(function (this: Trainer) {
				t += cost[this.cfg.optimizer.name];
				return step.call(this);
			});
			vi.spyOn(Trainer.prototype, 'evaluate').mockImplementation(function (this: Trainer) {
				t += 1;
				return evaluate.call(this);
			});
			const world: InProcessWorld = { created: 0, terminated: 0, errors: [], now: () => t };
			// one worker: both runs share every round
			const pg = new Playground(experiment(), { createWorker: () => inProcessWorker(world), requestFrame: (cb) => cb(), concurrency: 1 });
			pg.attach();
			await until(() => pg.runs.every((r) => r.info !== null), 'the runs to start');
			// θ₀'s evaluation (step 0) is each run's own work: 1 ms each
			expect(pg.runs.map((r) => r.timeline.totalMs)).toEqual([1, 1]);
			pg.stepEpoch();
			await until(() => pg.runs.every((r) => r.status === 'paused'), 'one epoch');
			// 5 steps and the evaluation at step 5, in the same rounds: SGD 1 + 5·3 + 1, Adam 1 + 5·7 + 1
			expect(pg.run('sgd')?.timeline.totalMs).toBe(17);
			expect(pg.run('adam')?.timeline.totalMs).toBe(37);
			expect(pg.run('adam')?.timeline.timeAt(5)).toBe(37);
			// SGD stays paused while Adam trains to the end (15 steps, evaluations at 10, 15, 20)
			pg.resumeRun('adam');
			await until(() => pg.run('adam')?.status === 'done', 'adam to finish');
			expect(pg.run('adam')?.timeline.totalMs).toBe(37 + 15 * 7 + 3);
			expect(pg.run('sgd')?.timeline.totalMs).toBe(17);
			// the time to a target and the table's examples/s come from the same per-run sum
			const adam = pg.run('adam')!;
			// (between chunk ends the timeline interpolates linearly, so only chunk ends are exact)
			expect(adam.evals.map((e) => e.step)).toEqual([0, 5, 10, 15, 20]);
			expect([adam.evals[0].timeMs, adam.evals[1].timeMs, adam.evals[4].timeMs]).toEqual([1, 37, 145]);
			expect(adam.timeToTarget(0)).toBe(1);
			expect((adam.examplesAt(adam.step) * 1000) / adam.timeline.totalMs).toBeCloseTo((4 * 160 * 1000) / 145, 9);
			pg.detach();
		});
	});

	it('marks a run failed when its worker rejects, and a new seed changes θ₀', async () => {
		const world: InProcessWorld = { created: 0, terminated: 0, errors: [] };
		const pg = new Playground(experiment(), { createWorker: () => inProcessWorker(world), requestFrame: (cb) => cb(), concurrency: 1 });
		pg.attach();
		await until(() => pg.runs.every((r) => r.info !== null), 'the runs to start');
		pg.crashWorker('sgd', 'reject');
		await until(() => pg.run('sgd')?.status === 'failed', 'the crash');
		expect(pg.run('sgd')?.statusText).toBe('failed: crash requested (reject)');
		expect(pg.run('adam')?.status).toBe('idle');
		// a run's own failure leaves its worker (and the other run in it) alone
		expect(pg.liveWorkers).toBe(1);
		const before = pg.run('adam')?.firstLoss;
		pg.rerollSeed();
		expect(pg.experiment.shared.seed).not.toBe(7);
		await until(() => pg.runs.every((r) => r.info !== null), 'the runs to start');
		expect(pg.run('adam')?.firstLoss).not.toBe(before);
		pg.detach();
	});
});
