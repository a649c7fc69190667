import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaNodes, type MediaRoomApi, type MediaRoomEvents, type RoomResetEvent, type Sfu } from '../src';
import { FFMPEG_SOURCE, ffmpegOpus, opusRtpParameters, rtpSink, startSfu, stop, waitFor, type RtpSink } from './helpers';
import { startMediaNodeProcess, type MediaNodeProcess } from './media-node-process';
import { connect, dropPrefix, testPrefix, testRedisUrl } from './redis';
import type { ChildProcess } from 'node:child_process';

// One contract for a call's media room, run against the local MediaRoom (this process's
// worker) and a RemoteMediaRoom (a media node in its own process, driven over Redis): the
// same operations, the same answers, the same events, the same error codes.

const DTLS = {
  role: 'client' as const,
  fingerprints: [{ algorithm: 'sha-256' as const, value: Array.from({ length: 32 }, () => 'AB').join(':') }],
};

/** Every event of a room, in order. */
function record(room: MediaRoomApi) {
  const seen: { name: string; data: unknown }[] = [];
  const names = ['close', 'consumerclosed', 'consumerpaused', 'newproducer', 'activespeaker', 'transportclosed'] as const;
  for (const name of names) room.on(name, (...data: MediaRoomEvents[typeof name]) => seen.push({ name, data: data[0] }));
  return seen;
}

