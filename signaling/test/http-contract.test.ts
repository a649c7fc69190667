import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '@videoloket/contracts';
import { createHttpClient, HttpError } from '@videoloket/contracts/http-client';
import { createLogger, startVideoloket, type RunningVideoloket } from '../src/index';
import { registeredRoutes } from '../src/http/register';
import { CLERK_PASSWORD, testConfig } from './support';

// Issue 10 item 5: the server's JSON routes are the contract's table, no more and no less, and
// the browsers' client (built from the same table) works against the real server.

let app: RunningVideoloket;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-contract-'));
  app = await startVideoloket(testConfig(dataDir), createLogger('warn'));
});

afterAll(async () => {
  await app?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function clerkToken(): Promise<string> {
  return (await createHttpClient({ baseUrl: app.url }).login({ body: { username: 'balie', password: CLERK_PASSWORD } })).token;
}

async function clerk() {
  return createHttpClient({ baseUrl: app.url, token: await clerkToken() });
}

describe('the HTTP contract', () => {
  it('every route of the table is registered, and every registered route is in the table', () => {
    const inTable = Object.values(httpRoutes).map((r) => `${r.method} ${r.path}`).sort();
    const registered = registeredRoutes(app.httpApp).filter((r) => r.split(' ')[1]!.startsWith('/api/')).sort();
    expect(registered).toEqual(inTable);
    // Outside /api only the metrics scrape, which answers in Prometheus' text format.
    expect(registeredRoutes(app.httpApp).filter((r) => !r.split(' ')[1]!.startsWith('/api/'))).toEqual(['GET /metrics']);
  });

  it("the browsers' client works against the real server, answers checked against their schemas", async () => {
    const desk = await clerk();
    const created = await desk.createCall({ body: { title: 'Paspoort' } });
    expect(created.citizenLink).toMatch(/\/call\/#t=/);
    expect((await desk.listCalls()).map((c) => c.callId)).toContain(created.call.callId);
    expect(await desk.withdrawLink({ params: { callId: created.call.callId, linkId: created.citizenLinkId } })).toEqual({ withdrawn: true, removed: 0 });
    expect(await desk.callDocuments({ params: { callId: created.call.callId } })).toEqual({ callId: created.call.callId, documents: [] });
    expect(await createHttpClient({ baseUrl: app.url }).health()).toEqual({ ok: true });
  });

  it('refuses unknown fields in a body, and changes nothing', async () => {
    const desk = await clerk();
    const before = await desk.listCalls();
    const res = await fetch(`${app.url}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await clerkToken()}` },
      body: JSON.stringify({ title: 'Paspoort', createdByClerkId: 'someone-else' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid new call', issues: [{ path: '(root)' }] });
    expect(await desk.listCalls()).toEqual(before);
  });

  it('refuses unknown query fields and bad path parameters with the field named', async () => {
    const desk = await clerk();
    const query = await fetch(`${app.url}/api/backoffice/slots?productId=eid&channel=counter&from=2026-12-07&to=2026-12-08&clerkId=clerk-an`);
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid slot search' });
    const err = await desk.getCase({ params: { caseId: 'not-a-uuid' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 400, code: 'BAD_REQUEST', issues: [{ path: 'caseId', message: 'must be an id (UUID)' }] });
  });

  it('caps body size: 413 before any handler runs', async () => {
    const res = await fetch(`${app.url}/api/backoffice/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ remarks: 'x'.repeat(70 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' });
  });

  it("a clerk route refuses a missing or someone's forged token before reading the body", async () => {
    for (const authorization of [undefined, 'Bearer forged.token.value']) {
      const res = await fetch(`${app.url}/api/backoffice/cases/00000000-0000-4000-8000-000000000000/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: '{"text": broken json',
      });
      expect(res.status, authorization).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });
});
