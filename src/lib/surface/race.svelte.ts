// The surface race: which function, where the race starts, which optimizers run with which
// learning rates, the optional gradient noise, and the animation clock. Every path is computed in
// full by the engine's runSurface (the code behind the CLI's `surface` command) whenever a setting
// changes — two parameters, a few thousand float64 steps, well under a millisecond per run — and
// the animation only reveals it. The settings round-trip through the query string.
import { deriveSeed, Rng } from '../engine/rng';
import { runSurface, SURFACES, surfaceNames, type Surface, type SurfaceName, type SurfaceRun } from '../engine/surface';
import { OPTIMIZERS, type OptimizerName } from '../engine/types';

/** animation speeds offered by the slider, in optimizer steps per second */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500] as const;
export const STEPS_MAX = 5000;
/** σ of the gaussian noise added to each gradient coordinate, slider range */
export const NOISE_MAX = 10;
export const LR_MAX = 100;
export const SEED_MAX = 4294967295;
/** "reached the minimum" means f − f* ≤ this */
export const TARGET_GAP = 1e-3;
/** the optimizers whose per-coordinate rate adapts to the gradient's history */
export const ADAPTIVE: ReadonlySet<OptimizerName> = new Set(['adam', 'adamw', 'rmsprop', 'adagrad']);

export interface RaceConfig {
	fn: SurfaceName;
	from: [number, number];
	steps: number;
	/** in OPTIMIZERS order */
	selected: OptimizerName[];
	lr: Record<OptimizerName, number>;
	noise: number;
	seed: number;
}

export function defaultConfig(fn: SurfaceName = 'rosenbrock'): RaceConfig {
	const s = SURFACES[fn];
	return {
		fn,
		from: [s.start[0], s.start[1]],
		steps: s.steps,
		selected: ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'],
		lr: { ...s.lr },
		noise: 0,
		seed: 1
	};
}

export function inDomain(s: Surface, [x, y]: readonly [number, number]): boolean {
	return x >= s.domain.x[0] && x <= s.domain.x[1] && y >= s.domain.y[0] && y <= s.domain.y[1];
}

// ── URL: fn=rosenbrock&from=-1.2,1&steps=500&opt=sgd:0.002,adam:0.1&noise=0.5&seed=7 ─────────────
// Only the selected optimizers' rates travel; noise and seed only when noise is on.

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
	return q.toString().replaceAll('%2C', ',').replaceAll('%3A', ':');
}

