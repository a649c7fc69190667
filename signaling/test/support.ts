import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { inject } from 'vitest';
import type { Ack, ClientToServerEvents, CreateCallResponse, JoinResponse, ServerToClientEvents } from '@videoloket/contracts';
import { createLogger, loadConfig, startVideoloket, type Config, type RunningVideoloket } from '../src/index';
import type { Logger } from '../src/logger';
import type { CallStateStore } from '../src/call/store';

export const CLERK_PASSWORD = 'test-password-123';

export interface TestServer {
  app: RunningVideoloket;
  login(): Promise<string>;
  createCall(clerkToken: string, title?: string): Promise<CreateCallResponse & { citizenToken: string }>;
  stop(): Promise<void>;
}

/** The real clamd's address, for the tests that scan: scripts/test.sh starts it (scripts/services/clamd.sh) and exports CLAMD_*. */
export function clamdEnv(): Record<'CLAMD_HOST' | 'CLAMD_PORT' | 'CLAMD_SOCKET', string | undefined> {
  if (!process.env.CLAMD_PORT && !process.env.CLAMD_SOCKET) {
    throw new Error('CLAMD_* not set: run eval "$(bash scripts/services/clamd.sh start)" first (scripts/test.sh does)');
  }
  return { CLAMD_HOST: process.env.CLAMD_HOST, CLAMD_PORT: process.env.CLAMD_PORT, CLAMD_SOCKET: process.env.CLAMD_SOCKET };
}

/** The shared test Redis (scripts/services/redis.sh) and a key prefix no other test uses. */
export function testRedis(): { REDIS_URL: string; REDIS_KEY_PREFIX: string } {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run `eval "$(bash scripts/services/redis.sh start)"` first (scripts/test.sh does this)');
  return { REDIS_URL: url, REDIS_KEY_PREFIX: `vl-test:${randomUUID()}:` };
}

export interface TestServerOptions {
  /** Start on this data dir, e.g. again after a restart (same database, keys and accounts); the caller removes it. */
  dataDir?: string;
  logger?: Logger;
  /** Settings that are not environment variables (e.g. web roots). */
  configure?: (config: Config) => void;
  /** Where live calls' state lives (default: the process's memory). */
  callStore?: CallStateStore;
}

/** A test server's settings: loopback, free ports, one media worker, the test clerk password; `env` adds or overrides. */
export function testConfig(dataDir: string, env: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    MEDIA_WORKERS: '1',
    MEDIA_PORT: '0',
    MEDIA_LISTEN_IP: '127.0.0.1',
    MEDIA_ANNOUNCED_ADDRESS: '127.0.0.1',
    CLERK_BOOTSTRAP_PASSWORD: CLERK_PASSWORD,
    LOG_LEVEL: 'warn',
    ...env,
  });
}

/**
 * The real server (real mediasoup worker) on loopback and free ports, one media worker, the test
 * clerk password and a throw-away data dir; `env` adds or overrides settings. The throw-away data
 * dir starts with a copy of the run's migrated, empty database (signaling/test/global-setup.ts);
 * a caller's own dataDir starts as it is (a first start runs initdb and the migrations itself).
 */
export async function startTestServer(env: Record<string, string | undefined> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'videoloket-test-')));
  const template = inject('integrationDatabaseTemplate');
  if (!options.dataDir && !env.DATABASE_URL && template) await cp(template, path.join(dataDir, 'db'), { recursive: true });
  const config = testConfig(dataDir, env);
  options.configure?.(config);
  const app = await startVideoloket(config, options.logger ?? createLogger('warn'), options.callStore ? { callStore: options.callStore } : {});
  return {
    app,
    async login() {
      const res = await fetch(`${app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'balie', password: CLERK_PASSWORD }),
      });
      if (!res.ok) throw new Error(`login failed: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
    async createCall(clerkToken, title = 'Testgesprek') {
      const res = await fetch(`${app.url}/api/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${clerkToken}` },
        body: JSON.stringify({ title, citizenName: 'Jan Peeters' }),
      });
      if (res.status !== 201) throw new Error(`create call failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as CreateCallResponse;
      return { ...body, citizenToken: new URL(body.citizenLink).hash.replace('#t=', '') };
    },
    async stop() {
      await app.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects and waits for the handshake; a refused handshake rejects with its code as the message and `data.message`. */
export async function connect(url: string, auth: { token: string; callId?: string }): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits a raw (possibly invalid) payload and waits for the acknowledgement. */
export function request(socket: ClientSocket, event: string, payload: unknown): Promise<Ack<unknown>> {
  return (socket as unknown as Socket).timeout(5000).emitWithAck(event, payload) as Promise<Ack<unknown>>;
}

/** Joins on `socket` and returns the seat and call view; a refused join throws with its error. */
export async function join(socket: ClientSocket, payload: object = {}): Promise<JoinResponse> {
  const ack = await request(socket, 'call:join', payload);
  if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack.error)}`);
  return ack.data as JoinResponse;
}

/** The sockets one test file opens against its server, remembered so each test can close them all. */
export function socketPool(server: () => TestServer, clerkToken: () => string) {
  const opened: ClientSocket[] = [];
  const open = async (auth: { token: string; callId?: string }): Promise<ClientSocket> => {
    const socket = await connect(server().app.url, auth);
    opened.push(socket);
    return socket;
  };
  return {
    opened,
    open,
    /** A new call with its clerk joined. */
    async openCall(title: string) {
      const call = await server().createCall(clerkToken(), title);
      const clerk = await open({ token: clerkToken(), callId: call.call.callId });
      await join(clerk);
      return { ...call, clerk, callId: call.call.callId };
    },
    closeAll(): void {
      for (const socket of opened.splice(0)) socket.close();
    },
  };
}

/** tus 1.0 creation, then one PATCH with the whole body; the statuses of both (no PATCH when creation is refused). */
export async function tusUpload(url: string, httpToken: string, meta: Record<string, string>, body: Buffer): Promise<{ create: number; patch?: number }> {
  const metadata = Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');
  const create = await fetch(`${url}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${httpToken}`, 'tus-resumable': '1.0.0', 'upload-length': String(body.length), 'upload-metadata': metadata },
  });
  if (create.status !== 201) return { create: create.status };
  const patch = await fetch(new URL(create.headers.get('location')!, url), {
    method: 'PATCH',
    headers: { authorization: `Bearer ${httpToken}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(body),
  });
  return { create: create.status, patch: patch.status };
}

/** A TCP port free on 127.0.0.1 now: for a server whose callback URL must be known before it starts (an IdP's redirect). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