function roomContract(label: string, open: (callId: string) => Promise<MediaRoomApi>) {
  describe(`media room contract: ${label}`, () => {
    const sources: ChildProcess[] = [];
    const sinks: RtpSink[] = [];
    afterAll(() => {
      for (const s of sources) stop(s);
      for (const s of sinks) s.close();
    });

    it('forwards plain RTP from a producer to a consumer; pause, resume and close reach the consumer as events', async () => {
      const room = await open(`rtp-${label}`);
      const events = record(room);
      const ssrc = 41_000_000 + Math.floor(Math.random() * 1000);
      const send = await room.createPlainTransport('gateway', FFMPEG_SOURCE);
      expect(send.ip).toBe('127.0.0.1');
      const producer = await room.produce('gateway', send.id, { kind: 'audio', rtpParameters: opusRtpParameters(ssrc), source: 'microphone' });
      expect(producer).toMatchObject({ peerId: 'gateway', kind: 'audio', source: 'microphone', paused: false });
      expect(await room.listProducers('gateway')).toEqual([producer]);
      expect(await room.listProducers('nobody')).toEqual([]);
      await waitFor('newproducer event', () => events.some((e) => e.name === 'newproducer'));
      sources.push(ffmpegOpus(send, ssrc));

      const sink = await rtpSink();
      sinks.push(sink);
      const recv = await room.createPlainTransport('clerk', { direction: 'recv' });
      await room.connectPlainTransport('clerk', recv.id, { ip: '127.0.0.1', port: sink.port });
      const consumer = await room.consume('clerk', producer.id, room.rtpCapabilities);
      expect(consumer).toMatchObject({ producerId: producer.id, producerPeerId: 'gateway', kind: 'audio', source: 'microphone', producerPaused: false });
      await room.resumeConsumer('clerk', consumer.id);
      await waitFor('packets at the sink', () => sink.packets() > 20, 20_000);
      const stats = await room.getStats();
      expect(stats.consumers.find((c) => c.id === consumer.id)?.packetCount).toBeGreaterThan(0);

      await room.pauseProducer('gateway', producer.id);
      await waitFor('consumer told of the pause', () => events.some((e) => e.name === 'consumerpaused' && (e.data as { paused: boolean }).paused));
      expect((await room.listProducers('gateway'))[0]?.paused).toBe(true);
      await room.resumeProducer('gateway', producer.id);
      const resumedAt = sink.packets();
      await waitFor('packets after resume', () => sink.packets() > resumedAt + 10, 20_000);

      // The clerk stops receiving it (sound off), then takes it again.
      await room.pauseConsumer('clerk', consumer.id);
      await room.resumeConsumer('clerk', consumer.id);

      await room.closeProducer('gateway', producer.id);
      await waitFor('consumerclosed event', () =>
        events.some((e) => e.name === 'consumerclosed' && (e.data as { consumerId: string }).consumerId === consumer.id),
      );
      expect(await room.listProducers()).toEqual([]);
      await room.close();
    });

    it('WebRTC transports: one per direction, only the owner may use its ids, connect and ICE restart', async () => {
      const room = await open(`webrtc-${label}`);
      const send = await room.createWebRtcTransport('clerk', 'send');
      expect(send.iceCandidates.length).toBeGreaterThan(0);
      expect(send.iceCandidates.every((c) => c.address === '127.0.0.1')).toBe(true);
      await expect(room.createWebRtcTransport('clerk', 'send')).rejects.toMatchObject({ code: 'LIMIT_REACHED' });
      await expect(room.connectTransport('citizen', send.id, DTLS)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(room.consume('citizen', 'no-such-producer', room.rtpCapabilities)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await room.connectTransport('clerk', send.id, DTLS);
      const ice = await room.restartIce('clerk', send.id);
      expect(ice.usernameFragment).not.toBe(send.iceParameters.usernameFragment);
      expect(await room.receivedStreams('clerk')).toEqual([]);
      await room.closePeer('clerk');
      await expect(room.restartIce('clerk', send.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // The peer may start again after it was closed (a rejoin).
      await room.createWebRtcTransport('clerk', 'send');
      await room.close();
    });

    it('a worker lost under the room: reset with the new router, peers kept, media made again', async () => {
      const room = await open(`reset-${label}`);
      const resets: RoomResetEvent[] = [];
      room.on('reset', (e) => resets.push(e));
      await room.createWebRtcTransport('clerk', 'send');
      const { workerPid } = await room.getStats();
      process.kill(workerPid, 'SIGKILL');
      await waitFor('reset event', () => resets.length === 1, 60_000);
      expect(resets[0]).toMatchObject({ reason: 'worker-died', peerIds: ['clerk'] });
      expect(room.rtpCapabilities).toEqual(resets[0]!.rtpCapabilities);
      // The old transport went with the worker; the peer makes a new one on the new router.
      const again = await room.createWebRtcTransport('clerk', 'send');
      expect(again.iceCandidates.length).toBeGreaterThan(0);
      expect((await room.getStats()).workerPid).not.toBe(workerPid);
      await room.close();
    });

    it('a closed room says so, once, and refuses every request as ROOM_CLOSED', async () => {
      const room = await open(`closed-${label}`);
      const events = record(room);
      await room.close();
      await room.close();
      expect(room.closed).toBe(true);
      expect(events.filter((e) => e.name === 'close')).toHaveLength(1);
      await expect(room.createWebRtcTransport('clerk', 'recv')).rejects.toMatchObject({ code: 'ROOM_CLOSED' });
    });
  });
}

describe('local MediaRoom', () => {
  let sfu: Sfu | undefined;
  beforeAll(async () => {
    sfu = await startSfu({ workerCount: 1 });
  });
  afterAll(async () => {
    await sfu?.close();
  });
  roomContract('local', (callId) => sfu!.createRoom(callId));
});

describe('RemoteMediaRoom on a media node process', () => {
  let redis: Redis;
  let node: MediaNodeProcess | undefined;
  let nodes: MediaNodes | undefined;
  const prefix = testPrefix();

  beforeAll(async () => {
    redis = connect(testRedisUrl());
    node = startMediaNodeProcess({ redisUrl: testRedisUrl(), prefix, nodeId: 'contract-node', heartbeatMs: 500 });
    nodes = new MediaNodes({ redis, prefix, logger: pino({ level: 'warn' }), timeoutMs: 20_000 });
    nodes.start();
    await waitFor('the media node to register', async () => (await nodes!.liveNodes()).length === 1, 60_000);
  });
  afterAll(async () => {
    await nodes?.close();
    node?.kill();
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });
  roomContract('remote', async (callId) => {
    const room = await nodes!.createRoom(callId);
    expect(room.nodeId).toBe('contract-node');
    return room;
  });
});
