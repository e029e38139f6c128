// Weight initializers, following torch.nn.init (https://docs.pytorch.org/docs/stable/nn.init.html)
// and torch.nn.Linear.reset_parameters (https://docs.pytorch.org/docs/stable/generated/torch.nn.Linear.html).
//
// Shapes: weight (OUT, IN) row-major, like torch.nn.Linear; bias (OUT). fan_in = IN, fan_out = OUT.
// Every draw comes from the Rng passed in, weights in row-major order first, then the bias, so one
// seed gives the same layer bit for bit.
import { LEAKY_SLOPE } from './activations';
import type { Rng } from './rng';
import { INITS } from './types';
import type { ActivationName, FloatArray, InitConfig, InitName } from './types';

/** Defaults of the hand-set schemes (see InitConfig). */
export const INIT_DEFAULTS = { std: 0.01, value: 0.1, bound: 0.05 } as const;

/** Named starting points for the "bad init" demos: both are plain N(0, σ²). */
export const INIT_PRESETS: Record<string, InitConfig> = {
	'too small': { scheme: 'normal', std: 0.01 },
	'too large': { scheme: 'normal', std: 1 }
};

/**
 * torch.nn.init.calculate_gain: linear 1, sigmoid 1, tanh 5/3, relu √2,
 * leaky_relu √(2 / (1 + slope²)) with the slope our leaky-relu uses (torch's default 0.01).
 * torch has no gain for GELU; we use √2 as for ReLU, since GELU behaves like ReLU away from 0.
 */
export function gain(activation: ActivationName): number {
	switch (activation) {
		case 'linear':
		case 'sigmoid':
			return 1;
		case 'tanh':
			return 5 / 3;
		case 'relu':
		case 'gelu':
			return Math.SQRT2;
		case 'leaky-relu':
			return Math.sqrt(2 / (1 + LEAKY_SLOPE * LEAKY_SLOPE));
	}
}

function checkPositive(field: string, v: number | undefined): void {
	if (v !== undefined && !(Number.isFinite(v) && v > 0))
		throw new RangeError(`init: ${field} must be a finite number > 0, got ${v}`);
}

function checkFinite(field: string, v: number | undefined): void {
	if (v !== undefined && !Number.isFinite(v))
		throw new RangeError(`init: ${field} must be a finite number, got ${v}`);
}

/** Throws a RangeError naming the offending field and its allowed range. Fields left out take defaults. */
export function validateInitConfig(cfg: InitConfig): void {
	if (!(INITS as readonly string[]).includes(cfg.scheme))
		throw new RangeError(`init: scheme must be one of ${INITS.join(', ')}, got ${cfg.scheme}`);
	checkPositive('std', cfg.std);
	checkPositive('bound', cfg.bound);
	checkFinite('value', cfg.value);
	if (cfg.bias !== undefined) {
		if (cfg.bias.kind === 'constant') checkFinite('bias.value', cfg.bias.value);
		else if (cfg.bias.kind !== 'zeros')
			throw new RangeError(`init: bias.kind must be 'zeros' or 'constant', got ${String((cfg.bias as { kind: unknown }).kind)}`);
	}
}

/** What a scheme draws each weight from: one place for the formulas of every scheme. */
export type WeightDistribution =
	| { kind: 'fill'; value: number }
	| { kind: 'uniform'; bound: number }
	| { kind: 'normal'; std: number }
	| { kind: 'orthogonal'; gain: number };

/**
 * The distribution of a layer's weights under the scheme (fanIn = IN, fanOut = OUT); `activation`
 * is the nonlinearity after the layer, which sets the gain of he-* and orthogonal. initLayer draws
 * from it and initStd reads its spread, so the two cannot disagree.
 */
export function weightDistribution(cfg: InitConfig, fanIn: number, fanOut: number, activation: ActivationName): WeightDistribution {
	switch (cfg.scheme) {
		case 'zeros':
			return { kind: 'fill', value: 0 };
		case 'constant':
			return { kind: 'fill', value: cfg.value ?? INIT_DEFAULTS.value };
		case 'uniform':
			return { kind: 'uniform', bound: cfg.bound ?? INIT_DEFAULTS.bound };
		case 'normal':
			return { kind: 'normal', std: cfg.std ?? INIT_DEFAULTS.std };
		case 'xavier-uniform':
			// xavier_uniform_(gain=1): a = gain·√(6/(fan_in+fan_out)). torch's default gain is 1, not
			// calculate_gain(act); Glorot's derivation assumes a linear-ish (tanh near 0) unit.
			return { kind: 'uniform', bound: Math.sqrt(6 / (fanIn + fanOut)) };
		case 'xavier-normal':
			// xavier_normal_(gain=1): σ = gain·√(2/(fan_in+fan_out))
			return { kind: 'normal', std: Math.sqrt(2 / (fanIn + fanOut)) };
		case 'he-uniform':
			// kaiming_uniform_(mode='fan_in'): bound = √3·σ = gain·√(3/fan_in)
			return { kind: 'uniform', bound: gain(activation) * Math.sqrt(3 / fanIn) };
		case 'he-normal':
			// kaiming_normal_(mode='fan_in'): σ = gain/√fan_in
			return { kind: 'normal', std: gain(activation) / Math.sqrt(fanIn) };
		case 'lecun-normal':
			// torch has no lecun_normal_; this is kaiming_normal_(nonlinearity='linear'): σ = 1/√fan_in
			return { kind: 'normal', std: 1 / Math.sqrt(fanIn) };
		case 'orthogonal':
			return { kind: 'orthogonal', gain: gain(activation) };
		case 'torch-default':
			// nn.Linear.reset_parameters: kaiming_uniform_(a=√5) ⇒ gain = √(2/(1+5)) = 1/√3,
			// bound = gain·√(3/fan_in) = 1/√fan_in (the bias: U(−1/√fan_in, 1/√fan_in) too)
			return { kind: 'uniform', bound: 1 / Math.sqrt(fanIn) };
	}
}

