// Mutation testing of src/lib/engine/init.ts and src/lib/engine/kernels.ts
// (npm run test:mutation:kernels; not part of npm test). The main config (stryker.config.mjs)
// cannot measure these two files on this machine: every loop in them has a mutant that never ends,
// and their code is covered by nearly every training test, so each such mutant waits out a
// whole-suite timeout (5 s + 2 × the covering tests' time) and then restarts the test process
// (session 3: init stopped at 357 of 770 mutants after 60 min, kernels at 80 of 749).
// Here the tests are only the fast suites that pin these files' values (vitest.stryker-kernels.config.ts),
// so a mutant's covering tests take well under a second and a stuck one is cut after ~1.5 s.
// A mutant counts as detected only by a test that covers it: coverageAnalysis perTest as in the
// main config. One file at a time, each with its own report and incremental file:
//   STRYKER_REPORT_DIR=reports/m-init npm run test:mutation:kernels -- --mutate src/lib/engine/init.ts --incrementalFile reports/m-init-inc.json
//   STRYKER_REPORT_DIR=reports/m-kernels npm run test:mutation:kernels -- --mutate src/lib/engine/kernels.ts --incrementalFile reports/m-kernels-inc.json
// Survivors that no test can kill are listed with the reason in tests/mutation/survivors.md.
import base from './stryker.config.mjs';

const reportDir = process.env.STRYKER_REPORT_DIR ?? 'reports/mutation-kernels';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	...base,
	vitest: { configFile: 'vitest.stryker-kernels.config.ts', related: true },
	mutate: ['src/lib/engine/init.ts', 'src/lib/engine/kernels.ts'],
	// the test config runs without the SvelteKit plugin, so the sandbox needs .svelte-kit/tsconfig.json
	// (which tsconfig.json extends) written once before the tests
	buildCommand: 'svelte-kit sync',
	incrementalFile: 'reports/mutation-kernels-incremental.json',
	dryRunTimeoutMinutes: 10,
	// timeout per mutant = timeoutFactor × its covering tests' time in the dry run + timeoutMS
	timeoutMS: 1_500,
	timeoutFactor: 2,
	htmlReporter: { fileName: `${reportDir}/index.html` },
	jsonReporter: { fileName: `${reportDir}/mutation.json` }
};
