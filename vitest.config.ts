import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'engine/**/*.test.ts', 'cli/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Tests drive real containers on a 2-core host: a few files at a time.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
