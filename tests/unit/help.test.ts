import { describe, expect, it } from 'vitest';
import { describeInit } from '../../src/lib/engine/init';
import { describeOptimizer } from '../../src/lib/engine/optim/index';
import { INITS, OPTIMIZERS, type InitName, type OptimizerName } from '../../src/lib/engine/types';
import { HELP_TOPICS, helpFor, initTopic, INSIDE_TOPICS, optimizerTopic, type HelpTopic } from '../../src/lib/help/help';

// The symbols each update rule must contain, read off torch's documented algorithms
// (torch.optim.*, "Algorithm" boxes), written in the playground's notation (η = lr, b = momentum
// buffer, s = Adagrad's state_sum):
//   SGD       θ_t = θ_{t−1} − γ·g_t
//   momentum  b_t = μ·b_{t−1} + g_t;  θ_t = θ_{t−1} − γ·b_t
//   Nesterov  b_t as above;  g_t ← g_t + μ·b_t;  θ_t = θ_{t−1} − γ·g_t
//   Adam      m_t = β₁m + (1−β₁)g;  v_t = β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  θ −= γ·m̂/(√v̂ + ε)
//   AdamW     θ_t = θ_{t−1} − γλθ_{t−1}, then Adam's step without λ in g
//   RMSprop   v_t = α·v + (1−α)·g²;  θ −= γ·g/(√v + ε)
//   Adagrad   state_sum += g²;  θ −= γ̃·g/(√state_sum + ε)
// The whole rule as the help shows it, written out here from torch's algorithms above (not read
// from the engine), so a change to any term of a displayed formula fails this test.
const OPTIMIZER_FORMULA: Record<OptimizerName, string> = {
	sgd: 'θ ← θ − η·g',
	momentum: 'b ← μ·b + g;  θ ← θ − η·b',
	nesterov: 'b ← μ·b + g;  θ ← θ − η·(g + μ·b)',
	adam: 'm ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  θ ← θ − η·m̂/(√v̂ + ε)',
	adamw: 'θ ← θ·(1 − η·λ);  m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  θ ← θ − η·m̂/(√v̂ + ε)  (m̂, v̂ as in Adam)',
	rmsprop: 'v ← α·v + (1−α)·g²;  θ ← θ − η·g/(√v + ε)  (with μ > 0: b ← μ·b + g/(√v + ε);  θ ← θ − η·b)',
	adagrad: 's ← s + g²;  θ ← θ − η·g/(√s + ε)'
};

const OPTIMIZER_SYMBOLS: Record<OptimizerName, string[]> = {
	sgd: ['θ ← θ − η·g'],
	momentum: ['μ·b + g', 'θ − η·b'],
	nesterov: ['μ·b + g', 'g + μ·b'],
	adam: ['β₁', 'β₂', 'g²', 'm̂', 'v̂', '1−β₁ᵗ', '1−β₂ᵗ', '√v̂ + ε'],
	adamw: ['θ·(1 − η·λ)', 'm̂', 'v̂', 'β₁', 'β₂'],
	rmsprop: ['α·v', '(1−α)·g²', '√v + ε'],
	adagrad: ['s + g²', '√s + ε']
};

// torch.nn.init, with g = calculate_gain(nonlinearity):
//   xavier_uniform_  U(−a, a), a = gain·√(6/(fan_in + fan_out))   → Var = a²/3 = 2/(fan_in + fan_out)
//   xavier_normal_   N(0, std²), std = gain·√(2/(fan_in + fan_out))
//   kaiming_uniform_ U(−b, b), b = gain·√(3/fan_in)               → Var = b²/3 = g²/fan_in
//   kaiming_normal_  N(0, std²), std = gain/√fan_in                → Var = g²/fan_in
//   nn.Linear default: kaiming_uniform_(a=√5) → U(−1/√fan_in, 1/√fan_in) → Var = 1/(3·fan_in)
// Written out from the torch.nn.init formulas above (defaults: a = 0.05, σ = 0.01, c = 0.1).
const INIT_FORMULA: Record<InitName, string> = {
	zeros: 'W = 0 — every unit identical, symmetry never breaks',
	constant: 'W = c (default 0.1) — every unit identical',
	uniform: 'W ~ U(−a, a), Var = a²/3 (default a = 0.05)',
	normal: 'W ~ N(0, σ²) (default σ = 0.01)',
	'xavier-uniform': 'W ~ U(−a, a), a = √(6/(fan_in+fan_out)), Var = 2/(fan_in+fan_out)',
	'xavier-normal': 'W ~ N(0, σ²), σ² = 2/(fan_in+fan_out)',
	'he-uniform': 'W ~ U(−a, a), a = g·√(3/fan_in), Var = g²/fan_in',
	'he-normal': 'W ~ N(0, σ²), σ² = g²/fan_in',
	'lecun-normal': 'W ~ N(0, σ²), σ² = 1/fan_in',
	orthogonal: 'W = g·Q, Q (semi-)orthogonal from the QR of a Gaussian matrix, Var = g²/max(fan_in, fan_out)',
	'torch-default': 'W, b ~ U(−1/√fan_in, 1/√fan_in), Var = 1/(3·fan_in)'
};

