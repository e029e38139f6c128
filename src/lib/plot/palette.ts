// Run colours, chosen by measurement (tests/unit/palette.test.ts, with the colour science in cvd.ts):
// every pair is compared by CIEDE2000 under normal vision and under Machado et al.'s (2009)
// full-severity protanopia, deuteranopia and tritanopia. Blue, orange and bluish green come from
// Okabe & Ito; the old vermillion (ΔE00 12 from orange under protanopia), sky blue and dark yellow
// (ΔE00 2.5 from orange) were replaced by Paul Tol's red, cyan, wine and indigo and a near-black
// (a mid grey is within ΔE00 5 of wine for deuteranopes).
// Worst pair now: wine/indigo, ΔE00 ≈ 12 under protanopia (normal vision: ≥ 23 for every pair).
// Pairs that stay within ΔE00 15 under some deficiency (blue/green under tritanopia, green/cyan,
// wine/indigo) are told apart by a second encoding: one of each pair is dashed (PALETTE_DASH).
// Runs beyond 8 reuse the colours with the next dash pattern.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC3311', '#33BBEE', '#882255', '#111111', '#332288'] as const;

export const DASHES = ['', '6 3', '2 2', '8 3 2 3'] as const;

/** index into DASHES of each palette colour's first use: a dash where the colour is close to another */
export const PALETTE_DASH = [0, 0, 1, 0, 0, 0, 0, 1] as const;

const wrap = (i: number) => ((i % PALETTE.length) + PALETTE.length) % PALETTE.length;

export function runColor(index: number): string {
	return PALETTE[wrap(index)];
}

/** SVG stroke-dasharray for the index-th run ('' = solid) */
export function runDash(index: number): string {
	const round = Math.floor(Math.max(0, index) / PALETTE.length);
	return DASHES[(PALETTE_DASH[wrap(index)] + round) % DASHES.length];
}
