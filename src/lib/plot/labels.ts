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
