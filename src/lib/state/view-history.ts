// The data views (decision boundary, confusion matrix, predictions) a run received, by step, so the
// time scrubber and "Replay" can show the views of any past evaluation — not only the latest.
// Bounded: past `cap` entries every other one is dropped (the first and the latest always stay),
// so a long run keeps an evenly thinned history of at most `cap` views.
export const VIEW_HISTORY_CAP = 256;

export class ViewHistory<V extends { step: number }> {
	private items: V[] = [];
	constructor(private readonly cap = VIEW_HISTORY_CAP) {
		if (!(Number.isInteger(cap) && cap >= 2)) throw new RangeError(`ViewHistory: cap must be a whole number ≥ 2, got ${cap}`);
	}

	get length(): number {
		return this.items.length;
	}

	/** adds views computed at a later step (a repeated step replaces the last entry) */
	push(v: V): void {
		const last = this.items[this.items.length - 1];
		if (last && v.step <= last.step) {
			if (v.step === last.step) this.items[this.items.length - 1] = v;
			return;
		}
		this.items.push(v);
		if (this.items.length > this.cap) {
			const latest = this.items[this.items.length - 1];
			this.items = this.items.filter((_, i) => i % 2 === 0);
			if (this.items[this.items.length - 1] !== latest) this.items.push(latest);
		}
	}

	/** the views of the last evaluation at or before `step` (null = the latest); null before the first */
	at(step: number | null): V | null {
		const items = this.items;
		if (items.length === 0) return null;
		if (step === null) return items[items.length - 1];
		let lo = 0;
		let hi = items.length; // first index with items[i].step > step
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (items[mid].step <= step) lo = mid + 1;
			else hi = mid;
		}
		return lo === 0 ? null : items[lo - 1];
	}
}
