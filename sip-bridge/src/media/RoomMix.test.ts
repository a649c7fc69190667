import { describe, expect, it } from 'vitest';
import { typicalToneShare } from '../../test/audio';
import { OpusCodec } from './codecs';
import { PREBUFFER_FRAMES, RoomMix } from './RoomMix';

function frames(frequency: number, count: number): Buffer[] {
  const encoder = new OpusCodec(48000);
  const out: Buffer[] = [];
  for (let f = 0; f < count; f++) {
    const pcm = new Int16Array(960);
    for (let i = 0; i < 960; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * frequency * (f * 960 + i)) / 48000));
    out.push(encoder.encode(pcm));
  }
  encoder.close();
  return out;
}

describe('RoomMix', () => {
  it('sums every source into one 8 kHz stream, each at its own frequency', () => {
    const mix = new RoomMix(8000, 160);
    const a = frames(660, 50);
    const b = frames(1000, 50);
    const out = new Float32Array(50 * 160);
    for (let f = 0; f < 50; f++) {
      mix.push(1111, f, a[f]!, 0);
      mix.push(2222, (40000 + f) & 0xffff, b[f]!, 0);
      if (f >= PREBUFFER_FRAMES) out.set(Float32Array.from(mix.next(0), (v) => v / 32768), (f - PREBUFFER_FRAMES) * 160);
    }
    expect(mix.activeSources).toBe(2);
    const pcm = { rate: 8000, samples: out.subarray(0, (50 - PREBUFFER_FRAMES) * 160) };
    expect(typicalToneShare(pcm, 660)).toBeGreaterThan(0.3);
    expect(typicalToneShare(pcm, 1000)).toBeGreaterThan(0.3);
    expect(typicalToneShare(pcm, 440)).toBeLessThan(0.01);
    mix.close();
  });

  it('waits for the prebuffer, drops late and duplicate packets, and forgets a silent source', () => {
    const mix = new RoomMix(8000, 160);
    const a = frames(660, 4);
    mix.push(1, 10, a[0]!, 0);
    expect(mix.next(0).some((v) => v !== 0)).toBe(false); // one frame queued: not playing yet
    mix.push(1, 10, a[1]!, 0); // duplicate sequence number: ignored
    mix.push(1, 9, a[1]!, 0); // late: ignored
    expect(mix.activeSources).toBe(0);
    mix.push(1, 11, a[1]!, 0);
    mix.next(0);
    expect(mix.activeSources).toBe(1);
    mix.next(5000); // 5 s without packets
    expect(mix.activeSources).toBe(0);
    mix.close();
  });
});
