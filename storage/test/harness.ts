import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import * as tus from 'tus-js-client';
import { UnauthenticatedError, type DocumentState, type DocumentSummary, type Principal } from '@videoloket/contracts';
import {
  ClamdScanner,
  DocumentService,
  InMemoryDocumentRepository,
  LocalDiskObjectStore,
  type DocumentRepository,
  type DocumentServiceOptions,
  type ObjectStore,
  type Scanner,
} from '../src/index';
import { S3ObjectStore } from '../src/object-store/S3ObjectStore';
import { pdfRefusalIsolated } from '@videoloket/pdf';

// Real servers for the storage integration tests: the project's clamd and Swift (S3),
// started by scripts/services/*.sh (scripts/test.sh does that and exports their env).

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: start the services first, e.g. eval "$(bash scripts/services/clamd.sh start)"; eval "$(bash scripts/services/s3.sh start)"`);
  }
  return v;
}

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export type StoreKind = 'local-disk' | 's3';

export async function makeStore(kind: StoreKind, uploadExpiryMs = 24 * 3600_000): Promise<{ store: ObjectStore; cleanup: () => void }> {
  if (kind === 'local-disk') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'videoloket-store-'));
    const store = await new LocalDiskObjectStore({ directory: dir, uploadExpiryMs }).init();
    return { store, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const store = await new S3ObjectStore({
    endpoint: requireEnv('S3_ENDPOINT'),
    region: requireEnv('S3_REGION'),
    accessKey: requireEnv('S3_ACCESS_KEY'),
    secretKey: requireEnv('S3_SECRET_KEY'),
    bucket: requireEnv('S3_BUCKET'),
    uploadExpiryMs,
  }).init();
  return { store, cleanup: () => undefined };
}

export function projectScanner(): ClamdScanner {
  return new ClamdScanner({ host: requireEnv('CLAMD_HOST'), port: Number(requireEnv('CLAMD_PORT')), logger });
}

/** A clock the test moves forward (expiry, link lifetime, retention). */
export class TestClock {
  #offset = 0;
  now = (): Date => new Date(Date.now() + this.#offset);
  advance(ms: number): void {
    this.#offset += ms;
  }
}

export const clerk: Principal = { role: 'clerk', participantId: 'clerk-1', displayName: 'Clerk Janssens' };
export const citizenA: Principal = { role: 'citizen', participantId: 'cit-a', displayName: 'Citizen A', callId: 'call-a' };
export const interpreterA: Principal = { role: 'interpreter', participantId: 'int-a', displayName: 'Tolk A', callId: 'call-a' };
export const citizenB: Principal = { role: 'citizen', participantId: 'cit-b', displayName: 'Citizen B', callId: 'call-b' };

export interface Harness {
  url: string;
  service: DocumentService;
  store: ObjectStore;
  clock: TestClock;
  tokenOf(p: Principal): string;
  close(): Promise<void>;
}

/** A DocumentService behind a real HTTP server, mounted the way signaling will mount it. */
export async function startHarness(
  store: ObjectStore,
  scanner: Scanner,
  overrides: Partial<DocumentServiceOptions> = {},
  repository: DocumentRepository = new InMemoryDocumentRepository(),
): Promise<Harness> {
  const clock = new TestClock();
  const tokens = new Map<string, Principal>();
  const tokenOf = (p: Principal) => {
    for (const [t, q] of tokens) if (q === p) return t;
    const t = randomBytes(12).toString('hex');
    tokens.set(t, p);
    return t;
  };
  const service = new DocumentService(
    {
      encryptionKey: randomBytes(32),
      linkSigningKey: randomBytes(32),
      scanRetryInitialMs: 200,
      scanRetryMaxMs: 1000,
      ...overrides,
    },
    {
      store,
      scanner,
      repository,
      pdfRefusal: pdfRefusalIsolated,
      logger,
      now: clock.now,
      authenticate: async (token) => {
        const p = tokens.get(token);
        if (!p) throw new UnauthenticatedError();
        return p;
      },
      // The clerk runs calls A and B; link holders only their own call.
      canAccessCall: (p, callId) => (p.role === 'clerk' ? ['call-a', 'call-b'].includes(callId) : p.callId === callId),
    },
  );
  await service.start();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/uploads')) return service.tusHandler(req, res);
    if (url.startsWith('/api/documents/download')) return service.downloadHandler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    store,
    clock,
    tokenOf,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await service.close();
    },
  };
}

/** A private clamd the test may stop and start, sharing the project's test signatures. */
export class PrivateClamd {
  #proc: ChildProcess | null = null;
  readonly #dir = mkdtempSync(path.join(os.tmpdir(), 'videoloket-clamd-'));
  constructor(readonly port: number) {
    const db = path.join(process.env.VIDEOLOKET_CACHE ?? path.join(os.homedir(), '.cache/videoloket'), 'clamav/db');
    if (!existsSync(path.join(db, 'videoloket-test.ndb'))) throw new Error(`No test signatures in ${db}: run scripts/setup.d/40-clamav.sh`);
    writeFileSync(
      path.join(this.#dir, 'clamd.conf'),
      [`Foreground yes`, `DatabaseDirectory ${db}`, `TCPSocket ${port}`, `TCPAddr 127.0.0.1`, `LogFile ${this.#dir}/clamd.log`, `Bytecode no`, ...(process.getuid?.() === 0 ? ['User root'] : [])].join('\n') + '\n',
    );
  }
  scanner(): ClamdScanner {
    return new ClamdScanner({ host: '127.0.0.1', port: this.port, logger, timeoutMs: 10_000 });
  }
  async start(): Promise<void> {
    this.#proc = spawn('clamd', [`--config-file=${path.join(this.#dir, 'clamd.conf')}`], { stdio: 'ignore' });
    const s = this.scanner();
    for (let i = 0; i < 100; i++) {
      if (await s.ping().then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('private clamd did not start');
  }
  async stop(): Promise<void> {
    const p = this.#proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
    this.#proc = null;
  }
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** A well-formed one-page PDF of `bytes` bytes: random filler in a stream object (uploads are parsed whole). */
export function pdfOf(bytes: number): Buffer {
  const head = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n';
  const tail = '\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  const fixed = (n: number) => Buffer.byteLength(`${head}4 0 obj << /Length ${n} >> stream\n${tail}`);
  let filler = Math.max(0, bytes - fixed(bytes));
  filler = Math.max(0, bytes - fixed(filler));
  return Buffer.concat([Buffer.from(`${head}4 0 obj << /Length ${filler} >> stream\n`), randomBytes(filler), Buffer.from(tail)]);
}

/** Uploads `data` over tus in 256 KiB chunks; resolves with the upload URL. */
export function tusUpload(h: Harness, who: Principal, data: Buffer, meta: Record<string, string>, opts: Partial<tus.UploadOptions> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(data, {
      endpoint: `${h.url}/api/uploads`,
      headers: { Authorization: `Bearer ${h.tokenOf(who)}` },
      metadata: meta,
      chunkSize: 256 * 1024,
      retryDelays: [],
      onError: reject,
      onSuccess: () => resolve(upload.url!),
      ...opts,
    });
    upload.start();
  });
}

/** Polls until the file reaches one of `states`, as `who` lists it. */
export async function waitFor(h: Harness, who: Principal, callId: string, fileName: string, states: DocumentState[], timeoutMs = 20_000): Promise<DocumentSummary> {
  const until = Date.now() + timeoutMs;
  let last: DocumentSummary | undefined;
  while (Date.now() < until) {
    last = (await h.service.listForPrincipal(who, callId)).find((d) => d.fileName === fileName);
    if (last && states.includes(last.state)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${fileName} did not reach ${states.join('|')} (last: ${last?.state})`);
}
