// The lessons gallery: ten prepared experiments that follow the lecture (class 5, optimization and
// hyper-parameters), each a link into the playground with a short explanation, a question to
// predict before pressing play, and the answer. Pure data built by small helpers, so the page, the
// tests and any future presentation mode read the same experiments.
//
// Every experiment passes validateExperiment with zero errors, and is small enough to make its
// point within ~30 s in a browser on a slow 2-core machine (one MNIST epoch is 125 steps of the
// lecture's 784-128-64-10 net). Where a comparison needs different SHARED settings (the softmax,
// the activation, the batch size), the card carries one link per setting instead of faking it.
//
// The numbers quoted in the answers were measured with these exact experiments (same seed, same
// engine); tests/unit/lessons.test.ts re-checks the claims the lessons depend on.
import { datasetInfo } from '../engine/data/index';
import { INIT_DEFAULTS } from '../engine/init';
import type { ActivationName, DatasetName, InitConfig, LrSchedule, OptimizerConfig } from '../engine/types';
import type { Experiment, RunSpec, SharedSettings } from '../experiment/model';
import { compareAllOptimizers } from '../experiment/presets';
import { INIT_LABELS, OPTIMIZER_LABELS, totalSteps, trainSize } from '../experiment/defaults';
import { encodeExperiment } from '../experiment/url';
import { defaultConfig, encodeRace } from '../test-functions/race-config';
import type { Quantity } from '../plot/hist';
import { defaultPageOptions, encodePageOptions, type InsideSub, type ViewId } from '../url/page-options';

/** the tabs of the playground a lesson can open on */
export type PlaygroundView = ViewId;

/** a further link on a card: the same lesson with a different shared setting */
export interface LessonLink {
	/** what differs, e.g. "stable softmax", "batch 32" */
	label: string;
	experiment: Experiment;
}

export interface Lesson {
	/** stable, URL-safe; the playground receives it as `lesson=<id>` */
	id: string;
	number: number;
	title: string;
	explanation: string;
	/** asks for a prediction before pressing play */
	question: string;
	/** revealed on demand; says why, citing the update rule or the variance formula */
	answer: string;
	/** the experiment "Open in playground" opens */
	experiment: Experiment;
	/** names the main experiment when the card has further links, e.g. "naive softmax" */
	experimentLabel?: string;
	/** the playground tab to open on (default 'curves') */
	view?: PlaygroundView;
	/** on the Inside tab: the sub-view and quantity that show the lesson's point */
	/** the sub-view and quantity of the inside view the link opens (the page-option codec writes them) */
	inside?: { sub: InsideSub; quantity?: Quantity };
	/** show the "Initialization at step 0" panel (the init lessons only) */
	stepZero?: boolean;
	/** the same lesson with other shared settings, one link each (empty for most lessons) */
	links: LessonLink[];
	/** query string of a related race on the /surface page */
	alsoSurface?: string;
	/** the base experiment (query string) of a related batch size × learning rate map on /sweep */
	alsoMap?: string;
}

// ── building blocks ──────────────────────────────────────────────────────────────────────────────

const SEED = 42;
const HE: InitConfig = { scheme: 'he-normal' };
const CONSTANT: LrSchedule = { kind: 'constant' };
/** eight hidden layers of 64: deep enough that a per-layer variance factor compounds visibly */
const DEEP = [64, 64, 64, 64, 64, 64, 64, 64];

/** The lecture's network: MNIST, 784-128-64-10, ReLU, batch 64, one epoch (125 steps). */
function mnistSetup(changes: Partial<SharedSettings> = {}): SharedSettings {
	return {
		dataset: 'mnist',
		toy: { n: 600, noise: 0.15, k: 3 }, // unused by MNIST, kept at the defaults
		preprocessing: 'none', // pixels p/255 ∈ [0, 1], as in the lecture
		hidden: [128, 64],
		activation: 'relu',
		batchSize: 64,
		budget: { unit: 'epochs', value: 1 },
		evalEvery: 25,
		seed: SEED,
		naiveSoftmax: false,
		...changes
	};
}

/** A 2-D set of 600 points (480 train), 2-16-16-k ReLU. */
function toySetup(dataset: DatasetName, changes: Partial<SharedSettings> = {}): SharedSettings {
	return {
		...mnistSetup(),
		dataset,
		hidden: [16, 16],
		batchSize: 32,
		budget: { unit: 'steps', value: 3000 },
		evalEvery: 50,
		...changes
	};
}

