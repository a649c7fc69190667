import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '@videoloket/contracts/http-client';
import { createLogger, startVideoloket, type RunningVideoloket } from '../src/index';
import { CLERK_PASSWORD, testConfig } from './support';

// Issue 15 item 3: the outbox's dead letters, through the real server. Only an administrator
// sees them and retries or discards one; other clerks and anonymous callers are refused and
// change nothing; unknown fields are refused.

let app: RunningVideoloket;
let dataDir: string;
let deadId: string;

/** A loopback port nobody listens on: the status push receiver is down for this whole file. */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

const login = async (username: string, password: string) => (await createHttpClient({ baseUrl: app.url }).login({ body: { username, password } })).token;
const call = (method: 'GET' | 'POST', urlPath: string, token?: string, body?: unknown) =>
  fetch(`${app.url}${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-outbox-'));
  app = await startVideoloket(
    testConfig(dataDir, {
      STATUS_PUSH: 'dosis',
      DOSIS_URL: `http://127.0.0.1:${await closedPort()}/dosis`,
      DOSIS_API_KEY: 'dosis-api-key-0123456789',
      DOSIS_HOLDER_ID: 'OVO002949',
      OUTBOX_MAX_ATTEMPTS: '1',
    }),
    createLogger('silent'),
  );
  await app.clerks.add({ username: 'els', displayName: 'Els Vermeulen', password: CLERK_PASSWORD });
  // A case whose status change cannot be pushed: with one attempt allowed, its message is dead at once.
  const bo = app.backoffice.backoffice;
  const today = new Date().toISOString().slice(0, 10);
  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const [slot] = await bo.slots.search({ productId: 'report_problem', channel: 'video', from: today, to: inTwoWeeks });
  const booked = await bo.bookings.book({ productId: 'report_problem', channel: 'video', startsAt: slot!.startsAt, citizen: { name: 'An Peeters', email: 'an@example.be', language: 'nl' }, idempotencyKey: 'outbox-admin-test-0001' });
  const res = await call('POST', `/api/backoffice/cases/${booked.appointment.caseId}/status`, await login('els', CLERK_PASSWORD), { status: 'in_progress' });
  expect(res.status).toBe(200);
  const [dead] = await bo.deadLetters.list({ state: 'dead' });
  deadId = dead!.id;
});

afterAll(async () => {
  await app?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('dead letters over HTTP', () => {
  const stateOf = async () => (await app.db.query<{ state: string; attempts: number }>('select state, attempts from outbox where id = $1', [deadId]))[0];

  it('an administrator lists them, without their content', async () => {
    const admin = createHttpClient({ baseUrl: app.url, token: await login('balie', CLERK_PASSWORD) });
    const dead = await admin.outboxEntries({ query: { state: 'dead' } });
    expect(dead).toEqual([expect.objectContaining({ id: deadId, kind: 'status.push', state: 'dead', attempts: 1, lastError: expect.stringContaining('DOSIS') })]);
    expect(JSON.stringify(dead)).not.toContain('in_progress');
  });

  it('other clerks and anonymous callers are refused on every dead-letter route, and nothing changes', async () => {
    const clerk = await login('els', CLERK_PASSWORD);
    const before = await stateOf();
    for (const [method, urlPath] of [
      ['GET', '/api/backoffice/outbox'],
      ['POST', `/api/backoffice/outbox/${deadId}/retry`],
      ['POST', `/api/backoffice/outbox/${deadId}/discard`],
    ] as const) {
      const asClerk = await call(method, urlPath, clerk, method === 'POST' ? {} : undefined);
      expect(asClerk.status, `${method} ${urlPath} as a clerk`).toBe(403);
      expect(await asClerk.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect((await call(method, urlPath, undefined, method === 'POST' ? {} : undefined)).status, `${method} ${urlPath} anonymously`).toBe(401);
    }
    expect(await stateOf()).toEqual(before);
  });

  it('unknown fields, unknown states and bad ids are refused, and nothing changes', async () => {
    const admin = await login('balie', CLERK_PASSWORD);
    const before = await stateOf();
    expect((await call('GET', '/api/backoffice/outbox?state=dead&limit=1000', admin)).status).toBe(400);
    expect((await call('GET', '/api/backoffice/outbox?state=delivered', admin)).status).toBe(400);
    const withField = await call('POST', `/api/backoffice/outbox/${deadId}/retry`, admin, { force: true });
    expect(withField.status).toBe(400);
    expect(await withField.json()).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid outbox retry' });
    expect((await call('POST', '/api/backoffice/outbox/not-an-id/discard', admin, {})).status).toBe(400);
    expect((await call('POST', '/api/backoffice/outbox/00000000-0000-4000-8000-000000000000/discard', admin, {})).status).toBe(404);
    expect(await stateOf()).toEqual(before);
  });

  it('an administrator retries (the receiver is still down: dead again after its one attempt), then discards it', async () => {
    const admin = createHttpClient({ baseUrl: app.url, token: await login('balie', CLERK_PASSWORD) });
    expect(await admin.retryOutboxEntry({ params: { entryId: deadId } })).toMatchObject({ id: deadId, state: 'dead', attempts: 1 });
    expect(await admin.discardOutboxEntry({ params: { entryId: deadId } })).toMatchObject({ id: deadId, state: 'discarded' });
    expect(await admin.outboxEntries({ query: { state: 'dead' } })).toEqual([]);
    const again = await call('POST', `/api/backoffice/outbox/${deadId}/retry`, await login('balie', CLERK_PASSWORD), {});
    expect(again.status).toBe(409);
  });
});