/** A plain decimal or exponent number; '' , 'Infinity', '0x10' and junk give NaN. */
export function parseDecimal(text: string): number {
	const t = text.trim();
	return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/**
 * The settings in a query string. Never throws: a missing key takes its default silently, a bad
 * value takes its default and adds a message naming the field.
 */
export function decodeRace(params: URLSearchParams): { config: RaceConfig; errors: string[] } {
	const errors: string[] = [];
	const fnText = params.get('fn');
	let fn: SurfaceName = 'rosenbrock';
	if (fnText !== null) {
		if ((surfaceNames as readonly string[]).includes(fnText)) fn = fnText as SurfaceName;
		else errors.push(`fn: unknown function “${fnText}” — showing Rosenbrock (choose from ${surfaceNames.join(', ')})`);
	}
	const c = defaultConfig(fn);
	const s = SURFACES[fn];

	const fromText = params.get('from');
	if (fromText !== null) {
		const xy = fromText.split(',').map(parseDecimal);
		if (xy.length === 2 && xy.every(Number.isFinite) && inDomain(s, [xy[0], xy[1]])) c.from = [xy[0], xy[1]];
		else errors.push(`from: “${fromText}” is not a point x,y inside the plot (x ∈ [${s.domain.x.join(', ')}], y ∈ [${s.domain.y.join(', ')}]) — using the suggested start`);
	}

	const stepsText = params.get('steps');
	if (stepsText !== null) {
		const n = parseDecimal(stepsText);
		if (Number.isInteger(n) && n >= 1 && n <= STEPS_MAX) c.steps = n;
		else errors.push(`steps: “${stepsText}” is not a whole number from 1 to ${STEPS_MAX} — using ${c.steps}`);
	}

	const optText = params.get('opt');
	if (optText !== null) {
		const chosen = new Set<OptimizerName>();
		for (const item of optText.split(',').filter((t) => t !== '')) {
			const [name, lrText] = item.split(':');
			if (!(OPTIMIZERS as readonly string[]).includes(name)) {
				errors.push(`opt: unknown optimizer “${name}” — left out`);
				continue;
			}
			const opt = name as OptimizerName;
			chosen.add(opt);
			if (lrText === undefined) continue;
			const lr = parseDecimal(lrText);
			if (lr > 0 && lr <= LR_MAX) c.lr[opt] = lr;
			else errors.push(`opt: learning rate “${lrText}” of ${opt} is not a number in (0, ${LR_MAX}] — using ${c.lr[opt]}`);
		}
		c.selected = OPTIMIZERS.filter((o) => chosen.has(o));
	}

	const noiseText = params.get('noise');
	if (noiseText !== null) {
		const v = parseDecimal(noiseText);
		if (v >= 0 && v <= NOISE_MAX) c.noise = v;
		else errors.push(`noise: “${noiseText}” is not a number from 0 to ${NOISE_MAX} — noise off`);
	}
	const seedText = params.get('seed');
	if (seedText !== null) {
		const v = parseDecimal(seedText);
		if (Number.isInteger(v) && v >= 0 && v <= SEED_MAX) c.seed = v;
		else errors.push(`seed: “${seedText}” is not a whole number from 0 to ${SEED_MAX} — using ${c.seed}`);
	}
	return { config: c, errors };
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

// ── the race ─────────────────────────────────────────────────────────────────────────────────────

export interface RaceRun {
	name: OptimizerName;
	/** index in OPTIMIZERS: the optimizer's colour everywhere in the app */
	colorIndex: number;
	lr: number;
	run: SurfaceRun;
	finalF: number;
	/** distance from the last point to the nearest minimum (null: the surface has none) */
	distToMin: number | null;
	/** first step at which f − f* ≤ TARGET_GAP (null: never, or no known global minimum) */
	stepsToTarget: number | null;
}

function summarize(s: Surface, name: OptimizerName, lr: number, run: SurfaceRun): RaceRun {
	const [x, y, finalF] = run.points[run.points.length - 1];
	const distToMin = s.minima.length === 0 ? null : Math.min(...s.minima.map((m) => Math.hypot(x - m.x, y - m.y)));
	const globals = s.minima.filter((m) => m.global);
	const fStar = globals.length === 0 ? null : Math.min(...globals.map((m) => m.f));
	const hit = fStar === null ? -1 : run.points.findIndex((p) => p[2] - fStar <= TARGET_GAP);
	return {
		name,
		colorIndex: OPTIMIZERS.indexOf(name),
		lr,
		run,
		finalF,
		distToMin,
		stepsToTarget: hit < 0 ? null : hit
	};
}

// ── optimizer internals at one step, as arrows in the plot's (x, y) units ─────────────────────

export type ArrowKind = 'grad' | 'velocity' | 'delta';

export interface Arrow {
	kind: ArrowKind;
	from: [number, number];
	to: [number, number];
	/** the drawn arrow is factor × the vector (in x, y units) */
	factor: number;
	/** shortened to the maximum length: its size is not to scale */
	clipped: boolean;
	/** short symbol drawn at the tip: −∇f, −b, −m̂, Δθ */
	symbol: string;
}

export interface InternalsView {
	name: OptimizerName;
	colorIndex: number;
	/** 0-based index of the step shown: taken from points[index] to points[index + 1] */
	index: number;
	at: [number, number];
	lr: number;
	grad: [number, number];
	/** the direction the optimizer's state pushes: −b (momentum buffer) or −m̂ (adam) */
	velocity: [number, number] | null;
	delta: [number, number];
	effectiveLr: [number, number] | null;
	arrows: Arrow[];
}

/** a typical arrow's length as a fraction of the plot's shorter side */
const ARROW_TYPICAL: Record<ArrowKind, number> = { grad: 0.12, velocity: 0.09, delta: 0.06 };

export function arrowSymbol(kind: ArrowKind, name: OptimizerName): string {
	if (kind === 'grad') return '−∇f';
	if (kind === 'delta') return 'Δθ';
	return name === 'adam' || name === 'adamw' ? '−m̂' : '−b';
}

const pair = (a: Float64Array, k: number): [number, number] => [a[2 * k], a[2 * k + 1]];

/** the largest 1, 2 or 5 × 10^e not above v, so the legend reads "× 0.002", not "× 0.00183" */
export function niceFactor(v: number): number {
	if (!(v > 0) || !Number.isFinite(v)) return 1;
	const p = 10 ** Math.floor(Math.log10(v));
	const m = v / p;
	return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

function medianNorm(a: Float64Array): number {
	const norms: number[] = [];
	for (let k = 0; 2 * k + 1 < a.length; k++) {
		const n = Math.hypot(a[2 * k], a[2 * k + 1]);
		if (n > 0 && Number.isFinite(n)) norms.push(n);
	}
	norms.sort((p, q) => p - q);
	return norms.length === 0 ? 0 : norms[Math.floor(norms.length / 2)];
}

/**
 * What the optimizer saw and did at `step` (the step taken from the current point, or the last
 * step once the run has ended). Each arrow kind gets one scale factor for the whole run — chosen
 * so a typical arrow is about a tenth of the plot wide — so arrows shrink and grow honestly
 * over the run; arrows over 2.5× the typical length are shortened and flagged.
 */
export function internalsAt(s: Surface, r: RaceRun, step: number): InternalsView | null {
	const { points, internals } = r.run;
	const taken = points.length - 1;
	if (taken === 0) return null;
	const k = Math.min(step, taken - 1);
	const at: [number, number] = [points[k][0], points[k][1]];
	const grad = pair(internals.grad, k);
	const velocity = internals.velocity ? pair(internals.velocity, k) : null;
	const delta = pair(internals.delta, k);
	const span = Math.min(s.domain.x[1] - s.domain.x[0], s.domain.y[1] - s.domain.y[0]);
	const arrow = (kind: ArrowKind, v: [number, number], all: Float64Array, sign: number): Arrow => {
		// typical and maximum lengths differ by kind, so arrows that point the same way (momentum's
		// −b and its step always do) nest visibly instead of hiding one another
		const typical = ARROW_TYPICAL[kind] * span;
		const maxLen = 2.5 * typical;
		const median = medianNorm(all);
		const factor = niceFactor(median > 0 ? typical / median : 1);
		let dx = sign * factor * v[0];
		let dy = sign * factor * v[1];
		const len = Math.hypot(dx, dy);
		const clipped = len > maxLen;
		if (clipped) {
			dx *= maxLen / len;
			dy *= maxLen / len;
		}
		return { kind, from: at, to: [at[0] + dx, at[1] + dy], factor, clipped, symbol: arrowSymbol(kind, r.name) };
	};
	const arrows = [arrow('grad', grad, internals.grad, -1)];
	if (velocity && internals.velocity) arrows.push(arrow('velocity', velocity, internals.velocity, -1));
	arrows.push(arrow('delta', delta, internals.delta, 1));
	return {
		name: r.name,
		colorIndex: r.colorIndex,
		index: k,
		at,
		lr: internals.lr[k],
		grad,
		velocity: velocity && [-velocity[0], -velocity[1]],
		delta,
		effectiveLr: internals.effectiveLr && ADAPTIVE.has(r.name) ? pair(internals.effectiveLr, k) : null,
		arrows
	};
}

export class SurfaceRace {
	fn = $state<SurfaceName>('rosenbrock');
	from = $state.raw<[number, number]>([-1.2, 1]);
	steps = $state(500);
	selected = $state.raw<OptimizerName[]>([]);
	lr = $state.raw<Record<OptimizerName, number>>(defaultConfig().lr);
	noise = $state(0);
	seed = $state(1);
	/** the optimizer whose internals are drawn */
	inspect = $state<OptimizerName>('momentum');
	/** URL problems, shown to the user */
	messages = $state.raw<string[]>([]);

	/** the animation clock in steps; the paths show floor(clock) steps */
	clock = $state(0);
	playing = $state(false);
	speedIndex = $state(5);

	readonly surface = $derived(SURFACES[this.fn]);
	readonly step = $derived(Math.max(0, Math.min(this.steps, Math.floor(this.clock))));
	readonly speed = $derived(SPEEDS[this.speedIndex]);
	readonly config = $derived<RaceConfig>({
		fn: this.fn,
		from: this.from,
		steps: this.steps,
		selected: this.selected,
		lr: this.lr,
		noise: this.noise,
		seed: this.seed
	});
	readonly query = $derived(encodeRace(this.config));

	/** every selected optimizer's whole path, from the same start for the same number of steps */
	readonly runs = $derived.by((): RaceRun[] => {
		const { fn, from, steps, noise, seed, lr } = this;
		const s = SURFACES[fn];
		return this.selected.map((name) => {
			// a fresh generator per run on the same seed: every optimizer sees the same noise draws
			const rng = noise > 0 ? new Rng(deriveSeed(seed, 'surface-noise')) : null;
			const run = runSurface({
				fn,
				optimizer: { name, lr: lr[name] },
				from: [from[0], from[1]],
				steps,
				...(rng ? { noise: { std: noise, rng } } : {})
			});
			return summarize(s, name, lr[name], run);
		});
	});

	/** the inspected optimizer's gradient, velocity and step at the current step */
	readonly internals = $derived.by((): InternalsView | null => {
		const r = this.runs.find((x) => x.name === this.inspect);
		return r ? internalsAt(this.surface, r, this.step) : null;
	});

	#raf = 0;
	#last = 0;

	constructor(config: RaceConfig = defaultConfig()) {
		this.apply(config);
	}

	apply(c: RaceConfig): void {
		this.pause();
		this.fn = c.fn;
		this.from = c.from;
		this.steps = c.steps;
		this.selected = c.selected;
		this.lr = c.lr;
		this.noise = c.noise;
		this.seed = c.seed;
		if (!c.selected.includes(this.inspect) && c.selected.length > 0) {
			this.inspect = c.selected.find((o) => o === 'momentum' || o === 'adam') ?? c.selected[0];
		}
		this.clock = 0;
	}

	/** reads the settings from a query string; problems end up in `messages` */
	applyQuery(search: string): void {
		const { config, errors } = decodeRace(new URLSearchParams(search));
		this.apply(config);
		this.messages = errors;
	}

	/** a new function: its own start, step count and learning rates */
	setFunction(fn: SurfaceName): void {
		this.apply({ ...defaultConfig(fn), selected: this.selected, noise: this.noise, seed: this.seed });
	}

	/** moves the start, clamped into the domain; the paths recompute, the clock stays */
	setStart(x: number, y: number): void {
		const d = this.surface.domain;
		const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));
		this.from = [clamp(x, d.x), clamp(y, d.y)];
	}

	resetStart(): void {
		this.from = [this.surface.start[0], this.surface.start[1]];
	}

	toggle(name: OptimizerName, on: boolean): void {
		const set = new Set(this.selected);
		if (on) set.add(name);
		else set.delete(name);
		this.selected = OPTIMIZERS.filter((o) => set.has(o));
		if (on && !this.selected.includes(this.inspect)) this.inspect = name;
		if (!on && name === this.inspect && this.selected.length > 0) this.inspect = this.selected[0];
	}

	setLr(name: OptimizerName, lr: number): void {
		this.lr = { ...this.lr, [name]: lr };
	}

	setSteps(n: number): void {
		this.steps = n;
		this.clock = Math.min(this.clock, n);
	}

	// ── animation: requestAnimationFrame advances the clock by speed × elapsed time ──

	play(): void {
		if (this.playing || typeof requestAnimationFrame === 'undefined') return;
		if (this.step >= this.steps) this.clock = 0;
		this.playing = true;
		this.#last = performance.now();
		this.#raf = requestAnimationFrame(this.#tick);
	}

	pause(): void {
		this.playing = false;
		if (this.#raf !== 0 && typeof cancelAnimationFrame !== 'undefined') cancelAnimationFrame(this.#raf);
		this.#raf = 0;
	}

	stepOnce(): void {
		this.pause();
		this.clock = Math.min(this.steps, this.step + 1);
	}

	reset(): void {
		this.pause();
		this.clock = 0;
	}

	#tick = (now: number): void => {
		// cap the frame time so a background tab does not jump to the end on return
		// and at 0 below: the first frame's timestamp can predate the performance.now() taken in play()
		const dt = Math.max(0, Math.min(0.25, (now - this.#last) / 1000));
		this.#last = now;
		this.clock = Math.min(this.steps, this.clock + this.speed * dt);
		if (this.clock >= this.steps) {
			this.playing = false;
			this.#raf = 0;
		} else {
			this.#raf = requestAnimationFrame(this.#tick);
		}
	};
}
