// One data set per worker, shared by all the runs it hosts: MNIST fetched once and kept as its
// uint8 pixels (PackedMnist), each preprocessing of it built once; a 2-D set built once per
// (settings, seed). Pure apart from the injected fetch, so Node tests drive it.
import { buildDataset, type BuiltDataset } from '../experiment/build';
import type { SharedSettings } from '../experiment/model';
import { PackedMnist } from '../engine/data/index';

/** Loads a URL's bytes; the worker passes fetch, Node tests read a file. */
export type FetchBytes = (url: string) => Promise<Uint8Array>;

/** Fetches a URL's bytes with the platform's fetch, with a message naming the URL on failure. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
	const res = await fetch(url);
	if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
	return new Uint8Array(await res.arrayBuffer());
}

/** datasets kept beyond those in use, so a reset or a new seed back and forth rebuilds nothing */
const SPARE = 2;

/** what identifies a built data set: everything buildDataset reads */
export function datasetKey(shared: SharedSettings): string {
	if (shared.dataset === 'mnist') return `mnist:${shared.preprocessing}`;
	const { n, noise, k } = shared.toy;
	return JSON.stringify([shared.dataset, n, noise, k, shared.seed, shared.preprocessing]);
}

export class DataCache {
	private mnist: Promise<PackedMnist> | null = null;
	private mnistUrl = '';
	/**
	 * Built data sets by key, as promises: runs started together (the pool sends a worker all its
	 * runs at once) wait for ONE build instead of each making its own copy — that race once held
	 * 8 copies of MNIST's preprocessed test split and lookup table per worker.
	 */
	private readonly built = new Map<string, Promise<BuiltDataset>>();
	/** the settled data sets, for prune(): a promise cannot be compared with a data set */
	private readonly ready = new Map<string, BuiltDataset>();

	constructor(private readonly fetchBytes: FetchBytes) {}

	/** the data set of these settings, built once; MNIST needs its URL the first time */
	async get(shared: SharedSettings, mnistUrl?: string): Promise<BuiltDataset> {
		const key = datasetKey(shared);
		const hit = this.built.get(key);
		if (hit) {
			// most recently used last
			this.built.delete(key);
			this.built.set(key, hit);
			return hit;
		}
		const p =
			shared.dataset === 'mnist'
				? this.packedMnist(mnistUrl).then((m) => m.dataset(shared.preprocessing))
				: Promise.resolve().then(() => buildDataset(shared));
		this.built.set(key, p);
		p.then(
			(ds) => {
				if (this.built.get(key) === p) this.ready.set(key, ds);
			},
			() => {
				// a failed build is not cached: the next run asks again
				if (this.built.get(key) === p) this.built.delete(key);
			}
		);
		return p;
	}

	/** forgets the data sets no run uses, keeping the SPARE most recent */
	prune(inUse: ReadonlySet<BuiltDataset>): void {
		let spare = 0;
		for (const key of [...this.built.keys()].reverse()) {
			const ds = this.ready.get(key);
			if (!ds || inUse.has(ds)) continue; // still being built: some run is waiting for it
			if (spare < SPARE) spare++;
			else {
				this.built.delete(key);
				this.ready.delete(key);
			}
		}
	}

	get size(): number {
		return this.built.size;
	}

	private packedMnist(url?: string): Promise<PackedMnist> {
		if (!url) throw new Error('the MNIST data set needs mnistUrl');
		if (!this.mnist || url !== this.mnistUrl) {
			this.mnistUrl = url;
			const p = this.fetchBytes(url).then((bytes) => new PackedMnist(bytes));
			// a failed fetch is not cached: the next run asks again
			p.catch(() => {
				if (this.mnist === p) this.mnist = null;
			});
			this.mnist = p;
		}
		return this.mnist;
	}
}
