import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary, JoinResponse } from '@videoloket/contracts';
import type { RunningVideoloket } from '../src/index';
import { CLERK_PASSWORD, clamdEnv, connect, request, startTestServer, tusUpload, type ClientSocket, type TestServer } from './support';

// Issue 9, finding 2: the sign-in flood. Every attack comes from a real loopback address
// (the whole of 127.0.0.0/8 is loopback on Linux), so the server sees distinct clients
// without trusting any forwarded header.

let server: TestServer;
let app: RunningVideoloket;

beforeAll(async () => {
  server = await startTestServer({
    BACKOFFICE_SEED: 'false',
    ...clamdEnv(),
    // Lower than the defaults (30, 100) so the attacks below trip them with few scrypt runs.
    LOGIN_MAX_FAILURES_PER_IP: '8',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '12',
    // Default 32; 8 keeps the flood's scrypt runs (one at a time) short on a busy machine.
    LOGIN_MAX_QUEUED_CHECKS: '8',
  });
  app = server.app;
});

afterAll(async () => {
  await server?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** POST /api/auth/login from a chosen loopback source address. */
function signIn(from: string, username: string, password: string): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  const url = new URL('/api/auth/login', app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('sign-in timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const statuses = (answers: Answer[]) => answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});

describe('sign-in limits', () => {
  it('a flood of wrong passwords from one address is refused with 429 + Retry-After; the clerk still signs in from another address', async () => {
    const flood = await Promise.all(Array.from({ length: 60 }, () => signIn('127.0.0.1', 'balie', 'raden-' + randomBytes(4).toString('hex'))));
    const counts = statuses(flood);
    // Five consecutive failures per address and account, then the door closes.
    expect(counts[401]).toBe(5);
    expect(counts[429]).toBe(55);
    const refused = flood.find((a) => a.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'RATE_LIMITED' });
    // Bounded: no refusal asks for more than the lockout cap (15 min by default).
    for (const a of flood.filter((x) => x.status === 429)) expect(Number(a.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Even the right password is refused from the flooding address while it is blocked…
    expect((await signIn('127.0.0.1', 'balie', CLERK_PASSWORD)).status).toBe(429);
    // …but the real clerk elsewhere is not locked out.
    const clerk = await signIn('127.0.0.2', 'balie', CLERK_PASSWORD);
    expect(clerk.status).toBe(200);
    expect(JSON.parse(clerk.body)).toMatchObject({ clerk: { displayName: 'Baliemedewerker' } });
  });

  it('one address guessing many accounts is stopped by the per-address limit', async () => {
    const from = '127.0.2.1';
    const answers: Answer[] = [];
    // Sequential, so the per-address+account limit (5) never trips: only the per-address one can.
    for (let i = 0; i < 12; i++) answers.push(await signIn(from, `medewerker${i}`, 'fout-wachtwoord'));
    const firstRefused = answers.findIndex((a) => a.status === 429);
    expect(firstRefused).toBe(8);
    expect(answers.slice(firstRefused).every((a) => a.status === 429)).toBe(true);
    expect((await signIn('127.0.2.2', 'balie', CLERK_PASSWORD)).status).toBe(200);
  });

  it('many addresses guessing one account: new places are held off for a bounded time, a place the clerk signed in from before still works', async () => {
    // A second clerk, untouched by the tests above; they sign in from the office before the attack.
    await app.clerks.add({ username: 'loket2', displayName: 'Loket 2', password: CLERK_PASSWORD });
    expect((await signIn('127.0.3.1', 'loket2', CLERK_PASSWORD)).status).toBe(200);
    const attackers = Array.from({ length: 8 }, (_, i) => `127.0.4.${i + 1}`);
    const answers: Answer[] = [];
    for (const from of attackers) for (let i = 0; i < 2; i++) answers.push(await signIn(from, 'loket2', 'fout-' + i));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(12);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(4);
    // Bounded: never more than the configured account block (15 min by default).
    for (const a of refused) expect(Number(a.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // A new place is held off even with the right password (it could be the attacker)…
    expect((await signIn('127.0.4.200', 'loket2', CLERK_PASSWORD)).status).toBe(429);
    // …while the clerk's known place is not, and other accounts are not touched.
    expect((await signIn('127.0.3.1', 'loket2', CLERK_PASSWORD)).status).toBe(200);
    expect((await signIn('127.0.4.200', 'balie', CLERK_PASSWORD)).status).toBe(200);
  });
});

describe('load: the sign-in flood does not starve downloads', () => {
  let clerk: ClientSocket;
  let documentId: string;

  /** A valid 2 MiB PDF: one page plus an unreferenced stream of random (incompressible) bytes. */
  async function twoMebibytePdf(): Promise<Buffer> {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    doc.context.register(doc.context.stream(randomBytes(2 * 1024 * 1024 - 2048)));
    return Buffer.from(await doc.save({ useObjectStreams: false }));
  }

  beforeAll(async () => {
    const login = await signIn('127.0.5.1', 'balie', CLERK_PASSWORD);
    const clerkToken = (JSON.parse(login.body) as { token: string }).token;
    const created = await fetch(`${app.url}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerkToken}` },
      body: JSON.stringify({ title: 'Belasting', citizenName: 'Jan Peeters' }),
    });
    const callId = ((await created.json()) as { call: { callId: string } }).call.callId;
    clerk = await connect(app.url, { token: clerkToken, callId });
    const join = (await request(clerk, 'call:join', {})) as { ok: true; data: JoinResponse };
    const seen: DocumentSummary[] = [];
    clerk.on('documents:changed', (d) => seen.push(d));

    const pdf = await twoMebibytePdf();
    expect(await tusUpload(app.url, join.data.httpToken!, { callId, filename: 'aanslag.pdf', filetype: 'application/pdf' }, pdf)).toEqual({ create: 201, patch: 204 });
    const deadline = Date.now() + 30_000;
    while (!seen.some((d) => d.state === 'ready')) {
      if (Date.now() > deadline) throw new Error(`document not ready: ${JSON.stringify(seen.map((d) => d.state))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    documentId = seen.find((d) => d.state === 'ready')!.documentId;
  });

  afterAll(() => clerk?.close());

  /** Milliseconds to download the whole document through a fresh signed link. */
  async function timedDownload(): Promise<number> {
    const link = (await request(clerk, 'documents:download-url', { documentId })) as { ok: true; data: { url: string } };
    const started = performance.now();
    const res = await fetch(new URL(link.data.url, app.url));
    const bytes = await res.arrayBuffer();
    const took = performance.now() - started;
    expect(res.status).toBe(200);
    expect(bytes.byteLength).toBeGreaterThan(2 * 1024 * 1024 - 4096);
    return took;
  }

  it('120 concurrent wrong sign-ins from 120 addresses: the 2 MiB download stays within 3× its unloaded time', async () => {
    await timedDownload(); // warm-up (page cache, JIT)
    const unloaded = Math.max(await timedDownload(), await timedDownload(), await timedDownload());

    // 120 distinct addresses and accounts, so no per-address or per-account limit helps:
    // only the cap on concurrent password checks protects the thread pool.
    // The download starts once the server has taken in all 120 requests, so it measures the
    // flood's hold on the thread pool, not the loopback burst of 120 connections.
    let received = 0;
    let answered = 0;
    let downloadStarted = false;
    // Checks that ended before the download began freed their slot while the flood was still
    // coming in (or its bodies still reaching the handler): each let one more request through.
    let checkedBeforeDownload = 0;
    const count = (req: IncomingMessage) => {
      if (req.url === '/api/auth/login') received++;
    };
    app.server.prependListener('request', count); // before Express rewrites req.url
    const flood = Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        signIn(`127.0.6.${i + 1}`, `gast${i}`, 'fout-wachtwoord')
          .then((answer) => {
            if (answer.status === 401 && !downloadStarted) checkedBeforeDownload++;
            return answer;
          })
          .finally(() => {
            answered++;
          }),
      ),
    );
    const deadline = performance.now() + 30_000;
    while (received < 120 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    app.server.off('request', count);
    expect(received).toBe(120);
    await new Promise((r) => setTimeout(r, 20)); // the bodies reach the sign-in handler
    downloadStarted = true;
    const loaded = await timedDownload();
    const inFlightAfterDownload = 120 - answered;
    console.info(`download 2 MiB: unloaded ${unloaded.toFixed(0)} ms, during 120 wrong sign-ins ${loaded.toFixed(0)} ms (${inFlightAfterDownload} sign-ins still running)`);
    // The flood was still on when the download finished.
    expect(inFlightAfterDownload).toBeGreaterThan(0);
    const floodStarted = performance.now();
    const answers = await flood;
    const counts = statuses(answers);
    console.info(`sign-in flood answered within ${(performance.now() - floodStarted).toFixed(0)} ms after the download: ${JSON.stringify(counts)}; ${checkedBeforeDownload} checks ended before the download began`);

    // Nothing but "wrong password" or "busy, retry after"; no 5xx, nothing hangs.
    expect(Object.keys(counts).map(Number).every((s) => s === 401 || s === 429)).toBe(true);
    for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
    // The one timed assertion the issue asks for: a ratio against a floor from the same run
    // (floor at least 50 ms so loopback timer noise cannot decide it).
    expect(loaded).toBeLessThanOrEqual(3 * Math.max(unloaded, 50));
    // One check at a time, 8 waiting: the rest were turned away at once, but for the slots that
    // checks ending during the arrival freed (CI once saw three; without the cap nearly all 120
    // are checked and this fails).
    expect(counts[429]).toBeGreaterThanOrEqual(120 - 1 - 8 - checkedBeforeDownload - 2);
  }, 120_000);
});
