import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '@videoloket/contracts/http-client';
import type { CallSummary, SupervisorOverview } from '@videoloket/contracts';
import { CLERK_PASSWORD, connect, join, request, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 12 item 3: a supervisor sees every live call across clerks, who is in it and who
// waits since when, and hands a call (with whoever waits in it) to another clerk. Plain
// clerks and anonymous callers are refused and change nothing; bad bodies are refused.

let server: TestServer;
const sockets: ClientSocket[] = [];
let els: { id: string };
let tom: { id: string };

const login = async (username: string) => createHttpClient({ baseUrl: server.app.url }).login({ body: { username, password: CLERK_PASSWORD } });
const send = (method: 'GET' | 'POST', urlPath: string, token?: string, body?: unknown) =>
  fetch(`${server.app.url}${urlPath}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

beforeAll(async () => {
  server = await startTestServer();
  els = await server.app.clerks.add({ username: 'els', displayName: 'Els Vermeulen', password: CLERK_PASSWORD });
  tom = await server.app.clerks.add({ username: 'tom', displayName: 'Tom Supervisor', password: CLERK_PASSWORD, roles: ['clerk', 'supervisor'] });
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.stop();
});

/** A call of Els with her in it, one citizen admitted and one waiting. */
async function busyCall() {
  const elsToken = (await login('els')).token;
  const created = await server.createCall(elsToken, 'Verhuizing');
  const clerk = await connect(server.app.url, { token: elsToken, callId: created.call.callId });
  sockets.push(clerk);
  await join(clerk);
  const first = await connect(server.app.url, { token: created.citizenToken });
  sockets.push(first);
  const admitted = await join(first, { displayName: 'Anna Claes' });
  expect(await request(clerk, 'call:admit', { participantId: admitted.self.participantId })).toMatchObject({ ok: true });
  const second = await connect(server.app.url, { token: created.citizenToken });
  sockets.push(second);
  const waiting = await join(second, { displayName: 'Bert Janssens' });
  return { callId: created.call.callId, waitingId: waiting.self.participantId };
}

describe('the supervisor', () => {
  it("sees another clerk's live call: the clerk in it, who is admitted, who waits since when", async () => {
    const { callId, waitingId } = await busyCall();
    const tomClient = createHttpClient({ baseUrl: server.app.url, token: (await login('tom')).token });
    const overview: SupervisorOverview = await tomClient.supervisorOverview({});
    const call = overview.calls.find((c) => c.callId === callId);
    expect(call).toMatchObject({ title: 'Verhuizing', clerks: ['Els Vermeulen'], admitted: [{ name: 'Anna Claes', role: 'citizen' }], waiting: [{ participantId: waitingId, name: 'Bert Janssens', role: 'citizen' }] });
    expect(Date.now() - Date.parse(call!.waiting[0]!.waitingSince!)).toBeLessThan(60_000);
    expect(call!.assignedTo).toBeUndefined();
    expect(overview.clerks).toEqual(expect.arrayContaining([{ id: els.id, displayName: 'Els Vermeulen' }, { id: tom.id, displayName: 'Tom Supervisor' }]));
    // The first account administers, and an administrator may supervise too.
    const admin = createHttpClient({ baseUrl: server.app.url, token: await server.login() });
    expect((await admin.supervisorOverview({})).calls.map((c) => c.callId)).toContain(callId);
  });

  it("hands a call to another clerk: every clerk's call list says to whom", async () => {
    const { callId } = await busyCall();
    const tomToken = (await login('tom')).token;
    const handed = await send('POST', `/api/supervisor/calls/${callId}/handover`, tomToken, { toClerkId: tom.id });
    expect(handed.status).toBe(200);
    expect(((await handed.json()) as CallSummary).assignedTo).toEqual({ clerkId: tom.id, displayName: 'Tom Supervisor' });
    const elsList = (await (await send('GET', '/api/calls', (await login('els')).token)).json()) as CallSummary[];
    expect(elsList.find((c) => c.callId === callId)?.assignedTo).toEqual({ clerkId: tom.id, displayName: 'Tom Supervisor' });
  });

  it('plain clerks and anonymous callers are refused; unknown calls, clerks and fields are refused; nothing changes', async () => {
    const { callId } = await busyCall();
    const elsToken = (await login('els')).token;
    const tomToken = (await login('tom')).token;
    const assignee = async () => ((await (await send('GET', '/api/calls', elsToken)).json()) as CallSummary[]).find((c) => c.callId === callId)?.assignedTo;

    expect((await send('GET', '/api/supervisor/calls', elsToken)).status).toBe(403);
    expect((await send('GET', '/api/supervisor/calls')).status).toBe(401);
    expect((await send('POST', `/api/supervisor/calls/${callId}/handover`, elsToken, { toClerkId: els.id })).status).toBe(403);
    expect((await send('POST', `/api/supervisor/calls/${callId}/handover`, undefined, { toClerkId: els.id })).status).toBe(401);
    expect((await send('POST', `/api/supervisor/calls/${callId}/handover`, tomToken, { toClerkId: 'nobody-here' })).status).toBe(404);
    expect((await send('POST', '/api/supervisor/calls/no-such-call/handover', tomToken, { toClerkId: els.id })).status).toBe(404);
    expect((await send('POST', `/api/supervisor/calls/${callId}/handover`, tomToken, { toClerkId: els.id, callId: 'other' })).status).toBe(400);
    expect((await send('POST', `/api/supervisor/calls/${callId}/handover`, tomToken, { toClerkId: '../../etc' })).status).toBe(400);
    expect(await assignee()).toBeUndefined();
  });
});
