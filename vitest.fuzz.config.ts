import { defineConfig } from 'vitest/config';

/** `npm run fuzz`: the long property runs only (test/fuzz/*.fuzz.ts); FUZZ_RUNS / FUZZ_SEED tune them. */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.fuzz.ts'],
    testTimeout: 24 * 3600_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
