import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEAT_KEY_HEADER, type BookingResponse, type CaseView, type PastCallsResponse, type SlotView } from '@videoloket/contracts';
import { createLogger, startVideoloket, type RunningVideoloket } from '../src/index';
import { CLERK_PASSWORD, connect, join, request, testConfig, type ClientSocket } from './support';

// Issue 10 item 2: calls are records. One server, stopped and started again on the same
// DATA_DIR (PGlite on disk): what the records promise must hold across that real restart.

let dataDir: string;
let app: RunningVideoloket;
const sockets: ClientSocket[] = [];

// The join link works from JOIN_LINK_EARLY_MINUTES before the slot: wide, so a slot days away can be joined now.
const start = () => startVideoloket(testConfig(dataDir, { JOIN_LINK_EARLY_MINUTES: '10080' }), createLogger('warn'));

async function restart(): Promise<void> {
  for (const s of sockets.splice(0)) s.close();
  await app.close();
  app = await start();
}

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const login = async () => (await api<{ token: string }>('POST', '/api/auth/login', undefined, { username: 'balie', password: CLERK_PASSWORD })).body.token;
const tokenOf = (url: string) => new URL(url).hash.replace('#t=', '');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { call: string; sub: string };

async function open(auth: { token: string; callId?: string }): Promise<ClientSocket> {
  const socket = await connect(app.url, auth);
  sockets.push(socket);
  return socket;
}

async function refusal(auth: { token: string }): Promise<{ code: string; message?: string }> {
  const err = (await connect(app.url, auth).then(
    (s) => (s.close(), new Error('connected')),
    (e: unknown) => e,
  )) as Error & { data?: { message: string } };
  return { code: err.message, message: err.data?.message };
}

