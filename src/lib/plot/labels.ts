// End-of-line labels that never collide: each label wants to sit at its line's last y, labels
// must stay `gap` px apart (a line height) and inside [lo, hi]. Sorted by wanted position, labels
// are pooled into blocks (pool-adjacent-violators): a block of k labels sits at the mean of its
// wanted positions (minus each label's offset inside the block), clamped into range, and merges
// with the block above while they overlap. That is the least-squares placement for labels that
// keep their order, so a lone label is never moved and a cluster spreads symmetrically.

/**
 * Positions for labels that want to sit at `wanted` (px, any order), each ≥ gap from the next,
 * inside [lo, hi] when they fit (when they do not, they run past hi). Returned in input order.
 */
export function nudgeLabels(wanted: readonly number[], gap: number, lo = -Infinity, hi = Infinity): number[] {
	const order = wanted.map((_, i) => i).sort((a, b) => wanted[a] - wanted[b] || a - b);
	interface Block {
		first: number; // index into order
		size: number;
		sum: number; // Σ (wanted − offset inside the block)
		top: number;
	}
	const place = (b: Block) => {
		const ideal = b.sum / b.size;
		const maxTop = hi - (b.size - 1) * gap;
		b.top = Math.max(lo, Math.min(ideal, maxTop));
		if (maxTop < lo) b.top = lo;
	};
	const blocks: Block[] = [];
	order.forEach((idx, k) => {
		const b: Block = { first: k, size: 1, sum: wanted[idx], top: 0 };
		place(b);
		blocks.push(b);
		// merge while the block above reaches into this one
		while (blocks.length > 1) {
			const cur = blocks[blocks.length - 1];
			const prev = blocks[blocks.length - 2];
			if (prev.top + prev.size * gap <= cur.top + 1e-9) break;
			prev.sum += cur.sum - cur.size * prev.size * gap;
			prev.size += cur.size;
			blocks.pop();
			place(prev);
		}
	});
	const out = new Array<number>(wanted.length);
	for (const b of blocks) for (let j = 0; j < b.size; j++) out[order[b.first + j]] = b.top + j * gap;
	return out;
}

/** a polyline in pixels: x0, y0, x1, y1, … (a NaN coordinate breaks the line) */
export type Polyline = ArrayLike<number>;

/** how many segments of `lines` pass through the box [x0, x1] × [top, bottom] */
export function segmentsThrough(lines: readonly Polyline[], x0: number, x1: number, top: number, bottom: number): number {
	let n = 0;
	for (const p of lines) {
		for (let i = 0; i + 3 < p.length; i += 2) {
			const ax = p[i], ay = p[i + 1], bx = p[i + 2], by = p[i + 3];
			if (!(Number.isFinite(ax) && Number.isFinite(ay) && Number.isFinite(bx) && Number.isFinite(by))) continue;
			const lo = Math.max(x0, Math.min(ax, bx));
			const hi = Math.min(x1, Math.max(ax, bx));
			if (lo > hi) continue;
			// the segment's y over the part of it inside [x0, x1]
			const at = (x: number) => (bx === ax ? ay : ay + ((by - ay) * (x - ax)) / (bx - ax));
			const ya = bx === ax ? Math.min(ay, by) : Math.min(at(lo), at(hi));
			const yb = bx === ax ? Math.max(ay, by) : Math.max(at(lo), at(hi));
			if (yb >= top && ya <= bottom) n++;
		}
	}
	return n;
}

/**
 * Where a text box `height` px tall spanning [x0, x1] should sit (its centre y): near `wanted`,
 * covering few segments of `lines`. Each segment under the box costs `perHit` px of distance, so
 * a text moves well away from a line it would lie along (many segments) but accepts crossing a
 * steep line (one or two, readable through the text's halo) rather than drifting far from what it
 * names. Searched every `step` px inside [lo, hi]. Used for a diverged run's marker text, which
 * otherwise is drawn across whatever line runs along the top of the plot.
 */
export function clearSpot(wanted: number, x0: number, x1: number, height: number, lines: readonly Polyline[], lo: number, hi: number, step = 2, perHit = 24): number {
	return bestRow(wanted, x0, x1, height, lines, lo, hi, step, perHit).y;
}

/** clearSpot's search, with the cost of the spot it found */
function bestRow(wanted: number, x0: number, x1: number, height: number, lines: readonly Polyline[], lo: number, hi: number, step: number, perHit: number): { y: number; cost: number } {
	const start = Math.max(lo, Math.min(hi, wanted));
	let best = start;
	let bestCost = Infinity;
	const consider = (y: number) => {
		const hits = segmentsThrough(lines, x0, x1, y - height / 2, y + height / 2);
		const cost = hits * perHit + Math.abs(y - wanted);
		if (cost < bestCost) {
			bestCost = cost;
			best = y;
		}
	};
	consider(start);
	const off = Math.abs(start - wanted);
	for (let d = step; start - d >= lo || start + d <= hi; d += step) {
		// farther spots cost at least their distance: none of them can beat the best any more
		if (d - off >= bestCost) break;
		if (start + d <= hi) consider(start + d);
		if (start - d >= lo) consider(start - d);
	}
	return { y: best, cost: bestCost };
}

/**
 * clearSpot that may also slide the text sideways, away from its mark (`direction` +1: right,
 * −1: left), by up to `maxShift` px in steps of `shiftStep`: each px of slide costs `shiftCost`
 * (a px of vertical move costs 1). A long text next to a mark where another line falls steeply
 * through every height (lesson 7: η = 10's text beside η = 0.1's first steps) can then start past
 * that line at the mark's own height, instead of being drawn across it. Returns the slide (≥ 0, in
 * the direction given) and the centre y.
 */
export function clearBox(
	wanted: number,
	x0: number,
	width: number,
	height: number,
	lines: readonly Polyline[],
	lo: number,
	hi: number,
	maxShift: number,
	opts: { direction?: 1 | -1; shiftStep?: number; shiftCost?: number; step?: number; perHit?: number } = {}
): { shift: number; y: number } {
	const { direction = 1, shiftStep = 8, shiftCost = 0.5, step = 2, perHit = 24 } = opts;
	let best = { shift: 0, y: wanted, cost: Infinity };
	for (let shift = 0; shift <= Math.max(0, maxShift); shift += shiftStep) {
		if (shiftCost * shift >= best.cost) break; // the slide alone costs more than the best spot
		const left = x0 + direction * shift;
		const row = bestRow(wanted, left, left + width, height, lines, lo, hi, step, perHit);
		const cost = row.cost + shiftCost * shift;
		if (cost < best.cost) best = { shift, y: row.y, cost };
	}
	return { shift: best.shift, y: best.y };
}
