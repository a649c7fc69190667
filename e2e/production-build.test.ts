import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, DocumentSummary, FormPdf, FormState, JoinResponse, TransportOptions } from '@videoloket/contracts';
import { hostilePdf } from '@videoloket/pdf/testing';
import { createCall, loginClerk } from './support/api';
import { requireClamd } from './support/run';
import { REPO, startServer, type RunningServer } from './support/server';

// Issue 11 item 3's proof: the production build (`npm run build:server`, run by
// `npm run start:prod` as `node signaling/dist/main.js`) carries everything the server loads at
// run time. The server runs with a module hook that refuses any TypeScript file and the tsx
// package, in the process, its worker threads and its child processes (NODE_OPTIONS), so a
// file the bundle misses fails here rather than in production.

const NO_TYPESCRIPT = `--import=${path.join(REPO, 'e2e/support/no-typescript.mjs')}`;
const CLEAN_PDF = readFileSync(path.join(REPO, 'e2e/fixtures/documents/antwoord-gemeente.pdf'));

requireClamd();
let server: RunningServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  // Built from the sources as they are now, so a stale signaling/dist cannot pass for them.
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  server = await startServer({ NODE_OPTIONS: NO_TYPESCRIPT }, { compiled: true });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
});

async function connect(auth: { token: string; callId?: string }): Promise<Socket> {
  const socket = io(server.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function ok<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await socket.timeout(30_000).emitWithAck(event, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${event} refused: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** tus 1.0 creation with the whole body in one PATCH. */
async function upload(httpToken: string, callId: string, filename: string, body: Buffer): Promise<void> {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  const create = await fetch(`${server.url}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${httpToken}`, 'tus-resumable': '1.0.0', 'upload-length': String(body.length), 'upload-metadata': `callId ${b64(callId)},filename ${b64(filename)},filetype ${b64('application/pdf')}` },
  });
  expect(create.status).toBe(201);
  const patch = await fetch(new URL(create.headers.get('location')!, server.url), {
    method: 'PATCH',
    headers: { authorization: `Bearer ${httpToken}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(body),
  });
  expect(patch.status).toBe(204);
}

describe('the production build', () => {
  it('the guard it runs under refuses TypeScript and tsx', () => {
    for (const module of [path.join(REPO, 'pdf/src/check-worker.ts'), 'tsx/esm/api']) {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(module)})`], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: NO_TYPESCRIPT } });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('needs TypeScript at run time');
    }
  });

  it('serves both built web apps', async () => {
    for (const page of ['/desk/', '/call/']) {
      const res = await fetch(`${server.url}${page}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/<script type="module"[^>]+src="\/[^"]+\.js"/);
    }
  });

  it('a clerk and a citizen join a call with media transports, a form opens from its template, uploaded PDFs are checked', async () => {
    const { token: clerkToken } = await loginClerk(server);
    const { call, citizenLink } = await createCall(server, clerkToken, 'Productiebouw', 'Jan Peeters');
    const clerk = await connect({ token: clerkToken, callId: call.callId });
    await ok<JoinResponse>(clerk, 'call:join', {});
    const citizen = await connect({ token: new URL(citizenLink).hash.replace('#t=', '') });
    const citizenJoin = await ok<JoinResponse>(citizen, 'call:join', { displayName: 'Jan Peeters' });
    await ok(clerk, 'call:admit', { participantId: citizenJoin.self.participantId });

    // A real mediasoup worker answers: a WebRTC transport with its ICE candidates.
    const transport = await ok<TransportOptions>(citizen, 'media:createTransport', { direction: 'send' });
    expect(transport.iceCandidates.length).toBeGreaterThan(0);

    // The form template is read from pdf/forms and rendered by pdf-lib.
    const form = await ok<FormState>(clerk, 'form:open', { formId: 'reistoestemming-minderjarige' });
    const pdf = await ok<FormPdf>(clerk, 'form:pdf', { sessionId: form.sessionId });
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    // The active-content check runs in its worker thread (signaling/dist/pdf-check-worker.js).
    const seen: DocumentSummary[] = [];
    clerk.on('documents:changed', (d: DocumentSummary) => seen.push(d));
    await upload(citizenJoin.httpToken!, call.callId, 'actief.pdf', hostilePdf('openaction-js.pdf'));
    await upload(citizenJoin.httpToken!, call.callId, 'brief.pdf', CLEAN_PDF);
    const last = (name: string) => seen.findLast((d) => d.fileName === name);
    await expect.poll(() => last('actief.pdf')?.state, { timeout: 60_000 }).toBe('refused');
    expect(last('actief.pdf')?.refusal?.message).toMatch(/active content \(JavaScript/);
    await expect.poll(() => last('brief.pdf')?.state, { timeout: 60_000 }).toBe('ready');
    expect(server.output()).not.toContain('needs TypeScript at run time');
  });
});
