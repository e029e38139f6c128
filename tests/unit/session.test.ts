import { describe, expect, it } from 'vitest';
import { sharedSettings } from './run-config';
import { preprocess, toyDataset } from '../../src/lib/engine/data/index';
import { deriveSeed, Rng } from '../../src/lib/engine/rng';
import { buildDataset, runConfigFor, stepsPerEpoch, totalStepsFor } from '../../src/lib/experiment/build';
import type { RunSpec, SharedSettings } from '../../src/lib/experiment/model';
import { RunSession, transferablesOf, type SessionInspector } from '../../src/lib/worker/session';
import type { Chunk } from '../../src/lib/worker/protocol';

// spiral, n = 200 → round(0.8·200) = 160 train / 40 test; batch 32 → ⌈160/32⌉ = 5 steps per epoch.
function shared(over: Partial<SharedSettings> = {}): SharedSettings {
	return sharedSettings(over);
}

function run(over: Partial<RunSpec> = {}): RunSpec {
	return {
		id: 'r0',
		label: 'sgd',
		color: 0,
		optimizer: { name: 'sgd', lr: 0.1 },
		schedule: { kind: 'constant' },
		init: { scheme: 'he-normal' },
		...over
	};
}

const noClock = () => 0; // time never passes: only maxSteps limits a chunk

function started(s: SharedSettings, r: RunSpec): RunSession {
	const session = new RunSession();
	session.start({ shared: s, run: r });
	return session;
}

