// The documented limits of every experiment setting, as data: the schema checks against them, the
// UI shows them beside its inputs, and the README table is generated from them. Each says why.
//
// A limit is an interval; `open*` makes an end exclusive, `integer` asks for a whole number.
// Toy-data ranges, the MNIST split, the network's size and the step budget come from the engine,
// which guards them itself (it is a library), so the two can never disagree.
import { MNIST_TRAIN, TOY_RANGES, TRAIN_FRACTION } from '../engine/data/index';
import { MAX_HIDDEN_LAYERS, MAX_WIDTH } from '../engine/mlp';
import { MAX_STEPS } from '../engine/trainer';

export interface NumberLimit {
	/** the name a user sees, e.g. "learning rate" */
	label: string;
	min: number;
	max: number;
	openMin?: boolean;
	openMax?: boolean;
	integer?: boolean;
	/** one line: why this range */
	reason: string;
}

export const LIMITS = {
	hiddenWidth: {
		label: 'hidden width',
		min: 1,
		max: MAX_WIDTH,
		integer: true,
		reason: 'wider layers no longer fit several runs in browser memory at once'
	},
	hiddenLayers: {
		label: 'number of hidden layers',
		min: 0,
		max: MAX_HIDDEN_LAYERS,
		integer: true,
		reason: '0 is logistic regression; deeper plain MLPs only show vanishing gradients, which 16 already does'
	},
	runs: {
		label: 'number of runs',
		min: 1,
		max: 16,
		integer: true,
		reason: 'all runs train side by side in the browser; 16 = 8 colours × 2 dash patterns'
	},
	batchSize: {
		label: 'batch size',
		min: 1,
		// the largest training split of any data set: a toy set of 20000 points trains on 16000
		max: Math.max(MNIST_TRAIN, Math.round(TRAIN_FRACTION * TOY_RANGES.n[1])),
		integer: true,
		reason: 'a batch cannot exceed the training split (MNIST 8000; toy sets round(0.8·n), at most 16000)'
	},
	steps: {
		label: 'number of steps',
		min: 1,
		max: MAX_STEPS,
		integer: true,
		reason: 'ten million steps is already hours of training in a browser tab'
	},
	epochs: {
		label: 'number of epochs',
		min: 1,
		max: 1e4,
		integer: true,
		reason: 'more epochs than this exceeds the step limit on any data set worth watching'
	},
	evalEvery: {
		label: 'evaluation interval',
		min: 1,
		max: 1e6,
		integer: true,
		reason: 'steps between test-set evaluations; the first and last step are always evaluated'
	},
	seed: {
		label: 'seed',
		min: 0,
		max: 4294967295,
		integer: true,
		reason: 'the generator takes a 32-bit unsigned seed'
	},
	toyN: {
		label: 'number of points',
		min: TOY_RANGES.n[0],
		max: TOY_RANGES.n[1],
		integer: true,
		reason: 'enough points for a 20% test split, few enough to redraw the boundary every frame'
	},
	toyNoise: {
		label: 'noise',
		min: TOY_RANGES.noise[0],
		max: TOY_RANGES.noise[1],
		reason: 'σ in data units; above 2 the classes are indistinguishable inside the [−1.5, 1.5]² window'
	},
	toyK: {
		label: 'number of classes',
		min: TOY_RANGES.k[0],
		max: TOY_RANGES.k[1],
		integer: true,
		reason: 'spiral arms / Gaussian blobs; more than 8 no longer separate visibly'
	},
	color: {
		label: 'colour',
		min: 0,
		max: 15,
		integer: true,
		reason: 'index into 8 colour-blind-safe colours × 2 dash patterns'
	},
	lr: {
		label: 'learning rate',
		min: 0,
		openMin: true,
		max: 1000,
		reason: 'must be positive; above 1000 every optimizer diverges on the first step'
	},
	momentum: {
		label: 'momentum μ',
		min: 0,
		max: 1,
		openMax: true,
		reason: 'at μ = 1 the velocity never forgets, above it explodes'
	},
	nesterovMomentum: {
		label: 'momentum μ',
		min: 0,
		openMin: true,
		max: 1,
		openMax: true,
		reason: 'Nesterov needs μ > 0 (torch rejects nesterov=True with μ = 0); μ ≥ 1 never forgets'
	},
	beta1: {
		label: 'β₁',
		min: 0,
		max: 1,
		openMax: true,
		reason: 'an exponential average with β = 1 never forgets its start'
	},
	beta2: {
		label: 'β₂',
		min: 0,
		max: 1,
		openMax: true,
		reason: 'an exponential average with β = 1 never forgets its start'
	},
	eps: {
		label: 'ε',
		min: 0,
		openMin: true,
		max: 1,
		reason: 'guards the division by √v; above 1 it dominates √v and the method becomes SGD'
	},
	alpha: {
		label: 'smoothing α',
		min: 0,
		max: 1,
		openMax: true,
		reason: 'an exponential average with α = 1 never forgets its start'
	},
	weightDecay: {
		label: 'weight decay',
		min: 0,
		max: 10,
		reason: 'λ > 10 shrinks the weights to zero faster than any gradient can act'
	},
	initStd: {
		label: 'init σ',
		min: 0,
		openMin: true,
		max: 100,
		reason: 'σ = 1 already saturates most nets; 100 is there only to show divergence'
	},
	initBound: {
		label: 'init bound a',
		min: 0,
		openMin: true,
		max: 100,
		reason: 'weights ~ U(−a, a); same scale argument as σ'
	},
	initValue: {
		label: 'init constant',
		min: -100,
		max: 100,
		reason: 'a constant init only demonstrates symmetry; its size hardly matters'
	},
	biasValue: {
		label: 'bias constant',
		min: -100,
		max: 100,
		reason: 'same range as the constant weight init'
	},
	stepSize: {
		label: 'step-decay interval',
		min: 1,
		max: MAX_STEPS,
		integer: true,
		reason: 'steps between decays; at most the step limit'
	},
	gamma: {
		label: 'decay factor γ',
		min: 0,
		openMin: true,
		max: 1,
		reason: 'a decay multiplies the rate by γ; γ > 1 would grow it'
	},
	etaMin: {
		label: 'final learning rate η_min',
		min: 0,
		max: 1000,
		reason: 'the rate the cosine reaches at the end; same upper limit as the learning rate'
	},
	warmupSteps: {
		label: 'warm-up steps',
		min: 1,
		max: MAX_STEPS,
		integer: true,
		reason: 'steps of the linear ramp; at most the step limit'
	}
} as const satisfies Record<string, NumberLimit>;

export type LimitName = keyof typeof LIMITS;

/** above this many runs the UI warns that training slows down (2 cores shared by all runs) */
export const RUNS_WARN_ABOVE = 8;
/** parameters of one network: θ, g and up to two optimizer moments, float32, ×16 runs ≈ 1 GB */
export const MAX_PARAMS = 4_000_000;
/** characters of a run label (code points), after control characters are removed */
export const LABEL_MAX = 80;
/** characters of a query string; a full 16-run experiment needs about 2,000 */
export const URL_MAX = 20_000;
/** characters of an imported config file (≈ 1 MB); a full experiment needs a few kB */
export const JSON_MAX = 1_000_000;

/** "a whole number from 1 to 4096", "a number > 0 and ≤ 1000", "a number ≥ 0 and < 1" */
export function describeLimit(l: NumberLimit): string {
	const kind = l.integer ? 'a whole number' : 'a number';
	if (!l.openMin && !l.openMax) return `${kind} from ${l.min} to ${l.max}`;
	return `${kind} ${l.openMin ? '>' : '≥'} ${l.min} and ${l.openMax ? '<' : '≤'} ${l.max}`;
}

