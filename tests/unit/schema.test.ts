// The experiment schema: round trips through the URL and config files, per-field fallbacks with
// messages, cross-field limits, and the quick-action presets. Expected values are written by hand
// from the documented limits (src/lib/experiment/limits.ts) and torch's defaults.
import { describe, expect, it } from 'vitest';
import {
	addRun,
	compareAllInits,
	compareAllOptimizers,
	decodeExperiment,
	DEFAULT_EXPERIMENT,
	defaultExperiment,
	duplicateRun,
	encodeExperiment,
	experimentFromJson,
	experimentToJson,
	fairnessReport,
	removeRun,
	totalSteps,
	trainSize,
	validateExperiment,
	type Experiment,
	type RunSpec,
	type SharedSettings
} from '../../src/lib/experiment/index';
import { TUNED_LR } from '../../src/lib/experiment/tuned-lr';
import { DATASETS, OPTIMIZERS } from '../../src/lib/engine/types';
import { DEFAULT_LR } from '../../src/lib/engine/optim/index';

const D = DEFAULT_EXPERIMENT;

function run(id: string, color: number, label: string, optimizer: RunSpec['optimizer'], extra: Partial<RunSpec> = {}): RunSpec {
	return { id, label, color, optimizer, schedule: { kind: 'constant' }, init: { scheme: 'he-normal' }, ...extra };
}

function withShared(patch: Partial<SharedSettings>, runs: RunSpec[] = structuredClone(D.runs)): Experiment {
	return { shared: { ...structuredClone(D.shared), ...patch }, runs };
}

/** encode → decode and export → import both give e back, with no message at all. */
function expectRoundTrip(e: Experiment): void {
	const viaUrl = decodeExperiment(encodeExperiment(e));
	expect(viaUrl.errors).toEqual([]);
	expect(viaUrl.warnings).toEqual([]);
	expect(viaUrl.experiment).toEqual(e);
	const viaJson = experimentFromJson(experimentToJson(e));
	expect(viaJson.errors).toEqual([]);
	expect(viaJson.warnings).toEqual([]);
	expect(viaJson.experiment).toEqual(e);
}

