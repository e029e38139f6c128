// One raced optimizer's summary (final value, distance to the nearest minimum, steps to reach
// it) and its internals at a step — gradient, velocity, step — as arrows in the plot's units.
import type { TestFunction, TestFunctionRun } from '../engine/test-functions';
import { OPTIMIZERS, type OptimizerName } from '../engine/types';
import { ADAPTIVE, TARGET_GAP } from './race-config';

// ── the race ─────────────────────────────────────────────────────────────────────────────────────

export interface RaceRun {
	name: OptimizerName;
	/** index in OPTIMIZERS: the optimizer's colour everywhere in the app */
	colorIndex: number;
	lr: number;
	run: TestFunctionRun;
	finalF: number;
	/** distance from the last point to the nearest minimum (null: the surface has none) */
	distToMin: number | null;
	/** first step at which f − f* ≤ TARGET_GAP (null: never, or no known global minimum) */
	stepsToTarget: number | null;
}

export function summarize(s: TestFunction, name: OptimizerName, lr: number, run: TestFunctionRun): RaceRun {
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
export function internalsAt(s: TestFunction, r: RaceRun, step: number): InternalsView | null {
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
