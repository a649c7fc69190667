import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, TransportOptions } from '@videoloket/contracts';
import { join, request, socketPool, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 16 item 4 against the real server and mediasoup worker: a browser that decodes only
// H264 asks for the clerk's VP8 camera; the clerk is asked (media:encodingWanted) for the
// same camera in H264 (media:produce with alternateOf), and the citizen then gets that one.
// An alternate is refused for someone else's producer and nothing changes.

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const vp8 = fixture('screen-vp8-rtp-parameters.json');
const h264 = fixture('camera-h264-rtp-parameters.json');
const opus = fixture('microphone-opus-rtp-parameters.json');
let nextSsrc = 5000;
const rtp = (base: Record<string, unknown>) => ({ ...base, mid: String(nextSsrc), encodings: [{ ssrc: nextSsrc++ }] });

/** What an H264-only browser's mediasoup Device reports (Opus and H264 constrained baseline). */
const H264_ONLY = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 },
    {
      kind: 'video',
      mimeType: 'video/H264',
      clockRate: 90000,
      preferredPayloadType: 102,
      parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
    },
  ],
  headerExtensions: [],
};

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

async function callWithH264Citizen(title: string) {
  const call = await openCall(title);
  const citizen = await open({ token: call.citizenToken });
  const seat = await join(citizen, { displayName: 'Noor' });
  expect(await request(call.clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
  const transport = async (socket: ClientSocket, direction: 'send' | 'recv') =>
    ((await request(socket, 'media:createTransport', { direction })) as { ok: true; data: TransportOptions }).data.id;
  const clerkSend = await transport(call.clerk, 'send');
  const citizenSend = await transport(citizen, 'send');
  await transport(citizen, 'recv');
  const produce = async (socket: ClientSocket, transportId: string, payload: object) =>
    request(socket, 'media:produce', { transportId, kind: 'video', source: 'camera', ...payload });
  const produced = async (socket: ClientSocket, transportId: string, payload: object) => {
    const ack = await produce(socket, transportId, payload);
    if (!ack.ok) throw new Error(`produce failed: ${JSON.stringify(ack.error)}`);
    return (ack.data as { producerId: string }).producerId;
  };
  return { ...call, citizen, citizenId: seat.self.participantId, clerkSend, citizenSend, produce, produced };
}

/** The pushes of one event a socket receives from now on. */
function collect<T>(socket: ClientSocket, event: string): T[] {
  const seen: T[] = [];
  (socket as unknown as { on(e: string, h: (p: T) => void): void }).on(event, (p) => seen.push(p));
  return seen;
}

const cameraIds = (view: CallView) => view.participants.flatMap((p) => p.producers.filter((x) => x.source === 'camera').map((x) => x.id));

describe('an H264-only seat and a VP8 camera', () => {
  it('asks the camera’s owner once for H264, then consumes that alternate; call:state still lists one camera', async () => {
    const call = await callWithH264Citizen('H264');
    const wanted = collect<{ producerId: string; mimeType: string }>(call.clerk, 'media:encodingWanted');
    const camera = await call.produced(call.clerk, call.clerkSend, { rtpParameters: rtp(vp8) });

    const consume = () => request(call.citizen, 'media:consume', { producerId: camera, rtpCapabilities: H264_ONLY });
    expect(await consume()).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await consume()).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await expect.poll(() => wanted).toEqual([{ producerId: camera, mimeType: 'video/H264' }]);

    const alternate = await call.produced(call.clerk, call.clerkSend, { rtpParameters: rtp(h264), alternateOf: camera });
    const ack = await consume();
    expect(ack).toMatchObject({ ok: true, data: { producerId: alternate, kind: 'video', source: 'camera' } });
    expect(JSON.stringify((ack as { data: { rtpParameters: unknown } }).data.rtpParameters)).toContain('video/H264');
    expect(cameraIds((await join(call.citizen)).call)).toEqual([camera]);
    expect(wanted).toHaveLength(1);
  });

  it('refuses an alternate of someone else’s producer, of a microphone, or with a bad id, and nothing changes', async () => {
    const call = await callWithH264Citizen('Aanval');
    const clerkCamera = await call.produced(call.clerk, call.clerkSend, { rtpParameters: rtp(vp8) });
    const citizenMic = await call.produced(call.citizen, call.citizenSend, { kind: 'audio', source: 'microphone', rtpParameters: rtp(opus) });
    const room = server.app.registry.get(call.callId).media.room;
    const before = room.listProducers().map((p) => p.id).sort();

    // The citizen claims to re-encode the clerk's camera: someone else's id is as unknown as a made-up one.
    expect(await call.produce(call.citizen, call.citizenSend, { rtpParameters: rtp(h264), alternateOf: clerkCamera })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call.produce(call.citizen, call.citizenSend, { rtpParameters: rtp(h264), alternateOf: crypto.randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // A video "alternate" of a microphone, a malformed id, an unknown field.
    expect(await call.produce(call.citizen, call.citizenSend, { kind: 'video', source: 'microphone', rtpParameters: rtp(h264), alternateOf: citizenMic })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await call.produce(call.citizen, call.citizenSend, { rtpParameters: rtp(h264), alternateOf: 'x'.repeat(5000) })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await call.produce(call.citizen, call.citizenSend, { rtpParameters: rtp(h264), alternateOf: clerkCamera, codec: 'video/H264' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    // The clerk re-encoding the camera in the codec it already has.
    expect(await call.produce(call.clerk, call.clerkSend, { rtpParameters: rtp(vp8), alternateOf: clerkCamera })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(room.listProducers().map((p) => p.id).sort()).toEqual(before);
  });
});
