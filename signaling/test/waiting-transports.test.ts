import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerOptions, IceConfig, TransportOptions } from '@videoloket/contracts';
import { join, request, socketPool, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 11 item 4 (join time): a waiting seat may create its send and receive transport while
// it waits, so admission does not wait for the media worker. Attacked here against the real
// server and mediasoup worker: a waiting or refused citizen gets no media and no TURN
// credentials, cannot connect, produce or consume, and cannot hold more than one pair.

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const vp8 = fixture('screen-vp8-rtp-parameters.json');
const opus = fixture('microphone-opus-rtp-parameters.json');
let nextSsrc = 7000;
const rtp = (base: Record<string, unknown>) => ({ ...base, mid: String(nextSsrc), encodings: [{ ssrc: nextSsrc++ }] });
/** Well-formed DTLS parameters (mediasoup accepts them; no DTLS handshake follows here). */
const dtlsParameters = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }] };

let server: TestServer;
let clerkToken: string;
const { open, openCall, closeAll } = socketPool(() => server, () => clerkToken);

beforeAll(async () => {
  // TURN configured (no relay needed here: only the credentials handed out are looked at).
  server = await startTestServer({ TURN_URLS: 'turn:127.0.0.1:3478', TURN_SECRET: 'waiting-room-test-secret-0123456789abcdef' });
  clerkToken = await server.login();
});
afterEach(closeAll);
afterAll(async () => {
  await server?.stop();
});

const ok = async <T>(socket: ClientSocket, event: string, payload: unknown): Promise<T> => {
  const ack = await request(socket, event, payload);
  if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
  return ack.data as T;
};

/** A call whose clerk sends a camera and a microphone, and a citizen knocking on it. */
async function knockingCitizen(title: string) {
  const call = await openCall(title);
  const clerkSend = await ok<TransportOptions>(call.clerk, 'media:createTransport', { direction: 'send' });
  const camera = await ok<{ producerId: string }>(call.clerk, 'media:produce', { transportId: clerkSend.id, kind: 'video', source: 'camera', rtpParameters: rtp(vp8) });
  await ok(call.clerk, 'media:produce', { transportId: clerkSend.id, kind: 'audio', source: 'microphone', rtpParameters: rtp(opus) });
  const citizen = await open({ token: call.citizenToken });
  const joined = await join(citizen, { displayName: 'Lotte' });
  expect(joined.self.status).toBe('waiting');
  const room = server.app.registry.get(call.callId).media.room;
  const mine = async () => {
    const stats = await room.getStats();
    const of = <T extends { peerId: string }>(list: T[]) => list.filter((x) => x.peerId === joined.self.participantId);
    return { transports: of(stats.transports), producers: of(stats.producers), consumers: of(stats.consumers) };
  };
  return { ...call, citizen, joined, participantId: joined.self.participantId, camera: camera.producerId, mine };
}