describe('round trips', () => {
	it('encodes the default experiment in the documented readable form', () => {
		expect(encodeExperiment(D)).toBe(
			'ds=spiral&n=600&noise=0.05&k=3&pre=none&h=16,16&act=relu&bs=32&steps=3000&eval=50&seed=42' +
				'&r=SGD~sgd~lr=0.1~init=he-normal&r=Adam~adam~lr=0.001~init=he-normal'
		);
		expectRoundTrip(D);
	});

	it('keeps every optimizer with non-default hyper-parameters', () => {
		const runs = [
			run('r0', 0, 'SGD wd', { name: 'sgd', lr: 0.05, weightDecay: 0.001 }),
			run('r1', 1, 'Momentum', { name: 'momentum', lr: 0.02, momentum: 0.8, weightDecay: 1e-4 }),
			run('r2', 2, 'Nesterov', { name: 'nesterov', lr: 0.003, momentum: 0.95 }),
			run('r3', 3, 'Adam', { name: 'adam', lr: 3e-4, beta1: 0.85, beta2: 0.99, eps: 1e-6, weightDecay: 0.01 }),
			run('r4', 4, 'AdamW', { name: 'adamw', lr: 2e-3, beta1: 0.8, beta2: 0.95, eps: 1e-7, weightDecay: 0.1 }),
			run('r5', 5, 'RMSprop', { name: 'rmsprop', lr: 1e-4, alpha: 0.9, eps: 1e-6, momentum: 0.5, weightDecay: 5e-4 }),
			run('r6', 6, 'Adagrad', { name: 'adagrad', lr: 0.5, eps: 1e-8, weightDecay: 0.2 })
		];
		const e = withShared({}, runs);
		expectRoundTrip(e);
		// only the hyper-parameters that are set appear, under their short names
		expect(encodeExperiment(e)).toContain('&r=RMSprop~rmsprop~lr=0.0001~mom=0.5~eps=0.000001~alpha=0.9~wd=0.0005~init=he-normal');
	});

	it('keeps every schedule kind', () => {
		const sgd = { name: 'sgd', lr: 0.1 } as const;
		const e = withShared({}, [
			run('r0', 0, 'constant', sgd),
			run('r1', 1, 'step', sgd, { schedule: { kind: 'step', stepSize: 250, gamma: 0.3 } }),
			run('r2', 2, 'cosine', sgd, { schedule: { kind: 'cosine', etaMin: 1e-5 } }),
			run('r3', 3, 'warmup', sgd, { schedule: { kind: 'warmup', warmupSteps: 500 } })
		]);
		expectRoundTrip(e);
		expect(encodeExperiment(e)).toContain('r=step~sgd~lr=0.1~init=he-normal~sched=step~every=250~gamma=0.3');
	});

	it('keeps every init with its parameters and bias', () => {
		const adam = { name: 'adam', lr: 0.001 } as const;
		const inits: RunSpec['init'][] = [
			{ scheme: 'zeros' },
			{ scheme: 'constant', value: -0.5, bias: { kind: 'constant', value: 0.1 } },
			{ scheme: 'uniform', bound: 0.2 },
			{ scheme: 'normal', std: 0.5, bias: { kind: 'zeros' } },
			{ scheme: 'xavier-uniform' },
			{ scheme: 'xavier-normal' },
			{ scheme: 'he-uniform' },
			{ scheme: 'he-normal', bias: { kind: 'constant', value: -2 } },
			{ scheme: 'lecun-normal' },
			{ scheme: 'orthogonal' },
			{ scheme: 'torch-default' }
		];
		// in two experiments of at most 8 runs: more than 8 would add the "slower" warning
		for (const part of [inits.slice(0, 6), inits.slice(6)])
			expectRoundTrip(withShared({}, part.map((init, i) => run(`r${i}`, i, init.scheme, adam, { init }))));
	});

	it('keeps an epoch budget on MNIST, the naive softmax, no hidden layer and awkward labels', () => {
		const e = withShared(
			{ dataset: 'mnist', preprocessing: 'standardize', hidden: [], activation: 'tanh', batchSize: 64, budget: { unit: 'epochs', value: 5 }, naiveSoftmax: true, seed: 4294967295 },
			[
				run('r0', 0, 'a~b %7E 100% & c=d + <b>x</b> "q"', { name: 'sgd', lr: 0.1 }, { init: { scheme: 'xavier-uniform' } }),
				run('r1', 1, 'λ 中文 😀', { name: 'adam', lr: 1e-3 })
			]
		);
		expectRoundTrip(e);
		expect(encodeExperiment(e)).toContain('&epochs=5&');
		expect(encodeExperiment(e)).toContain('&h=&');
		expect(encodeExperiment(e)).toContain('&naive=1&');
	});

	it('keeps ids and colours that differ from the run positions', () => {
		const e = withShared({}, [
			run('r3', 5, 'first', { name: 'sgd', lr: 0.1 }),
			run('r0', 2, 'second', { name: 'adam', lr: 1e-3 }),
			run('r2', 2, 'third', { name: 'adam', lr: 1e-3 })
		]);
		expectRoundTrip(e);
	});

	it('accepts a leading "?" and URLSearchParams', () => {
		const q = encodeExperiment(D);
		expect(decodeExperiment(`?${q}`).experiment).toEqual(D);
		expect(decodeExperiment(new URLSearchParams(q)).experiment).toEqual(D);
	});

	it('fills missing settings with defaults silently', () => {
		const res = decodeExperiment('ds=moons');
		expect(res.errors).toEqual([]);
		expect(res.experiment).toEqual(withShared({ dataset: 'moons' }));
		expect(decodeExperiment('').experiment).toEqual(D);
	});
});

