import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most tests wait on real time (simulated time runs scaled), not on the CPU: two files at once on two cores
    // (vitest's default, cores - 1, would run them one by one here). The suite must pass so beside busy loops too.
    maxWorkers: 2,
  },
});
