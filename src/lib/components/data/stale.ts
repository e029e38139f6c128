// What the data views of a diverged run actually show: the views are recomputed at evaluation
// steps only, so after a divergence they are those of the last evaluation before it — often θ₀ —
// and must say so instead of passing for the run's result.

/** The note for a run's data views, or null when the run did not diverge. */
export function staleNote(divergedAt: number | null, viewsStep: number | null): string | null {
	if (divergedAt === null) return null;
	const head = `diverged at step ${divergedAt}`;
	if (viewsStep === null) return `${head} — nothing to show`;
	if (viewsStep >= divergedAt) return `${head} — its outputs are NaN`;
	if (viewsStep === 0) return `${head} — showing step 0 (θ₀, before any training)`;
	return `${head} — showing step ${viewsStep}, its last evaluation before that`;
}
