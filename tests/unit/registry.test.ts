// The field registry drives the URL, the config file and the CLI: for every field, an experiment
// with that field set to a non-default valid value must come back the same through each of them.
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/args';
import { EXPERIMENT_FIELDS, flagsFor } from '../../src/cli/experiment-flags';
import { experimentFromFlags, TRAIN_FLAGS, trainCommand } from '../../src/cli/train';
import { OPTIMIZER_DEFAULTS } from '../../src/lib/engine/optim/index';
import { OPTIMIZERS } from '../../src/lib/engine/types';
import {
	decodeExperiment,
	defaultExperiment,
	encodeExperiment,
	experimentFromJson,
	experimentToJson,
	FIELDS,
	limitOf,
	validateExperiment,
	type Experiment,
	type Field
} from '../../src/lib/experiment/index';
import { describeLimit, LIMITS } from '../../src/lib/experiment/limits';
import { withinLimit } from '../../src/lib/experiment/fields';
import { applies, SETTINGS_GROUPS, SHARED_FIELDS } from '../../src/lib/experiment/registry';
import { checkSweep, DEFAULT_SWEEP, SWEEP_AXIS, SWEEP_FIELDS, SWEEP_LIMITS, sweepField } from '../../src/lib/sweep/sweep';
import { SWEEP_KEYS } from '../../src/lib/url/sweep';

/** A valid value other than the default, and the settings the field needs to apply. */
function sample(f: Field): { value: unknown; context: (e: Experiment) => void } {
	const run0 = (e: Experiment) => e.runs[0];
	const a = f.appliesTo;
	const context = (e: Experiment) => {
		if (a?.optimizers) run0(e).optimizer = { name: a.optimizers.includes('nesterov') ? 'nesterov' : a.optimizers[0], lr: 0.01 };
		if (a?.inits) run0(e).init = { scheme: a.inits.includes('uniform') ? 'uniform' : a.inits[0] };
		if (a?.schedules) run0(e).schedule = { kind: a.schedules[0] } as never;
		if (a?.datasets) e.shared.dataset = a.datasets[0];
	};
	switch (f.type) {
		case 'number': {
			const l = limitOf(f, 'nesterov');
			const value = l.integer ? l.min + 1 : l.openMax ? (l.min + l.max) / 4 : Math.min(l.max, l.min + 0.5);
			return { value, context };
		}
		case 'choice':
			return { value: f.choices.at(-1) === f.default ? f.choices[0] : f.choices.at(-1), context };
		case 'bool':
			return { value: true, context };
		case 'widths':
			return { value: [3, 5], context };
		case 'budget':
			return { value: { unit: 'epochs', value: 2 }, context };
		case 'bias':
			return { value: { kind: 'constant', value: 0.5 }, context };
		case 'text':
			return { value: 'a ~ label, 100%', context };
		case 'id':
			return { value: 'r7', context };
	}
}

function withField(f: Field): Experiment {
	const e = defaultExperiment();
	const { value, context } = sample(f);
	context(e);
	e.shared.batchSize = 8; // small enough for the smallest toy split (n = 21 → 17 examples)
	const target = (f.scope === 'shared' ? e.shared : e.runs[0]) as unknown as Record<string, Record<string, unknown>>;
	if (f.path.length === 1) (target as Record<string, unknown>)[f.path[0]] = value;
	else target[f.path[0]][f.path[1]] = value;
	// a schedule or init chosen by the sample needs its own parameters to be complete
	const res = validateExperiment(e);
	expect(res.errors, `${f.path.join('.')}: the sample is valid`).toEqual([]);
	return res.experiment;
}

describe('registry', () => {
	it('has one URL key and one flag per field, a label and a help line for each', () => {
		const urls = FIELDS.filter((f) => f.url !== '').map((f) => `${f.scope}:${f.url}`);
		expect(new Set(urls).size).toBe(urls.length);
		const flags = Object.keys(TRAIN_FLAGS);
		expect(new Set(flags).size).toBe(flags.length);
		for (const f of FIELDS) {
			expect(f.label.length, f.path.join('.')).toBeGreaterThan(0);
			expect(f.help.length, f.path.join('.')).toBeGreaterThan(0);
		}
	});

	it('says which optimizers read each hyper-parameter exactly as the engine does', () => {
		for (const f of FIELDS.filter((x) => x.path[0] === 'optimizer' && x.appliesTo?.optimizers)) {
			const key = f.path[1]!;
			expect(f.appliesTo!.optimizers, key).toEqual(OPTIMIZERS.filter((o) => key in OPTIMIZER_DEFAULTS[o]));
		}
	});

	for (const f of FIELDS) {
		const name = f.path.join('.');
		it(`${f.scope} ${name}: URL and config file give back the same experiment`, () => {
			const e = withField(f);
			const url = decodeExperiment(encodeExperiment(e));
			expect(url.errors).toEqual([]);
			expect(url.warnings).toEqual([]);
			expect(url.experiment).toEqual(e);
			expect(experimentFromJson(experimentToJson(e)).experiment).toEqual(e);
		});
		if (!EXPERIMENT_FIELDS.includes(f)) continue;
		it(`${f.scope} ${name}: the CLI flags give back the same experiment`, () => {
			const e = withField(f);
			const run = { ...e.runs[0], label: 'cli', id: 'r0', color: 0 };
			const argv = flagsFor(e.shared, run);
			const got = experimentFromFlags(parseFlags(argv, TRAIN_FLAGS));
			expect(got).toEqual({ shared: e.shared, run });
		});
	}
});

