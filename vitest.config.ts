import { defineConfig } from 'vitest/config';

// Four projects, run one after another by scripts/test.sh:
//   unit         — `*.test.ts` beside the code, no servers (and scripts/lint: the lint rules on deliberate violations);
//   integration  — `<package>/test/*.test.ts` against real servers (mediasoup, clamd, Swift, PostgreSQL), three files at a time;
//   integration-serial — the integration files that need the machine to themselves, one at a time;
//   e2e          — `e2e/*.test.ts`, real Chromium against the real app (one shared server and browser per run).
/**
 * Integration files that run one at a time, after the others: phone audio judged by its content
 * and timing (baresip, kamailio, RTP port ranges of their own) and the one load ratio (sign-in
 * flood against a download), which other files running beside them would disturb.
 */
const NEEDS_THE_MACHINE = ['sip-bridge/test/**/*.test.ts', 'signaling/test/telephony.test.ts', 'signaling/test/call-close.test.ts', 'signaling/test/login-flood.test.ts'];

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
          exclude: ['**/node_modules/**', ...NEEDS_THE_MACHINE],
          // Most of these wait on servers, not on the CPU: three files at a time on two cores
          // halves the wall time. Each file starts its own servers on free ports.
          maxWorkers: 3,
          // One migrated, empty database per run that test servers copy (signaling/test/global-setup.ts).
          globalSetup: ['signaling/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration-serial',
          include: NEEDS_THE_MACHINE,
          fileParallelism: false,
          globalSetup: ['signaling/test/global-setup.ts'],
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
