// The words that explain a layer in the "inside the network" views: percentages that never round a
// real share to 0 %, layer names, and the notes under a histogram cell (symmetric units after a
// constant initialization, dead ReLUs, saturated units, NaN/∞ counts).
import { format } from 'd3';
import type { LayerSnapshot } from '../engine/inspect/index';
import { QUANTITY_LABEL, quantityOf, type Quantity } from './hist';

const pct = format('.0%');
/** 0.37 → "37%", 0.003 → "<1%" (never rounds a real share down to 0%) */
export function percentText(share: number): string {
	return share > 0 && share < 0.005 ? '<1%' : pct(share);
}

/** "hidden layer 2" or "the output layer" for layer l (0-based) of nLayers */
export function layerPhrase(layer: number, nLayers: number): string {
	return layer === nLayers - 1 ? 'the output layer' : `hidden layer ${layer + 1}`;
}

export function symmetryMessage(units: number, layer: number, nLayers: number): string {
	return `All ${units} units of ${layerPhrase(layer, nLayers)} are identical and will stay identical (symmetric init)`;
}

/** "1–3, 5" for sorted whole numbers (1-based layer numbers) */
export function numberRanges(ns: readonly number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < ns.length; ) {
		let j = i;
		while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
		parts.push(j > i ? `${ns[i]}–${ns[j]}` : `${ns[i]}`);
		i = j + 1;
	}
	return parts.join(', ');
}

/**
 * One sentence for all symmetric layers of a run's snapshot: the per-layer sentence when only one
 * layer is symmetric, else "All units of hidden layers 1–9 are identical …". null when none is.
 */
export function symmetrySummary(layers: readonly LayerSnapshot[], widths: readonly number[]): string | null {
	const sym = layers.flatMap((L, l) => (L.identicalUnits ? [l] : []));
	if (sym.length === 0) return null;
	if (sym.length === 1) return symmetryMessage(widths[sym[0]] ?? 0, sym[0], layers.length);
	return `All units of hidden layers ${numberRanges(sym.map((l) => l + 1))} are identical and will stay identical (symmetric init)`;
}

export interface CellNote {
	kind: 'symmetry' | 'dead' | 'saturated' | 'nonfinite';
	text: string;
	/** the full sentence when text is the compact form */
	full?: string;
}

/**
 * The words shown beside a layer of a run: symmetry, dead ReLUs, saturation, non-finite values.
 * compact: shorter words for narrow cells (the full sentence goes to `full`).
 */
export function cellNotes(L: LayerSnapshot, units: number, layer: number, nLayers: number, q: Quantity, compact = false): CellNote[] {
	const notes: CellNote[] = [];
	if (L.identicalUnits) {
		const full = symmetryMessage(units, layer, nLayers);
		notes.push(compact ? { kind: 'symmetry', text: `all ${units} units identical (symmetric)`, full } : { kind: 'symmetry', text: full });
	}
	if (L.deadShare !== null && L.deadShare > 0) notes.push({ kind: 'dead', text: `${percentText(L.deadShare)} of units dead` });
	if (L.saturatedShare !== null && L.saturatedShare > 0) {
		const all = !compact && L.saturatedUnitShare !== null && L.saturatedUnitShare > 0 ? ` (${percentText(L.saturatedUnitShare)} of units always)` : '';
		notes.push({ kind: 'saturated', text: `${percentText(L.saturatedShare)} of activations saturated${all}` });
	}
	const h = quantityOf(L, q);
	if (h && h.nonFinite > 0) notes.push({ kind: 'nonfinite', text: `${h.nonFinite} ${QUANTITY_LABEL[q]} are NaN or ∞` });
	return notes;
}
