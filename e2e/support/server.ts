import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import os from 'node:os';
import path from 'node:path';

// Starts the real Videoloket server (signaling + SFU + both web apps) as a child process on
// free ports with a throw-away DATA_DIR, waits for its "Videoloket ready" line, stops it after.

export const REPO = path.resolve(import.meta.dirname, '../..');
export const CLERK_USERNAME = 'balie';

/** What a test needs to reach a server: plain data, so the run's shared server can be handed to every test file. */
export interface ServerAddress {
  /** `http://localhost:<port>`: localhost is a secure context, so getUserMedia works. */
  url: string;
  port: number;
  clerkPassword: string;
}

export interface RunningServer extends ServerAddress {
  output(): string;
  stop(): Promise<void>;
}

export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function portFreeBoth(port: number): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolve) => {
    const sock = createSocket('udp4');
    sock.once('error', () => resolve(false));
    sock.bind(port, '127.0.0.1', () => sock.close(() => resolve(true)));
  });
}

/** The media port must be free for UDP and TCP at once (the worker's WebRtcServer takes both). */
async function freeMediaPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 42000 + Math.floor(Math.random() * 8000);
    if (await portFreeBoth(port)) return port;
  }
  throw new Error('no free UDP+TCP port for MEDIA_PORT');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web apps when their dist is missing or older than their sources (so a lone `vitest --project e2e` works). */
export function ensureWebBuilt(): void {
  const shared = Math.max(newestMtime(path.join(REPO, 'call-client/src')), newestMtime(path.join(REPO, 'contracts/src')), newestMtime(path.join(REPO, 'booking-ui/src')));
  for (const [app, marker] of [
    ['desk-web', 'index.html'],
    ['citizen-web', 'call/index.html'],
  ] as const) {
    const built = path.join(REPO, app, 'dist', marker);
    const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(shared, newestMtime(path.join(REPO, app)));
    if (!stale) continue;
    // vitest sets NODE_ENV=test, which would give React's development build.
    const res = spawnSync(path.join(REPO, 'node_modules/.bin/vite'), ['build', app, '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (res.status !== 0) throw new Error(`vite build ${app} failed`);
  }
}

export interface StartOptions {
  /**
   * A migrated, empty embedded database (createDatabaseTemplate, signaling/test/databaseTemplate.ts): the server's DATA_DIR starts
   * with a copy of it unless it has a database already. Creating PGlite's database is most of a
   * server's start (10 s on a quiet 2-core machine, 35 s under load; copying takes 1–2 s).
   */
  databaseTemplate?: string;
  /** Run the production build (built by the caller) as `npm run start:prod` does, instead of the TypeScript through tsx. */
  compiled?: boolean;
  /** With `compiled`: plain `node signaling/dist/main.js`, without start:prod's V8 flags (bench/footprint compares). */
  withoutV8Flags?: boolean;
}

/** `npm run start:prod`'s arguments to node (its V8 flags and the compiled server), from package.json. */
export function productionNodeArgs(): string[] {
  const script = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!;
  const [node, ...args] = script.split(/\s+/);
  if (node !== 'node') throw new Error(`start:prod does not run node: ${script}`);
  return args;
}

/** Pids of the mediasoup workers of the server listening on `port` (children of that process; issue 16 kills one). */
export function mediaWorkerPids(port: number): number[] {
  const ss = spawnSync('ss', ['-Htlnp', `sport = :${port}`], { encoding: 'utf8' });
  const owner = /pid=(\d+)/.exec(ss.stdout)?.[1];
  if (!owner) throw new Error(`no process listens on port ${port}: ${ss.stdout}${ss.stderr}`);
  const children = readdirSync(`/proc/${owner}/task`).flatMap((task) => readFileSync(`/proc/${owner}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  const isWorker = (pid: number) => {
    try {
      // The kernel keeps 15 characters of the name.
      return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('mediasoup-worke');
    } catch {
      return false; // exited meanwhile
    }
  };
  return children.filter(isWorker);
}

/** Puts a copy of the run's database template at `dbDir` (a server's DATA_DIR/db), unless a database is there already. */
export function copyDatabaseTemplate(template: string, dbDir: string): void {
  if (!existsSync(dbDir)) cpSync(template, dbDir, { recursive: true });
}

export async function startServer(extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningServer> {
  ensureWebBuilt();
  // A caller that names PORT (its PUBLIC_URL needs it before the start) picked a free one itself.
  const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freeTcpPort();
  const mediaPort = await freeMediaPort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videoloket-e2e-'));
  // (a DATA_DIR the caller names is the caller's to remove)
  const dbDir = path.join(extraEnv.DATA_DIR ?? dataDir, 'db');
  if (options.databaseTemplate && !extraEnv.DATABASE_URL) copyDatabaseTemplate(options.databaseTemplate, dbDir);
  const clerkPassword = 'e2e-' + Math.random().toString(36).slice(2, 12);
  const { NODE_ENV: _testEnv, ...inherited } = process.env; // run as `npm start` does, not in vitest's NODE_ENV=test
  const env = {
    ...inherited,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    CLERK_BOOTSTRAP_PASSWORD: clerkPassword,
    MEDIA_WORKERS: '1',
    MEDIA_PORT: String(mediaPort),
    MEDIA_LISTEN_IP: '127.0.0.1',
    MEDIA_ANNOUNCED_ADDRESS: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const [command, args] = options.compiled ? [process.execPath, options.withoutV8Flags ? productionNodeArgs().filter((a) => !a.startsWith('--')) : productionNodeArgs()] : [path.join(REPO, 'node_modules/.bin/tsx'), ['signaling/src/main.ts']];
  const child: ChildProcess = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));

  // SIGTERM first: tsx passes it on to the server it runs; a SIGKILL would end tsx alone and
  // leave the server holding the pipes, so the test run could not exit.
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  await new Promise<void>((resolve, reject) => {
    // Generous: a busy machine (load 50 on 2 cores) starts the server in minutes; a server that
    // never gets ready is stopped so it does not outlive the test run.
    const timer = setTimeout(() => {
      reject(new Error(`server not ready within 300 s:\n${out}`));
      void stop();
    }, 300_000);
    const check = () => {
      if (out.includes('Videoloket ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before ready:\n${out}`));
    });
  });

  return {
    url: `http://localhost:${port}`,
    port,
    clerkPassword,
    output: () => out,
    stop,
  };
}