type RunDraft = Omit<RunSpec, 'id' | 'color'>;

function run(label: string, optimizer: OptimizerConfig, init: InitConfig = HE, schedule: LrSchedule = CONSTANT): RunDraft {
	return { label, optimizer, init, schedule };
}

const sgd = (lr: number): OptimizerConfig => ({ name: 'sgd', lr });
const momentum = (lr: number): OptimizerConfig => ({ name: 'momentum', lr, momentum: 0.9 });
const nesterov = (lr: number): OptimizerConfig => ({ name: 'nesterov', lr, momentum: 0.9 });
const adam = (lr: number, weightDecay?: number): OptimizerConfig =>
	weightDecay === undefined ? { name: 'adam', lr } : { name: 'adam', lr, weightDecay };
const adamw = (lr: number, weightDecay: number): OptimizerConfig => ({ name: 'adamw', lr, weightDecay });

/** runs numbered r0, r1, … and coloured in order, so the legend reads top to bottom */
function experiment(shared: SharedSettings, runs: readonly RunDraft[]): Experiment {
	return { shared, runs: runs.map((r, i) => ({ id: `r${i}`, color: i, ...structuredClone(r) })) };
}

/** the same runs under other shared settings */
function withShared(e: Experiment, changes: Partial<SharedSettings>): Experiment {
	return { shared: { ...e.shared, ...changes }, runs: structuredClone(e.runs) };
}

// ── the lessons ──────────────────────────────────────────────────────────────────────────────────

const softmaxNaive = experiment(mnistSetup({ naiveSoftmax: true }), [
	run('He normal', adam(1e-3)),
	run('normal σ=1', adam(1e-3), { scheme: 'normal', std: 1 })
]);

const momentumRuns = experiment(mnistSetup(), [
	run('SGD η=0.01', sgd(0.01)),
	run('Momentum η=0.01', momentum(0.01)),
	run('Nesterov η=0.01', nesterov(0.01)),
	run('SGD η=0.1', sgd(0.1))
]);

// the lesson is about torch's default rates, not the per-data-set tuned ones
const allOptimizers: Experiment = { shared: mnistSetup(), runs: compareAllOptimizers(mnistSetup(), HE, 'defaults') };

const symmetry = experiment(mnistSetup(), [
	run('zeros', adam(1e-3), { scheme: 'zeros' }),
	run('constant 0.01', adam(1e-3), { scheme: 'constant', value: 0.01 }),
	run('He normal', adam(1e-3))
]);

const initScale = experiment(mnistSetup({ hidden: DEEP }), [
	run('normal σ=0.01 (too small)', momentum(0.01), { scheme: 'normal', std: 0.01 }),
	run('normal σ=1 (too large)', momentum(0.01), { scheme: 'normal', std: 1 }),
	run('He normal', momentum(0.01))
]);

const xavierHeRelu = experiment(mnistSetup({ hidden: DEEP }), [
	run('Xavier normal', momentum(0.01), { scheme: 'xavier-normal' }),
	run('He normal', momentum(0.01))
]);

const learningRates = experiment(mnistSetup({ activation: 'leaky-relu' }), [
	run('SGD η=10', sgd(10)),
	run('SGD η=0.1', sgd(0.1)),
	run('SGD η=0.001', sgd(0.001))
]);

/** moons, 40 epochs, evaluated ~10 times an epoch whatever the batch */
function batchExperiment(batchSize: number): Experiment {
	const shared = toySetup('moons', { batchSize, budget: { unit: 'epochs', value: 40 } });
	const perEpoch = Math.ceil(trainSize(shared) / batchSize);
	shared.evalEvery = Math.max(1, Math.round(perEpoch / 10));
	return experiment(shared, [run('SGD η=0.1', sgd(0.1)), run('SGD η=1', sgd(1))]);
}

const weightDecay = experiment(mnistSetup({ budget: { unit: 'epochs', value: 2 } }), [
	run('Adam (no decay)', adam(1e-3)),
	run('Adam + L2 λ=0.1', adam(1e-3, 0.1)),
	run('AdamW λ=0.1', adamw(1e-3, 0.1))
]);

