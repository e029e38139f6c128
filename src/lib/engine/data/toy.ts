// Two-dimensional toy data sets, generated from an explicit Rng (same seed → same points, bit for bit).
//
// Every set draws a clean point for its class, then adds isotropic Gaussian noise N(0, noise²) to
// each coordinate; `noise` is in data units. Clean points lie inside [−1.2, 1.2]², so with the
// default noise nearly everything falls inside TOY_DOMAIN = [−1.5, 1.5]², the fixed window the
// decision-boundary view draws. Classes are balanced: class c of K gets ⌊n/K⌋ points, plus one
// for c < n mod K.
//
//   spiral     K arms (K = k); arm c: r = 1.2·t, θ = 2πc/K + 2π·1.25·t, t ~ U[0, 1).
//   circles    class 0 a disc r ≤ 0.5, class 1 a ring 0.8 ≤ r ≤ 1.2, both uniform in area.
//   xor        class 0 in quadrants I and III (x·y > 0), class 1 in II and IV (x·y < 0);
//              |x|, |y| ~ U[0.05, 1.2), so the clean label is exactly the sign of x·y.
//   gaussians  K blobs (K = k) centred at (cos 2πc/K, sin 2πc/K); noise is the blob's σ.
//   moons      scikit-learn's make_moons, centred and scaled by 0.8: class 0 is
//              0.8·(cos t − 0.5, sin t − 0.25), class 1 its point reflection, t ~ U[0, π).

import type { Dataset, DatasetName } from '../types';
import type { Rng } from '../rng';

export const TOY_DATASETS = ['spiral', 'circles', 'xor', 'gaussians', 'moons'] as const;
export type ToyName = (typeof TOY_DATASETS)[number] & DatasetName;

export interface ToyParams {
	/** total number of points, train + test. */
	n: number;
	/** σ of the Gaussian noise added to each coordinate, in data units. */
	noise: number;
	/** number of classes for spiral (arms) and gaussians (blobs); the other sets always have 2. */
	k: number;
}

export const TOY_RANGES: { readonly [F in keyof ToyParams]: readonly [number, number] } = {
	n: [20, 20000],
	noise: [0, 2],
	k: [2, 8]
};

/** Which sets read `k`; the others ignore it. */
export const TOY_USES_K: Readonly<Record<ToyName, boolean>> = {
	spiral: true,
	circles: false,
	xor: false,
	gaussians: true,
	moons: false
};

export const TOY_DEFAULTS: Readonly<Record<ToyName, Readonly<ToyParams>>> = {
	spiral: { n: 400, noise: 0.05, k: 3 },
	circles: { n: 400, noise: 0.1, k: 2 },
	xor: { n: 400, noise: 0.1, k: 2 },
	// noise is the blobs' σ here; 0.1 would make them trivially separable.
	gaussians: { n: 400, noise: 0.2, k: 3 },
	moons: { n: 400, noise: 0.1, k: 2 }
};

/** The plotting window for every toy set: x and y in [−1.5, 1.5]. */
export const TOY_DOMAIN = { x: [-1.5, 1.5], y: [-1.5, 1.5] } as const;

export const TRAIN_FRACTION = 0.8;

export function isToyDataset(name: DatasetName): name is ToyName {
	return (TOY_DATASETS as readonly string[]).includes(name);
}

export function toyClassCount(name: ToyName, k: number): number {
	return TOY_USES_K[name] ? k : 2;
}

/** n split over K classes as evenly as possible: ⌊n/K⌋ each, one more for the first n mod K. */
export function balancedCounts(n: number, K: number): number[] {
	return Array.from({ length: K }, (_, c) => Math.floor(n / K) + (c < n % K ? 1 : 0));
}

/** Defaults filled in and every field range-checked; throws RangeError naming the field. */
export function resolveToyParams(name: ToyName, params: Partial<ToyParams> = {}): ToyParams {
	if (!isToyDataset(name)) throw new RangeError(`toy data: unknown data set ${JSON.stringify(name)}`);
	const p: ToyParams = { ...TOY_DEFAULTS[name], ...params };
	checkRange('n', p.n, true);
	checkRange('noise', p.noise, false);
	if (TOY_USES_K[name]) checkRange('k', p.k, true);
	return p;
}

function checkRange(field: keyof ToyParams, v: number, integer: boolean): void {
	const [lo, hi] = TOY_RANGES[field];
	if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
		const kind = integer ? 'an integer' : 'a number';
		throw new RangeError(`toy data: ${field} must be ${kind} in [${lo}, ${hi}], got ${String(v)}`);
	}
}

type CleanPoint = (c: number, K: number, rng: Rng) => [number, number];