describe('rejections: only the invalid field falls back', () => {
	const base = withShared({}, [
		run('r0', 0, 'SGD', { name: 'sgd', lr: 0.1 }),
		run('r1', 1, 'Adam', { name: 'adam', lr: 0.002, beta1: 0.95 })
	]);
	const q = encodeExperiment(base);

	/** the query with one key's value (or one run segment) replaced */
	function replaced(key: string, value: string): string {
		return q.replace(new RegExp(`(^|&)${key}=[^&]*`), `$1${key}=${value}`);
	}

	const cases: { name: string; query: string; field: string; check: (e: Experiment) => void }[] = [
		{
			name: 'learning rate "abc"',
			query: q.replace('lr=0.002', 'lr=abc'),
			field: 'runs[1].optimizer.lr',
			// torch's Adam default lr is 1e-3; β₁ beside it and the other run are kept
			check: (e) => {
				expect(e.runs[1].optimizer).toEqual({ name: 'adam', lr: 0.001, beta1: 0.95 });
				expect(e.runs[0]).toEqual(base.runs[0]);
			}
		},
		{
			name: 'β₁ = 1 (never forgets)',
			query: q.replace('b1=0.95', 'b1=1'),
			field: 'runs[1].optimizer.beta1',
			check: (e) => expect(e.runs[1].optimizer).toEqual({ name: 'adam', lr: 0.002 })
		},
		{
			name: 'batch size 0',
			query: replaced('bs', '0'),
			field: 'shared.batchSize',
			check: (e) => {
				expect(e.shared.batchSize).toBe(32);
				expect(e.shared.budget).toEqual({ unit: 'steps', value: 3000 });
			}
		},
		{
			// spiral n = 600 → train split round(0.8 · 600) = 480
			name: 'batch larger than the training split',
			query: replaced('bs', '1000'),
			field: 'shared.batchSize',
			check: (e) => expect(e.shared.batchSize).toBe(480)
		},
		{
			name: 'a 1e9-wide layer',
			query: replaced('h', '16,1e9'),
			field: 'shared.hidden[1]',
			check: (e) => {
				expect(e.shared.hidden).toEqual([16, 16]);
				expect(e.shared.activation).toBe('relu');
			}
		},
		{
			name: '17 hidden layers',
			query: replaced('h', Array(17).fill(8).join(',')),
			field: 'shared.hidden',
			check: (e) => expect(e.shared.hidden).toEqual([16, 16])
		},
		{
			name: 'too few points',
			query: replaced('n', '10'),
			field: 'shared.toy.n',
			check: (e) => expect(e.shared.toy).toEqual({ n: 600, noise: 0.05, k: 3 })
		},
		{
			name: 'noise 1e999 (Infinity)',
			query: replaced('noise', '1e999'),
			field: 'shared.toy.noise',
			check: (e) => expect(e.shared.toy).toEqual({ n: 600, noise: 0.05, k: 3 })
		},
		{ name: 'k = 9', query: replaced('k', '9'), field: 'shared.toy.k', check: (e) => expect(e.shared.toy.k).toBe(3) },
		{ name: 'seed −1', query: replaced('seed', '-1'), field: 'shared.seed', check: (e) => expect(e.shared.seed).toBe(42) },
		{ name: 'seed 2³²', query: replaced('seed', '4294967296'), field: 'shared.seed', check: (e) => expect(e.shared.seed).toBe(42) },
		{ name: 'seed 1.5', query: replaced('seed', '1.5'), field: 'shared.seed', check: (e) => expect(e.shared.seed).toBe(42) },
		{ name: 'seed in hex', query: replaced('seed', '0x10'), field: 'shared.seed', check: (e) => expect(e.shared.seed).toBe(42) },
		{ name: 'evaluation every 0 steps', query: replaced('eval', '0'), field: 'shared.evalEvery', check: (e) => expect(e.shared.evalEvery).toBe(50) },
		{ name: 'unknown data set', query: replaced('ds', 'cifar'), field: 'shared.dataset', check: (e) => expect(e.shared.toy.n).toBe(600) },
		{ name: 'unknown activation', query: replaced('act', 'swish'), field: 'shared.activation', check: (e) => expect(e.shared.activation).toBe('relu') },
		{ name: 'unknown preprocessing', query: replaced('pre', 'whiten'), field: 'shared.preprocessing', check: (e) => expect(e.shared.preprocessing).toBe('none') },
		{ name: '10⁸ steps', query: replaced('steps', '1e8'), field: 'shared.budget.value', check: (e) => expect(e.shared.budget.value).toBe(3000) },
		{ name: 'naive softmax "maybe"', query: `${q}&naive=maybe`, field: 'shared.naiveSoftmax', check: (e) => expect(e.shared.naiveSoftmax).toBe(false) },
		{
			name: 'a key given twice',
			query: `${q}&bs=64`,
			field: 'shared.batchSize',
			check: (e) => expect(e.shared.batchSize).toBe(32)
		},
		{
			name: 'unknown optimizer',
			query: q.replace('~adam~', '~lion~'),
			field: 'runs[1].optimizer.name',
			// the name falls back to adam; the run's own lr and β₁ are kept
			check: (e) => expect(e.runs[1].optimizer).toEqual({ name: 'adam', lr: 0.002, beta1: 0.95 })
		},
		{
			name: 'Nesterov with μ = 0',
			query: q.replace('SGD~sgd~lr=0.1', 'N~nesterov~lr=0.1~mom=0'),
			field: 'runs[0].optimizer.momentum',
			check: (e) => expect(e.runs[0].optimizer).toEqual({ name: 'nesterov', lr: 0.1 })
		},
		{
			name: 'step decay γ = 1.5',
			query: q.replace('~init=he-normal&', '~init=he-normal~sched=step~every=100~gamma=1.5&'),
			field: 'runs[0].schedule.gamma',
			check: (e) => expect(e.runs[0].schedule).toEqual({ kind: 'step', stepSize: 100, gamma: 0.5 })
		},
		{
			name: 'warm-up of 0 steps',
			query: q.replace('~init=he-normal&', '~init=he-normal~sched=warmup~warmup=0&'),
			field: 'runs[0].schedule.warmupSteps',
			check: (e) => expect(e.runs[0].schedule).toEqual({ kind: 'warmup', warmupSteps: 100 })
		},
		{
			name: 'negative η_min',
			query: q.replace('~init=he-normal&', '~init=he-normal~sched=cosine~etamin=-1&'),
			field: 'runs[0].schedule.etaMin',
			check: (e) => expect(e.runs[0].schedule).toEqual({ kind: 'cosine', etaMin: 0 })
		},
		{
			name: 'init σ = 0',
			query: q.replace('~init=he-normal&', '~init=normal~std=0&'),
			field: 'runs[0].init.std',
			check: (e) => expect(e.runs[0].init).toEqual({ scheme: 'normal' })
		},
		{
			name: 'bias 200',
			query: q.replace('~init=he-normal&', '~init=he-normal~bias=200&'),
			field: 'runs[0].init.bias',
			check: (e) => expect(e.runs[0].init).toEqual({ scheme: 'he-normal' })
		},
		{
			name: 'unknown init',
			query: q.replace('~init=he-normal&', '~init=magic&'),
			field: 'runs[0].init.scheme',
			check: (e) => expect(e.runs[0].init).toEqual({ scheme: 'he-normal' })
		},
		{
			name: 'colour 16',
			query: q.replace('~init=he-normal&', '~init=he-normal~c=16&'),
			field: 'runs[0].color',
			check: (e) => expect(e.runs[0].color).toBe(0)
		},
		{
			name: 'empty label',
			query: q.replace('r=SGD~', 'r=~'),
			field: 'runs[0].label',
			check: (e) => expect(e.runs[0].label).toBe('SGD')
		},
		{
			name: 'label with a control character',
			query: q.replace('r=SGD~', 'r=a%07b~'),
			field: 'runs[0].label',
			check: (e) => expect(e.runs[0].label).toBe('a b')
		},
		{
			name: 'label of 100 characters',
			query: q.replace('r=SGD~', `r=${'x'.repeat(100)}~`),
			field: 'runs[0].label',
			check: (e) => expect(e.runs[0].label).toBe('x'.repeat(80))
		},
		{
			name: '17 runs',
			query: `${q}${'&r=A~adam~lr=0.001'.repeat(15)}`,
			field: 'runs',
			check: (e) => {
				expect(e.runs).toHaveLength(16);
				expect(e.runs[1]).toEqual(base.runs[1]);
			}
		},
		{
			// the limit applies to the link as received, and an over-long field is refused alone
			name: 'a link over 20,000 characters',
			query: `${q}&x=${'y'.repeat(20_000)}`,
			field: 'link.x',
			check: (e) => expect(e).toEqual(decodeExperiment(q).experiment)
		}
	];

	for (const c of cases)
		it(c.name, () => {
			const res = decodeExperiment(c.query);
			expect(res.errors.map((err) => err.field)).toContain(c.field);
			for (const err of res.errors) expect(err.message.length).toBeGreaterThan(0);
			c.check(res.experiment);
			expect(validateExperiment(res.experiment).errors).toEqual([]);
		});

	it('names the field, what is allowed and what came in', () => {
		const res = decodeExperiment(q.replace('lr=0.002', 'lr=abc'));
		expect(res.errors).toEqual([
			{ field: 'runs[1].optimizer.lr', message: 'learning rate of run 2 ("Adam"): must be a number > 0 and ≤ 1000, got "abc"; using 0.001' }
		]);
	});

	it('keeps HTML in a label as inert text', () => {
		const label = '"><img src=x onerror=alert(1)><script>alert(1)</script>';
		const res = decodeExperiment(q.replace('r=SGD~', `r=${encodeURIComponent(label)}~`));
		expect(res.errors).toEqual([]);
		expect(res.experiment.runs[0].label).toBe(label);
	});

	it('warns about unknown keys without changing anything', () => {
		const res = decodeExperiment(`${q}&utm_source=x`);
		expect(res.errors).toEqual([]);
		expect(res.warnings).toHaveLength(1);
		expect(res.experiment).toEqual(base);
	});

	it('clamps an epoch budget to 10⁷ steps', () => {
		// MNIST, batch 1: ⌈8000 / 1⌉ = 8000 steps per epoch; ⌊10⁷ / 8000⌋ = 1250 epochs at most
		const res = validateExperiment(withShared({ dataset: 'mnist', batchSize: 1, budget: { unit: 'epochs', value: 2000 } }));
		expect(res.errors.map((e) => e.field)).toEqual(['shared.budget.value']);
		expect(res.experiment.shared.budget).toEqual({ unit: 'epochs', value: 1250 });
	});

	it('limits the network to 4,000,000 parameters', () => {
		// 784-4096-10: 785·4096 + 4097·10 = 3,215,360 + 40,970 = 3,256,330 — allowed
		expect(validateExperiment(withShared({ dataset: 'mnist', hidden: [4096] })).errors).toEqual([]);
		// 784-4096-4096-10: 3,215,360 + 4097·4096 + 40,970 = 20,037,642 — too many
		const res = validateExperiment(withShared({ dataset: 'mnist', hidden: [4096, 4096] }));
		expect(res.errors.map((e) => e.field)).toEqual(['shared.hidden']);
		expect(res.experiment.shared.hidden).toEqual([16, 16]);
	});

	it('re-assigns duplicate ids', () => {
		const e = withShared({}, [run('r0', 0, 'a', { name: 'sgd', lr: 0.1 }), run('r0', 1, 'b', { name: 'sgd', lr: 0.1 })]);
		const res = validateExperiment(e);
		expect(res.errors.map((x) => x.field)).toEqual(['runs[1].id']);
		expect(res.experiment.runs.map((r) => r.id)).toEqual(['r0', 'r1']);
	});

	it('never throws on non-experiments', () => {
		const hostile = new Proxy(
			{},
			{
				get() {
					throw new Error('trap');
				},
				ownKeys() {
					throw new Error('trap');
				}
			}
		);
		for (const input of [null, 5, 'x', [], { shared: [] }, { runs: {} }, { runs: [] }, hostile]) {
			const res = validateExperiment(input);
			expect(res.errors.length).toBeGreaterThan(0);
			expect(res.errors.every((e) => e.field !== '')).toBe(true);
			expect(validateExperiment(res.experiment).errors).toEqual([]);
		}
	});

	it('does not mutate its input', () => {
		const input = { shared: { batchSize: 'x', hidden: ['1e9'] }, runs: [{ id: 'r0' }, { id: 'r0' }] };
		const copy = structuredClone(input);
		validateExperiment(input);
		expect(input).toEqual(copy);
	});
});

