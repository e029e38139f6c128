// The independent oracle for orthogonal init (torch.nn.init.orthogonal_: the Q of a QR with
// positive diag R, which is unique): classical Gram–Schmidt, written from the definition.

/** orthonormal vectors spanning the same leading subspaces as `vectors`, with positive projections */
export function gramSchmidt(vectors: number[][]): number[][] {
	const q: number[][] = [];
	for (const v of vectors) {
		const u = v.slice();
		for (const e of q) {
			const d = e.reduce((s, ei, i) => s + ei * v[i], 0);
			for (let i = 0; i < u.length; i++) u[i] -= d * e[i];
		}
		const nrm = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
		q.push(u.map((x) => x / nrm));
	}
	return q;
}
