// A domain shared by the panels of a small multiple: each panel reports the extent of what it
// draws under its own key, and every panel reads the union, so compared panels share a scale
// (house style: compared panels share scales). Panels that leave remove their key.
import { createContext } from 'svelte';

export class SharedExtent {
	#extents = $state.raw<ReadonlyMap<string, readonly [number, number]>>(new Map());

	/** reports (or replaces) one panel's extent; a non-finite extent removes it */
	set(key: string, extent: readonly [number, number]): void {
		const cur = this.#extents.get(key);
		if (cur && cur[0] === extent[0] && cur[1] === extent[1]) return;
		const next = new Map(this.#extents);
		if (Number.isFinite(extent[0]) && Number.isFinite(extent[1]) && extent[0] <= extent[1]) next.set(key, extent);
		else next.delete(key);
		this.#extents = next;
	}

	delete(key: string): void {
		if (!this.#extents.has(key)) return;
		const next = new Map(this.#extents);
		next.delete(key);
		this.#extents = next;
	}

	/** the union of every reported extent, or null before any panel reported one */
	get domain(): [number, number] | null {
		let lo = Infinity;
		let hi = -Infinity;
		for (const [a, b] of this.#extents.values()) {
			lo = Math.min(lo, a);
			hi = Math.max(hi, b);
		}
		return lo <= hi ? [lo, hi] : null;
	}
}

export const [getSharedExtent, setSharedExtent] = createContext<SharedExtent>();
