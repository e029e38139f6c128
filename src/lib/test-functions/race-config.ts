// The surface race's settings: the limits of each, the defaults for a function, and the query
// string they round-trip through (fn=rosenbrock&from=-1.2,1&steps=500&opt=sgd:0.002,…).
import { TEST_FUNCTIONS, testFunctionNames, type TestFunction, type TestFunctionName } from '../engine/test-functions';
import { OPTIMIZERS, type OptimizerName } from '../engine/types';
import type { FieldError } from '../experiment/model';

/** animation speeds offered by the slider, in optimizer steps per second */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500] as const;
export const STEPS_MAX = 5000;
/** σ of the gaussian noise added to each gradient coordinate, slider range */
export const NOISE_MAX = 10;
export const LR_MAX = 100;
/** the learning-rate sliders span LR_SLIDER = [10^lo, 10^hi] on a log scale (the box takes any η ≤ LR_MAX) */
export const LR_SLIDER: readonly [number, number] = [-5, 1];
/** momentum μ of momentum and Nesterov (torch's default for neither; the lecture's 0.9) */
export const MOMENTUM_DEFAULT = 0.9;
export const MOMENTUM_MAX = 0.999;
export const SEED_MAX = 4294967295;
/** "reached the minimum" means f − f* ≤ this */
export const TARGET_GAP = 1e-3;
/** the optimizers whose per-coordinate rate adapts to the gradient's history */
export const ADAPTIVE: ReadonlySet<OptimizerName> = new Set(['adam', 'adamw', 'rmsprop', 'adagrad']);

export interface RaceConfig {
	fn: TestFunctionName;
	from: [number, number];
	steps: number;
	/** in OPTIMIZERS order */
	selected: OptimizerName[];
	lr: Record<OptimizerName, number>;
	noise: number;
	seed: number;
	/** momentum μ of the momentum and Nesterov runs, in [0, MOMENTUM_MAX] */
	momentum: number;
}

export function defaultConfig(fn: TestFunctionName = 'rosenbrock'): RaceConfig {
	const s = TEST_FUNCTIONS[fn];
	return {
		fn,
		from: [s.start[0], s.start[1]],
		steps: s.steps,
		selected: ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'],
		lr: { ...s.lr },
		noise: 0,
		seed: 1,
		momentum: MOMENTUM_DEFAULT
	};
}

export function inDomain(s: TestFunction, [x, y]: readonly [number, number]): boolean {
	return x >= s.domain.x[0] && x <= s.domain.x[1] && y >= s.domain.y[0] && y <= s.domain.y[1];
}

// ── URL: fn=rosenbrock&from=-1.2,1&steps=500&opt=sgd:0.002,adam:0.1&noise=0.5&seed=7 ─────────────
// Only the selected optimizers' rates travel; noise and seed only when noise is on; mu (momentum μ)
// only when it is not 0.9.

export function encodeRace(c: RaceConfig): string {
	const q = new URLSearchParams();
	q.set('fn', c.fn);
	q.set('from', c.from.map((v) => String(Number(v.toPrecision(6)))).join(','));
	q.set('steps', String(c.steps));
	q.set('opt', c.selected.map((n) => `${n}:${c.lr[n]}`).join(','));
	if (c.noise > 0) {
		q.set('noise', String(c.noise));
		q.set('seed', String(c.seed));
	}
	if (c.momentum !== MOMENTUM_DEFAULT) q.set('mu', String(c.momentum));
	return q.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
}

