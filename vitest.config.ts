import { defineConfig } from 'vitest/config';

const source = { conditions: ['@scout-acr/source'] };

export default defineConfig({
  resolve: source,
  ssr: { resolve: { conditions: ['@scout-acr/source'], externalConditions: ['@scout-acr/source'] } },
  test: {
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    pool: 'forks',
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
          include: ['test/e2e/**/*.test.ts', 'test/fidelity/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