/**
 * The standard deviation the scheme gives each weight (0 for zeros/constant, whose weights do not vary).
 * For orthogonal it is exact, not only expected: the rows (or columns) of g·Q have norm g, so the mean
 * of W² over the min(IN,OUT) unit vectors is g²/max(fan_in, fan_out).
 */
export function initStd(cfg: InitConfig, fanIn: number, fanOut: number, activation: ActivationName): number {
	const d = weightDistribution(cfg, fanIn, fanOut, activation);
	switch (d.kind) {
		case 'fill':
			return 0;
		case 'uniform':
			return d.bound / Math.sqrt(3); // Var U(−a, a) = a²/3
		case 'normal':
			return d.std;
		case 'orthogonal':
			return d.gain / Math.sqrt(Math.max(fanIn, fanOut));
	}
}

/** The scheme's distribution and variance as short text (g = gain of the activation). */
export function describeInit(scheme: InitName): string {
	switch (scheme) {
		case 'zeros':
			return 'W = 0 — every unit identical, symmetry never breaks';
		case 'constant':
			return 'W = c (default 0.1) — every unit identical';
		case 'uniform':
			return `W ~ U(−a, a), Var = a²/3 (default a = ${INIT_DEFAULTS.bound})`;
		case 'normal':
			return `W ~ N(0, σ²) (default σ = ${INIT_DEFAULTS.std})`;
		case 'xavier-uniform':
			return 'W ~ U(−a, a), a = √(6/(fan_in+fan_out)), Var = 2/(fan_in+fan_out)';
		case 'xavier-normal':
			return 'W ~ N(0, σ²), σ² = 2/(fan_in+fan_out)';
		case 'he-uniform':
			return 'W ~ U(−a, a), a = g·√(3/fan_in), Var = g²/fan_in';
		case 'he-normal':
			return 'W ~ N(0, σ²), σ² = g²/fan_in';
		case 'lecun-normal':
			return 'W ~ N(0, σ²), σ² = 1/fan_in';
		case 'orthogonal':
			return 'W = g·Q, Q (semi-)orthogonal from the QR of a Gaussian matrix, Var = g²/max(fan_in, fan_out)';
		case 'torch-default':
			return 'W, b ~ U(−1/√fan_in, 1/√fan_in), Var = 1/(3·fan_in)';
	}
}

/**
 * Fills weight (OUT, IN) and bias (OUT) in place. fanIn = IN, fanOut = OUT.
 * activation is the nonlinearity applied after this layer; it sets the gain of he-* and orthogonal.
 */
export function initLayer(
	weight: FloatArray,
	bias: FloatArray,
	fanIn: number,
	fanOut: number,
	cfg: InitConfig,
	activation: ActivationName,
	rng: Rng
): void {
	validateInitConfig(cfg);
	if (!(Number.isInteger(fanIn) && fanIn >= 1)) throw new RangeError(`init: fanIn must be an integer ≥ 1, got ${fanIn}`);
	if (!(Number.isInteger(fanOut) && fanOut >= 1)) throw new RangeError(`init: fanOut must be an integer ≥ 1, got ${fanOut}`);
	if (weight.length !== fanIn * fanOut)
		throw new RangeError(`init: weight length must be fanOut·fanIn = ${fanOut * fanIn}, got ${weight.length}`);
	if (bias.length !== fanOut) throw new RangeError(`init: bias length must be fanOut = ${fanOut}, got ${bias.length}`);

	const d = weightDistribution(cfg, fanIn, fanOut, activation);
	if (d.kind === 'fill') weight.fill(d.value);
	else if (d.kind === 'uniform') fillUniform(weight, d.bound, rng);
	else if (d.kind === 'normal') fillNormal(weight, d.std, rng);
	else fillOrthogonal(weight, fanOut, fanIn, d.gain, rng);
	if (cfg.scheme === 'torch-default') {
		// nn.Linear's own bias init, drawn after the weights; cfg.bias is ignored
		fillUniform(bias, 1 / Math.sqrt(fanIn), rng);
		return;
	}
	const biasCfg = cfg.bias ?? { kind: 'zeros' };
	bias.fill(biasCfg.kind === 'constant' ? biasCfg.value : 0);
}

