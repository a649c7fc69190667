import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../e2e/support/server';

// What every benchmark does with its figures: percentiles, and a report in docs/benchmarks/.

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

export function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

/** Writes docs/benchmarks/<name>.md and prints it. */
export function writeReport(name: string, md: string): void {
  writeFileSync(path.join(REPO, `docs/benchmarks/${name}.md`), md);
  console.log(md);
}

/** Runs a benchmark's main; a throw ends the process with its message and status 1. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
