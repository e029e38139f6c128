// Seeded randomness. Every draw in the engine goes through an Rng passed in explicitly, so the same
// seed gives the same run bit for bit in Node and in every browser (only integer ops, Math.log,
// Math.sqrt, Math.sin, Math.cos — IEEE-exact or fdlibm ports, identical across V8 builds).
//
// Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through splitmix32.

function splitmix32(state: number): [number, number] {
	state = (state + 0x9e3779b9) | 0;
	let z = state;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	z ^= z >>> 16;
	return [state, z >>> 0];
}

/** FNV-1a over a label, used to derive independent streams from one seed. */
function hashLabel(h: number, label: string | number): number {
	const s = String(label);
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	h ^= 0x2c; // separator so ('ab','c') ≠ ('a','bc')
	return Math.imul(h, 0x01000193) >>> 0;
}

/**
 * A seed for one purpose derived from the experiment seed, e.g. deriveSeed(seed, 'init', layer)
 * or deriveSeed(seed, 'batches'). Streams with different labels are independent, which is what
 * makes compared runs fair: the batch order depends on the seed alone, never on the optimizer.
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
	let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
	h = Math.imul(h, 0x01000193) >>> 0;
	for (const l of labels) h = hashLabel(h, l);
	return splitmix32(h)[1];
}

export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	private spare: number | null = null;

	constructor(seed: number) {
		let s = seed >>> 0;
		let v: number;
		[s, v] = splitmix32(s);
		this.a = v;
		[s, v] = splitmix32(s);
		this.b = v;
		[s, v] = splitmix32(s);
		this.c = v;
		this.d = 1;
		for (let i = 0; i < 12; i++) this.nextUint32();
	}

	/** uniform integer in [0, 2³²). */
	nextUint32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** uniform float in [0, 1) with 32 random bits. */
	uniform(): number {
		return this.nextUint32() / 4294967296;
	}

	/** uniform float in [lo, hi). */
	uniformRange(lo: number, hi: number): number {
		return lo + (hi - lo) * this.uniform();
	}

	/** standard normal N(0, 1) by the Box–Muller transform (pairs cached). */
	normal(): number {
		if (this.spare !== null) {
			const s = this.spare;
			this.spare = null;
			return s;
		}
		const u1 = 1 - this.uniform(); // (0, 1]: log is finite
		const u2 = this.uniform();
		const r = Math.sqrt(-2 * Math.log(u1));
		const theta = 2 * Math.PI * u2;
		this.spare = r * Math.sin(theta);
		return r * Math.cos(theta);
	}

	/** uniform integer in [0, n), unbiased (rejection sampling). */
	int(n: number): number {
		if (!(n >= 1) || n > 4294967296) throw new RangeError(`Rng.int: n must be in [1, 2^32], got ${n}`);
		const limit = 4294967296 - (4294967296 % n);
		let x: number;
		do x = this.nextUint32();
		while (x >= limit);
		return x % n;
	}

	/** Fisher–Yates shuffle in place. */
	shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
		for (let i = arr.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			const tmp = arr[i];
			arr[i] = arr[j];
			arr[j] = tmp;
		}
		return arr;
	}

	/** a random permutation of 0..n-1. */
	permutation(n: number): Uint32Array {
		const p = new Uint32Array(n);
		for (let i = 0; i < n; i++) p[i] = i;
		return this.shuffle(p);
	}
}
