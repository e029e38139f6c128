// The unit-test config for mutation testing of src/lib/engine/init.ts and kernels.ts
// (stryker.kernels.config.mjs, `npm run test:mutation:kernels`). Every loop in those two files has a
// mutant that never ends (`i++` → `i--`, `i < n` → `true`), and their code is run by nearly every
// training test, so under the main mutation config each such mutant costs a whole-suite timeout.
// This config runs only the fast suites that pin the two files' values directly: the init and
// kernel suites (torch.nn.init formulas worked by hand, the fast kernels against the naive ones and
// hand-worked products), the Mlp's suites (gradients by finite differences, the kernel paths it
// picks) and the numpy reference fixtures (tests/reference/, forward/backward/θ values of whole
// runs). Each of them takes well under a second, so a stuck mutant is cut after ~1 s.
// A mutant that only a left-out suite would notice survives here; it is killed by adding a fast
// value-pinning test to tests/unit/mutation/{init,kernels,mlp}-*.test.ts, never by adding slow suites.
// No SvelteKit plugin (none of these suites needs it): a test process starts in ~4 s instead of
// ~11 s, and Stryker starts a new one after every mutant that timed out.
import { defineConfig } from 'vitest/config';

export const kernelSuites = ['init', 'kernels', 'mlp', 'reference', 'help'];

export default defineConfig({
	test: {
		include: [
			...kernelSuites.map((s) => `tests/unit/${s}.test.ts`),
			'tests/unit/mutation/init-*.test.ts',
			'tests/unit/mutation/kernels-*.test.ts',
			'tests/unit/mutation/mlp-*.test.ts'
		],
		environment: 'node',
		pool: 'threads',
		isolate: false,
		testTimeout: 60_000,
		hookTimeout: 60_000,
		env: { MUTATION: '1' }
	}
});
