// The field registry: one entry per setting of an experiment — where it lives in the experiment,
// its URL key and CLI flag, its type and allowed range, its default, the name a user sees, a line
// of help, its unit, and which optimizers / inits / schedules / data sets it applies to
// (tensorflow/playground's single PROPS table, with our validation).
//
// Everything else derives from these entries: the schema's field checks and messages (schema.ts),
// URL encode and decode (url.ts), the CLI's flags, --help and parsing (src/cli/), the form fields'
// labels, limits and hints, and the sweep's axis. Adding a hyper-parameter = one entry here plus
// its engine code (the optimizer module and its default in OPTIMIZER_DEFAULTS, which also says
// which optimizers read it).
//
// Order matters: it is the order of the URL's keys and of a run's segments, and of --help.
import { INIT_DEFAULTS } from '../engine/init';
import { DEFAULT_LR, OPTIMIZER_DEFAULTS } from '../engine/optim/index';
import {
	ACTIVATIONS,
	DATASETS,
	INITS,
	OPTIMIZERS,
	PREPROCESSING,
	type ActivationName,
	type DatasetName,
	type InitName,
	type LrSchedule,
	type OptimizerConfig,
	type OptimizerName
} from '../engine/types';
import type { HelpTopic } from '../help/help';
import { LIMITS, type NumberLimit } from './limits';

/** the settings panel's groups, in order */
export const SETTINGS_GROUPS = ['Data', 'Network', 'Training'] as const;
export type SettingsGroup = (typeof SETTINGS_GROUPS)[number];

/** The names the page shows for the optimizers (run labels default to these). */
export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
	sgd: 'SGD',
	momentum: 'Momentum',
	nesterov: 'Nesterov',
	adam: 'Adam',
	adamw: 'AdamW',
	rmsprop: 'RMSprop',
	adagrad: 'Adagrad'
};

/** Short names of the initialization schemes, as run summaries and lessons show them. */
export const INIT_LABELS: Record<InitName, string> = {
	zeros: 'zeros',
	constant: 'constant',
	uniform: 'uniform',
	normal: 'normal',
	'xavier-uniform': 'Xavier uniform',
	'xavier-normal': 'Xavier normal',
	'he-uniform': 'He uniform',
	'he-normal': 'He normal',
	'lecun-normal': 'LeCun normal',
	orthogonal: 'orthogonal',
	'torch-default': 'torch default'
};

export type ScheduleKind = LrSchedule['kind'];
export const SCHEDULE_KINDS = ['constant', 'step', 'cosine', 'warmup'] as const satisfies readonly ScheduleKind[];
const TOY_SETS = DATASETS.filter((d) => d !== 'mnist');

/** The settings a field applies to; a field without `appliesTo` applies everywhere. */
export interface AppliesTo {
	optimizers?: readonly OptimizerName[];
	inits?: readonly InitName[];
	schedules?: readonly ScheduleKind[];
	datasets?: readonly DatasetName[];
}

/** What a run-field's default may depend on. */
export interface RunContext {
	optimizer: OptimizerName;
	activation: ActivationName;
	/** the run's position in the list */
	index: number;
}

interface Common {
	/** the name a user sees, e.g. "learning rate"; messages start with it */
	label: string;
	/** one line: what it does (CLI --help, form hints) */
	help: string;
	unit?: string;
	/** URL key (a query key for shared settings, a segment key inside a run); '' = positional */
	url: string;
	/** CLI flag without the dashes; '' = not a flag */
	cli: string;
	appliesTo?: AppliesTo;
	/** the URL leaves the key out when the value equals this (e.g. naive=0, sched=constant) */
	urlOmit?: unknown;
	/** spans decades: form arrow keys walk a 1-2-5 ladder instead of a fixed step */
	log?: boolean;
	/**
	 * The form: its shorter label, arrow-key step and hint where they differ from label, 0.01 and
	 * help; for shared settings the settings panel's group, the ⓘ help topic, the names of a
	 * choice's options and a warning shown under a switched-on box.
	 */
	form?: {
		label?: string;
		step?: number;
		hint?: string;
		group?: SettingsGroup;
		topic?: HelpTopic;
		options?: Readonly<Record<string, string>>;
		warn?: string;
	};
}

