import dgram from 'node:dgram';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaUnavailableError, type RoomResetEvent, type Sfu, type WorkerDiedEvent, type WorkerReplacedEvent } from '../src';
import { freePortRange, startSfu } from './helpers';

let sfu: Sfu;

// The deaths below are deliberate; keep their error logs out of the test output.
const quiet = { logger: pino({ level: 'silent' }) };

beforeEach(async () => {
  sfu = await startSfu({ workerCount: 2, ...quiet });
});

afterEach(async () => {
  await sfu.close();
});

describe('worker death', () => {
  it('replaces a killed worker, moves its rooms and asks for renegotiation', async () => {
    const room = await sfu.createRoom('doomed');
    const other = await sfu.createRoom('bystander');
    expect(other.workerIndex).not.toBe(room.workerIndex);
    await room.createWebRtcTransport('clerk', 'send');
    await room.createWebRtcTransport('citizen', 'recv');
    const deadPid = room.workerPid;
    const deadIndex = room.workerIndex;
    const otherPid = other.workerPid;

    const died = new Promise<WorkerDiedEvent>((resolve) => sfu.once('workerdied', resolve));
    const replaced = new Promise<WorkerReplacedEvent>((resolve) => sfu.once('workerreplaced', resolve));
    const reset = new Promise<RoomResetEvent>((resolve) => room.once('reset', resolve));
    let otherReset = false;
    other.on('reset', () => (otherReset = true));

    process.kill(deadPid, 'SIGKILL');

    const d = await died;
    expect(d).toMatchObject({ workerIndex: deadIndex, pid: deadPid, callIds: ['doomed'] });
    const r = await replaced;
    expect(r.workerIndex).toBe(deadIndex);
    expect(r.oldPid).toBe(deadPid);
    expect(r.newPid).not.toBe(deadPid);

    const e = await reset;
    expect(e.reason).toBe('worker-died');
    expect(e.peerIds.sort()).toEqual(['citizen', 'clerk']);
    expect(e.rtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']),
    );

    // The room lives on a live worker, with no media state, and works again.
    expect(room.closed).toBe(false);
    expect(room.workerPid).not.toBe(deadPid);
    expect((await room.getStats()).transports).toEqual([]);
    const t = await room.createWebRtcTransport('clerk', 'send');
    expect(t.iceCandidates.length).toBeGreaterThan(0);

    // The pool is back to two live workers; the other room was untouched.
    const workers = sfu.getWorkers();
    expect(workers.map((w) => w.index).sort()).toEqual([0, 1]);
    expect(workers.map((w) => w.pid)).not.toContain(deadPid);
    expect(workers.map((w) => w.pid)).toContain(r.newPid);
    expect(other.workerPid).toBe(otherPid);
    expect(otherReset).toBe(false);
  });

  it('closes the rooms of a dead worker when no replacement can start', async () => {
    await sfu.close();
    const udpPort = await freePortRange(1);
    sfu = await startSfu({ workerCount: 1, udpBasePort: udpPort, ...quiet });
    const room = await sfu.createRoom('alone');
    const closed = new Promise<void>((resolve) => room.once('close', () => resolve()));
    const failed = new Promise<{ workerIndex: number }>((resolve) => sfu.once('workerreplacefailed', resolve));

    // Take the dead worker's UDP port the moment it is free, so every
    // replacement attempt fails to create its WebRtcServer.
    const squatter = dgram.createSocket('udp4');
    sfu.once('workerdied', () => squatter.bind(udpPort, '127.0.0.1'));
    try {
      process.kill(room.workerPid, 'SIGKILL');
      await expect(failed).resolves.toMatchObject({ workerIndex: 0 });
      await closed;
      expect(room.closed).toBe(true);
      expect(sfu.getWorkers()).toEqual([]);
      await expect(sfu.createRoom('next')).rejects.toBeInstanceOf(MediaUnavailableError);
    } finally {
      squatter.close();
    }
  });
});
