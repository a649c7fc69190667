import type { types } from 'mediasoup';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoomClosedError, NotFoundError, type Sfu } from '../src';
import { freePortRange, opusRtpParameters, startSfu, waitFor } from './helpers';

let sfu: Sfu;

beforeEach(async () => {
  sfu = await startSfu({ workerCount: 2 });
});

afterEach(async () => {
  await sfu.close();
});

describe('room placement', () => {
  it('puts each new room on the least-loaded worker', async () => {
    const a = await sfu.createRoom('call-a');
    const b = await sfu.createRoom('call-b');
    // Two empty workers: the second room goes to the other one.
    expect(b.workerIndex).not.toBe(a.workerIndex);

    // Give room A two streams: a producer and a consumer.
    const send = await a.createPlainTransport('sip', { direction: 'send' });
    const producer = await a.produce('sip', send.id, { kind: 'audio', rtpParameters: opusRtpParameters(1234), source: 'microphone' });
    await a.createPlainTransport('listener', { direction: 'recv' });
    await a.consume('listener', producer.id, a.rtpCapabilities);
    expect(sfu.getWorkers().find((w) => w.index === a.workerIndex)?.streams).toBe(2);

    // Both workers host one room, but A's worker carries streams: C goes to B's.
    const c = await sfu.createRoom('call-c');
    expect(c.workerIndex).toBe(b.workerIndex);
    // Now B's worker has two empty rooms, A's one room with 2 streams: still B's (fewer streams).
    const d = await sfu.createRoom('call-d');
    expect(d.workerIndex).toBe(b.workerIndex);
    expect(sfu.getWorkers().map((w) => w.rooms).sort()).toEqual([1, 3]);
  });

  it('lists the open rooms of its workers; a closed room leaves the list', async () => {
    const room = await sfu.createRoom('listed');
    expect(sfu.rooms).toContain(room);
    room.close();
    expect(sfu.rooms).not.toContain(room);
  });
});

describe('WebRtcServer', () => {
  it('every WebRTC transport of a worker uses that worker’s one UDP and one TCP port and the announced address', async () => {
    const workers = sfu.getWorkers();
    expect(workers).toHaveLength(2);
    const room = await sfu.createRoom('ports');
    const worker = workers.find((w) => w.index === room.workerIndex)!;
    const params = await Promise.all([
      room.createWebRtcTransport('clerk', 'send'),
      room.createWebRtcTransport('clerk', 'recv'),
      room.createWebRtcTransport('citizen', 'send'),
    ]);
    for (const p of params) {
      const udp = p.iceCandidates.filter((c) => c.protocol === 'udp');
      const tcp = p.iceCandidates.filter((c) => c.protocol === 'tcp');
      expect(udp.map((c) => c.port)).toEqual([worker.udpPort]);
      expect(tcp.map((c) => c.port)).toEqual([worker.tcpPort]);
      expect(p.iceCandidates.every((c) => c.address === '127.0.0.1')).toBe(true);
      expect(p.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
      // Plain data: survives JSON as-is.
      expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    }
  });

  it('uses udpBasePort/tcpBasePort + worker index when ports are configured', async () => {
    await sfu.close();
    const base = await freePortRange(2);
    sfu = await startSfu({ workerCount: 2, udpBasePort: base, tcpBasePort: base });
    expect(sfu.getWorkers().map((w) => [w.index, w.udpPort, w.tcpPort])).toEqual([
      [0, base, base],
      [1, base + 1, base + 1],
    ]);
  });
});

describe('room lifecycle', () => {
  it('close() closes the router and every transport; closing twice is safe', async () => {
    const room = await sfu.createRoom('lifecycle');
    const router = room.router;
    const transports: types.Transport[] = [];
    router.observer.on('newtransport', (t) => transports.push(t));
    await room.createWebRtcTransport('clerk', 'send');
    await room.createWebRtcTransport('citizen', 'recv');
    await room.createPlainTransport('sip', { direction: 'send' });
    expect(transports).toHaveLength(3);
    expect(room.peerIds.sort()).toEqual(['citizen', 'clerk', 'sip']);

    let closeEvents = 0;
    room.on('close', () => closeEvents++);
    room.close();
    room.close();

    expect(closeEvents).toBe(1);
    expect(router.closed).toBe(true);
    expect(transports.every((t) => t.closed)).toBe(true);
    expect(room.closed).toBe(true);
    expect(sfu.rooms).not.toContain(room);
    expect(sfu.getWorkers().reduce((n, w) => n + w.rooms, 0)).toBe(0);
    await expect(room.createWebRtcTransport('clerk', 'send')).rejects.toBeInstanceOf(RoomClosedError);
    // A new room for the same call can be created afterwards.
    expect((await sfu.createRoom('lifecycle')).closed).toBe(false);
  });

  it('closePeer() closes that peer’s transports and tells consumers of its producers', async () => {
    const room = await sfu.createRoom('peers');
    const send = await room.createPlainTransport('clerk', { direction: 'send' });
    const producer = await room.produce('clerk', send.id, { kind: 'audio', rtpParameters: opusRtpParameters(2222), source: 'microphone' });
    await room.createPlainTransport('citizen', { direction: 'recv' });
    const consumer = await room.consume('citizen', producer.id, room.rtpCapabilities);
    expect(consumer.producerPeerId).toBe('clerk');
    expect(room.listProducers('clerk').map((p) => p.id)).toEqual([producer.id]);

    const closed: unknown[] = [];
    room.on('consumerclosed', (e) => closed.push(e));
    room.closePeer('clerk');
    room.closePeer('clerk'); // unknown by now: no-op

    // The worker reports the producer's end to the consumer asynchronously.
    await waitFor('consumerclosed', () => closed.length > 0);
    expect(closed).toEqual([{ peerId: 'citizen', consumerId: consumer.id, producerId: producer.id, reason: 'producer-closed' }]);
    expect(room.listProducers()).toEqual([]);
    expect(room.peerIds).toEqual(['citizen']);
    const stats = await room.getStats();
    expect(stats.transports.map((t) => t.peerId)).toEqual(['citizen']);
    expect(stats.consumers).toEqual([]);
  });

  it('a peer can only touch its own transports, producers and consumers', async () => {
    const room = await sfu.createRoom('ownership');
    const t = await room.createWebRtcTransport('clerk', 'send');
    await expect(room.connectTransport('citizen', t.id, { fingerprints: [] })).rejects.toBeInstanceOf(NotFoundError);
    const send = await room.createPlainTransport('clerk', { direction: 'send' });
    const p = await room.produce('clerk', send.id, { kind: 'audio', rtpParameters: opusRtpParameters(3333), source: 'microphone' });
    await expect(room.pauseProducer('citizen', p.id)).rejects.toBeInstanceOf(NotFoundError);
    await room.pauseProducer('clerk', p.id);
    expect(room.listProducers('clerk')[0]?.paused).toBe(true);
    await room.resumeProducer('clerk', p.id);
    expect(room.listProducers('clerk')[0]?.paused).toBe(false);
  });
});
