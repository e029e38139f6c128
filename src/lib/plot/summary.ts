// What the summary table reports for a run, kept honest: a diverged run's results are not its
// step-0 evaluation, and with batch size 1 the "final train loss" is not one example's loss.

export interface SummaryEval {
	step: number;
	testAccuracy: number;
	testLoss: number;
}

/** the evaluations that count as results: after step 0 and before a divergence */
export function resultEvals<E extends SummaryEval>(evals: readonly E[], divergedAt: number | null): E[] {
	return evals.filter((e) => e.step > 0 && (divergedAt === null || e.step < divergedAt) && Number.isFinite(e.testLoss));
}

/**
 * Mean of the last `window` finite per-step losses (an epoch's worth for batch size 1: one
 * example's loss says nothing about the net), or null when there are none.
 */
export function trailingMean(ys: ArrayLike<number>, window: number): number | null {
	let sum = 0;
	let n = 0;
	for (let i = ys.length - 1; i >= 0 && n < window; i--) {
		if (Number.isFinite(ys[i])) {
			sum += ys[i];
			n++;
		}
	}
	return n > 0 ? sum / n : null;
}
