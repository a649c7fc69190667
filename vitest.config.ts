import { defineConfig } from 'vitest/config';

// Three projects, run one after another by scripts/test.sh:
//   unit         — `*.test.ts` beside the code, no servers (and scripts/lint: the lint rules on deliberate violations);
//   integration  — `<package>/test/*.test.ts` against real servers (mediasoup, clamd, Swift, PostgreSQL);
//   e2e          — `e2e/*.test.ts`, real Chromium against the real app (one shared server and browser per run).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['*/src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          // Some unit tests do real work (seal a PDF, lint a probe file): generous, so a busy
          // machine does not fail them; how fast belongs in the benchmarks.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['*/test/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // One server and one browser for the whole run (files connect through e2e/support/run.ts).
          globalSetup: ['e2e/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // expect.poll waits 1 s by default: far too short for a push on a loaded machine.
          expect: { poll: { timeout: 30_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
