// Short help for every control and plot of the playground, as data keyed by topic. Formulas are
// plain unicode (no LaTeX renderer). The update rules and init variances are NOT repeated here:
// they come from describeOptimizer and describeInit, the one place the engine states them, and
// were checked against torch's documented algorithms (torch.optim.SGD/Adam/AdamW/RMSprop/Adagrad)
// and torch.nn.init (calculate_gain, xavier_*, kaiming_*, orthogonal_, nn.Linear.reset_parameters).
// Strengths and weaknesses of each optimizer follow the lecture's table (class 5, "Beyond
// Gradient Descent").
import { describeInit } from '../engine/init';
import { DEFAULT_LR, describeOptimizer } from '../engine/optim/index';
import { INITS, OPTIMIZERS, type InitName, type OptimizerName } from '../engine/types';

export interface HelpEntry {
	title: string;
	/** plain unicode math, shown in monospace */
	formula?: string;
	body: string;
	/** which values are healthy, when the quantity has such a range */
	healthy?: string;
}

type Note = Omit<HelpEntry, 'formula'>;

const OPTIMIZER_NOTES: Record<OptimizerName, Note> = {
	sgd: {
		title: 'SGD',
		body: 'Steps straight down the mini-batch gradient g, scaled by the learning rate η. Strengths: simple, stable; often generalizes well. Weaknesses: η needs tuning; slow in narrow valleys without momentum.'
	},
	momentum: {
		title: 'SGD + momentum',
		body: 'b (the lecture’s v) sums past gradients with decay μ, so steps build up along directions that agree and noise cancels; the steady step is η·g/(1 − μ). Strengths: faster convergence, smooths noisy gradients. Weaknesses: one more hyper-parameter, μ.'
	},
	nesterov: {
		title: 'SGD + Nesterov',
		body: 'Looks ahead: the step uses g + μ·b, the gradient plus the already updated buffer (torch’s form of the look-ahead). Strengths: often converges faster than plain momentum. Weaknesses: slightly more complex; the same tuning issues.'
	},
	adam: {
		title: 'Adam',
		body: 'Per-parameter rates from running averages of g (m) and g² (v); m̂, v̂ correct their start at 0, so steps are ≈ η whatever the gradient’s scale. Strengths: works out of the box. Weaknesses: can generalize worse than SGD. AMSGrad divides by the largest v so far.'
	},
	adamw: {
		title: 'AdamW',
		body: 'Adam with decoupled weight decay: θ shrinks by the factor 1 − η·λ directly instead of through g, so the decay is not divided by √v̂. Strengths: better weight-decay behaviour; often the preferred default. Weaknesses: one more setting, λ (0.01 by default).'
	},
	rmsprop: {
		title: 'RMSprop',
		body: 'Divides each coordinate’s step by √v, a running average of g² (decay α): steep directions slow down, flat ones speed up. No bias correction: at α = 0.99 the first step is 10·η·sign(g). Strengths: non-stationary problems, RNNs. Weaknesses: sensitive to its hyper-parameters.'
	},
	adagrad: {
		title: 'Adagrad',
		body: 's adds up every g² since the start, so each coordinate’s rate η/√s only ever shrinks. Strengths: good for sparse features; no hand-made schedule needed. Weaknesses: the rate can become too small over long training.'
	}
};

