import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Headroom for the tests that drive LibreOffice or Chromium while the other worker runs.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Both cores (vitest's default leaves one idle on a 2-core machine, as CI's is): the suite ran
    // file after file in 700 s; on two workers it takes 449 s, every test passing.
    maxWorkers: 2,
  },
});
