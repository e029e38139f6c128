// The unit-test config for mutation testing (stryker.config.mjs): the normal one with a longer
// per-test timeout, because Stryker's instrumented code runs several times slower, and without
// the end-to-end behaviour suites (lesson claims, the CLI, the schema fuzz, the README example),
// which train whole runs: each would re-run for almost every engine mutant. The engine's values
// are pinned by the unit and reference tests; those suites still run in `npm test`.
// MUTATION=1 lets a test skip itself here for the same reason (it.skipIf(process.env.MUTATION)).
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vite.config';

export default mergeConfig(
	base,
	defineConfig({
		test: {
			testTimeout: 600_000,
			hookTimeout: 600_000,
			env: { MUTATION: '1' },
			exclude: [...configDefaults.exclude, 'tests/unit/lessons.test.ts', 'tests/unit/cli.test.ts', 'tests/unit/schema-fuzz.test.ts', 'tests/unit/readme-example.test.ts']
		}
	})
);