const INIT_NOTES: Record<InitName, Note> = {
	zeros: {
		title: 'Zeros init',
		body: 'All units of a layer compute the same output and receive the same gradient, so they stay identical for ever: the layer acts like one unit. With ReLU or tanh the hidden layers get no gradient at all.',
		healthy: 'never for weights; fine for biases'
	},
	constant: {
		title: 'Constant init',
		body: 'Like zeros: every unit starts equal, gets equal gradients and stays equal (symmetry), however the constant is chosen.',
		healthy: 'never for weights'
	},
	uniform: {
		title: 'Uniform init',
		body: 'A hand-set scale a, the same for every layer whatever its width: too small and activations vanish with depth, too large and they explode.'
	},
	normal: {
		title: 'Normal init',
		body: 'A hand-set σ for every layer. The lecture’s demo: σ = 0.01 makes a deep ReLU net’s activations shrink toward 0 (vanishing); σ = 1 makes them blow up (exploding).',
		healthy: 'activation std roughly equal in every layer at step 0'
	},
	'xavier-uniform': {
		title: 'Xavier (Glorot) uniform',
		body: 'Keeps the variance of activations and of gradients about equal across layers for tanh-like units (gain 1, torch’s default). Under ReLU the activation variance roughly halves at every layer.'
	},
	'xavier-normal': {
		title: 'Xavier (Glorot) normal',
		body: 'The Gaussian twin of Xavier uniform, same variance: built for tanh-like units; under ReLU activations shrink with depth.'
	},
	'he-uniform': {
		title: 'He (Kaiming) uniform',
		body: 'torch’s kaiming_uniform_ (fan_in). Gain g = √2 for ReLU makes up for ReLU zeroing half its inputs, so the activation variance stays constant with depth; g = 5/3 for tanh, 1 for sigmoid and linear.'
	},
	'he-normal': {
		title: 'He (Kaiming) normal',
		body: 'torch’s kaiming_normal_ (fan_in): the Gaussian twin of He uniform, same variance g²/fan_in (g = √2 for ReLU, 5/3 for tanh).'
	},
	'lecun-normal': {
		title: 'LeCun normal',
		body: 'Variance 1/fan_in keeps a linear (or SELU) layer’s output variance equal to its input’s. torch has no lecun_normal_: it is kaiming_normal_ with nonlinearity “linear”.'
	},
	orthogonal: {
		title: 'Orthogonal init',
		body: 'Orthonormal rows (or columns) scaled by g: a linear layer then preserves the length of every input exactly. Here g is the activation’s gain; torch’s orthogonal_ defaults to gain 1.'
	},
	'torch-default': {
		title: 'torch Linear default',
		body: 'What nn.Linear does if you set nothing (kaiming_uniform_ with a = √5). Its variance 1/(3·fan_in) is a sixth of He’s 2/fan_in, so a deep ReLU net starts with shrinking activations.'
	}
};

