// A tiny PNG encoder for fixtures and benchmarks: RGBA, 8-bit, filter 0.
import { deflateSync } from 'node:zlib';

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** Encodes `width`×`height` RGBA pixels where `ink(x, y)` is true as dark blue, the rest transparent. */
export function encodeSignaturePng(width: number, height: number, ink: (x: number, y: number) => boolean): Uint8Array {
  const stride = width * 4 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (ink(x, y)) raw.writeUInt32BE(0x1a2a5aff, y * stride + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA, what canvas.toDataURL('image/png') produces
  return new Uint8Array(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]),
  );
}

/** A hand-writing-like stroke: a few loops across the canvas, 3 pixels thick. */
export function scribble(width = 480, height = 160): Uint8Array {
  return encodeSignaturePng(width, height, (x, y) => {
    const t = x / width;
    const centre = height / 2 + (height / 3) * Math.sin(t * Math.PI * 5) * Math.cos(t * 3);
    return x > width * 0.05 && x < width * 0.95 && Math.abs(y - centre) < 2.5;
  });
}