// One run: five epochs of the lecture's net is already this gallery's longest lesson.
const bestMnist = experiment(mnistSetup({ budget: { unit: 'epochs', value: 5 }, evalEvery: 50 }), [
	run('Adam η=0.003, cosine', adam(3e-3), HE, { kind: 'cosine', etaMin: 0 })
]);

/**
 * Full-batch GD on a 3-arm spiral (300 points, 240 train = the whole batch), 2-32-32-3 ReLU from
 * Xavier weights, whose starting sharpness is ≈ 1.1: far below 2/η for the first two rates, far
 * above it for the third. Measured with this exact experiment (tests/unit/lessons.test.ts checks it).
 */
const edgeOfStability = experiment(
	toySetup('spiral', {
		toy: { n: 300, noise: 0.1, k: 3 },
		preprocessing: 'standardize',
		hidden: [32, 32],
		batchSize: 240,
		budget: { unit: 'steps', value: 5000 },
		evalEvery: 250
	}),
	[
		run('GD η=0.1 (2/η = 20)', sgd(0.1), { scheme: 'xavier-normal' }),
		run('GD η=0.4 (2/η = 5)', sgd(0.4), { scheme: 'xavier-normal' }),
		run('GD η=30 (2/η ≈ 0.07)', sgd(30), { scheme: 'xavier-normal' })
	]
);