const GENERAL = {
	// ── curves ──
	smoothing: {
		title: 'Smoothing (debiased EMA)',
		formula: 'sₖ = w·sₖ₋₁ + (1 − w)·Lₖ,  s₀ = 0;   shown: sₖ/(1 − wᵏ)',
		body: 'The train loss is smoothed as by TensorBoard’s slider: w = 0 is raw, w near 1 is smoother but lags. Dividing by 1 − wᵏ removes the pull toward the zero start (like Adam’s bias correction). The raw loss stays faint behind.'
	},
	'log-scale': {
		title: 'Log-scale loss',
		formula: 'y = log₁₀ L',
		body: 'Equal distances are equal ratios: 1 → 0.1 looks as long as 0.1 → 0.01, so late progress and gaps between runs stay visible. A straight falling line is a loss shrinking by a constant factor per step.'
	},
	'x-axis': {
		title: 'x axis',
		formula: 'epoch = step·B / N_train;   examples seen = step·B',
		body: 'Steps count optimizer updates. Epochs and examples seen compare runs with different batch sizes fairly (same data seen). Compute time is the worker’s wall-clock time and depends on the machine.'
	},
	'loss-chart': {
		title: 'Loss',
		formula: 'L = −(1/B)·Σ_b log softmax(z_b)[y_b]',
		body: 'Thick line: the mean cross-entropy on each mini-batch (what the optimizer minimizes), smoothed. Dots: the loss on the whole test split at each evaluation. A run whose loss turns NaN or ∞ is marked diverged.',
		healthy: 'falling; ln C at chance (2.30 for 10 classes, 0.69 for 2). Rising or NaN: η too high'
	},
	'accuracy-chart': {
		title: 'Test accuracy',
		formula: 'acc = #{n : argmax_c z_n,c = y_n} / N_test',
		body: 'Share of the held-out test split classified correctly, measured every “Evaluate every” steps; the model never trains on it. Train loss still falling while test accuracy stalls or drops means overfitting.',
		healthy: 'chance is 1/C (10% on MNIST); a small MLP reaches about 97–98% on MNIST'
	},
	// ── shared settings ──
	dataset: {
		title: 'Data set',
		body: 'MNIST: 28×28 handwritten digits, 784 inputs, 10 classes (the lecture’s data). The 2-D sets (spiral, circles, XOR, blobs, moons) are drawn from the seed; their decision regions show what the network learned.'
	},
	preprocessing: {
		title: 'Preprocessing',
		formula: 'scale: x′ = 2(x − min)/(max − min) − 1;   standardize: x′ = (x − μ)/σ',
		body: 'Per input feature, with min, max, μ, σ from the train split only (nothing leaks from the test split). Inputs centred near 0 with similar scales keep first-layer pre-activations where the init expects them.'
	},
	'hidden-layers': {
		title: 'Hidden layers',
		formula: 'a_l = f(W_l·a_l₋₁ + b_l), W_l: OUT×IN;  parameters per layer = OUT·IN + OUT',
		body: 'Widths of the hidden layers from input to output: “128, 64” is 784 → 128 → 64 → 10 on MNIST (the lecture’s 3-layer MLP). Empty: logistic regression, no hidden layer.'
	},
	activation: {
		title: 'Activation',
		formula: 'ReLU = max(0, z);  leaky ReLU = max(0.01·z, z);  tanh;  sigmoid = 1/(1 + e⁻ᶻ);  GELU ≈ z·Φ(z)',
		body: 'The nonlinearity after every hidden layer; the output layer stays linear, followed by softmax. It sets the init gain (√2 ReLU, 5/3 tanh, 1 sigmoid). ReLU units can die (z ≤ 0 on every input); tanh and sigmoid units can saturate (flat, gradient ≈ 0).'
	},
	'naive-softmax': {
		title: 'Naive vs stable softmax',
		formula: 'softmax(z)_c = e^(z_c − max z) / Σ_k e^(z_k − max z)',
		body: 'Naive e^z/Σe^z overflows: softmax([−1, 2, 1000.5]) needs e^1000.5 = ∞ (float64 overflows past z ≈ 709.8), and ∞/∞ = NaN, so the loss is NaN. Subtracting max z cancels in the fraction, changes nothing mathematically, and makes the largest exponent e⁰ = 1.',
		healthy: 'off; turn it on to watch the NaN appear'
	},
	'batch-size': {
		title: 'Batch size (mini-batch SGD)',
		formula: 'g = (1/B)·Σ_{i∈𝓑} ∇ℓ(x_i, y_i, θ), |𝓑| = B',
		body: 'The lecture’s “full story”: sample a random mini-batch 𝓑, compute its loss and gradient, update, repeat. Small B: cheap, noisy steps (noise ∝ 1/√B); B = N_train is full-batch gradient descent. One pass over the shuffled train split is an epoch.',
		healthy: '32–256 is typical; 1 is pure stochastic gradient descent'
	},
	budget: {
		title: 'Training budget',
		formula: 'steps = epochs × ⌈N_train / B⌉',
		body: 'How long every run trains, in epochs (passes over the train split) or optimizer steps. All runs get the same budget, so their curves end at the same point.'
	},
	'eval-interval': {
		title: 'Evaluation interval',
		body: 'Every k steps (and at step 0 and at the end) each run computes loss and accuracy on the whole test split. Smaller k: finer test curves and “steps to target”, but slower training.'
	},
	seed: {
		title: 'Seed',
		body: 'One number fixes all randomness: the 2-D data, θ₀ (runs with the same init start from the same weights) and the order of the mini-batches. Same seed, same run, bit for bit; re-roll to check a result is not luck.'
	},
	// ── one run ──
	'learning-rate': {
		title: 'Learning rate η',
		formula: 'θ ← θ − η · (the optimizer’s direction)',
		body: 'Scales every step. Too high: the loss jumps about or turns NaN (diverges); too low: it barely moves. Each optimizer has its own usable range (see the LR sweep); ↑/↓ and ÷10/×10 walk the 1-2-5 ladder.',
		healthy: 'update ratio ‖Δθ‖/‖θ‖ ≈ 1e-3 per step'
	},
	'weight-decay': {
		title: 'Weight decay λ',
		formula: 'L2 (all but AdamW): g ← g + λ·θ;   AdamW: θ ← θ·(1 − η·λ)',
		body: 'Pulls weights toward 0. For SGD the two forms are the same; in Adam the L2 term is divided by √v̂ with the gradient, so weights with large gradients decay less. AdamW decouples it.'
	},
	schedule: {
		title: 'Learning-rate schedule',
		formula: 'step: η·γ^⌊t/N⌋;  cosine: η_min + (η − η_min)(1 + cos(πt/T))/2;  warm-up: η·(t+1)/W for t < W',
		body: 'How η changes over the run (torch StepLR, CosineAnnealingLR). Lowering η late lets SGD settle into a minimum instead of bouncing around it; a warm-up avoids large early steps while the statistics are poor.'
	},
	fairness: {
		title: 'Same θ₀ · same batches',
		body: 'Runs with the same init scheme start from identical weights θ₀ (drawn from the seed), and all runs see the same mini-batches in the same order, so curves differ only by optimizer, learning rate and schedule. Runs with other inits share the batches, not θ₀.'
	},
	'compare-rates': {
		title: 'Rates of “Compare all optimizers”',
		body: 'Each optimizer gets the rate a sweep found best for this data set: 10 rates from 10⁻⁴ to 3, two seeds, the default 16×16 ReLU network, lowest mean train loss over the run. torch’s defaults make adaptive methods look slow on 2-D sets. Sweep: src/scripts/tune-lr.ts.'
	},
	// ── summary table ──
	'col-final-acc': {
		title: 'Final test accuracy',
		body: 'Test accuracy at the run’s latest evaluation.'
	},
	'col-best-acc': {
		title: 'Best test accuracy',
		body: 'The highest test accuracy of any evaluation so far. Above the final one when the run got worse later (overfitting or instability); choosing by it is optimistic, since the test split picks the point.'
	},
	'col-train-loss': {
		title: 'Final train loss',
		body: 'Cross-entropy of the latest mini-batch (raw, not smoothed), so it is noisy for small batches. With batch size 1 it is the mean over the last epoch’s steps instead: one example’s loss says little about the net.'
	},
	'col-test-loss': {
		title: 'Final test loss',
		body: 'Mean cross-entropy over the whole test split at the latest evaluation.',
		healthy: 'close to the train loss; far above it means overfitting'
	},
	'col-steps-to-target': {
		title: 'Steps to target',
		body: 'The first evaluation step at which test accuracy reached the target chosen above. Accuracy is only measured at evaluations, so this is a multiple of the evaluation interval.'
	},
	'col-examples-to-target': {
		title: 'Examples to target',
		formula: 'examples = steps · B (the last batch of an epoch may be smaller)',
		body: 'Training examples the run had seen when its test accuracy first reached the target. Like steps, it does not depend on the machine: the figure to compare runs by.'
	},
	'col-time-to-target': {
		title: 'Own compute time to target',
		body: 'Time spent on this run’s own steps and evaluations up to that evaluation, measured per run in its worker (other runs’ turns and pauses not counted). Shared cores still inflate it and it depends on the machine: compare steps or examples first.'
	},
	'col-samples-per-sec': {
		title: 'Examples per second of own compute',
		formula: 'examples/s = examples seen / own compute time',
		body: 'Examples seen ÷ the run’s own compute time (its own chunks, measured per run in its worker — not wall time since Play), so runs hosted together compare fairly. Shared cores still inflate the time. Adam’s two moments per weight cost a little more.'
	},
	'col-own-compute': {
		title: 'Own compute, ms',
		formula: 'own compute = Σ (end − start) of this run’s chunks',
		body: 'Each chunk of this run’s steps and evaluations is timed in its worker; only its own chunks are summed — not the round shared with other runs, not pauses. It is elapsed time in the worker, so cores shared with other programs inflate it.'
	},
	// ── data views ──
	'decision-boundary': {
		title: 'Decision regions',
		formula: 'class(x) = argmax_c p(c | x);  p = softmax(z(x))',
		body: 'The model evaluated on a grid over the plane: a pure colour is a confident class, a mixed one undecided; the boundary is where the argmax changes. Dots are the data.',
		healthy: 'smooth regions that follow the data; islands around single points mean overfitting'
	},
	filters: {
		title: 'First-layer weights',
		formula: 'z_j = W₁[j, :]·x + b_j   (row j drawn as a 28×28 image)',
		body: 'Each image is one first-layer unit’s incoming weights: the pixels that excite it (orange) or inhibit it (blue).',
		healthy: 'smooth, stroke-like blobs after training; pure noise = not yet trained; identical images = symmetric init'
	},
	predictions: {
		title: 'Predictions on test digits',
		formula: 'ŷ = argmax_c p(c | x)',
		body: 'The same fixed test digits for every run with each run’s predicted class; wrong predictions are marked ✕. Errors on the same digits across runs point at the data, not the optimizer.'
	},
	'confusion-matrix': {
		title: 'Confusion matrix',
		formula: 'M[t, p] = #{test examples of true class t predicted as p}',
		body: 'Rows: the true class; columns: the prediction; the diagonal is correct. Shade: the share of the true class’s examples, so off-diagonal cells show which digits get confused (4↔9, 3↔5, 7↔9 are common).',
		healthy: 'a dark diagonal, pale elsewhere'
	},
	// ── weight space ──
	'weight-space': {
		title: 'Weight-space projection',
		formula: '(α, β) = (⟨θ − c, d₁⟩, ⟨θ − c, d₂⟩);  ‖d₁‖ = ‖d₂‖ = 1, d₁ ⊥ d₂',
		body: 'Snapshots θ projected on the plane through c (the shared θ₀ or the snapshots’ mean) spanned by d₁, d₂, the two directions in which the runs spread most (PCA). Contours: the loss computed exactly on that plane. Caveat: 2 of P dimensions; each step’s off-plane part is invisible.'
	},
	// ── curvature, interpolation, drawing, batch × η map (issue 18) ──
	sharpness: {
		title: 'Sharpness λ_max: edge of stability',
		formula:
			'λ_max = top eigenvalue of H = ∇²L(θ), fixed probe batch;  stable while λ_max < 2/η (SGD);  (2+2μ)/η (momentum);  (2+2μ)/((1+2μ)η) (Nesterov);  Adam: λ_max(P⁻¹H) < (2+2β₁)/((1−β₁)η) = 38/η at β₁ = 0.9, P = diag(√v̂ + ε)',
		body: 'GD on a quadratic of curvature a is stable only while a < 2/η. Full-batch training drives λ_max up to 2/η, where it hovers while the loss still falls (Cohen et al. 2021). Power iteration on exact Hessian-vector products, ≤ 5% of training work. Dashed: each run’s bound.',
		healthy: 'at or below the dashed bound; far above it the run cannot settle'
	},
	interpolation: {
		title: 'Loss along the line θ₀ → θ_now',
		formula: 'θ(α) = θ₀ + α·(θ_now − θ₀),  α from 0 to 1.5;  L(θ(α)) on a fixed train (solid) and test (dashed) probe batch',
		body: 'Goodfellow et al. (2015): a curve falling smoothly to α = 1 means no barrier lies between the start and now — the winding path was not needed. Rising again beyond 1: θ_now sits in a valley along this line. The gap between the curves is the generalisation gap.'
	},
	'draw-digit': {
		title: 'Draw a digit',
		formula: 'ink box → longest side 20 px, aspect kept, anti-aliased;  centre of mass → centre of 28 × 28;  the run’s preprocessing;  p = softmax(z)',
		body: 'Draw with mouse, finger or pen. The drawing is made into a digit the way MNIST’s were (LeCun et al.), then every run gives its class probabilities, refreshed as it trains. Off-centre or small drawings are moved and scaled like MNIST’s.'
	},
	'batch-lr-map': {
		title: 'Batch size × learning rate map',
		formula: 'every cell sees E epochs = E·n examples = E·⌈n/B⌉ steps;  linear scaling rule: best η ∝ B while B is small',
		body: 'One run per (B, η), all on the same budget of examples; ✕ = diverged. At small B the best η grows with B and the examples to reach a target stay flat; past a critical batch size curvature caps η and each extra example per step buys less.',
		healthy: 'pick the largest B still on the flat part of “examples to reach”'
	},
	// ── surface race ──
	'surface-arrows': {
		title: 'Arrows on the map',
		formula: '−∇f: steepest descent;   −b or −m̂: the optimizer’s memory;   Δθ: the step taken',
		body: 'Drawn at the inspected step, each kind scaled by the factor listed (×…) so a typical arrow is visible; ✂ marks one shortened to fit. Where Δθ differs from −∇f, momentum or per-coordinate rates changed the direction.'
	},
	'effective-lr': {
		title: 'Effective learning rate',
		formula: 'Adam: η/(√v̂ + ε);   RMSprop: η/(√v + ε);   Adagrad: η/(√s + ε)',
		body: 'Adaptive methods give every coordinate its own rate: small where gradients have been large, large where they have been small. The bars compare x and y.'
	},
	'surface-race': {
		title: 'Surface race',
		body: 'The optimizers run on a 2-D test function f(x, y) from the same start for the same number of steps, with the engine’s torch.optim algorithms. Contours are levels of f; with noise σ > 0 every optimizer gets the same noisy gradients.'
	},
	// ── inside the network (placed by the lead in src/lib/components/inside/) ──
	histogram: {
		title: 'Histogram',
		formula: 'height of bin k = share of values in [e_k, e_k₊₁)',
		body: 'The distribution of one layer’s weights, biases, pre-activations z, activations a or gradients at the scrubbed step (activations on a fixed probe batch). In a column all runs share bins and y scale.',
		healthy: 'a moderate spread in every layer; a spike at 0 = vanishing, ever wider = exploding'
	},
	'distribution-bands': {
		title: 'Distribution bands',
		formula: 'percentiles 0, 6.7, 15.9, 30.9, 50, 69.1, 84.1, 93.3, 100 (±∞, ±1.5σ, ±σ, ±0.5σ of a normal)',
		body: 'A layer’s distribution through time, as in TensorBoard: the line is the median, the nested bands lie between matching percentiles, the palest is min to max. Widening bands mean growing values; collapsing ones, shrinking values or dying units.'
	},
	overlay: {
		title: 'Overlay',
		body: 'One layer, every run’s histogram outlined in its colour on the same bins and y axis (share of the values per bin), so shifts in centre and spread read directly.'
	},
	'layer-stats': {
		title: 'Layer statistics',
		body: 'Per layer over time, on log axes: activation std, gradient norm and update ratio. Lines go from dark (layer 1) to light (output layer): a fan opening with depth is exploding, a fan closing is vanishing.'
	},
	'activation-std': {
		title: 'Activation std',
		formula: 'std(a_l) = √(mean (a − ā)²) over the probe batch',
		body: 'How spread a layer’s outputs are. Through a layer, Var(z) ≈ fan_in·Var(W)·E[a²] of its input, which is what the init’s variance is chosen to keep steady.',
		healthy: 'roughly the same order in every layer'
	},
	'gradient-norm': {
		title: 'Gradient norm',
		formula: '‖g_l‖₂ = √(‖∂L/∂W_l‖² + ‖∂L/∂b_l‖²)',
		body: 'The size of the gradient reaching layer l. Norms shrinking toward the input mean vanishing gradients (early layers barely learn); spikes or ∞ mean exploding.',
		healthy: 'a similar order of magnitude in every layer, slowly falling as training converges'
	},
	'update-ratio': {
		title: 'Update ratio',
		formula: '‖Δθ_l‖₂ / ‖θ_l‖₂;  Δθ_l = θ_l after − θ_l before the step',
		body: 'How much one step changes a layer relative to its size (weights and bias). It combines η, the gradient and the optimizer in one number.',
		healthy: '≈ 1e-3 (Karpathy’s rule of thumb); ≫ 1e-2: η too high; ≪ 1e-4: η too low or the layer is stuck'
	},
	'dead-relu': {
		title: 'Dead ReLUs',
		formula: 'dead share = #{units j : z_j ≤ 0 on every probe example} / OUT',
		body: 'A dead ReLU outputs 0 and receives zero gradient for every input, so it never recovers. Usual causes: η too high, or large negative biases.',
		healthy: 'close to 0%; tens of % means the layer lost much of its width'
	},
	saturation: {
		title: 'Saturation',
		formula: 'saturated: a within 0.03 of a bound (±1 for tanh; 0, 1 for sigmoid);  tanh′ = 1 − a²,  σ′ = a(1 − a)',
		body: 'In the flat tails the derivative is ≈ 0, so little gradient flows back and learning stalls. Usual causes: weights too large at init (σ too big) or unscaled inputs.',
		healthy: 'a small share, a few %'
	},
	symmetry: {
		title: 'Symmetric units',
		formula: 'W_l[j, :] = W_l[0, :] and b_j = b_0 for all j  ⇒  identical gradients',
		body: 'Identical units receive identical gradients, so they stay identical for ever: a layer of 128 copies acts as one unit. Zeros or constant init cause it; any random init breaks it.',
		healthy: 'never symmetric'
	},
	'init-profile': {
		title: 'Initialization at step 0',
		formula: 'Var(z_l) ≈ fan_in · Var(W_l) · E[a_l₋₁²]',
		body: 'Before any training, the std of every layer’s activations on the same probe batch, for each init scheme. He keeps it flat under ReLU, Xavier under tanh; falling toward 0 is vanishing, rising is exploding.',
		healthy: 'flat across depth'
	}
} as const satisfies Record<string, HelpEntry>;

