// Mutation testing (npm run test:mutation; not part of npm test). Stryker mutates the pure engine
// and the plot math, runs only the unit tests that cover each mutant (coverageAnalysis perTest),
// and reports the share of mutants some test kills. Sized for this shared 2-core machine: one test
// process (concurrency 1), and vitest.stryker.config.ts runs only the fast unit suites that touch
// engine/ and plot/. Incremental: the results of the last run are kept in
// tests/mutation/stryker-incremental.json (committed), and a re-run only tests the mutants whose
// code or covering tests changed; `npm run test:mutation -- --force` re-tests everything.
// One module at a time while working:
//   STRYKER_REPORT_DIR=reports/mutation-optim npm run test:mutation -- --mutate 'src/lib/engine/optim/*.ts' --incrementalFile reports/optim-incremental.json
// Survivors that no test can kill are listed, with the reason, in tests/mutation/survivors.md.
// STRYKER_REPORT_DIR picks the report folder (default reports/mutation).
const reportDir = process.env.STRYKER_REPORT_DIR ?? 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	plugins: ['@stryker-mutator/vitest-runner'],
	vitest: { configFile: 'vitest.stryker.config.ts', related: true },
	coverageAnalysis: 'perTest',
	// mutants in module-level constants would re-run every test; their values are pinned by the tests anyway
	ignoreStatic: true,
	// types.ts holds types and a few constant tables only (static: ignored above)
	mutate: ['src/lib/engine/**/*.ts', 'src/lib/plot/**/*.ts'],
	ignorePatterns: ['build', 'build-subpath', '.svelte-kit-build-subpath', 'test-results', 'bench-results', 'reports', 'static/screenshots', 'tests/perf/results', 'tests/e2e', '.ci'],
	concurrency: 1,
	incremental: true,
	incrementalFile: 'tests/mutation/stryker-incremental.json',
	dryRunTimeoutMinutes: 40,
	timeoutMS: 5_000,
	timeoutFactor: 2,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: `${reportDir}/index.html` },
	jsonReporter: { fileName: `${reportDir}/mutation.json` },
	thresholds: { high: 90, low: 80, break: null },
	tempDirName: '.stryker-tmp',
	cleanTempDir: true
};
