import { describe, expect, it } from 'vitest';
import { LossCounter, isRtcp, lossPercent, vp8Chunks, writeRtpHeader, writeVp8Descriptor } from './rtp';

function packet(seq: number, ssrc = 1111): Buffer {
  const buf = Buffer.alloc(20);
  writeRtpHeader(buf, 0, { payloadType: 101, sequenceNumber: seq, timestamp: 0, ssrc, marker: false });
  return buf;
}

describe('writeRtpHeader', () => {
  it('writes version 2, marker, payload type, sequence, timestamp and SSRC', () => {
    const buf = Buffer.alloc(12);
    expect(writeRtpHeader(buf, 0, { payloadType: 101, sequenceNumber: 70_000, timestamp: 2 ** 32 + 5, ssrc: 0xdeadbeef, marker: true })).toBe(12);
    expect(buf.toString('hex')).toBe('80e5' + '1170' + '00000005' + 'deadbeef');
  });

  it('adds a one-byte audio-level extension', () => {
    const buf = Buffer.alloc(20);
    expect(writeRtpHeader(buf, 0, { payloadType: 100, sequenceNumber: 1, timestamp: 1, ssrc: 1, marker: false, audioLevel: { id: 1, level: 30, voice: true } })).toBe(20);
    expect(buf[0]).toBe(0x90);
    expect(buf.subarray(12).toString('hex')).toBe('bede0001' + '109e0000');
  });
});

describe('writeVp8Descriptor', () => {
  it('writes start bit, 15-bit PictureID, TL0PICIDX and TID 0 with layer sync', () => {
    const buf = Buffer.alloc(6);
    writeVp8Descriptor(buf, 0, { start: true, pictureId: 0x8123, tl0PicIdx: 258 });
    expect(buf.toString('hex')).toBe('90e0' + '8123' + '02' + '20');
  });
});

describe('vp8Chunks', () => {
  it('cuts a frame into even chunks no larger than the maximum, in order', () => {
    const frame = Buffer.from(Array.from({ length: 2500 }, (_, i) => i % 256));
    const chunks = vp8Chunks(frame, 1000);
    expect(chunks.map((c) => c.length)).toEqual([834, 834, 832]);
    expect(Buffer.concat(chunks).equals(frame)).toBe(true);
  });
});

describe('isRtcp', () => {
  it('tells RTCP (sender report 200, PLI 206) from RTP with or without marker', () => {
    expect(isRtcp(Buffer.from([0x80, 200]))).toBe(true);
    expect(isRtcp(Buffer.from([0x81, 206]))).toBe(true);
    expect(isRtcp(packet(1))).toBe(false);
    expect(isRtcp(Buffer.from([0x80, 0x80 | 101]))).toBe(false);
  });
});

describe('LossCounter', () => {
  it('counts a gap as lost and late packets as received', () => {
    const c = new LossCounter();
    for (const seq of [10, 11, 13, 12, 16]) c.receive(packet(seq));
    expect(c.totals()).toEqual({ expected: 7, received: 5 });
  });

  it('follows sequence numbers across the wrap at 65536, per SSRC', () => {
    const c = new LossCounter();
    for (const seq of [65_534, 65_535, 1]) c.receive(packet(seq));
    c.receive(packet(500, 2222));
    expect(c.totals()).toEqual({ expected: 5, received: 4 });
  });

  it('ignores RTCP and runts', () => {
    const c = new LossCounter();
    c.receive(Buffer.from([0x80, 200, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]));
    c.receive(Buffer.from([0x80]));
    expect(c.totals()).toEqual({ expected: 0, received: 0 });
  });

  it('gives the loss of a window as the difference of two totals', () => {
    expect(lossPercent({ expected: 100, received: 100 }, { expected: 300, received: 298 })).toBe(1);
    expect(lossPercent({ expected: 5, received: 5 }, { expected: 5, received: 5 })).toBe(0);
  });
});
