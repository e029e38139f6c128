// Live hyper-parameter changes (issue 15): a change of lr at step N is torch's StepLR with one decay
// at N; a change of momentum keeps the velocity buffer (torch: param_group['momentum'] = μ); a link's
// schedule of changes replays the run bit for bit; bad values are refused naming the field.
import { describeSchedule } from '../../src/lib/experiment/changes';
import { changeMarks, pathPointAt, shortChange } from '../../src/lib/plot/change-marks';
import { runColor } from '../../src/lib/plot/palette';
import { describe, expect, it } from 'vitest';
import { runConfig } from './run-config';
import { Momentum } from '../../src/lib/engine/optim/index';
import { Trainer, type RunConfig } from '../../src/lib/engine/trainer';
import { toyDataset } from '../../src/lib/engine/data/index';
import { Rng } from '../../src/lib/engine/rng';
import { decodeChanges, encodeChanges } from '../../src/lib/experiment/changes';
import { decodeExperiment, encodeExperiment } from '../../src/lib/experiment/url';
import { defaultExperiment } from '../../src/lib/experiment/defaults';

const data = toyDataset('spiral', { n: 200, noise: 0.1, k: 3 }, new Rng(3));
const cfg = (over: Partial<RunConfig> = {}): RunConfig => runConfig({ activation: 'tanh', init: { scheme: 'xavier-uniform' }, optimizer: { name: 'sgd', lr: 0.2 }, seed: 4, ...over });
const losses = (t: Trainer) => Array.from({ length: t.cfg.totalSteps }, () => t.step()?.loss);

describe('live changes in the engine', () => {
	it('lr halved at step 25 is StepLR(step_size 25, γ 0.5) for 50 steps', () => {
		const step = new Trainer(data, cfg({ totalSteps: 50, schedule: { kind: 'step', stepSize: 25, gamma: 0.5 } }));
		const live = new Trainer(data, cfg({ totalSteps: 50, changes: [{ step: 25, lr: 0.1 }] }));
		expect(losses(live)).toEqual(losses(step));
		expect(Array.from(live.mlp.params)).toEqual(Array.from(step.mlp.params));
		expect(live.current.lr).toBe(0.1);
	});

	it('a change made live equals the same change replayed from the schedule', () => {
		const a = new Trainer(data, cfg({ optimizer: { name: 'adam', lr: 0.01 } }));
		const first = Array.from({ length: 30 }, () => a.step()?.loss);
		const applied = a.retune({ lr: 0.05, beta1: 0.8 });
		expect(applied).toEqual({ step: 30, lr: 0.05, beta1: 0.8 });
		const rest = Array.from({ length: 30 }, () => a.step()?.loss);
		const b = new Trainer(data, cfg({ optimizer: { name: 'adam', lr: 0.01 }, changes: [applied] }));
		expect(losses(b)).toEqual([...first, ...rest]);
	});

	it('momentum changed mid-run keeps the velocity: v ← μ₂·v + g, θ ← θ − lr·v (by hand)', () => {
		const opt = new Momentum(1, 'float64', { momentum: 0.9, weightDecay: 0 });
		const p = new Float64Array([1]);
		opt.step(p, new Float64Array([2]), 0.1); // v = 2, θ = 1 − 0.2 = 0.8
		opt.adopt(new Momentum(1, 'float64', { momentum: 0.5, weightDecay: 0 }));
		opt.step(p, new Float64Array([1]), 0.1); // v = 0.5·2 + 1 = 2, θ = 0.8 − 0.2 = 0.6
		expect(p[0]).toBeCloseTo(0.6, 15);
		expect(opt.state.buf[0]).toBe(2);
	});

	it('refuses a bad value naming the field, and keeps the run as it was', () => {
		const t = new Trainer(data, cfg({ optimizer: { name: 'momentum', lr: 0.1 } }));
		t.step();
		expect(() => t.retune({ momentum: 1.5 })).toThrow(/momentum/);
		expect(() => t.retune({ lr: -1 })).toThrow(/lr/);
		expect(t.current).toEqual({ name: 'momentum', lr: 0.1 });
	});
});

