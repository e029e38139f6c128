// 2-D test functions for the CLI's `surface` command and the playground's surface race: each with
// its value and analytic gradient side by side, a plotting domain, its known minima, a suggested
// start and a suggested learning rate per optimizer. runTestFunction drives any optimizer of optim/ on
// the 2-vector (x, y) in float64 and records what the plots need.

import { createOptimizer } from './optim/index';
import type { Rng } from './rng';
import { lrAt } from './schedule';
import type { LrSchedule, OptimizerConfig, OptimizerName } from './types';

export const testFunctionNames = ['rosenbrock', 'beale', 'himmelblau', 'saddle', 'quadratic', 'camel'] as const;
export type TestFunctionName = (typeof testFunctionNames)[number];

export interface CriticalPoint {
	x: number;
	y: number;
	f: number;
}

export interface Minimum extends CriticalPoint {
	/** a global minimum (false: only local) */
	global: boolean;
}

export interface TestFunction {
	readonly name: TestFunctionName;
	readonly label: string;
	readonly formula: string;
	/** one line on what the surface shows about optimizers */
	readonly lesson: string;
	f(x: number, y: number): number;
	/** analytic ∇f = [∂f/∂x, ∂f/∂y] */
	grad(x: number, y: number): [number, number];
	readonly domain: { readonly x: readonly [number, number]; readonly y: readonly [number, number] };
	/** values span decades: contour levels read better on a log scale */
	readonly logScale: boolean;
	readonly minima: readonly Minimum[];
	readonly saddles: readonly CriticalPoint[];
	readonly start: readonly [number, number];
	/** suggested number of steps for a race from `start` */
	readonly steps: number;
	/**
	 * a learning rate per optimizer that makes visible progress from `start` in `steps` steps and
	 * sits at least ~3× below the rate where that run diverges (chosen from a log-spaced sweep)
	 */
	readonly lr: Readonly<Record<OptimizerName, number>>;
}

const rosenbrock: TestFunction = {
	name: 'rosenbrock',
	label: 'Rosenbrock',
	formula: 'f(x, y) = (1 − x)² + 100·(y − x²)²',
	lesson: 'a curved, narrow valley: easy to reach, slow to follow to the minimum',
	f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
	// ∂/∂x = −2(1 − x) − 400x(y − x²);  ∂/∂y = 200(y − x²)
	grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
	domain: { x: [-2, 2], y: [-1, 3] },
	logScale: true,
	minima: [{ x: 1, y: 1, f: 0, global: true }],
	saddles: [],
	start: [-1.2, 1],
	steps: 500,
	lr: { sgd: 2e-3, momentum: 1e-3, nesterov: 1e-3, adam: 0.1, adamw: 0.1, rmsprop: 0.01, adagrad: 1 }
};

const beale: TestFunction = {
	name: 'beale',
	label: 'Beale',
	formula: 'f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
	lesson: 'flat floors and steep walls: gradient scales differ by orders of magnitude',
	f: (x, y) => {
		const a = 1.5 - x + x * y;
		const b = 2.25 - x + x * y * y;
		const c = 2.625 - x + x * y * y * y;
		return a * a + b * b + c * c;
	},
	// with a, b, c the three residuals: ∂/∂x = 2a(y − 1) + 2b(y² − 1) + 2c(y³ − 1);
	// ∂/∂y = 2a·x + 2b·2xy + 2c·3xy²
	grad: (x, y) => {
		const a = 1.5 - x + x * y;
		const b = 2.25 - x + x * y * y;
		const c = 2.625 - x + x * y * y * y;
		return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
	},
	domain: { x: [-1.5, 4.5], y: [-2, 2] },
	logScale: true,
	minima: [{ x: 3, y: 0.5, f: 0, global: true }],
	saddles: [],
	start: [1, 1.5],
	steps: 500,
	lr: { sgd: 0.01, momentum: 1e-3, nesterov: 1e-3, adam: 0.1, adamw: 0.1, rmsprop: 0.01, adagrad: 0.5 }
};

const himmelblau: TestFunction = {
	name: 'himmelblau',
	label: 'Himmelblau',
	formula: 'f(x, y) = (x² + y − 11)² + (x + y² − 7)²',
	lesson: 'four equal minima: the start point and the optimizer decide which one is found',
	f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
	// with u = x² + y − 11 and w = x + y² − 7: ∂/∂x = 4xu + 2w;  ∂/∂y = 2u + 4yw
	grad: (x, y) => {
		const u = x * x + y - 11;
		const w = x + y * y - 7;
		return [4 * x * u + 2 * w, 2 * u + 4 * y * w];
	},
	domain: { x: [-5, 5], y: [-5, 5] },
	logScale: true,
	// Himmelblau (1972); the three irrational minima to double precision (Newton's method)
	minima: [
		{ x: 3, y: 2, f: 0, global: true },
		{ x: -2.805118086952745, y: 3.131312518250573, f: 0, global: true },
		{ x: -3.779310253377747, y: -3.283185991286169, f: 0, global: true },
		{ x: 3.584428340330492, y: -1.848126526964403, f: 0, global: true }
	],
	saddles: [],
	start: [-0.5, -0.5],
	steps: 300,
	lr: { sgd: 0.01, momentum: 2e-3, nesterov: 2e-3, adam: 0.1, adamw: 0.1, rmsprop: 0.02, adagrad: 1 }
};

