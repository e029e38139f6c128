// Colour math for the data views, kept out of the components so it can be tested.
//   classes   PALETTE (Okabe–Ito) — the same hues as runs, but read through the class legend
//   filters   a diverging blue–white–orange scale (colour-blind safe, unlike red/green)
//   matrices  a sequential single-hue blue scale (d3.interpolateBlues)
import { interpolateBlues, interpolateLab } from 'd3';
import { PALETTE } from '$lib/plot/palette';

export type Rgb = [number, number, number];

export function hexRgb(hex: string): Rgb {
	const v = parseInt(hex.slice(1), 16);
	return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function classColor(c: number): string {
	return PALETTE[((c % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** share of the way to white that heatmap cells are lightened, so the points on top stand out */
export const HEATMAP_LIGHTEN = 0.55;
/** cells with no prediction (non-finite logits) */
export const NO_PREDICTION_RGB: Rgb = [190, 190, 190];

/**
 * Writes the RGBA of every grid cell into `rgba` (G·G·4): Σ_c p_c·colour_c, then mixed toward white
 * by HEATMAP_LIGHTEN. The mapping is fixed — it depends on no run's values — so every panel shares
 * one colour scale: a confident region has its class's hue, a boundary a mix of two.
 */
export function heatmapRgba(probs: Float32Array, nCells: number, C: number, rgba: Uint8ClampedArray): void {
	const colors = Array.from({ length: C }, (_, c) => hexRgb(classColor(c)));
	for (let i = 0; i < nCells; i++) {
		let r = 0;
		let g = 0;
		let b = 0;
		let total = 0;
		for (let c = 0; c < C; c++) {
			const p = probs[i * C + c];
			r += p * colors[c][0];
			g += p * colors[c][1];
			b += p * colors[c][2];
			total += p;
		}
		if (!(total > 0.5)) [r, g, b] = NO_PREDICTION_RGB;
		const o = i * 4;
		rgba[o] = r + (255 - r) * HEATMAP_LIGHTEN;
		rgba[o + 1] = g + (255 - g) * HEATMAP_LIGHTEN;
		rgba[o + 2] = b + (255 - b) * HEATMAP_LIGHTEN;
		rgba[o + 3] = 255;
	}
}

export const NEGATIVE_HEX = '#2166ac';
export const POSITIVE_HEX = '#b35806';
const toNegative = interpolateLab('#ffffff', NEGATIVE_HEX);
const toPositive = interpolateLab('#ffffff', POSITIVE_HEX);

/** 256-entry RGB table for t ∈ [−1, 1]: entry k ↔ t = 2k/255 − 1 (blue at −1, white at 0, orange at +1). */
export const DIVERGING_LUT: Uint8ClampedArray = (() => {
	const lut = new Uint8ClampedArray(256 * 3);
	for (let k = 0; k < 256; k++) {
		const t = (2 * k) / 255 - 1;
		const [r, g, b] = hexRgb(rgbToHex(t < 0 ? toNegative(-t) : toPositive(t)));
		lut.set([r, g, b], k * 3);
	}
	return lut;
})();

/** LUT index of value v on the symmetric range [−m, m]; m ≤ 0 or non-finite values map to white. */
export function divergingIndex(v: number, m: number): number {
	if (!(m > 0) || !Number.isFinite(v)) return 128;
	const t = Math.max(-1, Math.min(1, v / m));
	return Math.round(((t + 1) * 255) / 2);
}

/** the largest |v| of values[from, to), ignoring non-finite entries (0 if none) */
export function maxAbs(values: ArrayLike<number>, from = 0, to = values.length): number {
	let m = 0;
	for (let i = from; i < to; i++) {
		const a = Math.abs(values[i]);
		if (a > m && Number.isFinite(a)) m = a;
	}
	return m;
}

/** sequential fill for a share s ∈ [0, 1]; 0 is white */
export function shareFill(s: number): string {
	return s <= 0 ? '#ffffff' : interpolateBlues(0.08 + 0.92 * Math.min(1, s));
}
/** text on a shareFill cell: near-black or white, whichever has the higher WCAG contrast */
export function shareText(s: number): string {
	const L = relativeLuminance(hexRgb(rgbToHex(shareFill(s))));
	const DARK = 0.0103; // luminance of #1a1a1a
	return (L + 0.05) / (DARK + 0.05) >= 1.05 / (L + 0.05) ? '#1a1a1a' : '#ffffff';
}

/** WCAG 2 relative luminance of an sRGB colour */
export function relativeLuminance([r, g, b]: Rgb): number {
	const lin = (v: number) => {
		const c = v / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** d3 interpolators return "rgb(r, g, b)"; normalise to #rrggbb */
function rgbToHex(css: string): string {
	if (css.startsWith('#')) return css;
	const m = css.match(/\d+(\.\d+)?/g);
	if (!m || m.length < 3) return '#ffffff';
	return '#' + m.slice(0, 3).map((s) => Math.round(Number(s)).toString(16).padStart(2, '0')).join('');
}