describe('a waiting seat and its transport pair', () => {
  it('gets one send and one receive transport without TURN credentials, and no second one however often it asks', async () => {
    const { citizen, mine } = await knockingCitizen('Vooraf');
    const acks = await Promise.all(Array.from({ length: 12 }, (_, i) => request(citizen, 'media:createTransport', { direction: i % 2 ? 'recv' : 'send' })));
    const made = acks.flatMap((a) => (a.ok ? [a.data as TransportOptions] : []));
    expect(made).toHaveLength(2);
    expect(new Set(acks.flatMap((a) => (a.ok ? [] : [a.error.code])))).toEqual(new Set(['CONFLICT']));
    for (const transport of made) {
      expect(transport.ice.iceServers).toEqual([]);
      expect(transport.ice.expiresInSeconds).toBeUndefined();
    }
    expect((await mine()).transports.map((t) => t.direction).sort()).toEqual(['recv', 'send']);
  });

  it('can neither connect, produce, consume nor fetch TURN credentials before admission: no media reaches it', async () => {
    const { citizen, camera, joined, mine } = await knockingCitizen('Donker');
    const send = await ok<TransportOptions>(citizen, 'media:createTransport', { direction: 'send' });
    const recv = await ok<TransportOptions>(citizen, 'media:createTransport', { direction: 'recv' });
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await request(citizen, 'media:connectTransport', { transportId: recv.id, dtlsParameters })).toMatchObject(forbidden);
    expect(await request(citizen, 'media:connectTransport', { transportId: send.id, dtlsParameters })).toMatchObject(forbidden);
    expect(await request(citizen, 'media:produce', { transportId: send.id, kind: 'audio', source: 'microphone', rtpParameters: rtp(opus) })).toMatchObject(forbidden);
    expect(await request(citizen, 'media:consume', { producerId: camera, rtpCapabilities: joined.routerRtpCapabilities })).toMatchObject(forbidden);
    expect(await request(citizen, 'media:iceConfig', {})).toMatchObject(forbidden);
    expect(await request(citizen, 'media:restartIce', { transportId: recv.id })).toMatchObject(forbidden);
    const state = await mine();
    expect(state.producers).toEqual([]);
    expect(state.consumers).toEqual([]);
    expect(state.transports.every((t) => t.bytesReceived === 0 && t.bytesSent === 0)).toBe(true);
  });

  it('after admission the same pair carries the call: TURN credentials come with media:iceConfig, consumers land on it', async () => {
    const { clerk, citizen, participantId, joined, camera, mine } = await knockingCitizen('Toegelaten');
    const send = await ok<TransportOptions>(citizen, 'media:createTransport', { direction: 'send' });
    const recv = await ok<TransportOptions>(citizen, 'media:createTransport', { direction: 'recv' });
    await ok(clerk, 'call:admit', { participantId });
    const ice = await ok<IceConfig>(citizen, 'media:iceConfig', {});
    expect(ice.iceServers[0]!.username).toMatch(new RegExp(`^\\d+:${participantId}$`));
    expect(await request(citizen, 'media:connectTransport', { transportId: recv.id, dtlsParameters })).toMatchObject({ ok: true });
    const consumer = await ok<ConsumerOptions>(citizen, 'media:consume', { producerId: camera, rtpCapabilities: joined.routerRtpCapabilities });
    expect(consumer.producerId).toBe(camera);
    const state = await mine();
    expect(state.transports.map((t) => t.id).sort()).toEqual([send.id, recv.id].sort());
    expect(state.consumers.map((c) => c.id)).toEqual([consumer.id]);
    // Admitted, it still has one pair.
    expect(await request(citizen, 'media:createTransport', { direction: 'recv' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('goes when the clerk refuses the seat; the refused citizen cannot make another', async () => {
    const { clerk, citizen, citizenToken, participantId, mine } = await knockingCitizen('Geweigerd');
    await ok(citizen, 'media:createTransport', { direction: 'send' });
    await ok(citizen, 'media:createTransport', { direction: 'recv' });
    await ok(clerk, 'call:refuse', { participantId });
    expect((await mine()).transports).toEqual([]);
    for (let i = 0; i < 100 && citizen.connected; i++) await new Promise((r) => setTimeout(r, 20));
    expect(citizen.connected).toBe(false);
    // Back on the same link without a seat: nothing to make transports for.
    const again = await open({ token: citizenToken });
    for (const direction of ['send', 'recv']) {
      expect(await request(again, 'media:createTransport', { direction })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await mine()).transports).toEqual([]);
  });

  it('a seat that comes back on a new connection has one pair, the new one', async () => {
    const { citizen, citizenToken, joined, mine } = await knockingCitizen('Terug');
    await ok(citizen, 'media:createTransport', { direction: 'send' });
    await ok(citizen, 'media:createTransport', { direction: 'recv' });
    const again = await open({ token: citizenToken });
    expect((await join(again, { displayName: 'Lotte', resumeKey: joined.resumeKey })).self.participantId).toBe(joined.self.participantId);
    const send = await ok<TransportOptions>(again, 'media:createTransport', { direction: 'send' });
    const recv = await ok<TransportOptions>(again, 'media:createTransport', { direction: 'recv' });
    expect((await mine()).transports.map((t) => t.id).sort()).toEqual([send.id, recv.id].sort());
  });
});
