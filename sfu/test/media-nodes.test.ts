import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaNodeUnreachableError, MediaNodes, type NodeRecord, type RemoteMediaRoom } from '../src';
import { opusRtpParameters, waitFor } from './helpers';
import { startMediaNodeProcess, type MediaNodeProcess } from './media-node-process';
import { OwnRedis, connect, dropPrefix, testPrefix, testRedisUrl } from './redis';

// Two media nodes as their own processes, two signalling-side clients: where a call's room
// goes (the node hosting the call, else the least loaded, never a draining or dead one), a
// node draining on SIGTERM, and a node killed with SIGKILL.

const HEARTBEAT_MS = 300;
const logger = pino({ level: 'warn' });

describe('media nodes: placement, draining, a node killed', () => {
  let redis: Redis;
  const prefix = testPrefix();
  const processes: MediaNodeProcess[] = [];
  let signallingA: MediaNodes;
  let signallingB: MediaNodes;

  const record = async (id: string): Promise<NodeRecord | undefined> => (await signallingA.liveNodes()).find((n) => n.id === id);

  beforeAll(async () => {
    redis = connect(testRedisUrl());
    for (const nodeId of ['node-a', 'node-b']) {
      processes.push(startMediaNodeProcess({ redisUrl: testRedisUrl(), prefix, nodeId, heartbeatMs: HEARTBEAT_MS }));
    }
    const options = { redis, prefix, logger, timeoutMs: 20_000, livenessMs: 200, deadAfterMs: 1000 };
    signallingA = new MediaNodes(options);
    signallingB = new MediaNodes(options);
    signallingA.start();
    signallingB.start();
    await waitFor('both media nodes to register', async () => (await signallingA.liveNodes()).length === 2, 90_000);
  });

  afterAll(async () => {
    await signallingA?.close();
    await signallingB?.close();
    for (const p of processes) p.kill();
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  it('puts a call on the node that hosts it, else on the least loaded node', async () => {
    const first = await signallingA.createRoom('call-1');
    // Another signalling node opening the same call meets it on the same media node.
    const same = await signallingB.createRoom('call-1');
    expect(same.nodeId).toBe(first.nodeId);

    // Give call-1 two streams (a producer and a consumer) and wait for its node to report them.
    const send = await first.createPlainTransport('phone', { direction: 'send' });
    const producer = await first.produce('phone', send.id, { kind: 'audio', rtpParameters: opusRtpParameters(4242), source: 'microphone' });
    await same.createPlainTransport('clerk', { direction: 'recv' });
    // Both clients drive one room: what one made, the other sees.
    expect((await same.consume('clerk', producer.id, same.rtpCapabilities)).producerId).toBe(producer.id);
    await waitFor('the load report', async () => (await record(first.nodeId))?.load.streams === 2);

    const second = await signallingB.createRoom('call-2');
    expect(second.nodeId).not.toBe(first.nodeId);
    const loads = await signallingA.liveNodes();
    expect(loads.find((n) => n.id === first.nodeId)?.load).toMatchObject({ rooms: 1, streams: 2, consumers: 1, workers: 1 });
  });

  it('a draining node (SIGTERM) takes no new call but serves its live ones, and exits when the last one ends', async () => {
    // The node without streams would win placement; drain it.
    const idle = (await signallingA.liveNodes()).sort((a, b) => a.load.streams - b.load.streams)[0]!;
    const busyId = idle.id === 'node-a' ? 'node-b' : 'node-a';
    const draining = processes.find((p) => p.nodeId === idle.id)!;
    const live = await signallingA.createRoom('call-2');
    expect(live.nodeId).toBe(idle.id);
    draining.child.kill('SIGTERM');
    await waitFor('the draining flag', async () => (await record(idle.id))?.draining === true);

    const fresh = await signallingA.createRoom('call-3');
    expect(fresh.nodeId).toBe(busyId);
    // Its live call goes on there: new transports still made.
    const t = await live.createWebRtcTransport('citizen', 'send');
    expect(t.iceCandidates.length).toBeGreaterThan(0);
    // Reopening the live call still finds it on the draining node.
    expect((await signallingB.createRoom('call-2')).nodeId).toBe(idle.id);

    await live.close();
    expect(await draining.exited).toBe(0);
    await waitFor('its record to go', async () => (await record(idle.id)) === undefined);
    await fresh.close();
  });

  it('a node killed with SIGKILL is seen as dead after its heartbeat TTL; requests to it fail as unreachable, never hang', async () => {
    const survivor = processes.find((p) => p.child.exitCode === null)!;
    const room: RemoteMediaRoom = await signallingA.createRoom('call-1');
    expect(room.nodeId).toBe(survivor.nodeId);
    let lost = 0;
    room.on('close', () => lost++);
    survivor.crash();
    await survivor.exited;

    const started = Date.now();
    const error = await room.createWebRtcTransport('late-citizen', 'recv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaNodeUnreachableError);
    expect(error).toMatchObject({ code: 'MEDIA_NODE_UNREACHABLE', nodeId: survivor.nodeId });
    // Well inside the 20 s deadline: the missing heartbeat, not the deadline, ended it.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((error as MediaNodeUnreachableError).reason).toBe('dead');

    // The room went with its node: 'close', as a local room with no worker left (CallMedia: 'lost').
    await waitFor('the room to be lost', () => lost === 1);
    expect(room.closed).toBe(true);
    await waitFor('the dead node to leave the live list', async () => (await signallingA.liveNodes()).length === 0);
    // The call's host is dead and the other node drained away: no node for it. Signalling B still
    // had the room open: unreachable (retryable) until its own watcher has seen the node dead.
    const codes: string[] = [];
    await waitFor('no media node for the call', async () => {
      const code = await signallingB.createRoom('call-1').then(
        () => 'opened',
        (e: { code?: string }) => e.code ?? 'other',
      );
      codes.push(code);
      return code === 'NO_MEDIA_NODE';
    });
    expect(codes.every((c) => c === 'MEDIA_NODE_UNREACHABLE' || c === 'NO_MEDIA_NODE')).toBe(true);
  });
});

describe('a media node across a Redis restart', () => {
  let own: OwnRedis | undefined;
  let redis: Redis | undefined;
  let node: MediaNodeProcess | undefined;
  let signalling: MediaNodes | undefined;
  let other: MediaNodes | undefined;
  const prefix = testPrefix();

  afterAll(async () => {
    await signalling?.close();
    await other?.close();
    node?.kill();
    redis?.disconnect();
    await own?.stop();
  });

  it('the call goes on: its media stays, the node registers again and still hosts the call', async () => {
    own = await OwnRedis.start();
    redis = connect(own.url);
    node = startMediaNodeProcess({ redisUrl: own.url, prefix, nodeId: 'node-r', heartbeatMs: HEARTBEAT_MS });
    // deadAfterMs as in production: the node's reconnect and next heartbeat must fit in it.
    const options = { redis, prefix, logger, timeoutMs: 20_000, livenessMs: 200, deadAfterMs: 5000 };
    signalling = new MediaNodes(options);
    signalling.start();
    await waitFor('the media node to register', async () => (await signalling!.liveNodes()).length === 1, 90_000);
    const room = await signalling.createRoom('call-r');
    const send = await room.createPlainTransport('phone', { direction: 'send' });
    const producer = await room.produce('phone', send.id, { kind: 'audio', rtpParameters: opusRtpParameters(777), source: 'microphone' });
    let closed = 0;
    room.on('close', () => closed++);

    await own.stop();
    await own.start();
    // Everything in Redis is gone; the node says who it is and which call it hosts again.
    await waitFor('the node to register again', async () => (await signalling!.liveNodes().catch(() => [])).length === 1, 30_000);
    await waitFor('the call host key again', async () => (await redis!.get(`${prefix}media:call:call-r`)) === 'node-r', 30_000);

    expect(await room.listProducers('phone')).toEqual([producer]);
    expect(closed).toBe(0);
    other = new MediaNodes(options);
    other.start();
    expect((await other.createRoom('call-r')).nodeId).toBe('node-r');
  });
});
