import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@scout-acr/source'] },
  ssr: { resolve: { conditions: ['@scout-acr/source'], externalConditions: ['@scout-acr/source'] } },
  test: {
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    pool: 'forks',
    // Creates the test CA and sets NODE_EXTRA_CA_CERTS (and the ARM recording dir) before any worker starts.
    globalSetup: ['./test/harness/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'sdk', include: ['packages/sdk/test/**/*.test.ts'], testTimeout: 30_000 } },
      {
        extends: true,
        test: { name: 'reconciler', include: ['packages/reconciler/test/**/*.test.ts'], testTimeout: 30_000 },
      },
      { extends: true, test: { name: 'server', include: ['packages/server/test/**/*.test.ts'], testTimeout: 30_000 } },
      { extends: true, test: { name: 'harness', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Explicit: a project with fileParallelism false and the default groupOrder 0 is moved to a group of
          // its own that vitest runs last, i.e. after the fidelity project.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Runs after every other project: validates all ARM traffic the run recorded against the official swaggers.
        extends: true,
        test: {
          name: 'fidelity',
          include: ['test/fidelity/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