export const LESSONS: Lesson[] = [
	{
		id: 'softmax-overflow',
		number: 1,
		title: 'The softmax overflow',
		explanation:
			'The lecture’s softmax, exp(z)/Σ exp(z), is exact on paper but not in floating point: exp(z) is ∞ once z > ln(largest double) ≈ 709.8. Both runs use that naive softmax. One starts from He weights, whose logits are of order 1; the other from N(0, 1) weights, whose logits run into the hundreds.',
		question: 'Which run survives its first step, and what will the other one’s loss read?',
		answer:
			'The He run trains normally (≈ 90% after one epoch). The N(0, 1) run is marked diverged at step 1 with loss NaN. Its logits have a standard deviation of about √(½·64 · ½·128 · ‖x‖²) ≈ 420 (each ReLU layer multiplies the variance by fan_in·σ²/2, and ‖x‖² ≈ 88 for an average MNIST digit), so every batch has logits above 709.8: exp(z) = ∞ and p = ∞/∞ = NaN — the lecture’s softmax([−1, 2, 1000.5]) = [0, 0, nan]. Open the stable version: subtracting max z changes nothing on paper (the factor e^(−max z) cancels) but keeps every exponent ≤ 0, so both runs train — the σ = 1 run only slowly, for reasons lesson 5 shows.',
		experiment: softmaxNaive,
		experimentLabel: 'naive softmax',
		links: [{ label: 'stable softmax', experiment: withShared(softmaxNaive, { naiveSoftmax: false }) }]
	},
	{
		id: 'momentum',
		number: 2,
		title: 'SGD, momentum and Nesterov',
		explanation:
			'Momentum keeps a running sum of gradients, b ← μ·b + g, and steps θ ← θ − η·b; Nesterov steps along g + μ·b, the gradient plus where the velocity is about to carry it. All four runs start from the same He weights and see the same batches. The first three share η = 0.01 (μ = 0.9); the fourth is plain SGD at ten times the rate.',
		question: 'Which of the first three passes 85% test accuracy first? Where will SGD at η = 0.1 end up compared with them?',
		answer:
			'Momentum and Nesterov pass 85% within about 75 steps; SGD at η = 0.01 is still near 70% after the whole epoch. While the gradient keeps its direction, b grows to g·(1 + μ + μ² + …) = g/(1 − μ) = 10·g, so at the same η momentum’s step is ten times SGD’s. SGD at η = 0.1 takes that ten-fold step directly and finishes level with them: on this problem most of momentum’s gain is the larger effective step. Nesterov’s look-ahead corrects a little earlier when the gradient turns, so it is usually slightly ahead of plain momentum. Where momentum pays beyond the step size — a long curved valley, which SGD zig-zags across — see the Rosenbrock race.',
		experiment: momentumRuns,
		links: [],
		alsoSurface: encodeRace({ ...defaultConfig('rosenbrock'), selected: ['sgd', 'momentum', 'nesterov'] })
	},
	{
		id: 'optimizer-table',
		number: 3,
		title: 'The lecture’s optimizer table',
		explanation:
			'The seven optimizers of the lecture’s table on the lecture’s network (784-128-64-10, ReLU, batch 64) for one epoch, all from the same initial weights and the same batches. Each runs at its usual starting rate: 0.1 for SGD, 0.01 for momentum, Nesterov and Adagrad, 0.001 for Adam, AdamW and RMSprop.',
		question: 'Rank them by test accuracy after one epoch. Will Adam and AdamW differ?',
		answer:
			'The adaptive methods lead — Adagrad and RMSprop (≈ 91%), then Adam and AdamW (≈ 90%) — with SGD, momentum and Nesterov close behind (≈ 88%). An adaptive method divides each weight’s step by the root of that weight’s own squared-gradient average (√s, √v, √v̂), so weights with small or rare gradients — those of pixels that are seldom on — move as fast as busy ones. Adam and AdamW lie on top of each other: AdamW only adds θ ← θ·(1 − ηλ), a factor 1 − 10⁻⁵ per step at λ = 0.01, 0.1% over the epoch. One epoch says little about the table’s last column: Adagrad’s sum s only grows, so its rate keeps shrinking on long runs, and “can generalise worse” takes many epochs to show.',
		experiment: allOptimizers,
		links: []
	},
	{
		id: 'symmetry',
		number: 4,
		title: 'Zeros init and symmetric units',
		explanation:
			'Three initialisations of the same network, trained with Adam: every weight 0; every weight 0.01; He’s random N(0, 2/fan_in). Biases start at 0 in all three. “Inside the network” shows each layer’s activations and how many of its units are exact copies of one another.',
		question: 'Which runs will learn anything? Will the constant init do better than zeros — and by how much?',
		answer:
			'With zeros, every hidden output is ReLU(0) = 0 and every weight gradient is 0 (∂L/∂W = δ·hᵀ, with h = 0 coming from below and δ = Wᵀ(…) = 0 coming from the zero weights above), so only the output biases learn: the net predicts the most frequent digit, ≈ 11%. With a constant, all units of a layer compute the same function, receive the same gradient and take the same step, so they stay identical for ever and each layer acts like a single unit: ≈ 21%. He’s random weights break the symmetry at step 0: ≈ 90%. Adam cannot rescue the symmetric runs — equal gradients give equal moments and equal steps.',
		experiment: symmetry,
		view: 'inside',
		inside: { sub: 'grid', quantity: 'weight' },
		links: []
	},
	{
		id: 'init-scale',
		number: 5,
		title: 'Too small, too large: a deep ReLU net',
		explanation:
			'Eight hidden ReLU layers of 64 units, SGD with momentum. Through one layer the variance of the signal is multiplied by fan_in·σ²/2 (ReLU zeroes half the pre-activations). He init takes σ² = 2/fan_in to make that factor exactly 1; the other two runs use one fixed σ for every layer.',
		question: 'What will each run’s loss curve do: stay flat, fall, or blow up?',
		answer:
			'σ = 0.01 stays flat: the factor is 64·10⁻⁴/2 ≈ 0.003 per layer, so the output carries ~10⁻²⁰ of the input’s variance — the logits are just the biases, the backward pass shrinks the same way, and the loss sits at ln 10 ≈ 2.30 (vanishing). σ = 1 blows up: the factor is 64/2 = 32 per layer, ≈ 10¹² over the net, so the logits are of order 10⁶, the gradients are as large, and within three steps the weights overflow — diverged, loss NaN (exploding). He keeps the factor at 1, so every layer sees signals of the same size, and its loss falls (≈ 86% in one epoch).',
		experiment: initScale,
		view: 'inside',
		inside: { sub: 'stats' },
		stepZero: true,
		links: []
	},
	{
		id: 'xavier-he',
		number: 6,
		title: 'Xavier or He: it depends on the activation',
		explanation:
			'Xavier sets Var(W) = 2/(fan_in + fan_out), which keeps the variance through a unit that is linear around 0 — like tanh, whose slope at 0 is 1. He sets Var(W) = g²/fan_in with the activation’s gain g: √2 for ReLU, which zeroes half its inputs, and 5/3 for tanh (torch’s calculate_gain). The net is lesson 5’s; the two runs draw the same random numbers, scaled differently. The activation is shared, so ReLU and tanh have a link each.',
		question: 'Under ReLU, which run gets going first? Then open the tanh version: does the gap grow, stay, or close?',
		answer:
			'Under ReLU, He trains at once (≈ 86% after one epoch) while Xavier stalls for the first 50 steps and ends near 44%. In a 64→64 layer Xavier’s Var(W) = 1/64 gives a factor 64·(1/64)/2 = ½ per layer, so after eight layers the signal and the gradient have lost 2⁸ = 256 times their variance. Under tanh the gap closes (both ≈ 88–89%): Xavier’s 1/fan_in matches tanh’s unit slope at 0, and He’s extra gain 5/3 would explode through ReLU but only pushes tanh a little into its flat tails, where the squashing cancels it — which is why torch recommends that gain for tanh. A bounded activation forgives a mis-scaled init far more than ReLU does.',
		experiment: xavierHeRelu,
		experimentLabel: 'ReLU',
		view: 'inside',
		inside: { sub: 'stats' },
		stepZero: true,
		links: [{ label: 'tanh', experiment: withShared(xavierHeRelu, { activation: 'tanh' }) }]
	},
	{
		id: 'learning-rate',
		number: 7,
		title: 'Learning rate: too high, too low',
		explanation:
			'Plain SGD, θ ← θ − η·g, from the same weights at three rates four orders of magnitude apart. The network is the lecture’s with leaky ReLU (slope 0.01 below zero) in place of ReLU, so no unit can switch off completely; the second link shows the same runs with ReLU.',
		question: 'Which rate learns fastest? What happens at η = 10 — and at η = 0.001?',
		answer:
			'η = 0.1 learns (≈ 88% in one epoch). η = 0.001 is stable but crawls: each step is a hundredth of η = 0.1’s, ≈ 20% after the epoch. η = 10 diverges within six steps: on a quadratic of curvature L, gradient descent multiplies the error by (1 − ηL) every step and converges only if η < 2/L; far beyond it each step overshoots by more than the last, the layers multiply each other’s growth, and the numbers overflow to ∞ and NaN. With ReLU the same η = 10 gives no NaN: the first huge steps push every unit of the second layer below zero, where ReLU′ = 0, the gradient vanishes and the net is dead — the loss stalls near 2.4 and never recovers. Too high a rate does not always announce itself with NaN.',
		experiment: learningRates,
		experimentLabel: 'leaky ReLU',
		links: [{ label: 'ReLU', experiment: withShared(learningRates, { activation: 'relu' }) }]
	},
	{
		id: 'batch-size',
		number: 8,
		title: 'Mini-batch size: 1, 32 or all',
		explanation:
			'A mini-batch gradient is an unbiased estimate of the full gradient whose variance falls as 1/B. The batch is a shared setting, so each size has its own link: 1, 32, and the whole training set (480 moons). Each trains for 40 epochs — the same number of gradient evaluations: 19,200 steps at batch 1, 600 at 32, 40 at 480. Every link has the same two runs, SGD at η = 0.1 and η = 1.',
		question: 'For each batch size, which rate wins? After 40 epochs, will the full batch be ahead of batch 1 or behind?',
		answer:
			'Batch 1: η = 0.1 wins (≈ 97%); η = 1 is thrown about by one-example gradients and ends at chance (50%) — each step adds η times a noise of variance σ²/1, far too much. Batch 32: both rates work. Full batch: the order flips. η = 0.1 has made only 40 small, exact steps and is at ≈ 89%; η = 1 reaches ≈ 98%: without noise the rate is limited only by the curvature (η < 2/L), not by the variance. So per epoch small batches make more progress, while large batches take fewer, cleaner steps and tolerate a larger rate — hence the heuristic of scaling η with B. On a GPU a batch of 32 costs hardly more time than a batch of 1, which is why mid-sized batches win on wall-clock time.',
		experiment: batchExperiment(1),
		experimentLabel: 'batch 1 How to pick it, then? The batch size × learning rate map (linked below) trains every pair on the same number of examples: at small batches the best η grows in proportion to B (the linear scaling rule) and the examples needed stay flat, so a larger batch costs nothing; past a critical batch size the best η stops growing — curvature caps it near 2/λ_max (lesson 11) — and every extra example per step is wasted. Pick the largest batch still on the flat part.',
		view: 'curves',
		alsoMap: encodeExperiment(batchExperiment(32)),
		links: [
			{ label: 'batch 32', experiment: batchExperiment(32) },
			{ label: 'full batch (480)', experiment: batchExperiment(480) }
		]
	},
	{
		id: 'weight-decay',
		number: 9,
		title: 'Adam with L2, or AdamW',
		explanation:
			'Two ways of adding weight decay λ to Adam. Adam’s weight_decay is L2: g ← g + λθ before the moments, so the decay is divided by √v̂ like the rest of the gradient. AdamW decouples it: θ ← θ·(1 − ηλ) at every step, outside the adaptive scaling. Same λ = 0.1, same η = 0.001, same start, two epochs; a run without decay for reference.',
		question: 'Whose weights shrink more — Adam + L2 or AdamW? Which ends with the better test accuracy?',
		answer:
			'Adam + L2 shrinks far more and loses accuracy (≈ 84% against ≈ 91%); AdamW is hard to tell from plain Adam. AdamW removes ηλ = 10⁻⁴ of each weight per step: 250 steps leave (1 − 10⁻⁴)²⁵⁰ ≈ 97.5%. In Adam + L2, a weight whose own gradient is small — one attached to a pixel that is almost always 0 — gets the update η·λθ/√((λθ)²) = η·sign(θ): it walks to zero at η per step whatever λ is, and a He weight of size 0.05 is gone in about 50 steps. So L2 inside Adam decays weights with small gradients hard and weights with large gradients hardly at all, while AdamW decays every weight by the same fraction, as weight decay does in SGD. The spike at zero shows in the weight histograms.',
		experiment: weightDecay,
		view: 'inside',
		inside: { sub: 'overlay', quantity: 'weight' },
		links: []
	},
	{
		id: 'best-mnist',
		number: 10,
		title: 'The lecture’s network, trained well',
		explanation:
			'The lecture’s 3-layer MLP (784-128-64-10, ReLU, He init, batch 64) trained for five epochs with Adam at η = 0.003, three times the default, decayed to 0 along a cosine: η_t = ½·η·(1 + cos(πt/T)). The data are this app’s 8,000 MNIST training images (the full set has 60,000) and 2,000 test images.',
		question: 'What test accuracy will it reach — 90, 95 or 99.5%? Where will the train and test losses end?',
		answer:
			'About 95% (≈ 94.7%; Adam at its default constant rate reaches ≈ 93.8% in the same five epochs). The larger rate makes the early progress faster, and the cosine shrinks the steps at the end so the last epochs settle instead of bouncing. The train loss falls to ≈ 0.01 while the test loss stops near 0.2: with 8,000 images the net memorises its training set, and more epochs barely help (ten, with the cosine stretched over them, give ≈ 95.2%). The lecture’s 99.5% needs all 60,000 images and a convolutional network; a plain MLP on the full set reaches about 98%. Then open Data & predictions and draw a digit: the run answers with its class probabilities, live as it trains. And on Weight-space paths, the loss along the straight line from θ₀ to θ now shows whether anything stood in the way (Goodfellow et al. found that it usually falls without a barrier).',
		experiment: bestMnist,
		links: []
	},
	{
		id: 'edge-of-stability',
		number: 11,
		title: 'Why a learning rate is too high: the edge of stability',
		explanation:
			'Full-batch gradient descent (every step uses all 240 training points) at three learning rates from the same start. The Curvature view plots each run’s sharpness λ_max — the largest eigenvalue of the loss’s Hessian, the steepest curvature — with the run’s bound 2/η dashed. On a quadratic, gradient descent is stable only while the curvature stays below 2/η. At the start λ_max ≈ 1.1 for all three.',
		question: 'Will the sharpness stay where it started, fall, or rise? Which run diverges, and why that one?',
		answer:
			'At η = 0.1 and 0.4 the sharpness rises — training seeks out sharper regions (“progressive sharpening”) — until it reaches 2/η (20 and 5) and then hovers there for the rest of the run while the loss keeps falling, in small jolts instead of smoothly: the edge of stability (Cohen et al., ICLR 2021). The network regulates its own curvature to the learning rate: each time λ_max creeps above 2/η the step overshoots along that direction, which flattens it again. At η = 30 the bound 2/η ≈ 0.07 lies far below even the starting sharpness 1.1, so the very first steps overshoot along the sharpest direction by a growing factor |1 − ηλ| ≈ 32 and the run diverges (NaN) within a few steps. That is the modern answer to “why does a too-high rate diverge there”: η must stay below 2/λ_max, and the largest usable η is set by curvature.',
		experiment: edgeOfStability,
		view: 'curvature',
		links: []
	}
];