export type FieldType =
	| { type: 'number'; limit: NumberLimit | ((ctx: { optimizer: OptimizerName }) => NumberLimit) }
	| { type: 'choice'; choices: readonly string[] }
	| { type: 'bool' }
	/** hidden widths: a comma-separated list */
	| { type: 'widths' }
	/** a budget in steps or epochs: two URL keys and two flags, one per unit */
	| { type: 'budget'; units: Record<'steps' | 'epochs', { url: string; cli: string; limit: NumberLimit }> }
	/** the bias init: "zeros" or a number */
	| { type: 'bias' }
	/** run label (plain text) and run id ("r3") */
	| { type: 'text' }
	| { type: 'id' };

export type SharedField = Common & FieldType & { scope: 'shared'; path: readonly [string] | readonly [string, string]; default: unknown };
export type RunField = Common &
	FieldType & { scope: 'run'; path: readonly [string] | readonly [string, string]; default: (ctx: RunContext) => unknown };
export type Field = SharedField | RunField;

const usedBy = (key: keyof OptimizerConfig): readonly OptimizerName[] => OPTIMIZERS.filter((o) => key in OPTIMIZER_DEFAULTS[o]);
const optimizerDefault = (key: keyof OptimizerConfig) => (ctx: RunContext) =>
	(OPTIMIZER_DEFAULTS[ctx.optimizer] as Partial<Record<keyof OptimizerConfig, unknown>>)[key];

// ── shared settings ──────────────────────────────────────────────────────────────────────────────

export const SHARED_FIELDS = [
	{ scope: 'shared', path: ['dataset'], url: 'ds', cli: 'dataset', type: 'choice', choices: DATASETS, default: 'spiral', label: 'data set', help: 'MNIST digits or a 2-D toy set', form: { group: 'Data', label: 'Data set', topic: 'dataset', options: { mnist: 'MNIST digits', spiral: 'Spiral (2-D)', circles: 'Circles (2-D)', xor: 'XOR (2-D)', gaussians: 'Gaussian blobs (2-D)', moons: 'Moons (2-D)' } } },
	{ scope: 'shared', path: ['toy', 'n'], url: 'n', cli: 'n', type: 'number', limit: LIMITS.toyN, default: 600, label: LIMITS.toyN.label, help: 'points of a 2-D set (train + test)', appliesTo: { datasets: TOY_SETS }, form: { group: 'Data', label: 'Points (n)', step: 50, hint: 'train + test; 80% train' } },
	{ scope: 'shared', path: ['toy', 'noise'], url: 'noise', cli: 'noise', type: 'number', limit: LIMITS.toyNoise, default: 0.05, label: LIMITS.toyNoise.label, help: 'σ of the noise added to a 2-D set', unit: 'data units', appliesTo: { datasets: TOY_SETS }, form: { group: 'Data', label: 'Noise σ', step: 0.05, hint: 'Gaussian noise, data units' } },
	{ scope: 'shared', path: ['toy', 'k'], url: 'k', cli: 'k', type: 'number', limit: LIMITS.toyK, default: 3, label: LIMITS.toyK.label, help: 'spiral arms / Gaussian blobs', appliesTo: { datasets: ['spiral', 'gaussians'] }, form: { group: 'Data', label: 'Classes (k)' } },
	{ scope: 'shared', path: ['preprocessing'], url: 'pre', cli: 'preprocess', type: 'choice', choices: PREPROCESSING, default: 'none', label: 'preprocessing', help: 'input scaling fitted on the train split', form: { group: 'Data', label: 'Preprocessing', topic: 'preprocessing', hint: 'statistics from the train split only', options: { none: 'none', scale: 'scale to [−1, 1]', standardize: 'standardize (mean 0, sd 1)' } } },
	{ scope: 'shared', path: ['hidden'], url: 'h', cli: 'hidden', type: 'widths', default: [16, 16], label: 'hidden layers', help: `hidden widths, e.g. 128,64 (each ${LIMITS.hiddenWidth.min}–${LIMITS.hiddenWidth.max}, at most ${LIMITS.hiddenLayers.max} layers; "none" or empty for none)`, form: { group: 'Network' } },
	{ scope: 'shared', path: ['activation'], url: 'act', cli: 'activation', type: 'choice', choices: ACTIVATIONS, default: 'relu', label: 'activation', help: 'activation of the hidden layers', form: { group: 'Network', label: 'Activation', topic: 'activation', options: { relu: 'ReLU', 'leaky-relu': 'Leaky ReLU', tanh: 'tanh', sigmoid: 'sigmoid', gelu: 'GELU', linear: 'linear (none)' } } },
	{ scope: 'shared', path: ['batchSize'], url: 'bs', cli: 'batch', type: 'number', limit: LIMITS.batchSize, default: 32, label: LIMITS.batchSize.label, help: 'examples per optimizer step, at most the train split', unit: 'examples', form: { group: 'Training', label: 'Batch size', topic: 'batch-size' } },
	{
		scope: 'shared',
		path: ['budget'],
		url: 'steps',
		cli: 'steps',
		type: 'budget',
		units: {
			steps: { url: 'steps', cli: 'steps', limit: LIMITS.steps },
			epochs: { url: 'epochs', cli: 'epochs', limit: LIMITS.epochs }
		},
		default: { unit: 'steps', value: 3000 },
		label: 'training budget',
		help: 'optimizer steps, or epochs (passes over the train split)',
		form: { group: 'Training', label: 'Budget in', topic: 'budget' }
	},
	{ scope: 'shared', path: ['evalEvery'], url: 'eval', cli: 'eval-every', type: 'number', limit: LIMITS.evalEvery, default: 50, label: LIMITS.evalEvery.label, help: 'steps between test-set evaluations', unit: 'steps', form: { group: 'Training', label: 'Evaluate every', topic: 'eval-interval' } },
	{ scope: 'shared', path: ['seed'], url: 'seed', cli: 'seed', type: 'number', limit: LIMITS.seed, default: 42, label: LIMITS.seed.label, help: 'seeds the data, θ₀ and the batch order', form: { group: 'Training', label: 'Seed', topic: 'seed', hint: 'same seed → same data, θ₀ and batches' } },
	{ scope: 'shared', path: ['naiveSoftmax'], url: 'naive', cli: 'naive-softmax', type: 'bool', default: false, urlOmit: false, label: 'naive softmax', help: "exponentiate without max subtraction (the lecture's overflow)", form: { group: 'Network', label: 'Naive softmax', topic: 'naive-softmax', warn: 'Without subtracting max z, large logits overflow e^z → ∞ (loss NaN).' } }
] as const satisfies readonly SharedField[];

