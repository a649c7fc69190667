// `npm run bench:footprint`: the resident memory of the whole desk at idle on embedded
// defaults (one process: signalling, back office with its embedded database, documents,
// PDF; plus the mediasoup worker process beside it), run as production runs it (the
// compiled build through `npm run start:prod`), on a first start (a new data directory) and
// on a restart (the same one). For comparison in the same run: the compiled build without
// start:prod's V8 flags, `npm start`'s TypeScript through tsx, and the floors (a bare Node
// process, one running tsx). Writes docs/benchmarks/footprint.md.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, productionNodeArgs, startServer, type StartOptions } from '../e2e/support/server';

const TARGET_MIB = 200;
const SETTLE_MS = 10_000;

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

function listeningPid(port: number): number {
  const pid = /pid=(\d+)/.exec(execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' }))?.[1];
  if (!pid) throw new Error(`no process listens on ${port}`);
  return Number(pid);
}

/** The mediasoup worker processes the server started (its children of that name). */
function workerPids(parent: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return stat.includes('(mediasoup-worke') && Number(stat.split(') ')[1]!.split(' ')[1]) === parent;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Idle RSS of a process started from argv once it has settled. */
async function idleRss(argv: string[]): Promise<number> {
  const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 3000));
  const rss = rssMiB(child.pid!);
  child.kill();
  return rss;
}

async function measureServer(dataDir: string, options: StartOptions): Promise<{ server: number; worker: number }> {
  const server = await startServer({ DATA_DIR: dataDir }, options);
  try {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const pid = listeningPid(server.port);
    return { server: rssMiB(pid), worker: workerPids(pid).reduce((sum, p) => sum + rssMiB(p), 0) };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO, stdio: 'inherit' });
  const bareNode = await idleRss([process.execPath, '-e', 'setTimeout(() => {}, 60000)']);
  const tsxNode = await idleRss([path.join(REPO, 'node_modules/.bin/tsx'), '-e', 'setTimeout(() => {}, 60000)']);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videoloket-footprint-'));
  try {
    const first = await measureServer(dataDir, { compiled: true });
    const restart = await measureServer(dataDir, { compiled: true });
    const plain = await measureServer(dataDir, { compiled: true, withoutV8Flags: true });
    const tsx = await measureServer(dataDir, {});
    const mib = (n: number) => `${n.toFixed(0)} MiB`;
    const lines = [
      '# Footprint at idle',
      '',
      `\`npm run bench:footprint\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
      `The desk on embedded defaults, idle ${SETTLE_MS / 1000} s after "ready"; resident memory (VmRSS). Production runs \`npm run start:prod\`: \`node ${productionNodeArgs().join(' ')}\`.`,
      '',
      '| process | first start (new data directory) | restart (same data directory) |',
      '|---|---:|---:|',
      `| server, \`npm run start:prod\` (signalling, back office + PGlite, documents, PDF) | ${mib(first.server)} | ${mib(restart.server)} |`,
      `| mediasoup workers (separate processes, ${os.availableParallelism()} by default) | ${mib(first.worker)} | ${mib(restart.worker)} |`,
      `| for comparison: the compiled server without start:prod's V8 flags | | ${mib(plain.server)} |`,
      `| for comparison: \`npm start\` (TypeScript through tsx) | | ${mib(tsx.server)} |`,
      `| floor: bare Node | ${mib(bareNode)} | |`,
      `| floor: Node running tsx | ${mib(tsxNode)} | |`,
      '',
      `Target (issue 11): the server process ≤ ${TARGET_MIB} MiB at idle as production runs it — ${restart.server <= TARGET_MIB && first.server <= TARGET_MIB ? 'met' : 'not met'}.`,
      '',
    ];
    const text = lines.join('\n');
    console.log(text);
    writeFileSync(path.join(REPO, 'docs/benchmarks/footprint.md'), text);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
