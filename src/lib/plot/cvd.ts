// Colour science for checking the run palette (palette.ts): simulated colour-vision deficiency and
// perceptual colour difference. Used by the palette's unit test, not at run time.
//   simulate   Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation
//              of color vision deficiency", severity 1.0 matrices, applied to linear sRGB
//   CIEDE2000  Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation
//              notes", checked against their test pairs
export type Deficiency = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';
type Mat3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

export const MACHADO_2009: Record<Exclude<Deficiency, 'normal'>, Mat3> = {
	protanopia: [
		[0.152286, 1.052583, -0.204868],
		[0.114503, 0.786281, 0.099216],
		[-0.003882, -0.048116, 1.051998]
	],
	deuteranopia: [
		[0.367322, 0.860646, -0.227968],
		[0.280085, 0.672501, 0.047413],
		[-0.01182, 0.04294, 0.968881]
	],
	tritanopia: [
		[1.255528, -0.076749, -0.178779],
		[-0.078411, 0.930809, 0.147602],
		[0.004733, 0.691367, 0.3039]
	]
};

export type Vec3 = [number, number, number];

/** '#rrggbb' → linear-light sRGB in [0, 1] */
export function linearRgb(hex: string): Vec3 {
	const v = parseInt(hex.slice(1), 16);
	const lin = (c: number) => {
		const s = c / 255;
		return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return [lin((v >> 16) & 255), lin((v >> 8) & 255), lin(v & 255)];
}

/** linear sRGB as seen with the given deficiency (clipped to the gamut) */
export function simulate(rgb: Vec3, d: Deficiency): Vec3 {
	if (d === 'normal') return rgb;
	const m = MACHADO_2009[d];
	const clip = (x: number) => Math.min(1, Math.max(0, x));
	return [0, 1, 2].map((r) => clip(m[r][0] * rgb[0] + m[r][1] * rgb[1] + m[r][2] * rgb[2])) as Vec3;
}

/** linear sRGB → CIE L*a*b* (D65) */
export function lab(rgb: Vec3): Vec3 {
	const [r, g, b] = rgb;
	const X = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
	const Y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
	const Z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
	const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
	return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}

const rad = Math.PI / 180;

/** CIEDE2000 ΔE between two L*a*b* colours (kL = kC = kH = 1) */
export function ciede2000([L1, a1, b1]: Vec3, [L2, a2, b2]: Vec3): number {
	const C1 = Math.hypot(a1, b1);
	const C2 = Math.hypot(a2, b2);
	const Cb7 = ((C1 + C2) / 2) ** 7;
	const G = 0.5 * (1 - Math.sqrt(Cb7 / (Cb7 + 25 ** 7)));
	const a1p = (1 + G) * a1;
	const a2p = (1 + G) * a2;
	const C1p = Math.hypot(a1p, b1);
	const C2p = Math.hypot(a2p, b2);
	const hue = (b: number, a: number) => (a === 0 && b === 0 ? 0 : ((Math.atan2(b, a) / rad) % 360 + 360) % 360);
	const h1p = hue(b1, a1p);
	const h2p = hue(b2, a2p);
	const dL = L2 - L1;
	const dC = C2p - C1p;
	let dh = 0;
	if (C1p * C2p !== 0) {
		dh = h2p - h1p;
		if (dh > 180) dh -= 360;
		else if (dh < -180) dh += 360;
	}
	const dH = 2 * Math.sqrt(C1p * C2p) * Math.sin((dh * rad) / 2);
	const Lb = (L1 + L2) / 2;
	const Cbp = (C1p + C2p) / 2;
	let hb = h1p + h2p;
	if (C1p * C2p !== 0) hb = Math.abs(h1p - h2p) <= 180 ? hb / 2 : hb < 360 ? (hb + 360) / 2 : (hb - 360) / 2;
	const T = 1 - 0.17 * Math.cos((hb - 30) * rad) + 0.24 * Math.cos(2 * hb * rad) + 0.32 * Math.cos((3 * hb + 6) * rad) - 0.2 * Math.cos((4 * hb - 63) * rad);
	const dTheta = 30 * Math.exp(-(((hb - 275) / 25) ** 2));
	const Cbp7 = Cbp ** 7;
	const RC = 2 * Math.sqrt(Cbp7 / (Cbp7 + 25 ** 7));
	const SL = 1 + (0.015 * (Lb - 50) ** 2) / Math.sqrt(20 + (Lb - 50) ** 2);
	const SC = 1 + 0.045 * Cbp;
	const SH = 1 + 0.015 * Cbp * T;
	const RT = -Math.sin(2 * dTheta * rad) * RC;
	return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}

export const DEFICIENCIES: readonly Deficiency[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

/** ΔE00 between two colours as seen with a deficiency */
export function seenDifference(p: string, q: string, d: Deficiency): number {
	return ciede2000(lab(simulate(linearRgb(p), d)), lab(simulate(linearRgb(q), d)));
}

/** the smallest ΔE00 of a pair over normal vision and the three simulated deficiencies */
export function worstDifference(p: string, q: string): { delta: number; under: Deficiency } {
	let best = { delta: Infinity, under: 'normal' as Deficiency };
	for (const d of DEFICIENCIES) {
		const delta = seenDifference(p, q, d);
		if (delta < best.delta) best = { delta, under: d };
	}
	return best;
}
