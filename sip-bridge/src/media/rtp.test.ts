import { describe, expect, it } from 'vitest';
import { buildRtp, dtmfEnd, isRtp, payloadType, rewrite, sequence, ssrc, timestamp } from './rtp';

describe('RTP header helpers', () => {
  it('rewrites SSRC, sequence, timestamp and payload type in place', () => {
    const p = buildRtp({ payloadType: 96, sequence: 65535, timestamp: 2 ** 32 - 1, ssrc: 1 }, Buffer.from([1, 2, 3]));
    expect(isRtp(p)).toBe(true);
    rewrite(p, { payloadType: 111, sequence: 65536, timestamp: 2 ** 32, ssrc: 0xdeadbeef, marker: true });
    expect([payloadType(p), sequence(p), timestamp(p), ssrc(p)]).toEqual([111, 0, 0, 0xdeadbeef]);
    expect(p[1]! & 0x80).toBe(0x80);
    expect([...p.subarray(12)]).toEqual([1, 2, 3]);
  });

  it('tells RTCP from RTP (RFC 5761 §4)', () => {
    const rtcp = Buffer.from([0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(isRtp(rtcp)).toBe(false);
    expect(isRtp(Buffer.alloc(5))).toBe(false);
  });

  it('reads RFC 4733 DTMF end events only', () => {
    const start = buildRtp({ payloadType: 101, sequence: 1, timestamp: 800, ssrc: 5 }, Buffer.from([11, 0x0a, 0, 160]));
    const end = buildRtp({ payloadType: 101, sequence: 2, timestamp: 800, ssrc: 5 }, Buffer.from([11, 0x8a, 3, 32]));
    expect(dtmfEnd(start)).toBeNull();
    expect(dtmfEnd(end)).toEqual({ digit: '#', timestamp: 800 });
  });
});
