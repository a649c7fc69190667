import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from './errors';
import { MediaRegistry } from './MediaRegistry';

// Unit test of the bookkeeping only; mediasoup objects are stand-ins with the
// two things the registry touches (id, observer). The real objects are
// covered by sfu/test/*.test.ts.
const fake = <T>(id: string, extra: object = {}) => ({ id, observer: new EventEmitter(), ...extra }) as unknown as T;

describe('MediaRegistry', () => {
  it('finds a peer’s own objects and hides other peers’ ids behind NotFoundError', () => {
    const m = new MediaRegistry();
    m.addTransport({ transport: fake<types.WebRtcTransport>('t1'), peerId: 'clerk', direction: 'send', kind: 'webrtc' });
    expect(m.ownTransport('clerk', 't1').peerId).toBe('clerk');
    expect(() => m.ownTransport('citizen', 't1')).toThrow(NotFoundError);
    expect(() => m.ownTransport('clerk', 'nope')).toThrow(NotFoundError);
    expect([...m.peers]).toEqual(['clerk']);
  });

  it('forgets objects when mediasoup closes them', () => {
    const m = new MediaRegistry();
    const producer = fake<types.Producer>('p1', { kind: 'audio', paused: false, type: 'simple' });
    m.addProducer({ producer, peerId: 'clerk', source: 'microphone' });
    expect(m.streamCount).toBe(1);
    expect(m.producerInfo('p1')).toEqual({ id: 'p1', peerId: 'clerk', kind: 'audio', source: 'microphone', paused: false, type: 'simple' });
    (producer.observer as unknown as EventEmitter).emit('close');
    expect(m.streamCount).toBe(0);
    expect(() => m.producerInfo('p1')).toThrow(NotFoundError);
  });

  it('picks the newest receive transport of a peer', () => {
    const m = new MediaRegistry();
    for (const [id, direction] of [['a', 'recv'], ['b', 'send'], ['c', 'recv']] as const) {
      m.addTransport({ transport: fake<types.WebRtcTransport>(id), peerId: 'citizen', direction, kind: 'webrtc' });
    }
    expect(m.newestTransport('citizen', 'recv')?.transport.id).toBe('c');
    expect(m.newestTransport('clerk', 'recv')).toBeUndefined();
  });
});