function bits(a: Float32Array): number[] {
	return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

describe('build', () => {
	it('derives steps from an epoch budget: epochs · ⌈trainSize / batch⌉', () => {
		// 160/32 = 5 exactly → 5 steps per epoch; 4 epochs → 20 steps
		expect(stepsPerEpoch(160, 32)).toBe(5);
		expect(totalStepsFor(shared(), 160)).toBe(20);
		// 160/50 = 3.2 → 4 steps (50, 50, 50, 10); 3 epochs → 12 steps
		expect(totalStepsFor(shared({ batchSize: 50, budget: { unit: 'epochs', value: 3 } }), 160)).toBe(12);
		// half an epoch of 4 steps → 2 steps
		expect(totalStepsFor(shared({ batchSize: 50, budget: { unit: 'epochs', value: 0.5 } }), 160)).toBe(2);
		// a step budget is taken as is
		expect(totalStepsFor(shared({ budget: { unit: 'steps', value: 17 } }), 160)).toBe(17);
		const cfg = runConfigFor(shared(), run(), 160);
		expect(cfg).toMatchObject({ totalSteps: 20, batchSize: 32, evalEvery: 5, seed: 7, hidden: [8], naiveSoftmax: false });
	});

	it('builds the same data set from the same settings, from the seed’s own data stream', () => {
		const a = buildDataset(shared());
		const b = buildDataset(shared());
		expect(a.trainY.length).toBe(160);
		expect(a.testY.length).toBe(40);
		expect(bits(a.trainX)).toEqual(bits(b.trainX));
		expect(Array.from(a.trainY)).toEqual(Array.from(b.trainY));
		expect(bits(a.testX)).toEqual(bits(b.testX));
		// the contract: toy points from Rng(deriveSeed(seed, 'data')), then preprocessing
		const ref = preprocess(toyDataset('spiral', { n: 200, noise: 0.1, k: 3 }, new Rng(deriveSeed(7, 'data'))), 'standardize');
		expect(bits(a.trainX)).toEqual(bits(ref.trainX));
		// another seed, other points
		expect(bits(buildDataset(shared({ seed: 8 })).trainX)).not.toEqual(bits(a.trainX));
	});

	it('needs the MNIST bytes for MNIST', () => {
		expect(() => buildDataset(shared({ dataset: 'mnist' }))).toThrow(/mnist\.bin/);
	});
});

describe('RunSession', () => {
	it('returns one loss per step taken, numbered from where the last chunk stopped', () => {
		const s = started(shared(), run());
		const a = s.advance(7, Infinity, noClock);
		expect(a.fromStep).toBe(1);
		expect(a.losses.length).toBe(7);
		expect(a.stepsTaken).toBe(7);
		expect(a.step).toBe(7);
		expect(a.status).toBe('running');
		// 20 steps in all: 13 remain even though 100 were asked for
		const b = s.advance(100, Infinity, noClock);
		expect(b.fromStep).toBe(8);
		expect(b.losses.length).toBe(13);
		expect(b.status).toBe('done');
		expect(b.epoch).toBe(4); // 20 steps / 5 per epoch
		// nothing more to do
		const c = s.advance(5, Infinity, noClock);
		expect(c.stepsTaken).toBe(0);
		expect(c.losses.length).toBe(0);
		expect(c.evals).toEqual([]);
	});

	it('stops a chunk when its time budget is spent, but takes at least one step', () => {
		const s = started(shared(), run());
		let t = 0;
		const clock = () => (t += 10); // every reading is 10 ms later
		// readings: t0 = 10; after step 1: 20 (10 ms < 25, go on); after step 2: 30 (20 < 25, go on);
		// after step 3: 40 (30 ≥ 25, stop) → 3 steps
		expect(s.advance(100, 25, clock).stepsTaken).toBe(3);
		// a budget of 0 ms still takes one step
		expect(s.advance(100, 0, clock).stepsTaken).toBe(1);
	});

	it('evaluates at step 0, every evalEvery steps and at the end', () => {
		// 10 steps, evalEvery 3 → steps 0, 3, 6, 9 and the last step 10
		const s = started(shared({ budget: { unit: 'steps', value: 10 }, evalEvery: 3 }), run());
		const steps = (c: Chunk<never>) => c.evals.map((e) => e.step);
		expect(steps(s.advance(4, Infinity, noClock))).toEqual([0, 3]);
		expect(steps(s.advance(4, Infinity, noClock))).toEqual([6]);
		expect(steps(s.advance(4, Infinity, noClock))).toEqual([9, 10]);
		const e = started(shared({ budget: { unit: 'steps', value: 10 }, evalEvery: 3 }), run()).advance(10, Infinity, noClock).evals;
		for (const r of e) {
			expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
			expect(r.testAccuracy).toBeLessThanOrEqual(1);
			// 40 test points: accuracy is a multiple of 1/40
			expect(r.testAccuracy * 40).toBeCloseTo(Math.round(r.testAccuracy * 40), 9);
		}
	});

	it('gives the same losses bit for bit for the same seed, however the run is chunked', () => {
		const whole = started(shared(), run({ optimizer: { name: 'adam', lr: 0.01 } })).advance(20, Infinity, noClock).losses;
		const parts = started(shared(), run({ optimizer: { name: 'adam', lr: 0.01 } }));
		const pieces = [3, 9, 8].map((n) => parts.advance(n, Infinity, noClock).losses);
		const joined = new Float32Array(20);
		joined.set(pieces[0], 0);
		joined.set(pieces[1], 3);
		joined.set(pieces[2], 12);
		expect(bits(joined)).toEqual(bits(whole));
		// and the test can fail: another seed gives other losses
		const other = started(shared({ seed: 8 }), run({ optimizer: { name: 'adam', lr: 0.01 } })).advance(20, Infinity, noClock).losses;
		expect(bits(other)).not.toEqual(bits(whole));
	});

	it('starts runs with different optimizers from the same θ₀ and feeds them the same batches', () => {
		const sgd = new RunSession();
		const adam = new RunSession();
		const infoSgd = sgd.start({ shared: shared(), run: run() });
		const infoAdam = adam.start({ shared: shared(), run: run({ optimizer: { name: 'adam', lr: 0.01 } }) });
		expect(infoSgd.firstLoss).toBe(infoAdam.firstLoss);
		expect(Array.from(sgd.trainer.mlp.params)).toEqual(Array.from(adam.trainer.mlp.params));
		const lossesSgd: number[] = [];
		const lossesAdam: number[] = [];
		for (let k = 0; k < 12; k++) {
			lossesSgd.push(sgd.advance(1, Infinity, noClock).losses[0]);
			lossesAdam.push(adam.advance(1, Infinity, noClock).losses[0]);
			expect(Array.from(adam.trainer.lastBatch)).toEqual(Array.from(sgd.trainer.lastBatch));
		}
		// step 1 is θ₀ on the first batch for both; the loss start() announced is that loss
		expect(lossesSgd[0]).toBe(lossesAdam[0]);
		expect(lossesSgd[0]).toBe(Math.fround(infoSgd.firstLoss));
		// after different updates the losses part
		expect(lossesSgd[1]).not.toBe(lossesAdam[1]);
		// a batch covers each example once per epoch: 5 steps of 32 = the 160 train points
		const seen = new Set<number>();
		const s = started(shared(), run());
		for (let k = 0; k < 5; k++) {
			s.advance(1, Infinity, noClock);
			for (const i of s.trainer.lastBatch) seen.add(i);
		}
		expect(seen.size).toBe(160);
	});

	it('stops a run whose loss overflows (naive softmax) with status diverged and the step', () => {
		// Zero weights and biases of 1000 make every logit exactly 1000 at θ₀; the naive softmax
		// computes exp(1000) = ∞ (> e^709.78 = Number.MAX_VALUE), so p_y = ∞/∞ = NaN at step 1.
		const s = started(
			shared({ naiveSoftmax: true }),
			run({ init: { scheme: 'zeros', bias: { kind: 'constant', value: 1000 } } })
		);
		const c = s.advance(10, Infinity, noClock);
		expect(c.status).toBe('diverged');
		expect(c.divergence?.step).toBe(1);
		expect(c.divergence?.what).toBe('train loss');
		expect(c.divergence?.value).toBeNaN();
		expect(c.stepsTaken).toBe(0);
		expect(c.losses.length).toBe(0);
		// a diverged run stays stopped
		expect(s.advance(10, Infinity, noClock).stepsTaken).toBe(0);
	});

	it('stops an SGD run with lr = 1e3 when it blows up', () => {
		const s = started(shared({ budget: { unit: 'steps', value: 500 } }), run({ optimizer: { name: 'sgd', lr: 1e3 } }));
		const c = s.advance(500, Infinity, noClock);
		expect(c.status).toBe('diverged');
		const d = c.divergence;
		expect(d).not.toBeNull();
		if (!d) return;
		expect(Number.isFinite(d.value)).toBe(false);
		// every reported loss is finite; the divergent step is the last one taken, or the next one
		// when its loss itself was not finite (then the update was never applied)
		for (const l of c.losses) expect(Number.isFinite(l)).toBe(true);
		expect(d.what === 'train loss' ? d.step === c.step + 1 : d.step === c.step).toBe(true);
		expect(d.step).toBeLessThan(500);
	});

	it('carries what an inspector collects as extras, and lists typed arrays for transfer', () => {
		const s = new RunSession<{ norms: Float32Array }>();
		s.start({ shared: shared(), run: run() });
		let calls = 0;
		const inspector: SessionInspector<{ norms: Float32Array }> = {
			afterStep: () => void calls++,
			collect: () => ({ norms: new Float32Array([calls]) })
		};
		s.inspector = inspector;
		const c = s.advance(4, Infinity, noClock);
		expect(calls).toBe(4);
		expect(c.extras).toEqual({ norms: new Float32Array([4]) });
		const buffers = transferablesOf(c);
		expect(buffers).toContain(c.losses.buffer);
		expect(buffers.length).toBe(2);
	});
});
