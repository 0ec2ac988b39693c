import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the real server in-process on a fresh embedded database, driven through
 * Debian's headless Chromium with playwright-core. `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One browser file at a time: two cores, and each file runs a server and a Chromium.
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    // The tests inside a file share one server and build on each other's state: never shuffle them.
    sequence: { concurrent: false, shuffle: false },
    testTimeout: 90_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    // A failed browser test is a failure, not something to retry until it passes.
    retry: 0,
  },
});