const INIT_SYMBOLS: Record<InitName, string[]> = {
	zeros: ['0'],
	constant: ['c'],
	uniform: ['U(−a, a)', 'a²/3'],
	normal: ['N(0, σ²)'],
	'xavier-uniform': ['√(6/(fan_in+fan_out))', '2/(fan_in+fan_out)'],
	'xavier-normal': ['2/(fan_in+fan_out)'],
	'he-uniform': ['√(3/fan_in)', 'g²/fan_in'],
	'he-normal': ['g²/fan_in'],
	'lecun-normal': ['1/fan_in'],
	orthogonal: ['Q', 'g²/max(fan_in, fan_out)'],
	'torch-default': ['1/√fan_in', '1/(3·fan_in)']
};

describe('help entries', () => {
	it('has an entry for every optimizer, with its update rule and the key symbols', () => {
		for (const name of OPTIMIZERS) {
			const e = helpFor(optimizerTopic(name));
			expect(e.formula).toBe(OPTIMIZER_FORMULA[name]);
			// the help reuses the engine's text (one copy that cannot drift from the code's comments)
			expect(describeOptimizer(name)).toBe(OPTIMIZER_FORMULA[name]);
			for (const sym of OPTIMIZER_SYMBOLS[name]) expect(e.formula, `${name}: ${sym}`).toContain(sym);
			// strengths and weaknesses as in the lecture's table
			expect(e.body).toMatch(/Strengths: .+Weaknesses: /);
		}
	});

	it('has an entry for every init scheme, with its variance and the key symbols', () => {
		for (const scheme of INITS) {
			const e = helpFor(initTopic(scheme));
			expect(e.formula).toBe(INIT_FORMULA[scheme]);
			expect(describeInit(scheme)).toBe(INIT_FORMULA[scheme]);
			for (const sym of INIT_SYMBOLS[scheme]) expect(e.formula, `${scheme}: ${sym}`).toContain(sym);
		}
	});

	it('gives the quantities of the inside views their formulas and healthy ranges', () => {
		expect(helpFor('update-ratio').formula).toContain('‖Δθ_l‖₂ / ‖θ_l‖₂');
		expect(helpFor('update-ratio').healthy).toContain('1e-3');
		expect(helpFor('smoothing').formula).toContain('1 − wᵏ');
		expect(helpFor('dead-relu').formula).toContain('z_j ≤ 0');
		expect(helpFor('naive-softmax').body).toContain('e^1000.5 = ∞');
		expect(helpFor('naive-softmax').body).toContain('∞/∞ = NaN');
		expect(helpFor('naive-softmax').formula).toContain('max z');
		for (const t of INSIDE_TOPICS) expect(HELP_TOPICS).toContain(t);
	});

	it('has no empty entry and keeps every tip short', () => {
		expect(HELP_TOPICS.length).toBeGreaterThan(OPTIMIZERS.length + INITS.length);
		expect(new Set(HELP_TOPICS).size).toBe(HELP_TOPICS.length);
		for (const t of HELP_TOPICS) {
			const e = helpFor(t);
			expect(e.title.trim(), t).not.toBe('');
			expect(e.body.trim(), t).not.toBe('');
			if (e.formula !== undefined) expect(e.formula.trim(), t).not.toBe('');
			if (e.healthy !== undefined) expect(e.healthy.trim(), t).not.toBe('');
			// 2–4 lines in a 30rem popover: about 70 characters a line
			expect(e.body.length, t).toBeLessThanOrEqual(280);
			expect(e.title.length, t).toBeLessThanOrEqual(40);
			// plain unicode, no LaTeX left in
			expect(`${e.formula ?? ''} ${e.body}`, t).not.toMatch(/\\[a-z]+|\$/);
		}
	});

	it('rejects an unknown topic', () => {
		expect(() => helpFor('optimizer:lion' as HelpTopic)).toThrow(RangeError);
		expect(() => helpFor('nope' as HelpTopic)).toThrow(RangeError);
		// a key every object inherits is not a topic
		expect(() => helpFor('toString' as HelpTopic)).toThrow(RangeError);
	});
});