export type GeneralTopic = keyof typeof GENERAL;
export type OptimizerTopic = `optimizer:${OptimizerName}`;
export type InitTopic = `init:${InitName}`;
export type HelpTopic = GeneralTopic | OptimizerTopic | InitTopic;

export const optimizerTopic = (name: OptimizerName): OptimizerTopic => `optimizer:${name}`;
export const initTopic = (scheme: InitName): InitTopic => `init:${scheme}`;

/** The topics of the inside-the-network views (src/lib/components/inside/), for the lead to place. */
export const INSIDE_TOPICS = [
	'histogram',
	'distribution-bands',
	'overlay',
	'layer-stats',
	'activation-std',
	'gradient-norm',
	'update-ratio',
	'dead-relu',
	'saturation',
	'symmetry',
	'init-profile'
] as const satisfies readonly GeneralTopic[];

/** Every topic: the general ones, one per optimizer, one per init scheme. */
export const HELP_TOPICS: readonly HelpTopic[] = [
	...(Object.keys(GENERAL) as GeneralTopic[]),
	...OPTIMIZERS.map(optimizerTopic),
	...INITS.map(initTopic)
];

function isOptimizer(s: string): s is OptimizerName {
	return (OPTIMIZERS as readonly string[]).includes(s);
}

function isInit(s: string): s is InitName {
	return (INITS as readonly string[]).includes(s);
}

/** The help entry for a topic. */
export function helpFor(topic: HelpTopic): HelpEntry {
	if (topic.startsWith('optimizer:')) {
		const name = topic.slice('optimizer:'.length);
		if (isOptimizer(name))
			return {
				...OPTIMIZER_NOTES[name],
				formula: describeOptimizer(name),
				healthy: OPTIMIZER_NOTES[name].healthy ?? `start near η = ${DEFAULT_LR[name]} (this playground’s default); the LR sweep shows the usable range`
			};
	} else if (topic.startsWith('init:')) {
		const scheme = topic.slice('init:'.length);
		if (isInit(scheme)) return { ...INIT_NOTES[scheme], formula: describeInit(scheme) };
	} else if (Object.hasOwn(GENERAL, topic)) {
		return GENERAL[topic as GeneralTopic];
	}
	throw new RangeError(`help: unknown topic ${topic}`);
}
