import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, ConsumerOptions, JoinResponse, ReceivedStream, TransportOptions } from '@videoloket/contracts';
import { join, request, socketPool, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 16 "weak links" and issue 12 item 8, against the real server and mediasoup worker:
// a browser reports its connection quality and the others see it in call:state; a seat
// pauses its own consumers (audio only) and reads the SFU's view of what it receives. Each of
// the three requests acts on the caller's own seat: someone else's consumer id is NOT_FOUND,
// a waiting seat is refused, and nothing of anyone else changes.

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const opus = fixture('microphone-opus-rtp-parameters.json');

let server: TestServer;
let clerkToken: string;
const { open, openCall, closeAll } = socketPool(() => server, () => clerkToken);

beforeAll(async () => {
  server = await startTestServer();
  clerkToken = await server.login();
});
afterEach(() => closeAll());
afterAll(async () => {
  await server?.stop();
});

/** The next call:state this socket receives. */
const nextState = (socket: ClientSocket) => new Promise<CallView>((resolve) => socket.once('call:state', resolve));

async function admittedCitizen(title: string) {
  const call = await openCall(title);
  const citizen = await open({ token: call.citizenToken });
  const seat = await join(citizen, { displayName: 'Jan' });
  expect(await request(call.clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
  return { ...call, citizen, citizenId: seat.self.participantId };
}

describe('media:reportQuality', () => {
  it('the clerk sees the citizen\'s report in call:state; a waiting seat sees nobody\'s', async () => {
    const { clerk, citizen, citizenId, citizenToken } = await admittedCitizen('Zwakke lijn');
    const waiting = await open({ token: citizenToken });
    const waitingSeat = await join(waiting, { displayName: 'Tweede toestel' });

    const clerkSees = nextState(clerk);
    const waitingSees = nextState(waiting);
    expect(await request(citizen, 'media:reportQuality', { quality: 'weak' })).toEqual({ ok: true, data: { quality: 'weak' } });
    const state = await clerkSees;
    expect(state.participants.find((p) => p.id === citizenId)?.connectionQuality).toBe('weak');
    expect(state.participants.filter((p) => p.id !== citizenId).every((p) => p.connectionQuality === undefined)).toBe(true);
    // The waiting seat's view lists only itself and the clerk, without anyone's quality.
    expect((await waitingSees).participants.every((p) => p.connectionQuality === undefined)).toBe(true);

    // A waiting seat may not report, and no report names another seat.
    expect(await request(waiting, 'media:reportQuality', { quality: 'very-weak' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const bad of [{ quality: 'excellent' }, { quality: 'weak', participantId: waitingSeat.self.participantId }, {}]) {
      expect(await request(citizen, 'media:reportQuality', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const after = (await join(clerk)).call;
    expect(after.participants.find((p) => p.id === citizenId)?.connectionQuality).toBe('weak');
    expect(after.participants.find((p) => p.id === waitingSeat.self.participantId)?.connectionQuality).toBeUndefined();
  });

  it('a new connection of the seat starts without a report (the old one described another network)', async () => {
    const { clerk, citizenToken, citizenId } = await admittedCitizen('Andere lijn');
    const first = await open({ token: citizenToken });
    const seat = await join(first, { displayName: 'Jan' });
    expect(await request(clerk, 'call:admit', { participantId: seat.self.participantId })).toMatchObject({ ok: true });
    expect(await request(first, 'media:reportQuality', { quality: 'very-weak' })).toMatchObject({ ok: true });
    const again = await open({ token: citizenToken });
    await join(again, { resumeKey: seat.resumeKey });
    const view = (await join(clerk)).call;
    expect(view.participants.find((p) => p.id === seat.self.participantId)?.connectionQuality).toBeUndefined();
    expect(view.participants.find((p) => p.id === citizenId)?.connectionQuality).toBeUndefined();
  });
});

describe('media:setConsumerPaused and media:receivedStreams', () => {
  it('the clerk pauses and resumes their own consumer of the citizen\'s microphone; the citizen cannot touch it', async () => {
    const { clerk, citizen, citizenId, callId } = await admittedCitizen('Alleen geluid');
    const join0 = (await join(clerk)) as JoinResponse;
    const send = (await request(citizen, 'media:createTransport', { direction: 'send' })) as { ok: true; data: TransportOptions };
    const produced = await request(citizen, 'media:produce', {
      transportId: send.data.id,
      kind: 'audio',
      rtpParameters: { ...opus, mid: '0', encodings: [{ ssrc: 4242 }] },
      source: 'microphone',
    });
    expect(produced).toMatchObject({ ok: true });
    const producerId = (produced as { ok: true; data: { producerId: string } }).data.producerId;
    expect(await request(clerk, 'media:createTransport', { direction: 'recv' })).toMatchObject({ ok: true });
    const consumed = (await request(clerk, 'media:consume', { producerId, rtpCapabilities: join0.routerRtpCapabilities })) as { ok: true; data: ConsumerOptions };
    const consumerId = consumed.data.id;
    expect(await request(clerk, 'media:resumeConsumer', { consumerId })).toMatchObject({ ok: true });

    const streams = async (socket: ClientSocket) => ((await request(socket, 'media:receivedStreams', {})) as { ok: true; data: { streams: ReceivedStream[] } }).data.streams;
    expect(await streams(clerk)).toEqual([
      expect.objectContaining({ consumerId, producerId, participantId: citizenId, kind: 'audio', source: 'microphone', spatialLayers: 1, paused: false }),
    ]);
    // The citizen receives nothing, and the clerk's consumer is not theirs to pause.
    expect(await streams(citizen)).toEqual([]);
    expect(await request(citizen, 'media:setConsumerPaused', { consumerId, paused: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await request(citizen, 'media:setConsumerPaused', { consumerId, paused: 'yes' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const room = server.app.registry.get(callId).media.room;
    expect((await room.getStats()).consumers.find((c) => c.id === consumerId)?.paused).toBe(false);

    expect(await request(clerk, 'media:setConsumerPaused', { consumerId, paused: true })).toEqual({ ok: true, data: { paused: true } });
    expect((await streams(clerk))[0]?.paused).toBe(true);
    expect((await room.getStats()).consumers.find((c) => c.id === consumerId)?.paused).toBe(true);
    // The citizen's producer is untouched: others still receive it.
    expect((await room.getStats()).producers.find((p) => p.id === producerId)?.paused).toBe(false);
    expect(await request(clerk, 'media:setConsumerPaused', { consumerId, paused: false })).toEqual({ ok: true, data: { paused: false } });
    expect((await streams(clerk))[0]?.paused).toBe(false);
  });

  it('a waiting seat reads no streams and pauses nothing', async () => {
    const call = await openCall('Wachtkamer');
    const waiting = await open({ token: call.citizenToken });
    await join(waiting, { displayName: 'Wacht' });
    expect(await request(waiting, 'media:receivedStreams', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(waiting, 'media:setConsumerPaused', { consumerId: 'abc', paused: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
