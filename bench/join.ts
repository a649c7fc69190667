/// <reference lib="dom" />
// `npm run bench:join`: how long an admitted citizen waits for the clerk's picture.
// Real server, real SFU, headless Chromium with fake devices on loopback. Each run is a
// fresh citizen (new browser context) joining one call; the clerk's desk admits them.
// Measured in the citizen's page (performance.now marks set by the app):
//   admitted → first remote video frame  (the issue's "click on join after admission")
//   join click → first remote video frame (includes the waiting room and the clerk's click)
// Writes docs/benchmarks/join.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, REPO } from '../e2e/support/server';
import { launchBrowser, newContext, readStats } from '../e2e/support/browser';
import { openDeskCall } from '../e2e/support/session';

const RUNS = Number(process.env.JOIN_RUNS ?? 20);
const TARGET_P50_MS = 1000;

type Marks = Partial<Record<'joinClicked' | 'admitted' | 'mediaStart' | 'firstRemoteVideoFrame', number>>;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

const fmt = (ms: number) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : '—');

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchBrowser();
  const admittedToFrame: number[] = [];
  const clickToFrame: number[] = [];
  const failures: string[] = [];
  try {
    const { created, clerk } = await openDeskCall(browser, server, 'Benchmark');
    for (let i = 1; i <= RUNS; i++) {
      const context = await newContext(browser, server);
      const page = await context.newPage();
      try {
        await page.goto(created.citizenLink);
        await page.getByTestId('name-input').fill(`Burger ${i}`);
        await page.getByTestId('join-button').click();
        await clerk.getByRole('button', { name: new RegExp(`Burger ${i}\\b`) }).and(clerk.getByTestId('admit')).click({ timeout: 15_000 });
        await page.waitForFunction(() => (window as unknown as { __videoloketMarks?: Marks }).__videoloketMarks?.firstRemoteVideoFrame !== undefined, undefined, { timeout: 15_000, polling: 10 });
        const marks = await page.evaluate(() => (window as unknown as { __videoloketMarks: Marks }).__videoloketMarks);
        const stats = await readStats(page);
        if (stats.inboundVideoFramesDecoded < 1) throw new Error('frame shown but no decoded frames in stats');
        admittedToFrame.push(marks.firstRemoteVideoFrame! - marks.admitted!);
        clickToFrame.push(marks.firstRemoteVideoFrame! - marks.joinClicked!);
        process.stderr.write(`  run ${i}/${RUNS}: admitted→frame ${fmt(admittedToFrame.at(-1)!)}, click→frame ${fmt(clickToFrame.at(-1)!)}\n`);
        await page.getByTestId('leave-button').click();
        await page.getByTestId('screen-left').waitFor();
      } catch (err) {
        failures.push(`run ${i}: ${(err as Error).message.split('\n')[0]}`);
        process.stderr.write(`  run ${i}/${RUNS}: FAILED ${(err as Error).message.split('\n')[0]}\n`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  const a = summary(admittedToFrame);
  const c = summary(clickToFrame);
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim().split('\n').pop();
  const verdict = !a.n ? 'not measured: no run reached a remote video frame' : a.p50 <= TARGET_P50_MS ? 'met' : 'NOT met';
  const md = [
    '# Join benchmark',
    '',
    'Time from the moment an admitted citizen starts media to the first decoded remote video frame',
    '(the clerk\'s camera) on the citizen\'s screen. Real signaling server, real mediasoup SFU,',
    'headless Chromium with fake camera/microphone, everything on loopback. Each run is a fresh',
    'citizen (new browser context, empty storage) joining one call; the desk admits them.',
    'Marks are `performance.now()` in the citizen page: `admitted` when `call:admitted` (or an',
    'admitted join ack) arrives, `firstRemoteVideoFrame` from `requestVideoFrameCallback` on the',
    'remote video, `joinClicked` on the click.',
    '',
    `Run: \`npm run bench:join\` (\`JOIN_RUNS\` to change the count; default 20). Target: p50 ≤ ${TARGET_P50_MS} ms — **${verdict}**.`,
    '',
    '| measure | runs | p50 | p95 | min | max |',
    '|---|---|---|---|---|---|',
    `| admitted → first remote frame | ${a.n} | ${fmt(a.p50)} | ${fmt(a.p95)} | ${fmt(a.min)} | ${fmt(a.max)} |`,
    `| join click → first remote frame (incl. waiting room + clerk's admit click) | ${c.n} | ${fmt(c.p50)} | ${fmt(c.p95)} | ${fmt(c.min)} | ${fmt(c.max)} |`,
    '',
    failures.length ? `Failed runs (${failures.length}/${RUNS}):\n\n${failures.map((f) => `- ${f}`).join('\n')}\n` : `All ${RUNS} runs succeeded.\n`,
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${chromium}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. The CPU is shared with other work, so figures vary between runs.`,
    '',
  ].join('\n');
  writeFileSync(path.join(REPO, 'docs/benchmarks/join.md'), md);
  console.log(md);
  if (!a.n) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
