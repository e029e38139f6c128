// Number formatting for every chart: tick labels and value annotations that stay readable from
// 1e-12 to 1e12. Plain decimals between 0.001 and 99,999, scientific notation outside ("2.5e−7",
// "1e23"), powers of ten on log axes as 10⁻⁷ … 10¹², never an SI suffix (d3's "~s" turns a loss of
// 1e24 into "1Y" and 1e9 into "1G", which read as units), and at most 4 significant digits unless
// more are needed to tell two neighbouring ticks apart (never more than 6).
//
// Pure functions of numbers and d3 scales, tested in tests/unit/chart-kit.test.ts.

const MINUS = '\u2212';
const SUPERSCRIPT: Record<string, string> = {
	'0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻'
};

/** plain decimals for 10^FIXED_MIN ≤ |v| < 10^(FIXED_MAX + 1) */
const FIXED_MIN = -3;
const FIXED_MAX = 4;

function trimZeros(s: string): string {
	return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function groupThousands(s: string): string {
	const [int, frac] = s.split('.');
	const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** the decimal exponent of |v| after rounding to `sig` significant digits (9999.6 → 4 at sig 4) */
function exponentOf(a: number, sig: number): number {
	return Number(a.toExponential(sig - 1).split('e')[1]);
}

/**
 * v with at most `sig` significant digits (1 … 6; trailing zeros dropped): 0.001234, 12,350,
 * 2.5e−7, 1e23, NaN, ∞. Uses the typographic minus, like d3's format.
 */
export function formatNumber(v: number, sig = 4): string {
	if (Number.isNaN(v)) return 'NaN';
	if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
	if (v === 0) return '0';
	const digits = Math.max(1, Math.min(6, Math.round(sig)));
	const sign = v < 0 ? MINUS : '';
	const a = Math.abs(v);
	const e = exponentOf(a, digits);
	if (e >= FIXED_MIN && e <= FIXED_MAX) {
		const rounded = Number(a.toPrecision(digits));
		return sign + groupThousands(trimZeros(rounded.toFixed(Math.max(0, digits - 1 - e))));
	}
	const mantissa = trimZeros(a.toExponential(digits - 1).split('e')[0]);
	return `${sign}${mantissa}e${e < 0 ? MINUS : ''}${Math.abs(e)}`;
}

/** 10^k as a label: 0.001 … 10,000 in decimals, otherwise 10⁻⁷, 10¹² */
export function powerOfTenLabel(k: number): string {
	if (k >= FIXED_MIN && k <= FIXED_MAX) return formatNumber(10 ** k);
	return `10${[...String(k)].map((c) => SUPERSCRIPT[c]).join('')}`;
}

/** is v (> 0) a power of ten, up to float error? returns its exponent or null */
export function decadeOf(v: number): number | null {
	if (!(v > 0)) return null;
	const k = Math.round(Math.log10(v));
	return Math.abs(v / 10 ** k - 1) < 1e-9 ? k : null;
}

/**
 * A tick label: `step` is the distance to the neighbouring tick, so 1000.2 next to 1000.4 keeps
 * its fifth digit while 0.15 next to 0.2 needs only two. On a log axis (`log`), powers of ten
 * outside the decimal range read 10⁻⁷; on a linear one 1e9, like its neighbour 2e9.
 */
export function formatTick(v: number, step = 0, log = false): string {
	if (v === 0) return '0';
	const k = log ? decadeOf(Math.abs(v)) : null;
	if (k !== null && (k < FIXED_MIN || k > FIXED_MAX)) return (v < 0 ? MINUS : '') + powerOfTenLabel(k);
	if (!(step > 0) || !Number.isFinite(v)) return formatNumber(v);
	const needed = Math.floor(Math.log10(Math.abs(v)) + 1e-9) - Math.floor(Math.log10(step) + 1e-9) + 1;
	return formatNumber(v, Math.max(4, Math.min(6, needed)));
}

/** significant digits shown by a label made by formatNumber/formatTick (for tests and checks) */
export function significantDigits(label: string): number {
	const s = label.replace(/[−\-,]/g, '');
	if (/^10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+$/.test(s)) return 1;
	const mantissa = s.split('e')[0].replace('.', '');
	const trimmed = mantissa.replace(/^0+/, '');
	// trailing zeros of an integer are placeholders, not digits shown (12,000 → 2)
	return (s.includes('.') || s.includes('e') ? trimmed : trimmed.replace(/0+$/, '')).length || 1;
}

export interface AxisTick {
	value: number;
	/** '' for an unlabelled minor tick (a log axis gridlines every mantissa, labels a few) */
	label: string;
}

export interface TickableScale {
	(v: number): number;
	ticks(count?: number): number[];
	domain(): number[];
}

/** 0 for a power of ten, 1 for mantissa 2 or 5, 2 for the rest: the order log ticks earn labels */
function logRank(v: number): number {
	const m = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
	return m === 1 || m === 10 ? 0 : m === 2 || m === 5 ? 1 : 2;
}

/**
 * Ticks of a linear axis: d3's nice values, labelled with the precision their spacing needs.
 */
export function linearTicks(scale: TickableScale, count: number): AxisTick[] {
	const values = scale.ticks(count);
	const step = values.length > 1 ? Math.abs(values[1] - values[0]) : 0;
	return values.map((value) => ({ value, label: formatTick(value, step) }));
}

/**
 * Ticks of a log axis: every d3 tick as a grid line, labels on powers of ten first, then on
 * mantissas 2 and 5, then the rest (only while fewer than four labels stand), each at least
 * minGapPx from the labels already placed — so a 30-decade axis reads 10⁻¹², 10⁻⁶, 1, 10⁶ and a
 * narrow one 0.2, 0.5, 1, 2.
 */
export function logTicks(scale: TickableScale, minGapPx = 20): AxisTick[] {
	const [d0, d1] = scale.domain();
	const lo = Math.min(d0, d1);
	const hi = Math.max(d0, d1);
	let values = scale.ticks();
	// d3 returns one tick per decade on wide domains; past 40 decades keep every n-th
	const decades = Math.log10(hi / lo);
	if (decades > 40) {
		const every = Math.ceil(decades / 40);
		values = values.filter((v) => (decadeOf(v) ?? 1) % every === 0);
	}
	const labels = values.map(() => '');
	const placed: number[] = [];
	const place = (maxRank: number) => {
		for (let rank = 0; rank <= maxRank; rank++) {
			// a power of ten every few decades: pick in order of the largest gap first would be
			// nicer, but placing left to right with a minimum gap already keeps an even rhythm
			values.forEach((v, i) => {
				if (labels[i] || logRank(v) !== rank) return;
				const px = scale(v);
				if (placed.every((q) => Math.abs(q - px) >= minGapPx)) {
					placed.push(px);
					labels[i] = formatTick(v, 0, true);
				}
			});
		}
	};
	place(1);
	if (placed.length < 4) place(2);
	return values.map((value, i) => ({ value, label: labels[i] }));
}