const saddle: TestFunction = {
	name: 'saddle',
	label: 'Saddle',
	formula: 'f(x, y) = x² − y²',
	lesson: 'a saddle point at the origin: plain SGD lingers there, adaptive methods escape fast',
	f: (x, y) => x * x - y * y,
	grad: (x, y) => [2 * x, -2 * y],
	domain: { x: [-2, 2], y: [-2, 2] },
	logScale: false,
	minima: [],
	saddles: [{ x: 0, y: 0, f: 0 }],
	start: [-1.5, 0.001],
	steps: 200,
	lr: { sgd: 0.01, momentum: 2e-3, nesterov: 2e-3, adam: 0.01, adamw: 0.01, rmsprop: 2e-3, adagrad: 0.05 }
};

const quadratic: TestFunction = {
	name: 'quadratic',
	label: 'Ill-conditioned quadratic',
	formula: 'f(x, y) = ½·(x² + 10y²)',
	lesson: 'condition number 10: SGD zig-zags across y while crawling along x; momentum helps',
	f: (x, y) => 0.5 * (x * x + 10 * y * y),
	grad: (x, y) => [x, 10 * y],
	domain: { x: [-2, 2], y: [-1, 1] },
	logScale: false,
	minima: [{ x: 0, y: 0, f: 0, global: true }],
	saddles: [],
	start: [-1.8, 0.8],
	steps: 100,
	lr: { sgd: 0.15, momentum: 0.03, nesterov: 0.03, adam: 0.1, adamw: 0.1, rmsprop: 0.02, adagrad: 0.5 }
};