export function lessonById(id: string): Lesson | undefined {
	return LESSONS.find((l) => l.id === id);
}

// ── links ────────────────────────────────────────────────────────────────────────────────────────

/**
 * The playground URL of a lesson: `${base}/?<experiment>&view=<tab>&sub=…&lesson=<id>`, the page options
 * written by their codec (url/page-options.ts; the default view is left out). `base` is the
 * app's root as `resolve('/')` or `base` from $app/paths gives it ('', '/', '/sub', '/sub/', '..');
 * a trailing slash is dropped so the result has exactly one. `link` picks one of lesson.links.
 */
export function lessonHref(lesson: Lesson, base: string, link?: LessonLink): string {
	const e = link ? link.experiment : lesson.experiment;
	const d = defaultPageOptions();
	const options = encodePageOptions({ ...d, view: lesson.view ?? 'curves', sub: lesson.inside?.sub ?? d.sub, quantity: lesson.inside?.quantity ?? d.quantity, lesson: lesson.id });
	return `${trimSlash(base)}/?${encodeExperiment(e)}&${options}`;
}

/** the /surface race of a lesson, or null if it has none */
/** the /sweep page on a lesson's base experiment, scrolled to the batch size × learning rate map */
export function mapHref(lesson: Lesson, base: string): string | null {
	return lesson.alsoMap === undefined ? null : `${trimSlash(base)}/sweep/?${lesson.alsoMap}#map-title`;
}

