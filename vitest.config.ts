import { configDefaults, defineConfig } from 'vitest/config';

// Tests that disrupt the shared engine (restarting dockerd), or load it so
// heavily that timing-sensitive tests beside them fail (proving every shipped
// exercise, about a hundred sandboxes), are named *.isolated.test.ts and run
// on their own, after everything else, one file at a time: test/run.mjs sets
// DOCKYARD_ISOLATED_TESTS=1 for that second run.
const isolated = process.env.DOCKYARD_ISOLATED_TESTS === '1';
const ISOLATED = '**/*.isolated.test.ts';

export default defineConfig({
  test: {
    include: isolated ? [`test/${ISOLATED}`] : ['test/**/*.test.ts', 'engine/**/*.test.ts', 'cli/**/*.test.ts'],
    exclude: isolated ? configDefaults.exclude : [...configDefaults.exclude, ISOLATED],
    globalSetup: ['test/global-setup.ts', 'test/e2e/browser-setup.ts'],
    // Tests drive real containers on a 2-core host: a few files at a time.
    maxWorkers: isolated ? 1 : 2,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The global teardown removes every sandbox the run left (test servers leave theirs for adoption).
    teardownTimeout: 300_000,
  },
});
