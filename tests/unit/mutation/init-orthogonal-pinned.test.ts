// orthogonal init against torch.nn.init.orthogonal_'s documented steps, on the same normal draws:
// A (rows, cols) drawn row-major; if rows < cols, A is transposed; Q of the QR with diag R > 0
// (unique, so classical Gram–Schmidt on the columns is an independent oracle); transposed back;
// times gain. Square layers are not transposed (rows ≥ cols), tall ones orthonormalise A's
// columns, wide ones A's rows. Every entry is pinned, on shapes from 1×n to 6×2, so each step of
// the Householder QR (reflections over rows j…m−1, Q rebuilt right to left, the sign of diag R)
// and each index of the transposes shows up.
import { describe, expect, it } from 'vitest';
import { initLayer } from '../../../src/lib/engine/init';
import { Rng } from '../../../src/lib/engine/rng';
import type { ActivationName, InitConfig } from '../../../src/lib/engine/types';
import { gramSchmidt } from '../gram-schmidt';

/** torch's W (rows, cols) for the draws of Rng(seed), built from Gram–Schmidt */
function torchOrthogonal(rows: number, cols: number, g: number, seed: number): number[][] {
	const rng = new Rng(seed);
	const a: number[][] = [];
	for (let r = 0; r < rows; r++) {
		a.push([]);
		for (let c = 0; c < cols; c++) a[r].push(rng.normal());
	}
	const w: number[][] = Array.from({ length: rows }, () => Array<number>(cols).fill(0));
	if (rows >= cols) {
		// Q's columns = GS of A's columns
		const colsOfA = Array.from({ length: cols }, (_, c) => a.map((row) => row[c]));
		const q = gramSchmidt(colsOfA);
		for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) w[r][c] = g * q[c][r];
	} else {
		// Aᵀ's columns are A's rows; transposing Q back makes them W's rows
		const q = gramSchmidt(a);
		for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) w[r][c] = g * q[r][c];
	}
	return w;
}

const GAINS: Record<string, number> = { linear: 1, relu: Math.SQRT2, tanh: 5 / 3 };

describe('orthogonal init = torch.nn.init.orthogonal_ (Gram–Schmidt oracle), every entry', () => {
	const shapes: [rows: number, cols: number, act: ActivationName][] = [
		[2, 2, 'linear'],
		[3, 3, 'relu'],
		[4, 4, 'tanh'],
		[5, 3, 'linear'],
		[6, 2, 'relu'],
		[3, 5, 'tanh'],
		[2, 6, 'linear'],
		[4, 1, 'relu'],
		[1, 4, 'tanh']
	];
	for (const [k, [rows, cols, act]] of shapes.entries()) {
		it(`OUT ${rows} × IN ${cols}, ${act}`, () => {
			const seed = 70 + k;
			const want = torchOrthogonal(rows, cols, GAINS[act], seed);
			for (const f64 of [true, false]) {
				const w = f64 ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
				const b = new Float64Array(rows).fill(3);
				initLayer(w, b, cols, rows, { scheme: 'orthogonal' }, act, new Rng(seed));
				const tol = f64 ? 1e-12 : 1e-7;
				for (let r = 0; r < rows; r++)
					for (let c = 0; c < cols; c++) expect(Math.abs(w[r * cols + c] - want[r][c])).toBeLessThanOrEqual(tol);
				// the bias is zeros, as for every scheme but torch-default
				expect(Array.from(b)).toEqual(Array(rows).fill(0));
			}
		});
	}

	it('draws rows·cols normals and no more (the next draw of the same Rng follows them)', () => {
		const rng = new Rng(5);
		initLayer(new Float64Array(6), new Float64Array(3), 2, 3, { scheme: 'orthogonal' }, 'linear', rng);
		const twin = new Rng(5);
		for (let i = 0; i < 6; i++) twin.normal();
		expect(rng.normal()).toBe(twin.normal());
	});
});

describe('orthogonal init on chosen matrices: the reflection that avoids cancellation', () => {
	// The draws are scripted (a stand-in Rng whose normal() returns them in order), so A is chosen:
	// columns almost parallel to e1. Householder's x − α·e1 must take α = −sign(x0)·‖x‖; the other
	// sign cancels ‖x‖ against x0 and loses the small entries (an error of 1e-9 here). torch's
	// result, by Gram–Schmidt by hand (gain 1 for linear):
	function scripted(values: number[]): Rng {
		let i = 0;
		return { normal: () => values[i++] } as unknown as Rng;
	}
	function orthogonal(rows: number, cols: number, draws: number[]): Float64Array {
		const w = new Float64Array(rows * cols);
		initLayer(w, new Float64Array(rows), cols, rows, { scheme: 'orthogonal' }, 'linear', scripted(draws));
		return w;
	}
	const expectEntries = (w: Float64Array, want: number[]) => {
		expect(w.length).toBe(want.length);
		for (let i = 0; i < want.length; i++) expect(Math.abs(w[i] - want[i])).toBeLessThanOrEqual(1e-15);
	};

	it('a column [1, 1e-9]: Q = A/‖A‖ = [1, 1e-9] (‖A‖ = 1 in float64)', () => {
		expectEntries(orthogonal(2, 1, [1, 1e-9]), [1, 1e-9]);
	});

	it('a column [−1, 1e-9]: Q = [−1, 1e-9] (R = ‖A‖ > 0 keeps the sign of A)', () => {
		expectEntries(orthogonal(2, 1, [-1, 1e-9]), [-1, 1e-9]);
	});

	it('A = [[1, 1], [0, 1], [0, 1e-9]]: q1 = e1, q2 = (a2 − (q1·a2) q1)/‖…‖ = [0, 1, 1e-9]', () => {
		// the second step reflects rows 1…2 of column 2, [1, 1e-9], whose own first entry sets the sign
		expectEntries(orthogonal(3, 2, [1, 1, 0, 1, 0, 1e-9]), [1, 0, 0, 1, 0, 1e-9]);
	});
});

describe('each normal scheme draws exactly one normal per weight', () => {
	const schemes: InitConfig[] = [{ scheme: 'normal', std: 0.5 }, { scheme: 'xavier-normal' }, { scheme: 'he-normal' }, { scheme: 'lecun-normal' }];
	for (const cfg of schemes) {
		it(`${cfg.scheme}: the next draw of the Rng is the 13th normal`, () => {
			const rng = new Rng(21);
			initLayer(new Float64Array(12), new Float64Array(3), 4, 3, cfg, 'relu', rng);
			const twin = new Rng(21);
			for (let i = 0; i < 12; i++) twin.normal();
			expect(rng.normal()).toBe(twin.normal());
		});
	}
});