const SPIRAL_RADIUS = 1.2;
const SPIRAL_TURNS = 1.25;
const CIRCLE_INNER = 0.5;
const RING_LO = 0.8;
const RING_HI = 1.2;
const XOR_LO = 0.05;
const XOR_HI = 1.2;
const MOON_SCALE = 0.8;

const cleanPoints: Record<ToyName, CleanPoint> = {
	spiral(c, K, rng) {
		const t = rng.uniform();
		const r = SPIRAL_RADIUS * t;
		const theta = (2 * Math.PI * c) / K + 2 * Math.PI * SPIRAL_TURNS * t;
		return [r * Math.cos(theta), r * Math.sin(theta)];
	},
	circles(c, _K, rng) {
		// r = √(U(r₀², r₁²)) is uniform in area over the annulus r₀ ≤ r ≤ r₁.
		const [r0, r1] = c === 0 ? [0, CIRCLE_INNER] : [RING_LO, RING_HI];
		const r = Math.sqrt(rng.uniformRange(r0 * r0, r1 * r1));
		const theta = 2 * Math.PI * rng.uniform();
		return [r * Math.cos(theta), r * Math.sin(theta)];
	},
	xor(c, _K, rng) {
		const a = rng.uniformRange(XOR_LO, XOR_HI);
		const b = rng.uniformRange(XOR_LO, XOR_HI);
		const s = rng.uniform() < 0.5 ? 1 : -1;
		return c === 0 ? [s * a, s * b] : [s * a, -s * b];
	},
	gaussians(c, K) {
		const theta = (2 * Math.PI * c) / K;
		return [Math.cos(theta), Math.sin(theta)];
	},
	moons(c, _K, rng) {
		const t = Math.PI * rng.uniform();
		const x = MOON_SCALE * (Math.cos(t) - 0.5);
		const y = MOON_SCALE * (Math.sin(t) - 0.25);
		return c === 0 ? [x, y] : [-x, -y];
	}
};

/** All n points, grouped by class (class 0 first): x (n, 2), y (n). */
export function toyPoints(name: ToyName, params: Partial<ToyParams>, rng: Rng): { x: Float32Array; y: Uint8Array } {
	const p = resolveToyParams(name, params);
	const K = toyClassCount(name, p.k);
	const x = new Float32Array(p.n * 2);
	const y = new Uint8Array(p.n);
	let i = 0;
	balancedCounts(p.n, K).forEach((count, c) => {
		for (let j = 0; j < count; j++, i++) {
			const [px, py] = cleanPoints[name](c, K, rng);
			// noise 0 draws nothing, so the clean geometry is reproducible on its own.
			x[2 * i] = p.noise > 0 ? px + p.noise * rng.normal() : px;
			x[2 * i + 1] = p.noise > 0 ? py + p.noise * rng.normal() : py;
			y[i] = c;
		}
	});
	return { x, y };
}

/**
 * A toy data set split 80/20, stratified: round(0.8·n) train points, spread over the classes by
 * balancedCounts, so each class is balanced within one point in both splits. Points are i.i.d.
 * within a class, so the first ones of each class go to train; each split is then shuffled by the
 * rng so neither is ordered by class.
 */
export function toyDataset(name: ToyName, params: Partial<ToyParams>, rng: Rng): Dataset {
	const p = resolveToyParams(name, params);
	const K = toyClassCount(name, p.k);
	const { x, y } = toyPoints(name, p, rng);
	const perClass = balancedCounts(p.n, K);
	const trainPerClass = balancedCounts(Math.round(TRAIN_FRACTION * p.n), K);
	const trainIdx: number[] = [];
	const testIdx: number[] = [];
	let start = 0;
	perClass.forEach((count, c) => {
		for (let j = 0; j < count; j++) (j < trainPerClass[c] ? trainIdx : testIdx).push(start + j);
		start += count;
	});
	rng.shuffle(trainIdx);
	rng.shuffle(testIdx);
	const [trainX, trainY] = gatherRows(x, y, trainIdx);
	const [testX, testY] = gatherRows(x, y, testIdx);
	return { name, inputDim: 2, nClasses: K, trainX, trainY, testX, testY };
}

function gatherRows(x: Float32Array, y: Uint8Array, idx: number[]): [Float32Array, Uint8Array] {
	const gx = new Float32Array(idx.length * 2);
	const gy = new Uint8Array(idx.length);
	idx.forEach((src, k) => {
		gx[2 * k] = x[2 * src];
		gx[2 * k + 1] = x[2 * src + 1];
		gy[k] = y[src];
	});
	return [gx, gy];
}