// ── one run ──────────────────────────────────────────────────────────────────────────────────────

export const RUN_FIELDS = [
	{ scope: 'run', path: ['label'], url: '', cli: '', type: 'text', default: (c: RunContext) => OPTIMIZER_LABELS[c.optimizer], label: 'label', help: 'the name the legend shows' },
	{ scope: 'run', path: ['optimizer', 'name'], url: '', cli: 'optimizer', type: 'choice', choices: OPTIMIZERS, default: () => 'adam', label: 'optimizer', help: 'the update rule (torch.optim)' },
	{ scope: 'run', path: ['optimizer', 'lr'], url: 'lr', cli: 'lr', type: 'number', limit: LIMITS.lr, default: (c: RunContext) => DEFAULT_LR[c.optimizer], label: LIMITS.lr.label, help: 'learning rate η (default: a sensible one per optimizer)' },
	{
		scope: 'run',
		path: ['optimizer', 'momentum'],
		url: 'mom',
		cli: 'momentum',
		type: 'number',
		limit: (c: { optimizer: OptimizerName }) => (c.optimizer === 'nesterov' ? LIMITS.nesterovMomentum : LIMITS.momentum),
		default: optimizerDefault('momentum'),
		label: LIMITS.momentum.label,
		help: 'momentum μ (momentum, nesterov: 0.9; rmsprop: 0)',
		appliesTo: { optimizers: usedBy('momentum') }
	},
	{ scope: 'run', path: ['optimizer', 'beta1'], url: 'b1', cli: 'beta1', type: 'number', limit: LIMITS.beta1, default: optimizerDefault('beta1'), label: LIMITS.beta1.label, help: 'decay of the first moment (0.9)', appliesTo: { optimizers: usedBy('beta1') } },
	{ scope: 'run', path: ['optimizer', 'beta2'], url: 'b2', cli: 'beta2', type: 'number', limit: LIMITS.beta2, default: optimizerDefault('beta2'), label: LIMITS.beta2.label, help: 'decay of the second moment (0.999)', appliesTo: { optimizers: usedBy('beta2') } },
	{ scope: 'run', path: ['optimizer', 'eps'], url: 'eps', cli: 'eps', type: 'number', limit: LIMITS.eps, default: optimizerDefault('eps'), log: true, label: LIMITS.eps.label, help: 'guards the division by √v (1e-8; adagrad 1e-10)', appliesTo: { optimizers: usedBy('eps') } },
	{ scope: 'run', path: ['optimizer', 'alpha'], url: 'alpha', cli: 'alpha', type: 'number', limit: LIMITS.alpha, default: optimizerDefault('alpha'), label: LIMITS.alpha.label, help: "RMSprop's smoothing constant (0.99)", appliesTo: { optimizers: usedBy('alpha') } },
	{ scope: 'run', path: ['optimizer', 'weightDecay'], url: 'wd', cli: 'weight-decay', type: 'number', limit: LIMITS.weightDecay, default: optimizerDefault('weightDecay'), log: true, label: LIMITS.weightDecay.label, help: 'λ: L2 (g ← g + λθ), decoupled for adamw (0.01)', appliesTo: { optimizers: usedBy('weightDecay') } },
	{ scope: 'run', path: ['optimizer', 'amsgrad'], url: 'ams', cli: 'amsgrad', type: 'bool', default: optimizerDefault('amsgrad'), label: 'AMSGrad', help: 'divide by the largest v so far (torch amsgrad)', appliesTo: { optimizers: usedBy('amsgrad') } },
	{ scope: 'run', path: ['init', 'scheme'], url: 'init', cli: 'init', type: 'choice', choices: INITS, default: (c: RunContext) => defaultInitScheme(c.activation), label: 'init', help: 'weight initialization (default: He for the ReLU family, Xavier otherwise)' },
	{ scope: 'run', path: ['init', 'std'], url: 'std', cli: 'init-std', type: 'number', limit: LIMITS.initStd, default: () => INIT_DEFAULTS.std, log: true, form: { label: 'σ' }, label: LIMITS.initStd.label, help: 'σ of the normal init', appliesTo: { inits: ['normal'] } },
	{ scope: 'run', path: ['init', 'value'], url: 'val', cli: 'init-value', type: 'number', limit: LIMITS.initValue, default: () => INIT_DEFAULTS.value, form: { label: 'Value c', step: 0.1 }, label: LIMITS.initValue.label, help: 'the value of the constant init', appliesTo: { inits: ['constant'] } },
	{ scope: 'run', path: ['init', 'bound'], url: 'bound', cli: 'init-bound', type: 'number', limit: LIMITS.initBound, default: () => INIT_DEFAULTS.bound, log: true, form: { label: 'Bound a' }, label: LIMITS.initBound.label, help: 'a of the uniform init U(−a, a)', appliesTo: { inits: ['uniform'] } },
	{ scope: 'run', path: ['init', 'bias'], url: 'bias', cli: 'init-bias', type: 'bias', default: () => undefined, label: 'bias init', help: `biases: zeros or a constant ${LIMITS.biasValue.min}…${LIMITS.biasValue.max} (default zeros)`, appliesTo: { inits: INITS.filter((s) => s !== 'torch-default') } },
	{ scope: 'run', path: ['schedule', 'kind'], url: 'sched', cli: 'schedule', type: 'choice', choices: SCHEDULE_KINDS, default: () => 'constant', urlOmit: 'constant', label: 'schedule', help: 'learning-rate schedule' },
	{ scope: 'run', path: ['schedule', 'stepSize'], url: 'every', cli: 'step-size', type: 'number', limit: LIMITS.stepSize, default: () => 1000, form: { label: 'Every N steps', step: 100 }, label: LIMITS.stepSize.label, help: 'steps between decays', unit: 'steps', appliesTo: { schedules: ['step'] } },
	{ scope: 'run', path: ['schedule', 'gamma'], url: 'gamma', cli: 'gamma', type: 'number', limit: LIMITS.gamma, default: () => 0.5, form: { label: 'Factor γ', step: 0.05 }, label: LIMITS.gamma.label, help: 'each decay multiplies the rate by γ', appliesTo: { schedules: ['step'] } },
	{ scope: 'run', path: ['schedule', 'etaMin'], url: 'etamin', cli: 'eta-min', type: 'number', limit: LIMITS.etaMin, default: () => 0, log: true, form: { label: 'η_min', hint: 'final learning rate' }, label: LIMITS.etaMin.label, help: 'the rate the cosine ends at', appliesTo: { schedules: ['cosine'] } },
	{ scope: 'run', path: ['schedule', 'warmupSteps'], url: 'warmup', cli: 'warmup-steps', type: 'number', limit: LIMITS.warmupSteps, default: () => 100, form: { label: 'Warm-up steps W', step: 10 }, label: LIMITS.warmupSteps.label, help: 'steps of the linear warm-up', unit: 'steps', appliesTo: { schedules: ['warmup'] } },
	{ scope: 'run', path: ['id'], url: 'id', cli: '', type: 'id', default: (c: RunContext) => `r${c.index}`, label: 'id', help: 'stable id of the run ("r" and a number)' },
	{ scope: 'run', path: ['color'], url: 'c', cli: '', type: 'number', limit: LIMITS.color, default: (c: RunContext) => c.index % (LIMITS.color.max + 1), label: LIMITS.color.label, help: 'palette index: 8 colours × 2 dash patterns' }
] as const satisfies readonly RunField[];

