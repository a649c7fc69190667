import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, InterpreterInvitation, TransportOptions } from '@videoloket/contracts';
import { connect, request, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 5 against the real server: interpreter invitations (direct / waiting room, roles,
// revoke) and the server-side screen-share permission in media:produce.

const screenRtp = JSON.parse(readFileSync(new URL('./fixtures/screen-vp8-rtp-parameters.json', import.meta.url), 'utf8')) as unknown;

let server: TestServer;
let clerk: ClientSocket;
let callId: string;
let citizenToken: string;
const opened: ClientSocket[] = [];

async function open(auth: { token: string; callId?: string }): Promise<ClientSocket> {
  const s = await connect(server.app.url, auth);
  opened.push(s);
  return s;
}

const tokenOf = (url: string) => new URL(url).hash.replace('#t=', '');

async function invite(admitDirectly: boolean): Promise<InterpreterInvitation> {
  const ack = await request(clerk, 'interpreter:invite', { language: 'Arabisch', admitDirectly, name: 'Samira' });
  if (!ack.ok) throw new Error(`invite failed: ${JSON.stringify(ack.error)}`);
  return ack.data as InterpreterInvitation;
}

function nextState(socket: ClientSocket, until: (v: CallView) => boolean): Promise<CallView> {
  return new Promise((resolve) => {
    const on = (v: CallView) => {
      if (!until(v)) return;
      socket.off('call:state', on);
      resolve(v);
    };
    socket.on('call:state', on);
  });
}

beforeAll(async () => {
  server = await startTestServer();
  const token = await server.login();
  const call = await server.createCall(token, 'Gezinshereniging');
  callId = call.call.callId;
  citizenToken = call.citizenToken;
  clerk = await open({ token, callId });
  expect(await request(clerk, 'call:join', {})).toMatchObject({ ok: true });
});

afterAll(async () => {
  for (const s of opened) s.close();
  await server?.stop();
});

describe('interpreter invitations', () => {
  it('a direct invitation seats the interpreter admitted, with the language in the call state', async () => {
    const inv = await invite(true);
    expect(inv).toMatchObject({ language: 'Arabisch', admitDirectly: true });
    expect(inv.url).toMatch(/\/call\/#t=/);
    const interpreter = await open({ token: tokenOf(inv.url) });
    const seen = nextState(clerk, (v) => v.participants.some((p) => p.role === 'interpreter'));
    const join = await request(interpreter, 'call:join', {});
    expect(join).toMatchObject({ ok: true, data: { self: { role: 'interpreter', status: 'admitted' } } });
    expect((join as { data: { routerRtpCapabilities?: unknown } }).data.routerRtpCapabilities).toBeTruthy();
    const view = await seen;
    expect(view.participants.find((p) => p.role === 'interpreter')).toMatchObject({ displayName: 'Samira', language: 'Arabisch', status: 'admitted' });

    // An interpreter cannot admit, end, invite or hand out screen permissions.
    for (const [event, payload] of [
      ['call:end', {}],
      ['call:admit', { participantId: view.participants[0]!.id }],
      ['interpreter:invite', { language: 'Turks', admitDirectly: true }],
      ['screen:allow', { participantId: view.participants[0]!.id, allowed: true }],
    ] as const) {
      expect(await request(interpreter, event, payload), event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }

    // Revoking the link removes the interpreter at once and the link no longer opens.
    const removed = new Promise((resolve) => interpreter.once('call:refused', resolve));
    expect(await request(clerk, 'call:withdrawLink', { linkId: inv.linkId })).toMatchObject({ ok: true, data: { withdrawn: true, removed: 1 } });
    expect(await removed).toEqual({ reason: 'removed' });
    await expect(connect(server.app.url, { token: tokenOf(inv.url) })).rejects.toThrow(/GONE/);
  });

  it('an invitation via the waiting room makes the interpreter wait for the clerk', async () => {
    const inv = await invite(false);
    const interpreter = await open({ token: tokenOf(inv.url) });
    expect(await request(interpreter, 'call:join', { displayName: 'Samira' })).toMatchObject({ ok: true, data: { self: { status: 'waiting' } } });
  });

  it('answers phone events with a clear CONFLICT when SIP is not enabled', async () => {
    expect(await request(clerk, 'phone:openDialIn', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await request(clerk, 'phone:dialOut', { uri: 'sip:+3221234567@trunk', displayName: 'Tolk' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses bad invitations with a clear error', async () => {
    expect(await request(clerk, 'interpreter:invite', { language: 'x', admitDirectly: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await request(clerk, 'interpreter:invite', { language: 'Turks' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('chat for an interpreter who joins part-way (issue 17)', () => {
  it('sees none of the messages from before they joined — not on join, not on rejoin — until the clerk shares them', async () => {
    const s = await startTestServer();
    const sockets: ClientSocket[] = [];
    const openHere = async (auth: { token: string; callId?: string }) => {
      const sock = await connect(s.app.url, auth);
      sockets.push(sock);
      return sock;
    };
    try {
      const login = await s.login();
      const call = await s.createCall(login, 'Chat en tolk');
      const desk = await openHere({ token: login, callId: call.call.callId });
      await request(desk, 'call:join', {});
      const citizen = await openHere({ token: call.citizenToken });
      const cJoin = (await request(citizen, 'call:join', { displayName: 'Jan' })) as { data: { self: { participantId: string } } };
      await request(desk, 'call:admit', { participantId: cJoin.data.self.participantId });
      const before = ['Goedendag', 'Mijn rekeningnummer is BE68 5390 0754 7034', 'Klopt dat?'];
      for (const [i, text] of before.entries()) expect(await request(i === 1 ? citizen : desk, 'chat:send', { text })).toMatchObject({ ok: true });

      const inv = (await request(desk, 'interpreter:invite', { language: 'Arabisch', admitDirectly: true, name: 'Samira' })) as { data: InterpreterInvitation };
      const interpreter = await openHere({ token: tokenOf(inv.data.url) });
      const received: string[] = [];
      interpreter.on('chat:message', (m) => received.push(m.text));
      const join = (await request(interpreter, 'call:join', {})) as { ok: true; data: { chatHistory: { text: string }[]; resumeKey: string; self: { participantId: string } } };
      expect(join.data.chatHistory).toEqual([]);

      // Messages from now on reach the interpreter, live and in the history of a rejoin.
      expect(await request(citizen, 'chat:send', { text: 'Nu met tolk' })).toMatchObject({ ok: true });
      await expect.poll(() => received).toEqual(['Nu met tolk']);
      interpreter.close();
      const again = await openHere({ token: tokenOf(inv.data.url) });
      const rejoin = (await request(again, 'call:join', { resumeKey: join.data.resumeKey })) as { data: { chatHistory: { text: string }[] } };
      expect(rejoin.data.chatHistory.map((m) => m.text)).toEqual(['Nu met tolk']);

      // Only the clerk may share the earlier messages; then they arrive, oldest first.
      const interpreterId = join.data.self.participantId;
      expect(await request(citizen, 'chat:share-history', { participantId: interpreterId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await request(again, 'chat:share-history', { participantId: interpreterId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await request(desk, 'chat:share-history', { participantId: cJoin.data.self.participantId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const history = new Promise<string[]>((resolve) => again.once('chat:history', ({ messages }) => resolve(messages.map((m) => m.text))));
      expect(await request(desk, 'chat:share-history', { participantId: interpreterId })).toMatchObject({ ok: true, data: { shared: 3 } });
      expect(await history).toEqual(before);
    } finally {
      for (const sock of sockets) sock.close();
      await s.stop();
    }
  });
});

describe('screen share permission (server-enforced)', () => {
  it('refuses a citizen screen producer until the clerk allows it, and closes it when the clerk stops allowing', async () => {
    const citizen = await open({ token: citizenToken });
    const joined = await request(citizen, 'call:join', { displayName: 'Jan' });
    const citizenId = (joined as { data: { self: { participantId: string } } }).data.self.participantId;
    expect(await request(clerk, 'call:admit', { participantId: citizenId })).toMatchObject({ ok: true });

    const transport = (await request(citizen, 'media:createTransport', { direction: 'send' })) as { ok: true; data: TransportOptions };
    expect(transport.ok).toBe(true);
    const produce = () => request(citizen, 'media:produce', { transportId: transport.data.id, kind: 'video', rtpParameters: screenRtp, source: 'screen' });

    expect(await produce()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await request(clerk, 'screen:allow', { participantId: citizenId, allowed: true })).toMatchObject({ ok: true, data: { allowed: true } });
    const allowed = await produce();
    expect(allowed).toMatchObject({ ok: true });
    const producerId = (allowed as { data: { producerId: string } }).data.producerId;
    const session = server.app.registry.get(callId);
    expect(session.seat(citizenId)?.producers.get(producerId)?.source).toBe('screen');

    // Stopping the permission closes the running share, server-side.
    expect(await request(clerk, 'screen:allow', { participantId: citizenId, allowed: false })).toMatchObject({ ok: true });
    expect(session.seat(citizenId)?.producers.has(producerId)).toBe(false);
    expect(await produce()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