describe('config files', () => {
	it('rejects malformed JSON and files over 1 MB with a reason', () => {
		for (const text of ['{"shared":', '', 'null', '[1,2]', ' '.repeat(1_000_001)]) {
			const res = experimentFromJson(text);
			expect(res.errors.map((e) => e.field)).toEqual(['file']);
			expect(res.experiment).toEqual(D);
		}
	});

	it('validates the file like the URL', () => {
		const json = JSON.parse(experimentToJson(D));
		json.runs[0].optimizer.lr = -1;
		json.shared.seed = 7;
		const res = experimentFromJson(JSON.stringify(json));
		expect(res.errors.map((e) => e.field)).toEqual(['runs[0].optimizer.lr']);
		expect(res.experiment.runs[0].optimizer.lr).toBe(0.1);
		expect(res.experiment.shared.seed).toBe(7);
	});
});

describe('derived sizes', () => {
	it('uses MNIST’s 8000 and round(0.8·n) for toy sets', () => {
		expect(trainSize(withShared({ dataset: 'mnist' }).shared)).toBe(8000);
		expect(trainSize(withShared({}).shared)).toBe(480); // 0.8 · 600
		expect(trainSize(withShared({ toy: { n: 21, noise: 0, k: 2 } }).shared)).toBe(17); // round(16.8)
		expect(trainSize(withShared({ toy: { n: 22, noise: 0, k: 2 } }).shared)).toBe(18); // round(17.6)
	});

	it('counts ⌈train / batch⌉ steps per epoch', () => {
		expect(totalSteps(withShared({}).shared)).toBe(3000);
		// MNIST, batch 64: ⌈8000/64⌉ = 125 steps per epoch, 5 epochs = 625
		expect(totalSteps(withShared({ dataset: 'mnist', batchSize: 64, budget: { unit: 'epochs', value: 5 } }).shared)).toBe(625);
		// spiral n = 600, batch 100: ⌈480/100⌉ = 5 steps per epoch, 10 epochs = 50
		expect(totalSteps(withShared({ batchSize: 100, budget: { unit: 'epochs', value: 10 } }).shared)).toBe(50);
	});
});