export const FIELDS: readonly Field[] = [...SHARED_FIELDS, ...RUN_FIELDS];

/** He for the ReLU family (keeps activations' variance for a half-rectified unit), Xavier otherwise. */
export function defaultInitScheme(activation: ActivationName): InitName {
	return activation === 'tanh' || activation === 'sigmoid' || activation === 'linear' ? 'xavier-uniform' : 'he-normal';
}

// ── groups and lookups ───────────────────────────────────────────────────────────────────────────

type RunFieldOf<P extends string> = Extract<(typeof RUN_FIELDS)[number], { path: readonly [P, string] }>;

export type HyperKey = Extract<RunFieldOf<'optimizer'>, { appliesTo: AppliesTo }>['path'][1];
/** the optimizer's hyper-parameters besides its name and lr (the ones `appliesTo` gates) */
export const OPTIMIZER_HYPERS: readonly (RunField & { path: readonly ['optimizer', HyperKey] })[] = RUN_FIELDS.filter(
	(f): f is Extract<RunFieldOf<'optimizer'>, { appliesTo: AppliesTo }> => f.path[0] === 'optimizer' && 'appliesTo' in f
);
type NumberRunField<P extends string, K extends string> = RunField & { type: 'number'; limit: NumberLimit; path: readonly [P, K] };
/** a scheme's parameter (std, value, bound) */
export const INIT_PARAMS: readonly NumberRunField<'init', 'std' | 'value' | 'bound'>[] = RUN_FIELDS.filter(
	(f): f is Extract<RunFieldOf<'init'>, { type: 'number' }> => f.path[0] === 'init' && f.type === 'number'
);
/** a schedule's parameter (stepSize, gamma, etaMin, warmupSteps) */
export const SCHEDULE_PARAMS: readonly NumberRunField<'schedule', 'stepSize' | 'gamma' | 'etaMin' | 'warmupSteps'>[] = RUN_FIELDS.filter(
	(f): f is Extract<RunFieldOf<'schedule'>, { type: 'number' }> => f.path[0] === 'schedule' && f.type === 'number'
);