const camel: TestFunction = {
	name: 'camel',
	label: 'Six-hump camel',
	formula: 'f(x, y) = (4 − 2.1x² + x⁴/3)·x² + xy + (4y² − 4)·y²',
	lesson: 'six local minima, two of them global: a local method ends in the basin it starts in',
	f: (x, y) => {
		const x2 = x * x;
		const y2 = y * y;
		return (4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (4 * y2 - 4) * y2;
	},
	// f = 4x² − 2.1x⁴ + x⁶/3 + xy − 4y² + 4y⁴:  ∂/∂x = 8x − 8.4x³ + 2x⁵ + y;  ∂/∂y = x − 8y + 16y³
	grad: (x, y) => {
		const x2 = x * x;
		return [8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y, x - 8 * y + 16 * y * y * y];
	},
	domain: { x: [-2.2, 2.2], y: [-1.2, 1.2] },
	logScale: false,
	// Molga & Smutnicki (2005): f* = −1.0316 at (±0.0898, ∓0.7126); refined by Newton's method
	minima: [
		{ x: 0.08984201310031807, y: -0.7126564030207396, f: -1.0316284534898774, global: true },
		{ x: -0.08984201310031807, y: 0.7126564030207396, f: -1.0316284534898774, global: true },
		{ x: 1.7036067149699805, y: -0.7960835686726251, f: -0.21546382438371792, global: false },
		{ x: -1.7036067149699805, y: 0.7960835686726251, f: -0.21546382438371792, global: false },
		{ x: 1.6071047529201976, y: 0.5686514548841313, f: 2.1042503103112593, global: false },
		{ x: -1.6071047529201976, y: -0.5686514548841313, f: 2.1042503103112593, global: false }
	],
	saddles: [{ x: 0, y: 0, f: 0 }],
	start: [-1.5, -1],
	steps: 300,
	lr: { sgd: 0.01, momentum: 3e-3, nesterov: 3e-3, adam: 0.05, adamw: 0.05, rmsprop: 0.01, adagrad: 0.3 }
};

export const TEST_FUNCTIONS: Readonly<Record<TestFunctionName, TestFunction>> = { rosenbrock, beale, himmelblau, saddle, quadratic, camel };

export interface TestFunctionRunOptions {
	fn: TestFunctionName;
	optimizer: OptimizerConfig;
	from: [number, number];
	steps: number;
	/** gaussian noise N(0, std²) added to each gradient coordinate, drawn from rng */
	noise?: { std: number; rng: Rng };
	/** default constant */
	schedule?: LrSchedule;
}

/**
 * Per-step data for arrows, step k in 0..(points.length − 2) at [2k, 2k + 1] (k = the step taken
 * from points[k] to points[k + 1]).
 */
export interface SurfaceTrace {
	/** the gradient the optimizer received at points[k] (noise included) */
	grad: Float64Array;
	/** the step taken, points[k + 1] − points[k] */
	delta: Float64Array;
	/** the optimizer's velocity after step k (momentum buffer, or m̂ for adam/adamw), if it has one */
	velocity: Float64Array | null;
	/** the optimizer's per-coordinate effective learning rate at step k */
	effectiveLr: Float64Array | null;
	/** the scheduled learning rate of step k (one value per step) */
	lr: Float64Array;
}

export interface TestFunctionRun {
	/** [x, y, f] rows, the start first; steps + 1 rows unless the run diverged */
	points: [number, number, number][];
	internals: SurfaceTrace;
	status: 'done' | 'diverged';
	/** the step number (1-based) whose result was non-finite; points stops just before it */
	divergedAt?: number;
}

/** Runs `steps` optimizer steps from `from` on a test surface in float64. */
export function runTestFunction(opts: TestFunctionRunOptions): TestFunctionRun {
	const surface = TEST_FUNCTIONS[opts.fn];
	if (!surface) throw new RangeError(`surface: unknown function ${String(opts.fn)}; expected one of ${testFunctionNames.join(', ')}`);
	const { steps, from, noise } = opts;
	if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`surface: steps must be an integer ≥ 0, got ${steps}`);
	if (!Number.isFinite(from[0]) || !Number.isFinite(from[1])) throw new RangeError(`surface: from must be two finite numbers, got ${from.join(', ')}`);
	if (noise && (!Number.isFinite(noise.std) || !(noise.std >= 0))) {
		throw new RangeError(`surface: noise.std must be a finite number ≥ 0, got ${noise.std}`);
	}
	const schedule: LrSchedule = opts.schedule ?? { kind: 'constant' };
	const optimizer = createOptimizer(opts.optimizer, 2, 'float64');

	const theta = new Float64Array([from[0], from[1]]);
	const g = new Float64Array(2);
	const grad = new Float64Array(2 * steps);
	const delta = new Float64Array(2 * steps);
	const lrs = new Float64Array(steps);
	let velocity: Float64Array | null = null;
	let effectiveLr: Float64Array | null = null;

	const f0 = surface.f(theta[0], theta[1]);
	const points: [number, number, number][] = [];
	if (!Number.isFinite(f0)) throw new RangeError(`surface: f is not finite at the start (${from.join(', ')})`);
	points.push([theta[0], theta[1], f0]);

	let status: TestFunctionRun['status'] = 'done';
	let divergedAt: number | undefined;
	for (let k = 0; k < steps; k++) {
		const [gx, gy] = surface.grad(theta[0], theta[1]);
		g[0] = noise ? gx + noise.std * noise.rng.normal() : gx;
		g[1] = noise ? gy + noise.std * noise.rng.normal() : gy;
		const x0 = theta[0];
		const y0 = theta[1];
		const lr = lrAt(schedule, opts.optimizer.lr, k, steps);
		optimizer.step(theta, g, lr);
		const f = surface.f(theta[0], theta[1]);
		if (!Number.isFinite(theta[0]) || !Number.isFinite(theta[1]) || !Number.isFinite(f)) {
			status = 'diverged';
			divergedAt = k + 1;
			break;
		}
		points.push([theta[0], theta[1], f]);
		grad[2 * k] = g[0];
		grad[2 * k + 1] = g[1];
		delta[2 * k] = theta[0] - x0;
		delta[2 * k + 1] = theta[1] - y0;
		lrs[k] = lr;
		const inner = optimizer.internals();
		if (inner.velocity) {
			velocity ??= new Float64Array(2 * steps);
			velocity[2 * k] = inner.velocity[0];
			velocity[2 * k + 1] = inner.velocity[1];
		}
		if (inner.effectiveLr) {
			effectiveLr ??= new Float64Array(2 * steps);
			effectiveLr[2 * k] = inner.effectiveLr[0];
			effectiveLr[2 * k + 1] = inner.effectiveLr[1];
		}
	}

	// Trim to the steps actually taken; slice (not subarray) so each array owns a transferable buffer.
	const taken = points.length - 1;
	const internals: SurfaceTrace = {
		grad: taken === steps ? grad : grad.slice(0, 2 * taken),
		delta: taken === steps ? delta : delta.slice(0, 2 * taken),
		velocity: velocity && (taken === steps ? velocity : velocity.slice(0, 2 * taken)),
		effectiveLr: effectiveLr && (taken === steps ? effectiveLr : effectiveLr.slice(0, 2 * taken)),
		lr: taken === steps ? lrs : lrs.slice(0, taken)
	};
	return divergedAt === undefined ? { points, internals, status } : { points, internals, status, divergedAt };
}
