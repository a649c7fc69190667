import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, InterpreterInvitation, JoinResponse } from '@videoloket/contracts';
import { connect, join, request, socketPool, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 9, finding 5 — links that open too many doors — performed against the real server:
// a direct interpreter link opened three times, a refused citizen knocking again, and a
// withdrawn link forwarded to someone else.

let server: TestServer;
let clerkToken: string;
const { open, openCall, closeAll: closeSockets } = socketPool(() => server, () => clerkToken);

async function clerkView(clerk: ClientSocket): Promise<CallView> {
  // Joining again on the same connection returns the fresh view without changing anything.
  return (await join(clerk)).call;
}

const tokenOf = (url: string) => new URL(url).hash.replace('#t=', '');
const closed = (s: ClientSocket) => new Promise<void>((resolve) => (s.disconnected ? resolve() : s.once('disconnect', () => resolve())));

beforeAll(async () => {
  server = await startTestServer();
  clerkToken = await server.login();
});

afterEach(() => {
  closeSockets();
});

afterAll(async () => {
  await server?.stop();
});

describe('an interpreter link "straight into the call"', () => {
  it('admits only the first seat that opens it; later opens wait, marked for the clerk', async () => {
    const { clerk, callId } = await openCall('Tolk direct');
    const chat = await request(clerk, 'chat:send', { text: 'Vertrouwelijk: rijksregisternummer volgt' });
    expect(chat.ok).toBe(true);
    const inviteAck = await request(clerk, 'interpreter:invite', { language: 'Arabisch', admitDirectly: true, name: 'Samira' });
    const inv = (inviteAck as { data: InterpreterInvitation }).data;

    // Three browsers open the same link (forwarded, copied, or a second tab without the seat key).
    const joins: JoinResponse[] = [];
    for (let i = 0; i < 3; i++) joins.push(await join(await open({ token: tokenOf(inv.url) })));

    expect(joins.map((j) => j.self.status)).toEqual(['admitted', 'waiting', 'waiting']);
    // No interpreter gets the chat from before they joined (issue 17: the clerk may share it,
    // see interpreter.test.ts); the later ones get no chat at all while they wait.
    for (const j of joins) expect(j.chatHistory.map((m) => m.text)).not.toContain('Vertrouwelijk: rijksregisternummer volgt');
    for (const later of joins.slice(1)) {
      expect(later.chatHistory).toEqual([]);
    }
    // The clerk sees two waiting seats from the already-used link, clearly marked.
    const view = await clerkView(clerk);
    const fromLink = view.participants.filter((p) => p.linkId === inv.linkId);
    expect(fromLink.map((p) => [p.status, p.linkAlreadyUsed ?? false])).toEqual([
      ['admitted', false],
      ['waiting', true],
      ['waiting', true],
    ]);
    expect(server.app.registry.get(callId).summary()).toMatchObject({ waiting: 2, admitted: 1 });
  });

  it('the first interpreter keeps their admitted seat across a reload (resume key)', async () => {
    const { clerk } = await openCall('Tolk herladen');
    const inv = ((await request(clerk, 'interpreter:invite', { language: 'Turks', admitDirectly: true })) as { data: InterpreterInvitation }).data;
    const first = await open({ token: tokenOf(inv.url) });
    const seat = await join(first, { displayName: 'Ayşe' });
    first.close();
    const back = await join(await open({ token: tokenOf(inv.url) }), { displayName: 'Ayşe', resumeKey: seat.resumeKey });
    expect(back.self).toEqual(seat.self);
  });
});

describe('withdrawing a link', () => {
  it('a refused citizen whose link was withdrawn can no longer knock; the rest of the call and other calls carry on', async () => {
    const { clerk, callId, citizenToken } = await openCall('Weigeren');
    const other = await openCall('Ander gesprek');
    const bystander = await open({ token: other.citizenToken });
    const bystanderSeat = await join(bystander, { displayName: 'Marie' });

    const citizen = await open({ token: citizenToken });
    const knock = await join(citizen, { displayName: 'Jan' });
    const linkId = (await clerkView(clerk)).participants.find((p) => p.id === knock.self.participantId)?.linkId;
    expect(linkId).toBeTruthy();
    // A second tab of the same link that has connected but not joined yet.
    const idle = await open({ token: citizenToken });

    const refused = new Promise((resolve) => citizen.once('call:refused', resolve));
    expect(await request(clerk, 'call:refuse', { participantId: knock.self.participantId })).toMatchObject({ ok: true });
    expect(await refused).toEqual({ reason: 'refused' });
    expect(await request(clerk, 'call:withdrawLink', { linkId })).toMatchObject({ ok: true, data: { withdrawn: true, removed: 0 } });
    await closed(idle);

    // Knocking again, with or without the seat key: refused at the handshake, with a clear message.
    for (let i = 0; i < 2; i++) {
      const err = (await connect(server.app.url, { token: citizenToken }).catch((e: unknown) => e)) as Error & { data?: { message: string } };
      expect(err.message).toBe('GONE');
      expect(err.data?.message).toMatch(/withdrawn/i);
    }
    expect(server.app.registry.get(callId).summary()).toMatchObject({ waiting: 0 });

    // Nothing of anyone else changed: the clerk is still in, the other call's citizen still waits there.
    expect((await clerkView(clerk)).participants.map((p) => p.role)).toEqual(['clerk']);
    expect(bystander.connected).toBe(true);
    const otherView = (await join(other.clerk)).call;
    expect(otherView.participants.find((p) => p.id === bystanderSeat.self.participantId)).toMatchObject({ status: 'waiting', connected: true });
  });

  it('withdrawing a forwarded citizen link removes every seat of it, and the forwarded copy is refused from then on', async () => {
    const { clerk, citizenToken } = await openCall('Doorgestuurd');
    const citizen = await open({ token: citizenToken });
    const own = await join(citizen, { displayName: 'Jan' });
    expect(await request(clerk, 'call:admit', { participantId: own.self.participantId })).toMatchObject({ ok: true });
    const forwardedTo = await open({ token: citizenToken });
    const stranger = await join(forwardedTo, { displayName: 'Onbekende' });
    expect(stranger.self.status).toBe('waiting');

    const linkId = (await clerkView(clerk)).participants.find((p) => p.id === stranger.self.participantId)?.linkId;
    const removed = new Promise((resolve) => citizen.once('call:refused', resolve));
    expect(await request(clerk, 'call:withdrawLink', { linkId })).toMatchObject({ ok: true, data: { withdrawn: true, removed: 2 } });
    expect(await removed).toEqual({ reason: 'removed' });
    await Promise.all([closed(citizen), closed(forwardedTo)]);

    await expect(connect(server.app.url, { token: citizenToken })).rejects.toThrow('GONE');
    expect((await clerkView(clerk)).participants.map((p) => p.role)).toEqual(['clerk']);
  });

  it('the clerk withdraws a citizen link from the call list before anyone used it; nobody else can', async () => {
    const call = await server.createCall(clerkToken, 'Verkeerd adres');
    const url = `${server.app.url}/api/calls/${call.call.callId}/links/${call.citizenLinkId}`;
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${call.citizenToken}` } })).status).toBe(401);
    // Those refusals changed nothing: the link still opens.
    const early = await open({ token: call.citizenToken });

    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${clerkToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ withdrawn: true, removed: 0 });
    await closed(early);
    await expect(connect(server.app.url, { token: call.citizenToken })).rejects.toThrow('GONE');
  });

  it('only the clerk can withdraw a link', async () => {
    const { clerk, citizenToken } = await openCall('Rollen');
    const citizen = await open({ token: citizenToken });
    const seat = await join(citizen, { displayName: 'Jan' });
    await request(clerk, 'call:admit', { participantId: seat.self.participantId });
    const linkId = (await clerkView(clerk)).participants.find((p) => p.id === seat.self.participantId)?.linkId;
    expect(await request(citizen, 'call:withdrawLink', { linkId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The citizen's view never shows link ids.
    expect((await join(citizen)).call.participants.every((p) => p.linkId === undefined)).toBe(true);
    expect(citizen.connected).toBe(true);
  });
});