async function bookVideo(): Promise<BookingResponse> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const slots = (await api<SlotView[]>('GET', `/api/backoffice/slots?productId=report_problem&channel=video&from=${day(1)}&to=${day(6)}`)).body;
  // In-process: the anonymous route's guard (proof of work, limits) is booking-abuse.test.ts's subject.
  return app.backoffice.backoffice.bookings.book({
    productId: 'report_problem',
    channel: 'video',
    startsAt: slots[0]!.startsAt,
    citizen: { name: 'Valerie Claes', email: `v-${randomUUID()}@example.be`, language: 'nl' },
    idempotencyKey: randomUUID(),
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-records-'));
  app = await start();
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('calls as records, across a restart on the same data', () => {
  it("a withdrawn appointment link stays withdrawn; the appointment's call opens again to a new link", async () => {
    const booked = await bookVideo();
    const token = tokenOf(booked.joinLink!.url);
    const { call: callId, sub: linkId } = claimsOf(token);
    expect(await app.calls.repository.byAppointment(booked.appointment.id)).toMatchObject({ id: callId, status: 'scheduled', caseId: booked.appointment.caseId });

    const citizen = await open({ token });
    await join(citizen, { displayName: 'Valerie Claes' });
    const clerkToken = await login();
    const started = await api<{ callId: string }>('POST', `/api/calls/appointments/${booked.appointment.id}`, clerkToken, { title: 'Melding — Valerie Claes' });
    expect(started).toMatchObject({ status: 200, body: { callId } });
    const withdrawn = await api('DELETE', `/api/calls/${callId}/links/${linkId}`, clerkToken);
    expect(withdrawn).toEqual({ status: 200, body: { withdrawn: true, removed: 1 } });

    await restart();

    expect(await refusal({ token })).toEqual({ code: 'GONE', message: 'This link has been withdrawn' });
    // The appointment still stands: a link made now (the manage page shows one) leads into the same call.
    const manageToken = booked.manageUrl.split('/').pop()!;
    const fresh = tokenOf((await app.backoffice.backoffice.bookings.byManageToken(manageToken)).joinLink!.url);
    expect(claimsOf(fresh).call).toBe(callId);
    const back = await open({ token: fresh });
    expect((await join(back, { displayName: 'Valerie Claes' })).self.status).toBe('waiting');
    expect((await app.calls.repository.history(callId)).map((h) => [h.status, h.reason])).toEqual([
      ['scheduled', null],
      ['waiting', null],
      ['scheduled', 'shutdown'],
      ['waiting', null],
    ]);
    expect(await app.calls.repository.get(callId)).toMatchObject({ title: 'Melding — Valerie Claes', createdBy: expect.any(String) as string });
  });

  it('a call the clerk ended stays ended: its link answers GONE after the restart, and the desk lists it as completed', async () => {
    const clerkToken = await login();
    const created = await api<{ call: { callId: string }; citizenLink: string }>('POST', '/api/calls', clerkToken, { title: 'Parkeerkaart', citizenName: 'Jan' });
    const callId = created.body.call.callId;
    const citizenToken = tokenOf(created.body.citizenLink);
    const clerk = await open({ token: clerkToken, callId });
    await join(clerk);
    const citizen = await open({ token: citizenToken });
    const seat = await join(citizen, { displayName: 'Jan' });
    expect(await request(clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
    await expect.poll(async () => (await app.calls.repository.get(callId))?.status).toBe('active');
    expect(await request(clerk, 'call:end', {})).toMatchObject({ ok: true });
    await app.calls.settled();

    await restart();

    expect(await refusal({ token: citizenToken })).toEqual({ code: 'GONE', message: 'This call has ended' });
    // Issue 17's documents after the call: the citizen's browser (link + seat key) is still recognised after the restart.
    const afterCall = await fetch(`${app.url}/api/after-call/documents`, { headers: { authorization: `Bearer ${citizenToken}`, [SEAT_KEY_HEADER]: seat.resumeKey } });
    expect([afterCall.status, ((await afterCall.json()) as { participantId?: string }).participantId]).toEqual([200, seat.self.participantId]);
    const history = await api<PastCallsResponse>('GET', '/api/calls/history', await login());
    expect(history.status).toBe(200);
    const listed = history.body.calls.find((c) => c.callId === callId);
    expect(listed).toMatchObject({ title: 'Parkeerkaart', status: 'completed', createdBy: 'Baliemedewerker', endedBy: 'Baliemedewerker' });
    expect(Date.parse(listed!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(listed!.startedAt!));
    expect(Date.parse(history.body.since)).toBeLessThan(Date.now() - 30 * 86_400_000);
    expect((await app.calls.repository.history(callId)).map((h) => h.status)).toEqual(['waiting', 'active', 'completed']);
  });

  it("the clerk ends an appointment's call with an outcome: on its record, in the history and on the case's timeline; nobody else can set one", async () => {
    const booked = await bookVideo();
    const citizen = await open({ token: tokenOf(booked.joinLink!.url) });
    const seat = await join(citizen, { displayName: 'Valerie Claes' });
    const clerkToken = await login();
    const { body: started } = await api<{ callId: string }>('POST', `/api/calls/appointments/${booked.appointment.id}`, clerkToken, { title: 'Melding' });
    const clerk = await open({ token: clerkToken, callId: started.callId });
    await join(clerk);
    expect(await request(clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
    await expect.poll(async () => (await app.calls.repository.get(started.callId))?.status).toBe('active');

    // A citizen cannot end the call, with or without an outcome; a clerk's unknown outcome or extra field is refused.
    expect(await request(citizen, 'call:end', { outcome: 'completed' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(clerk, 'call:end', { outcome: 'solved' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await request(clerk, 'call:end', { outcome: 'follow-up', caseId: booked.appointment.caseId })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await app.calls.repository.get(started.callId)).toMatchObject({ status: 'active', outcome: null });
    expect(citizen.connected).toBe(true);

    expect(await request(clerk, 'call:end', { outcome: 'follow-up' })).toEqual({ ok: true, data: { ended: true } });
    await app.calls.settled();
    expect(await app.calls.repository.get(started.callId)).toMatchObject({ status: 'completed', outcome: 'follow-up' });
    const history = await api<PastCallsResponse>('GET', '/api/calls/history', clerkToken);
    expect(history.body.calls.find((c) => c.callId === started.callId)).toMatchObject({ status: 'completed', outcome: 'follow-up' });
    const theCase = await api<CaseView>('GET', `/api/backoffice/cases/${booked.appointment.caseId}`, clerkToken);
    expect(theCase.body.events.filter((e) => e.kind === 'call')).toEqual([{ at: expect.any(String) as string, kind: 'call', outcome: 'follow-up', actor: claimsOf(clerkToken).sub }]);
  });

  it('the past-calls list is for signed-in clerks only', async () => {
    expect((await api('GET', '/api/calls/history')).status).toBe(401);
    const created = await api<{ citizenLink: string }>('POST', '/api/calls', await login(), { title: 'Een' });
    const citizen = tokenOf(created.body.citizenLink);
    expect((await api('GET', '/api/calls/history', citizen)).status).toBe(401);
  });
});