function fillUniform(out: FloatArray, a: number, rng: Rng): void {
	for (let i = 0; i < out.length; i++) out[i] = rng.uniformRange(-a, a);
}

function fillNormal(out: FloatArray, std: number, rng: Rng): void {
	for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
}

/**
 * torch.nn.init.orthogonal_: draw a (rows, cols) standard normal matrix (row-major), transpose it
 * when rows < cols so it is tall, take its reduced QR, multiply Q's columns by sign(diag R) (which
 * makes the result the unique QR with R's diagonal > 0, whatever QR algorithm is used), transpose
 * back, and scale by gain. Rows of W are orthonormal when rows ≤ cols, columns when rows ≥ cols.
 */
function fillOrthogonal(weight: FloatArray, rows: number, cols: number, g: number, rng: Rng): void {
	const draws = new Float64Array(rows * cols);
	for (let i = 0; i < draws.length; i++) draws[i] = rng.normal();
	const tall = rows >= cols;
	// A (m, n), m ≥ n, row-major
	const m = tall ? rows : cols;
	const k = tall ? cols : rows;
	const a = tall ? draws : transpose(draws, rows, cols);
	const q = householderQ(a, m, k);
	// q (m, k); W = g·q if tall, else g·qᵀ
	for (let r = 0; r < rows; r++)
		for (let c = 0; c < cols; c++) weight[r * cols + c] = g * (tall ? q[r * k + c] : q[c * k + r]);
}

function transpose(x: Float64Array, rows: number, cols: number): Float64Array {
	const t = new Float64Array(rows * cols);
	for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = x[r * cols + c];
	return t;
}

/**
 * Reduced Q (m, n) of A (m, n), m ≥ n, by Householder reflections in float64, with the columns
 * signed so that R's diagonal is positive (torch's sign(diag R) step). A is overwritten.
 * Cost ≈ 4mn² − 4n³/3 flops.
 */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
	const vs: Float64Array[] = []; // v_j over rows j..m−1, unit norm (or all zero: H_j = I)
	const rSign = new Float64Array(n);
	const w = new Float64Array(n);
	for (let j = 0; j < n; j++) {
		let norm2 = 0;
		for (let i = j; i < m; i++) norm2 += a[i * n + j] * a[i * n + j];
		const norm = Math.sqrt(norm2);
		const x0 = a[j * n + j];
		// R_jj = alpha = −sign(x0)·‖x‖; the sign choice avoids cancellation in v = x − alpha·e1
		const alpha = x0 >= 0 ? -norm : norm;
		rSign[j] = alpha >= 0 ? 1 : -1; // alpha = 0 only for a rank-deficient A (probability 0)
		const v = new Float64Array(m - j);
		for (let i = j; i < m; i++) v[i - j] = a[i * n + j];
		v[0] -= alpha;
		let vNorm2 = 0;
		for (let i = 0; i < v.length; i++) vNorm2 += v[i] * v[i];
		if (vNorm2 > 0) {
			const s = 1 / Math.sqrt(vNorm2);
			for (let i = 0; i < v.length; i++) v[i] *= s;
			applyReflection(a, n, v, j, j, w);
		}
		vs.push(v);
	}
	// Q = H_0 H_1 … H_{n−1} I[:, :n], applied right to left. Columns c < j are still e_c when H_j is
	// applied (H_{j'} for j' > c only touches rows ≥ j' where e_c is 0), and H_j fixes e_c for c < j,
	// so H_j need only touch columns ≥ j.
	const q = new Float64Array(m * n);
	for (let j = 0; j < n; j++) q[j * n + j] = 1;
	for (let j = n - 1; j >= 0; j--) applyReflection(q, n, vs[j], j, j, w);
	for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] *= rSign[j];
	return q;
}

/** X[r0:, c0:] ← (I − 2vvᵀ) X[r0:, c0:] for X (·, n) row-major; rows visited contiguously. */
function applyReflection(x: Float64Array, n: number, v: Float64Array, r0: number, c0: number, w: Float64Array): void {
	w.fill(0, c0, n);
	for (let i = 0; i < v.length; i++) {
		const vi = v[i];
		if (vi === 0) continue;
		const row = (r0 + i) * n;
		for (let c = c0; c < n; c++) w[c] += vi * x[row + c];
	}
	for (let i = 0; i < v.length; i++) {
		const vi2 = 2 * v[i];
		if (vi2 === 0) continue;
		const row = (r0 + i) * n;
		for (let c = c0; c < n; c++) x[row + c] -= vi2 * w[c];
	}
}
