// Bounded per-run histories: however long a run goes and however often it is evaluated, each list
// the page keeps about it stays at most `cap` points. Pure (no runes), so Node tests check it.
//
// The rule is the one the loss series (StepSeries) and the snapshots follow: when the list fills,
// every other point is dropped and from then on only every 2nd incoming point is kept (then every
// 4th, …), so the kept points stay evenly spread over the whole run instead of crowding its end.
// The latest point is always shown as well, so the final evaluation is never thinned away.
//
// With evaluations every step for 10⁷ steps, a history holds ≤ HISTORY_CAP points, ~200 kB.

/** points kept per history (evaluations, curvature samples) */
export const HISTORY_CAP = 2000;

export class BoundedHistory<T> {
	private kept: T[] = [];
	private latest: T | undefined = undefined;
	private latestKept = true;
	private seen = 0;
	private strideCount = 1;

	constructor(readonly cap: number = HISTORY_CAP) {
		if (!Number.isInteger(cap) || cap < 4 || cap % 2 !== 0) throw new RangeError(`history: cap must be an even whole number ≥ 4, got ${cap}`);
	}

	/** incoming points per kept point: 1 until the first thinning, then 2, 4, … */
	get stride(): number {
		return this.strideCount;
	}

	/** points pushed so far (kept or not) */
	get total(): number {
		return this.seen;
	}

	push(x: T): void {
		if (this.seen % this.strideCount === 0) {
			this.kept.push(x);
			this.latestKept = true;
			if (this.kept.length >= this.cap) {
				this.kept = this.kept.filter((_, i) => i % 2 === 0);
				this.strideCount *= 2;
				this.latestKept = this.kept[this.kept.length - 1] === x;
			}
		} else this.latestKept = false;
		this.latest = x;
		this.seen++;
	}

	/** the kept points and, if thinning skipped it, the latest one: at most `cap` points, in order */
	items(): T[] {
		return this.latestKept || this.latest === undefined ? this.kept.slice() : [...this.kept, this.latest];
	}

	clear(): void {
		this.kept = [];
		this.latest = undefined;
		this.latestKept = true;
		this.seen = 0;
		this.strideCount = 1;
	}
}

/**
 * Of items in order, those that set a new record under `better` (each strictly better than every
 * earlier one). For test accuracy this list is bounded by the number of distinct accuracies,
 * (test-set size + 1), and it answers "first step that reached x" exactly after any thinning.
 */
export function extendRecords<T>(records: readonly T[], added: readonly T[], better: (a: T, b: T) => boolean): T[] {
	let out: T[] | null = null;
	let best = records[records.length - 1];
	for (const x of added)
		if (best === undefined || better(x, best)) {
			(out ??= records.slice()).push(x);
			best = x;
		}
	return out ?? (records as T[]);
}