describe('the change-schedule codec', () => {
	it('round-trips a schedule as link text', () => {
		const changes = [
			{ step: 812, lr: 0.4 },
			{ step: 1200, lr: 0.2, momentum: 0.8 },
			{ step: 1500, weightDecay: 0.0001 }
		];
		const text = encodeChanges(changes);
		expect(text).toBe('812:lr=0.4,1200:lr=0.2:mom=0.8,1500:wd=0.0001');
		expect(decodeChanges(text, 'momentum')).toEqual({ changes, errors: [] });
	});

	it('names what is wrong and keeps the rest', () => {
		const r = decodeChanges('10:lr=0.5,5:lr=0.1,x:lr=1,20:lr=-3,30:b1=0.5,40:wat=1,50:mom=0.95', 'momentum');
		expect(r.changes).toEqual([
			{ step: 10, lr: 0.5 },
			{ step: 50, momentum: 0.95 }
		]);
		const text = r.errors.join(' | ');
		for (const bit of [
			'live change 2 of the run: step 5 must come after step 10',
			'live change 3 of the run: step must be a whole number',
			'live change 4 of the run: learning rate must be a number > 0',
			'live change 5 of the run: β₁ — momentum does not use it',
			'live change 6 of the run: unknown setting "wat"'
		])
			expect(text).toContain(bit);
	});

	it('rides in the run segment of the link, so a shared link replays the run', () => {
		const e = defaultExperiment();
		e.runs[0].changes = [{ step: 100, lr: 0.05 }];
		const q = encodeExperiment(e);
		expect(q).toContain('ch=100:lr=0.05');
		const back = decodeExperiment(q);
		expect(back.errors).toEqual([]);
		expect(back.experiment.runs[0].changes).toEqual([{ step: 100, lr: 0.05 }]);
		expect(back.experiment.runs[1].changes).toBeUndefined();
	});
});

describe('change marks on every chart with a step axis', () => {
	it('describeSchedule names each change with the values in force before it', () => {
		const opt = { name: 'momentum' as const, lr: 0.1, momentum: 0.9 };
		expect(describeSchedule(opt, [{ step: 812, lr: 0.4 }, { step: 1200, lr: 0.2, momentum: 0.5 }])).toEqual([
			{ step: 812, text: 'η 0.1 → 0.4 at step 812' },
			{ step: 1200, text: 'η 0.4 → 0.2, μ 0.9 → 0.5 at step 1200' }
		]);
		expect(describeSchedule(opt, undefined)).toEqual([]);
		// the optimizer is not changed by describing
		expect(opt).toEqual({ name: 'momentum', lr: 0.1, momentum: 0.9 });
	});
	it('changeMarks: one mark per change per run, in the run colour, with the run label', () => {
		const marks = changeMarks([
			{ id: 'a', label: 'SGD', colorIndex: 0, spec: { optimizer: { lr: 0.05 }, changes: [{ step: 10, lr: 0.1 }] } },
			{ id: 'b', label: 'Adam', colorIndex: 1, spec: { optimizer: { lr: 0.001 } } },
			{ id: 'c', label: 'no spec', colorIndex: 2 }
		]);
		expect(marks).toEqual([{ id: 'a', step: 10, color: runColor(0), text: 'SGD: η 0.05 → 0.1 at step 10' }]);
	});
	it('shortChange: the new values only, without the step, for a narrow chart', () => {
		expect(shortChange('η 0.05 → 0.1 at step 100')).toBe('η → 0.1');
		expect(shortChange('η 0.4 → 0.2, μ 0.9 → 0.5 at step 1200')).toBe('η → 0.2, μ → 0.5');
		expect(shortChange('β₂ ? → 0.99 at step 7')).toBe('β₂ → 0.99');
		expect(shortChange('λ 0.0001 → 0.01 at step 3000')).toBe('λ → 0.01');
	});
	it('pathPointAt: linear between the snapshots around the step, exact on one, null outside', () => {
		const steps = [0, 10, 30];
		const a = [0, 1, 3];
		const b = [0, -2, 2];
		expect(pathPointAt(steps, a, b, 10)).toEqual({ a: 1, b: -2 });
		expect(pathPointAt(steps, a, b, 20)).toEqual({ a: 2, b: 0 });
		expect(pathPointAt(steps, a, b, 5)).toEqual({ a: 0.5, b: -1 });
		expect(pathPointAt(steps, a, b, 31)).toBeNull();
		expect(pathPointAt(steps, a, b, -1)).toBeNull();
		expect(pathPointAt([], [], [], 0)).toBeNull();
		expect(pathPointAt([0, 10], [0, NaN], [0, 1], 5)).toBeNull();
	});
});
