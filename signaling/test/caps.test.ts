import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, DocumentSummary, InterpreterInvitation, TransportOptions } from '@videoloket/contracts';
import { CLERK_PASSWORD, connect, join, request, socketPool, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 9, finding 7 — no caps per link, seat or address — performed against the real
// server and the real mediasoup worker: one link opened by a hundred sockets, an admitted
// citizen asking for many transports and producers (a screen share labelled `camera`), and
// names that pass for the clerk. Default limits (README: CALL_MAX_WAITING_PER_LINK=3,
// CALL_MAX_WAITING_PER_ADDRESS=4, SOCKET_MAX_PER_LINK=6, SOCKET_MAX_PER_ADDRESS=20).

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const opus = fixture('microphone-opus-rtp-parameters.json');
const vp8 = fixture('screen-vp8-rtp-parameters.json');
/** The same parameters under a fresh SSRC and mid, as a browser would send for another track. */
let nextSsrc = 1000;
const rtp = (base: Record<string, unknown>) => ({ ...base, mid: String(nextSsrc), encodings: [{ ssrc: nextSsrc++ }] });

let server: TestServer;
let clerkToken: string;
const { opened, open, openCall, closeAll: closeSockets } = socketPool(() => server, () => clerkToken);

const view = async (clerk: ClientSocket): Promise<CallView> => (await join(clerk)).call;
const tokenOf = (url: string) => new URL(url).hash.replace('#t=', '');

/** Tries `n` connections at once; returns the accepted sockets and the refusal codes. */
async function flood(token: string, n: number) {
  const results = await Promise.allSettled(Array.from({ length: n }, () => connect(server.app.url, { token })));
  const sockets = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  opened.push(...sockets);
  const refusals = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  return { sockets, refusals };
}

beforeAll(async () => {
  server = await startTestServer();
  clerkToken = await server.login();
});

/** Closes this test's sockets and waits until the server has seen every close (the caps count live sockets). */
async function closeAll(): Promise<void> {
  closeSockets();
  for (let i = 0; i < 100 && server.app.io.engine.clientsCount > 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(server.app.io.engine.clientsCount).toBe(0);
}

afterEach(closeAll);

afterAll(async () => {
  await server?.stop();
});

describe('one link, many sockets', () => {
  it('a link opened by 100 sockets gives the clerk 3 waiting seats, not 100', async () => {
    const { clerk, callId, citizenToken } = await openCall('Overspoeld');
    const other = await openCall('Buurgesprek');
    const neighbour = await open({ token: other.citizenToken });
    await join(neighbour, { displayName: 'Marie' });

    const { sockets, refusals } = await flood(citizenToken, 100);
    expect(sockets).toHaveLength(6);
    expect(refusals).toHaveLength(94);
    expect(new Set(refusals)).toEqual(new Set(['RATE_LIMITED']));

    const acks = await Promise.all(sockets.map((s, i) => request(s, 'call:join', { displayName: `Bezoeker ${i}` })));
    expect(acks.filter((a) => a.ok)).toHaveLength(3);
    expect(acks.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect((await view(clerk)).participants.filter((p) => p.status === 'waiting')).toHaveLength(3);
    expect(server.app.registry.get(callId).summary().waiting).toBe(3);

    // The victim: the other call's waiting citizen is still there and can still be admitted.
    const otherView = await view(other.clerk);
    const marie = otherView.participants.find((p) => p.displayName === 'Marie')!;
    expect(marie).toMatchObject({ status: 'waiting', connected: true });
    expect(await request(other.clerk, 'call:admit', { participantId: marie.id })).toMatchObject({ ok: true });

    // Refusing a waiting seat makes room for one more knock: the cap is on what waits now.
    const first = (await view(clerk)).participants.find((p) => p.status === 'waiting')!;
    expect(await request(clerk, 'call:refuse', { participantId: first.id })).toMatchObject({ ok: true });
    const late = sockets[acks.findIndex((a) => !a.ok)]!;
    expect(await request(late, 'call:join', { displayName: 'Later' })).toMatchObject({ ok: true, data: { self: { status: 'waiting' } } });
  });

  it('one live connection per seat: rejoining with the seat key replaces the older connection', async () => {
    const { clerk, citizenToken } = await openCall('Per zitje');
    const first = await open({ token: citizenToken });
    const seat = await join(first, { displayName: 'Jan' });
    const replaced: ClientSocket[] = [];
    let latest = first;
    for (let i = 0; i < 4; i++) {
      const previous = latest;
      const gone = new Promise<void>((resolve) => previous.once('call:replaced', () => resolve()));
      latest = await open({ token: citizenToken });
      expect((await join(latest, { displayName: 'Jan', resumeKey: seat.resumeKey })).self).toEqual(seat.self);
      await gone;
      replaced.push(previous);
    }
    await expect.poll(() => replaced.every((s) => s.disconnected)).toBe(true);
    expect(latest.connected).toBe(true);
    expect((await view(clerk)).participants.filter((p) => p.role === 'citizen')).toHaveLength(1);
  });

  it('caps waiting seats per address across the links of a call', async () => {
    const { clerk, citizenToken } = await openCall('Per adres');
    for (let i = 0; i < 3; i++) await join(await open({ token: citizenToken }), { displayName: `Burger ${i}` });
    const inv = ((await request(clerk, 'interpreter:invite', { language: 'Pools', admitDirectly: false })) as { data: InterpreterInvitation }).data;
    await join(await open({ token: tokenOf(inv.url) }), { displayName: 'Tolk 1' });
    // Four seats wait from 127.0.0.1 now: a fifth, through another link, is refused.
    const fifth = await open({ token: tokenOf(inv.url) });
    expect(await request(fifth, 'call:join', { displayName: 'Tolk 2' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect((await view(clerk)).participants.filter((p) => p.status === 'waiting')).toHaveLength(4);
  });

  it('caps link-holder sockets per address over all calls, but never the clerk', async () => {
    const calls = await Promise.all([0, 1, 2, 3].map((i) => openCall(`Adres ${i}`)));
    let accepted = 0;
    const refusals: string[] = [];
    for (const call of calls) {
      const result = await flood(call.citizenToken, 6);
      accepted += result.sockets.length;
      refusals.push(...result.refusals);
    }
    expect(accepted).toBe(20);
    expect(refusals).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    // The clerk from the same address still gets in.
    const clerk = await open({ token: clerkToken, callId: calls[0]!.callId });
    expect((await join(clerk)).self.status).toBe('admitted');
    // Closing sockets gives their slots back.
    await closeAll();
    expect((await flood(calls[3]!.citizenToken, 1)).sockets).toHaveLength(1);
  });
});

describe('transports and producers of one seat', () => {
  async function admittedCitizen(title: string) {
    const call = await openCall(title);
    const citizen = await open({ token: call.citizenToken });
    const seat = await join(citizen, { displayName: 'Jan' });
    expect(await request(call.clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
    return { ...call, citizen, participantId: seat.self.participantId };
  }

  it('one send and one receive transport per seat, however many are asked for at once', async () => {
    const { clerk, citizen, callId, participantId } = await admittedCitizen('Transporten');
    const clerkSend = await request(clerk, 'media:createTransport', { direction: 'send' });
    expect(clerkSend.ok).toBe(true);

    const acks = await Promise.all(
      Array.from({ length: 40 }, (_, i) => request(citizen, 'media:createTransport', { direction: i % 2 ? 'recv' : 'send' })),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(2);
    expect(new Set(acks.flatMap((a) => (a.ok ? [] : [a.error.code])))).toEqual(new Set(['CONFLICT']));

    const stats = await server.app.registry.get(callId).media.room.getStats();
    const mine = stats.transports.filter((t) => t.peerId === participantId);
    expect(mine.map((t) => t.direction).sort()).toEqual(['recv', 'send']);
    // The clerk's transport is untouched, and the clerk can still add their receive one.
    expect(stats.transports.filter((t) => t.peerId !== participantId)).toHaveLength(1);
    expect(await request(clerk, 'media:createTransport', { direction: 'recv' })).toMatchObject({ ok: true });
  });

  it('one producer per source, labels that match the track, and no screen share labelled camera', async () => {
    const { clerk, citizen, callId, participantId } = await admittedCitizen('Producers');
    const send = (await request(citizen, 'media:createTransport', { direction: 'send' })) as { ok: true; data: TransportOptions };
    const produce = (kind: 'audio' | 'video', source: string, params = kind === 'audio' ? opus : vp8) =>
      request(citizen, 'media:produce', { transportId: send.data.id, kind, rtpParameters: rtp(params), source });

    expect(await produce('video', 'camera')).toMatchObject({ ok: true });
    expect(await produce('audio', 'microphone')).toMatchObject({ ok: true });
    // A second video labelled camera (a screen share in disguise), a second microphone.
    expect(await produce('video', 'camera')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await produce('audio', 'microphone')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Labels that do not match the track.
    expect(await produce('video', 'microphone')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await produce('audio', 'camera', opus)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // So a second video can only be a screen, which needs the clerk's permission.
    expect(await produce('video', 'screen')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A burst of eight at once changes nothing.
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => produce('video', i % 2 ? 'camera' : 'screen')));
    expect(burst.every((a) => !a.ok)).toBe(true);

    // The room is the one record of producers; the call's view reads it.
    const { media, audience, session } = server.app.registry.get(callId);
    expect(media.room.listProducers(participantId).map((p) => p.source).sort()).toEqual(['camera', 'microphone']);
    const seen = audience.view(session.seat(participantId)!).participants.find((p) => p.id === participantId)!;
    expect(seen.producers.map((p) => p.source).sort()).toEqual(['camera', 'microphone']);

    // With permission, exactly one screen share; the clerk's own producing is unaffected.
    expect(await request(clerk, 'screen:allow', { participantId, allowed: true })).toMatchObject({ ok: true });
    const screens = await Promise.all([produce('video', 'screen'), produce('video', 'screen'), produce('video', 'screen')]);
    expect(screens.filter((a) => a.ok)).toHaveLength(1);
    const clerkSend = (await request(clerk, 'media:createTransport', { direction: 'send' })) as { ok: true; data: TransportOptions };
    expect(await request(clerk, 'media:produce', { transportId: clerkSend.data.id, kind: 'video', rtpParameters: rtp(vp8), source: 'camera' })).toMatchObject({ ok: true });
  });
});

describe('refused uploads', () => {
  it('twenty oversized upload attempts leave three refused records in the clerk’s panel, not twenty', async () => {
    const { clerk, callId, citizenToken } = await openCall('Te groot');
    const citizen = await open({ token: citizenToken });
    const seat = await join(citizen, { displayName: 'Jan' });
    expect(await request(clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
    const httpToken = (await join(citizen, { displayName: 'Jan' })).httpToken!;
    const b64 = (v: string) => Buffer.from(v).toString('base64');
    const attempt = (i: number) =>
      fetch(`${server.app.url}/api/uploads`, {
        method: 'POST',
        headers: {
          'Tus-Resumable': '1.0.0',
          Authorization: `Bearer ${httpToken}`,
          'Upload-Length': String(600 * 1024 * 1024),
          'Upload-Metadata': `callId ${b64(callId)},filename ${b64(`groot-${i}.pdf`)},filetype ${b64('application/pdf')}`,
        },
      });
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i).then((r) => r.status)));
    expect(statuses.every((s) => s === 413)).toBe(true);
    const list = (await request(clerk, 'documents:list', { callId })) as { ok: true; data: DocumentSummary[] };
    expect(list.data.filter((d) => d.state === 'refused')).toHaveLength(3);
  });
});

describe('names that pass for the clerk', () => {
  it('refuses names that claim an office, in any script, and leaves no seat behind', async () => {
    const { clerk, callId, citizenToken } = await openCall('Namen');
    for (const name of ['Baliemedewerker', 'Gemeente Gent', 'ＣＬＥＲＫ', 'сlеrk', 'Guichetière', 'Admin\u200B']) {
      const s = await open({ token: citizenToken });
      const ack = await request(s, 'call:join', { displayName: name });
      expect(ack, name).toMatchObject({ ok: false, error: { code: 'UNPROCESSABLE' } });
      expect(s.connected).toBe(true);
      s.close();
    }
    expect(server.app.registry.get(callId).summary().waiting).toBe(0);
    expect((await view(clerk)).participants).toHaveLength(1);
  });

  it('marks a citizen named like a clerk (look-alike letters folded) in the clerk’s view', async () => {
    await server.app.clerks.add({ username: 'els', displayName: 'Els Vermeulen', password: CLERK_PASSWORD });
    const { clerk, citizenToken } = await openCall('Naamgenoot');
    const lookalike = await join(await open({ token: citizenToken }), { displayName: 'Еls Vеrmeulen' }); // Cyrillic Е, е
    const genuine = await join(await open({ token: citizenToken }), { displayName: 'Jan Peeters' });
    const participants = (await view(clerk)).participants;
    expect(participants.find((p) => p.id === lookalike.self.participantId)).toMatchObject({ status: 'waiting', nameResemblesClerk: true });
    expect(participants.find((p) => p.id === genuine.self.participantId)?.nameResemblesClerk).toBeUndefined();
  });
});
