// The unit-test config for mutation testing (stryker.config.mjs). Sized for this shared 2-core
// machine: it runs only the fast unit suites that exercise src/lib/engine/ and src/lib/plot/ (the
// list below; tests/unit/mutation/ holds the tests written to kill survivors), in one thread
// without per-file isolation (Stryker switches mutants at run time, so the modules need no reload).
// Left out: the end-to-end behaviour suites (lesson claims, the CLI, the schema and URL fuzz, the
// README example), which train whole runs and would re-run for almost every engine mutant, and the
// suites about URL codecs, the registry, the pool and run state, which do not pin engine or plot
// values, and packed-mnist (it reads the 7.8 MB MNIST file and trains on it for every mutant it
// covers). All of them still run in `npm test`.
// MUTATION=1 lets a test skip itself here for the same reason (it.skipIf(process.env.MUTATION)).
import { defineConfig } from 'vitest/config';
import base from './vite.config';

export const mutationSuites = [
	'batch-lr',
	'chart-kit',
	'contours',
	'curvature',
	'data',
	'decimate-ema',
	'export',
	'digit',
	'help',
	'hist',
	'history',
	'init',
	'inspect',
	'interpolate',
	'kernels',
	'live-change',
	'marker-placement',
	'loss-plane',
	'mlp',
	'optim',
	'optim-messages',
	'outliers',
	'palette',
	'plot',
	'reference',
	'schedule',
	'session',
	'snapshot-rides-eval',
	'test-functions',
	'trainer',
	'views'
];

export default defineConfig({
	...base,
	test: {
		include: [...mutationSuites.map((s) => `tests/unit/${s}.test.ts`), 'tests/unit/mutation/**/*.test.ts'],
		environment: 'node',
		pool: 'threads',
		isolate: false,
		testTimeout: 600_000,
		hookTimeout: 600_000,
		env: { MUTATION: '1' }
	}
});