/** The entry whose path (within shared settings or within a run) is `path`, e.g. 'optimizer.lr'. */
export function fieldAt(scope: 'shared' | 'run', path: string): Field | undefined {
	return FIELDS.find((f) => f.scope === scope && f.path.join('.') === path);
}

/** The run field with this key inside its part, e.g. runField('optimizer', 'beta1'). */
export function runField(part: string, key: string): RunField {
	const f = RUN_FIELDS.find((x) => x.path[0] === part && x.path[1] === key);
	if (!f) throw new RangeError(`registry: no run field ${part}.${key}`);
	return f;
}

/** The limit of a numeric field for this optimizer (nesterov's μ must be > 0). */
export function limitOf(f: Extract<Field, { type: 'number' }>, optimizer: OptimizerName = 'sgd'): NumberLimit {
	return typeof f.limit === 'function' ? f.limit({ optimizer }) : f.limit;
}

/** Whether a field applies to a run with these settings (fields without appliesTo always do). */
export function applies(f: Field, on: { optimizer?: OptimizerName; init?: InitName; schedule?: ScheduleKind; dataset?: DatasetName }): boolean {
	const a = f.appliesTo;
	if (!a) return true;
	if (a.optimizers && on.optimizer !== undefined && !a.optimizers.includes(on.optimizer)) return false;
	if (a.inits && on.init !== undefined && !a.inits.includes(on.init)) return false;
	if (a.schedules && on.schedule !== undefined && !a.schedules.includes(on.schedule)) return false;
	if (a.datasets && on.dataset !== undefined && !a.datasets.includes(on.dataset)) return false;
	return true;
}

/** "adam, adamw" / "normal" — where a field applies, for help texts. */
export function describeAppliesTo(f: Field): string {
	const a = f.appliesTo;
	if (!a) return '';
	const parts: (readonly string[] | undefined)[] = [
		a.optimizers?.length === OPTIMIZERS.length ? undefined : a.optimizers,
		a.inits?.length === INITS.length - 1 ? ['every init but torch-default'] : a.inits,
		a.schedules?.map((k) => `${k} schedule`),
		a.datasets?.length === TOY_SETS.length ? ['2-D sets'] : a.datasets
	];
	return parts
		.filter((p) => p !== undefined)
		.map((p) => p.join(', '))
		.join('; ');
}