describe('amsgrad, added through the registry', () => {
	it('reaches the experiment from the link, with messages naming it', () => {
		const on = decodeExperiment('r=Adam~adam~lr=0.01~ams=1&r=W~adamw~lr=0.01~ams=0');
		expect(on.errors).toEqual([]);
		expect(on.experiment.runs.map((r) => r.optimizer.amsgrad)).toEqual([true, false]);
		expect(encodeExperiment(on.experiment)).toContain('r=Adam~adam~lr=0.01~ams=1~init=he-normal');
		const bad = decodeExperiment('r=Adam~adam~lr=0.01~ams=yes');
		expect(bad.errors).toEqual([
			{ field: 'runs[0].optimizer.amsgrad', message: 'AMSGrad of run 1 ("Adam"): must be true or false (1 or 0), got "yes"; using the default false' }
		]);
		const sgd = decodeExperiment('r=SGD~sgd~lr=0.1~ams=1');
		expect(sgd.warnings).toEqual([{ field: 'runs[0].optimizer.amsgrad', message: 'AMSGrad of run 1 ("SGD"): sgd does not use it; ignored' }]);
		expect(sgd.experiment.runs[0].optimizer).toEqual({ name: 'sgd', lr: 0.1 });
	});

	it('reaches the trainer from the CLI (--amsgrad changes the run; refused for sgd)', () => {
		const base = ['--dataset', 'xor', '--hidden', '8', '--steps', '40', '--eval-every', '40', '--optimizer', 'adam', '--lr', '0.05'];
		const lines = (argv: string[]) => {
			const out: string[] = [];
			trainCommand(argv, (l) => out.push(l), () => 0);
			return out.map((l) => JSON.parse(l) as { testLoss: number });
		};
		const plain = lines(base);
		const ams = lines([...base, '--amsgrad']);
		expect(ams[0].testLoss).not.toBe(plain[0].testLoss);
		expect(experimentFromFlags(parseFlags([...base, '--amsgrad'], TRAIN_FLAGS)).run.optimizer.amsgrad).toBe(true);
		expect(() => experimentFromFlags(parseFlags(['--optimizer', 'sgd', '--amsgrad'], TRAIN_FLAGS))).toThrow(/^--amsgrad: sgd does not use it$/);
	});
});

describe('forms and the sweep come from the registry', () => {
	it('every shared field has a settings-panel group, and every choice a name for each option', () => {
		for (const f of SHARED_FIELDS) {
			expect(SETTINGS_GROUPS, f.url).toContain(f.form.group);
			if (f.type === 'choice') expect(Object.keys(f.form.options ?? {}).sort(), f.url).toEqual([...f.choices].sort());
		}
		// the panel's three groups in order, each with at least one field
		expect(SETTINGS_GROUPS.map((g) => SHARED_FIELDS.filter((f) => f.form.group === g).length)).toEqual([5, 3, 4]);
	});

	it('the data-set fields apply only where they mean something: n and noise to 2-D sets, k to spiral and blobs', () => {
		const shown = (ds: 'mnist' | 'spiral' | 'xor') => SHARED_FIELDS.filter((f) => applies(f, { dataset: ds })).map((f) => f.url);
		expect(shown('mnist')).toEqual(['ds', 'pre', 'h', 'act', 'bs', 'steps', 'eval', 'seed', 'naive']);
		expect(shown('xor')).toEqual(['ds', 'n', 'noise', 'pre', 'h', 'act', 'bs', 'steps', 'eval', 'seed', 'naive']);
		expect(shown('spiral')).toContain('k');
	});

	it("the sweep's axis is the registry's learning rate; its fields have unique sw- keys and valid defaults", () => {
		expect(SWEEP_AXIS.path).toEqual(['optimizer', 'lr']);
		expect(SWEEP_LIMITS.lr).toBe(LIMITS.lr);
		expect(sweepField('lrMin').label).toBe('smallest learning rate');
		const urls = SWEEP_FIELDS.map((f) => f.url);
		expect(new Set(urls).size).toBe(urls.length);
		for (const f of SWEEP_FIELDS) {
			expect(f.url.startsWith('sw-'), f.key).toBe(true);
			expect(withinLimit(f.limit, DEFAULT_SWEEP[f.key]), f.key).toBe(true);
			expect(SWEEP_KEYS[f.key]).toBe(f.url);
		}
		expect(checkSweep({ ...DEFAULT_SWEEP, optimizers: [...DEFAULT_SWEEP.optimizers] })).toEqual([]);
		expect(checkSweep({ ...DEFAULT_SWEEP, optimizers: ['sgd'], lrMax: 1001 }).map((e) => e.message)).toEqual([
			`largest learning rate: must be ${describeLimit(LIMITS.lr)}, got 1001`
		]);
	});
});