/** A plain decimal or exponent number; '' , 'Infinity', '0x10' and junk give NaN. */
export function parseDecimal(text: string): number {
	const t = text.trim();
	return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/** the keys a race link may hold */
export const RACE_KEYS = ['fn', 'from', 'steps', 'opt', 'noise', 'seed', 'mu'] as const;

/**
 * The settings in a query string. Never throws: a missing key takes its default silently, a bad
 * value takes its default and adds a message naming the field. Repeated and unknown keys are the
 * caller's (url/surface.ts reads the whole link); `get` sees the first of each key.
 */
export function decodeRace(params: URLSearchParams): { config: RaceConfig; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const err = (field: string, message: string) => errors.push({ field, message });
	const fnText = params.get('fn');
	let fn: TestFunctionName = 'rosenbrock';
	if (fnText !== null) {
		if ((testFunctionNames as readonly string[]).includes(fnText)) fn = fnText as TestFunctionName;
		else err('fn', `fn: unknown function ${shownText(fnText)} — showing Rosenbrock (choose from ${testFunctionNames.join(', ')})`);
	}
	const c = defaultConfig(fn);
	const s = TEST_FUNCTIONS[fn];

	const fromText = params.get('from');
	if (fromText !== null) {
		const xy = fromText.split(',').map(parseDecimal);
		if (xy.length === 2 && xy.every(Number.isFinite) && inDomain(s, [xy[0], xy[1]])) c.from = [xy[0], xy[1]];
		else err('from', `from: ${shownText(fromText)} is not a point x,y inside the plot (x ∈ [${s.domain.x.join(', ')}], y ∈ [${s.domain.y.join(', ')}]) — using the suggested start`);
	}

	const stepsText = params.get('steps');
	if (stepsText !== null) {
		const n = parseDecimal(stepsText);
		if (Number.isInteger(n) && n >= 1 && n <= STEPS_MAX) c.steps = n;
		else err('steps', `steps: ${shownText(stepsText)} is not a whole number from 1 to ${STEPS_MAX} — using ${c.steps}`);
	}

	const optText = params.get('opt');
	if (optText !== null) {
		const chosen = new Set<OptimizerName>();
		for (const item of optText.split(',').filter((t) => t !== '')) {
			const colon = item.indexOf(':');
			const name = colon < 0 ? item : item.slice(0, colon);
			const lrText = colon < 0 ? undefined : item.slice(colon + 1);
			if (!(OPTIMIZERS as readonly string[]).includes(name)) {
				err('opt', `opt: unknown optimizer ${shownText(name)} — left out (choose from ${OPTIMIZERS.join(', ')})`);
				continue;
			}
			const opt = name as OptimizerName;
			if (chosen.has(opt)) {
				err('opt', `opt: ${opt} given more than once — using the first`);
				continue;
			}
			chosen.add(opt);
			if (lrText === undefined) continue;
			const lr = parseDecimal(lrText);
			if (lr > 0 && lr <= LR_MAX) c.lr[opt] = lr;
			else err('opt', `opt: learning rate ${shownText(lrText)} of ${opt} is not a number in (0, ${LR_MAX}] — using ${c.lr[opt]}`);
		}
		c.selected = OPTIMIZERS.filter((o) => chosen.has(o));
	}

	const noiseText = params.get('noise');
	if (noiseText !== null) {
		const v = parseDecimal(noiseText);
		if (v >= 0 && v <= NOISE_MAX) c.noise = v;
		else err('noise', `noise: ${shownText(noiseText)} is not a number from 0 to ${NOISE_MAX} — noise off`);
	}
	const seedText = params.get('seed');
	if (seedText !== null) {
		const v = parseDecimal(seedText);
		if (Number.isInteger(v) && v >= 0 && v <= SEED_MAX) c.seed = v;
		else err('seed', `seed: ${shownText(seedText)} is not a whole number from 0 to ${SEED_MAX} — using ${c.seed}`);
	}
	const muText = params.get('mu');
	if (muText !== null) {
		const v = parseDecimal(muText);
		if (v >= 0 && v <= MOMENTUM_MAX) c.momentum = v;
		else err('mu', `mu: ${shownText(muText)} is not a momentum from 0 to ${MOMENTUM_MAX} — using ${c.momentum}`);
	}
	return { config: c, errors };
}

/** “text” for a message, at most 32 characters */
function shownText(t: string): string {
	return `“${t.length > 32 ? `${t.slice(0, 32)}…` : t}”`;
}

/** 3 significant digits; an exponent outside [0.001, 1e5) so small values stay readable */
export function formatSig(v: number): string {
	if (!Number.isFinite(v)) return String(v);
	const a = Math.abs(v);
	const text =
		a !== 0 && (a < 1e-3 || a >= 1e5)
			? v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e')
			: String(Number(v.toPrecision(3)));
	return text.replaceAll('-', '−'); // typographic minus, as in the formulas
}
