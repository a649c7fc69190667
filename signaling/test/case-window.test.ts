import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, ChatMessage } from '@videoloket/contracts';
import { join, request, socketPool, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 12 item 1, "two windows, one call": the clerk's cockpit opens the call window and the
// case window, both connections of the clerk's one seat. The case window must not replace
// (kick) the call window, must get the call's pushes, and must take no media; a second call
// window still replaces the first (a real duplicate tab). Against the real server and worker.

let server: TestServer;
let clerkToken: string;
const { open, openCall, closeAll } = socketPool(() => server, () => clerkToken);

beforeAll(async () => {
  server = await startTestServer();
  clerkToken = await server.login();
});
afterEach(closeAll);
afterAll(async () => {
  await server?.stop();
});

/** Resolves with true when `socket` hears call:replaced within `ms`, false otherwise. */
function replacedWithin(socket: ClientSocket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('call:replaced', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

const nextState = (socket: ClientSocket, until: (view: CallView) => boolean) =>
  new Promise<CallView>((resolve) => {
    const onState = (view: CallView) => {
      if (!until(view)) return;
      socket.off('call:state', onState);
      resolve(view);
    };
    socket.on('call:state', onState);
  });

async function anotherClerkToken(): Promise<string> {
  const username = `balie-${Math.random().toString(36).slice(2, 8)}`;
  await server.app.clerks.add({ username, displayName: 'Andere Baliemedewerker', password: 'another-password-1' });
  const res = await fetch(`${server.app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'another-password-1' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('the case window: an observer connection of the clerk seat', () => {
  it('opens beside the call window without replacing it, gets the pushes, and takes no media', async () => {
    const { clerk, callId, citizenToken } = await openCall('Twee vensters');
    const callWindowKicked = replacedWithin(clerk, 1500);
    const caseWindow = await open({ token: clerkToken, callId });
    const joined = await join(caseWindow, { window: 'case' });
    expect(joined.window).toBe('case');
    expect(joined.self.role).toBe('clerk');
    expect(await callWindowKicked).toBe(false);
    expect(clerk.connected).toBe(true);

    // Both windows see a citizen knock and the admission; the case window may admit.
    const citizen = await open({ token: citizenToken });
    const inCaseWindow = nextState(caseWindow, (v) => v.participants.some((p) => p.role === 'citizen' && p.status === 'waiting'));
    const inCallWindow = nextState(clerk, (v) => v.participants.some((p) => p.role === 'citizen' && p.status === 'waiting'));
    const seat = await join(citizen, { displayName: 'Jan' });
    await Promise.all([inCaseWindow, inCallWindow]);
    const admittedInCallWindow = nextState(clerk, (v) => v.participants.some((p) => p.id === seat.self.participantId && p.status === 'admitted'));
    expect(await request(caseWindow, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
    await admittedInCallWindow;

    // The chat reaches both windows of the seat once.
    const heard = new Promise<ChatMessage>((resolve) => caseWindow.once('chat:message', resolve));
    expect(await request(citizen, 'chat:send', { text: 'Goedemiddag' })).toMatchObject({ ok: true });
    expect((await heard).text).toBe('Goedemiddag');

    // No media from the case window: no transport, no ICE servers, no leaving the seat.
    for (const [event, payload] of [
      ['media:createTransport', { direction: 'send' }],
      ['media:iceConfig', {}],
      ['call:leave', {}],
    ] as const) {
      expect(await request(caseWindow, event, payload), event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // The call window still can, and the clerk is still in the call, connected.
    expect(await request(clerk, 'media:iceConfig', {})).toMatchObject({ ok: true });
    const view = (await join(citizen, { displayName: 'Jan', resumeKey: seat.resumeKey })).call;
    expect(view.participants.filter((p) => p.role === 'clerk')).toEqual([expect.objectContaining({ connected: true })]);
  });

  it('closing the case window leaves the call window alone; a new case window replaces only an older one', async () => {
    const { clerk, callId } = await openCall('Herstel');
    const first = await open({ token: clerkToken, callId });
    await join(first, { window: 'case' });
    const callWindowKicked = replacedWithin(clerk, 2000);
    const firstReplaced = replacedWithin(first, 5000);
    const second = await open({ token: clerkToken, callId });
    await join(second, { window: 'case' });
    expect(await firstReplaced).toBe(true);
    await expect.poll(() => first.disconnected).toBe(true);

    second.close();
    const reopened = await open({ token: clerkToken, callId });
    expect((await join(reopened, { window: 'case' })).window).toBe('case');
    expect(await callWindowKicked).toBe(false);
    expect(clerk.connected).toBe(true);
    expect(await request(clerk, 'media:iceConfig', {})).toMatchObject({ ok: true });
  });

  it('a second call window still replaces the first (a duplicate tab), and the case window stays', async () => {
    const { clerk, callId } = await openCall('Dubbel');
    const caseWindow = await open({ token: clerkToken, callId });
    await join(caseWindow, { window: 'case' });
    const caseKicked = replacedWithin(caseWindow, 3000);
    const firstReplaced = replacedWithin(clerk, 5000);
    const duplicate = await open({ token: clerkToken, callId });
    await join(duplicate);
    expect(await firstReplaced).toBe(true);
    await expect.poll(() => clerk.disconnected).toBe(true);
    expect(await caseKicked).toBe(false);
    expect(caseWindow.connected).toBe(true);
    expect(await request(caseWindow, 'form:templates', {})).toMatchObject({ ok: true });
  });

  it('refuses a citizen, another clerk, or a clerk without a call window, and changes nothing', async () => {
    const { clerk, callId, citizenToken } = await openCall('Aanval');
    const before = (await join(clerk)).call;

    const citizen = await open({ token: citizenToken });
    expect(await request(citizen, 'call:join', { displayName: 'Jan', window: 'case' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const other = await open({ token: await anotherClerkToken(), callId });
    expect(await request(other, 'call:join', { window: 'case' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Refused, it holds no seat: nothing it asks for next is served.
    expect(await request(other, 'call:admit', { participantId: before.participants[0]!.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(other, 'documents:list', { callId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // A call window cannot turn itself into a case window, nor a case window into a call window.
    expect(await request(clerk, 'call:join', { window: 'case' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const caseWindow = await open({ token: clerkToken, callId });
    await join(caseWindow, { window: 'case' });
    expect(await request(caseWindow, 'call:join', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await request(caseWindow, 'call:join', { window: 'window' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    // A clerk who opens a case window of a call they have no seat in (no call window yet).
    const fresh = await server.createCall(clerkToken, 'Nog geen belvenster');
    const early = await open({ token: clerkToken, callId: fresh.call.callId });
    expect(await request(early, 'call:join', { window: 'case' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(clerk.connected).toBe(true);
    const after = (await join(clerk)).call;
    expect(after.participants).toEqual(before.participants);
  });
});
