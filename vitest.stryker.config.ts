// The unit-test config for mutation testing (stryker.config.mjs): the normal one with a longer
// per-test timeout, because Stryker's instrumented code runs several times slower.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vite.config';

export default mergeConfig(base, defineConfig({ test: { testTimeout: 600_000, hookTimeout: 600_000 } }));
