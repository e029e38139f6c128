// Run colours: the Okabe–Ito palette (Okabe & Ito 2008), distinguishable under the common forms
// of colour-vision deficiency. Yellow (#F0E442) is darkened so it stays legible on white; runs
// beyond 8 reuse colours with a dash pattern so they stay distinguishable.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#444444', '#B59F00'] as const;

export const DASHES = ['', '6 3', '2 2', '8 3 2 3'] as const;

export function runColor(index: number): string {
	return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** SVG stroke-dasharray for the index-th run ('' = solid) */
export function runDash(index: number): string {
	return DASHES[Math.floor(Math.max(0, index) / PALETTE.length) % DASHES.length];
}