describe('presets', () => {
	it('compares the seven optimizers at the rates tuned for the data set (the sweep of src/scripts/tune-lr.ts)', () => {
		for (const dataset of DATASETS) {
			const runs = compareAllOptimizers({ ...D.shared, dataset });
			expect(runs.map((r) => r.optimizer.lr)).toEqual(OPTIMIZERS.map((o) => TUNED_LR[dataset][o]));
			// every rate is a point of the sweep's half-decade grid
			for (const r of runs) expect([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3]).toContain(r.optimizer.lr);
		}
		// the lessons keep torch's documented defaults
		expect(compareAllOptimizers(D.shared, undefined, 'defaults').map((r) => r.optimizer.lr)).toEqual(OPTIMIZERS.map((o) => DEFAULT_LR[o]));
	});

	it('compares the seven optimizers at their default rates from one init', () => {
		const runs = compareAllOptimizers(D.shared, undefined, 'defaults');
		expect(runs.map((r) => r.label)).toEqual(['SGD', 'Momentum', 'Nesterov', 'Adam', 'AdamW', 'RMSprop', 'Adagrad']);
		// torch's defaults for adam/adamw/adagrad; sgd 0.1, momentum 0.01 (0.01/(1−0.9) = 0.1 per step
		// at steady state, like sgd), rmsprop 1e-3 (see DEFAULT_LR)
		expect(runs.map((r) => r.optimizer.lr)).toEqual([0.1, 0.01, 0.01, 0.001, 0.001, 0.001, 0.01]);
		expect(new Set(runs.map((r) => r.color)).size).toBe(7);
		expect(new Set(runs.map((r) => r.id)).size).toBe(7);
		expect(runs.every((r) => r.init.scheme === 'he-normal')).toBe(true);
		expect(compareAllOptimizers({ ...D.shared, activation: 'tanh' })[0].init).toEqual({ scheme: 'xavier-uniform' });
		expect(compareAllOptimizers(D.shared, { scheme: 'orthogonal' }, 'defaults')[6].init).toEqual({ scheme: 'orthogonal' });
		const e = { shared: D.shared, runs };
		expect(validateExperiment(e).errors).toEqual([]);
		expect(fairnessReport(e).sameInitGroups).toEqual([['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']]);
	});

	it('compares seven inits under one optimizer', () => {
		const runs = compareAllInits(D.shared, { name: 'adam', lr: 0.001, beta1: 0.8 });
		expect(runs.map((r) => r.label)).toEqual([
			'zeros',
			'normal σ=0.01 (too small)',
			'normal σ=1 (too large)',
			'Xavier uniform',
			'He normal',
			'orthogonal',
			'torch default'
		]);
		expect(runs[1].init).toEqual({ scheme: 'normal', std: 0.01 });
		expect(runs[2].init).toEqual({ scheme: 'normal', std: 1 });
		expect(new Set(runs.map((r) => r.color)).size).toBe(7);
		expect(runs.every((r) => r.optimizer.beta1 === 0.8)).toBe(true);
		const e = { shared: D.shared, runs };
		expect(validateExperiment(e).errors).toEqual([]);
		const report = fairnessReport(e);
		expect(report.sameInitGroups).toHaveLength(7);
		expect(report.sameBatches).toBe(true);
	});

	it('adds, duplicates and removes runs with fresh ids and free colours, without mutating', () => {
		const start = defaultExperiment();
		const before = structuredClone(start);
		const added = addRun(start);
		// runs use SGD and Adam; the first unused optimizer in order is momentum; colours 0, 1 taken
		expect(added.runs[2]).toMatchObject({ id: 'r2', label: 'Momentum', color: 2, optimizer: { name: 'momentum', lr: 0.01 } });
		expect(added.runs[2].init).toEqual(start.runs[0].init);
		const removed = removeRun(added, 'r1');
		expect(removed.runs.map((r) => r.id)).toEqual(['r0', 'r2']);
		// r2 is the largest id, so the next is r3; colour 1 is free again
		const dup = duplicateRun(removed, 'r0');
		expect(dup.runs.map((r) => r.id)).toEqual(['r0', 'r3', 'r2']);
		expect(dup.runs[1]).toMatchObject({ label: 'SGD (copy)', color: 1, optimizer: start.runs[0].optimizer });
		expect(start).toEqual(before);
		for (const e of [added, removed, dup]) expectRoundTrip(e);
		expect(removeRun(removeRun(start, 'r0'), 'r1').runs).toHaveLength(1); // never below one run
		expect(duplicateRun(start, 'nope')).toBe(start);
		let full = start;
		for (let i = 0; i < 20; i++) full = addRun(full);
		expect(full.runs).toHaveLength(16);
		expect(new Set(full.runs.map((r) => r.color)).size).toBe(16);
	});

	it('treats omitted init parameters as their defaults when grouping θ₀', () => {
		const sgd = { name: 'sgd', lr: 0.1 } as const;
		const e = withShared({}, [
			run('r0', 0, 'a', sgd, { init: { scheme: 'normal' } }),
			run('r1', 1, 'b', { name: 'adam', lr: 0.001 }, { init: { scheme: 'normal', std: 0.01, bias: { kind: 'constant', value: 0 } } }),
			run('r2', 2, 'c', { name: 'adam', lr: 0.001 }, { init: { scheme: 'normal', std: 1 } })
		]);
		const report = fairnessReport(e);
		expect(report.sameInitGroups).toEqual([['r0', 'r1'], ['r2']]);
		// a (sgd, σ 0.01) and c (adam, σ 1) differ in both, so the report says so
		expect(report.notes.some((n) => n.includes('"a", "c"') && n.includes('both'))).toBe(true);
	});
});
