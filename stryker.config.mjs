// Mutation testing (npm run test:mutation; not part of npm test). Stryker mutates the pure engine
// and the plot math, runs only the unit tests that cover each mutant (coverageAnalysis perTest),
// and reports the share of mutants some test kills. Sized for a 2-core machine: concurrency 2.
// One directory at a time: npm run test:mutation -- --mutate 'src/lib/engine/**/*.ts'
// Survivors that no test can kill are listed, with the reason, in tests/mutation/survivors.md.
// STRYKER_REPORT_DIR picks the report folder (default reports/mutation), so runs over different
// directories can keep their reports side by side.
const reportDir = process.env.STRYKER_REPORT_DIR ?? 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	plugins: ['@stryker-mutator/vitest-runner'],
	vitest: { configFile: 'vitest.stryker.config.ts', related: true },
	coverageAnalysis: 'perTest',
	// mutants in module-level constants would re-run every test; their values are pinned by the tests anyway
	ignoreStatic: true,
	mutate: ['src/lib/engine/**/*.ts', 'src/lib/plot/**/*.ts'],
	ignorePatterns: ['build', 'build-subpath', 'test-results', 'bench-results', 'reports', 'static/screenshots', 'tests/perf/results'],
	concurrency: 2,
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