export function surfaceHref(lesson: Lesson, base: string): string | null {
	return lesson.alsoSurface === undefined ? null : `${trimSlash(base)}/surface/?${lesson.alsoSurface}`;
}

function trimSlash(base: string): string {
	return base.endsWith('/') ? base.slice(0, -1) : base;
}

// ── captions ─────────────────────────────────────────────────────────────────────────────────────

const DATASET_NAMES: Record<DatasetName, string> = {
	mnist: 'MNIST',
	spiral: 'spiral',
	circles: 'circles',
	xor: 'XOR',
	gaussians: 'Gaussian blobs',
	moons: 'moons'
};

const ACTIVATION_NAMES: Record<ActivationName, string> = {
	relu: 'ReLU',
	'leaky-relu': 'leaky ReLU',
	tanh: 'tanh',
	sigmoid: 'sigmoid',
	gelu: 'GELU',
	linear: 'linear'
};

/** e.g. "MNIST · 784-128-64-10 ReLU · batch 64 · 1 epoch (125 steps)" */
export function describeSetup(shared: SharedSettings): string {
	const info = datasetInfo(shared.dataset, shared.dataset === 'mnist' ? {} : shared.toy);
	const sizes = [info.inputDim, ...shared.hidden, info.nClasses].join('-');
	const { unit, value } = shared.budget;
	const steps = totalSteps(shared);
	const budget = unit === 'steps' ? `${steps} steps` : `${value} epoch${value === 1 ? '' : 's'} (${steps} steps)`;
	const softmax = shared.naiveSoftmax ? ' · naive softmax' : '';
	return `${DATASET_NAMES[shared.dataset]} · ${sizes} ${ACTIVATION_NAMES[shared.activation]} · batch ${shared.batchSize} · ${budget}${softmax}`;
}

/** e.g. "Momentum, η = 0.01, μ = 0.9 · init He normal" */
export function describeRun(run: RunSpec): string {
	const o = run.optimizer;
	const parts = [`${OPTIMIZER_LABELS[o.name]}, η = ${o.lr}`];
	if (o.momentum !== undefined) parts.push(`μ = ${o.momentum}`);
	if (o.weightDecay !== undefined) parts.push(`λ = ${o.weightDecay}`);
	if (run.schedule.kind !== 'constant') parts.push(`${run.schedule.kind} schedule`);
	const i = run.init;
	const param =
		i.scheme === 'normal'
			? ` σ = ${i.std ?? INIT_DEFAULTS.std}`
			: i.scheme === 'constant'
				? ` ${i.value ?? INIT_DEFAULTS.value}`
				: i.scheme === 'uniform'
					? ` a = ${i.bound ?? INIT_DEFAULTS.bound}`
					: '';
	return `${parts.join(', ')} · init ${INIT_LABELS[i.scheme]}${param}`;
}
