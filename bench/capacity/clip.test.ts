import { describe, expect, it } from 'vitest';
import { isVp8KeyFrame, ivfFrames, oggPackets } from './clip';

function ivf(frames: Buffer[]): Buffer {
  const header = Buffer.alloc(32);
  header.write('DKIF', 0, 'latin1');
  header.writeUInt16LE(32, 6);
  const parts = frames.flatMap((f, i) => {
    const h = Buffer.alloc(12);
    h.writeUInt32LE(f.length, 0);
    h.writeUInt32LE(i, 4);
    return [h, f];
  });
  return Buffer.concat([header, ...parts]);
}

function oggPage(segments: Buffer[]): Buffer {
  // Lacing: 255-byte segments continue a packet, a shorter one ends it.
  const table: number[] = [];
  for (const s of segments) {
    let n = s.length;
    while (n >= 255) {
      table.push(255);
      n -= 255;
    }
    table.push(n);
  }
  const header = Buffer.alloc(27);
  header.write('OggS', 0, 'latin1');
  header[26] = table.length;
  return Buffer.concat([header, Buffer.from(table), ...segments]);
}

describe('ivfFrames', () => {
  it('returns the frames of an IVF file in order', () => {
    const frames = [Buffer.from([0x10, 1, 2]), Buffer.from([0x11, 3])];
    expect(ivfFrames(ivf(frames))).toEqual(frames);
  });

  it('refuses a file that is not IVF', () => {
    expect(() => ivfFrames(Buffer.from('OggS0000000000000000000000000000'))).toThrow(/IVF/);
  });
});

describe('isVp8KeyFrame', () => {
  it('reads the inverse key-frame bit of the frame tag', () => {
    expect(isVp8KeyFrame(Buffer.from([0x10]))).toBe(true);
    expect(isVp8KeyFrame(Buffer.from([0x11]))).toBe(false);
    expect(isVp8KeyFrame(Buffer.alloc(0))).toBe(false);
  });
});

describe('oggPackets', () => {
  it('joins laced segments into packets, also a packet of exactly 255 bytes', () => {
    const small = Buffer.from('OpusHead');
    const long = Buffer.alloc(600, 7);
    const exact = Buffer.alloc(255, 9);
    const packets = oggPackets(Buffer.concat([oggPage([small]), oggPage([long, exact])]));
    expect(packets).toEqual([small, long, exact]);
  });

  it('refuses bytes that are not an Ogg page', () => {
    expect(() => oggPackets(Buffer.alloc(40))).toThrow(/Ogg/);
  });
});
