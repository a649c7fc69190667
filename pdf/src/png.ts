// Checks a drawn signature (signature_pad's canvas.toDataURL('image/png')) before it
// goes anywhere near a document: a real PNG, within limits, with ink on it.
import { inflateSync } from 'node:zlib';
import type { PdfLimits } from './config';
import { BlankSignatureError, InvalidSignatureImageError, SignatureTooSmallError } from './errors';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by PNG colour type (RFC 2083 §4.1.1 / PNG spec §11.2.2). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface SignatureImageInfo {
  width: number;
  height: number;
  /** Pixels that are drawn: not transparent (or, without alpha, not near-white). */
  inkPixels: number;
  /** The smallest rectangle holding all ink (pixels, inclusive), absent when there is none. */
  inkBox?: { left: number; top: number; right: number; bottom: number };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Validates and measures a signature PNG; throws a named error explaining the problem. */
export function inspectSignaturePng(png: Uint8Array, limits: PdfLimits): SignatureImageInfo {
  const bad = (why: string) => new InvalidSignatureImageError(`The signature image is not usable: ${why}`);
  if (png.length > limits.maxSignatureBytes) throw bad(`${png.length} bytes, at most ${limits.maxSignatureBytes}`);
  if (png.length < 8 + 25 || SIGNATURE.some((b, i) => png[i] !== b)) throw bad('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let pos = 8;
  let width = 0, height = 0, bitDepth = 0, colorType = -1, interlace = 0;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let sawEnd = false;
  while (pos + 8 <= png.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (data.length !== length || pos + 12 + length > png.length) throw bad('truncated');
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      bitDepth = data[8]!;
      colorType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      sawEnd = true;
      break;
    }
    pos += 12 + length;
  }
  if (!sawEnd || colorType < 0) throw bad('truncated');
  if (!width || !height) throw bad('zero size');
  if (width > limits.maxSignatureSide || height > limits.maxSignatureSide) {
    throw bad(`${width}x${height} pixels, at most ${limits.maxSignatureSide} per side`);
  }
  const channels = CHANNELS[colorType];
  if (!channels) throw bad(`unknown colour type ${colorType}`);
  // Browsers' canvas encoders write 8-bit, non-interlaced PNGs; we accept only those.
  if (bitDepth !== 8 || interlace !== 0) throw bad('only 8-bit, non-interlaced PNGs are accepted');
  if (colorType === 3 && !palette) throw bad('palette missing');

  const stride = width * channels;
  let raw: Buffer;
  try {
    // maxOutputLength bounds a decompression bomb to what the header promised.
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (stride + 1) * height });
  } catch {
    throw bad('corrupt image data');
  }
  if (raw.length !== (stride + 1) * height) throw bad('corrupt image data');

  let prev = new Uint8Array(stride);
  let cur = new Uint8Array(stride);
  let inkPixels = 0;
  let left = width, top = height, right = -1, bottom = -1;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const x = line[i]!;
      switch (filter) {
        case 0: cur[i] = x; break;
        case 1: cur[i] = x + a; break;
        case 2: cur[i] = x + b; break;
        case 3: cur[i] = x + ((a + b) >> 1); break;
        case 4: cur[i] = x + paeth(a, b, c); break;
        default: throw bad(`unknown filter ${filter}`);
      }
    }
    for (let px = 0; px < width; px++) {
      const o = px * channels;
      if (isInk(cur, o, colorType, palette, transparency)) {
        inkPixels++;
        left = Math.min(left, px);
        right = Math.max(right, px);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
    [prev, cur] = [cur, prev];
  }
  if (inkPixels < limits.minSignatureInk) throw new BlankSignatureError();
  const inkBox = { left, top, right, bottom };
  if (right - left + 1 < width * limits.minSignatureSpan || bottom - top + 1 < (height * limits.minSignatureSpan) / 2) throw new SignatureTooSmallError();
  return { width, height, inkPixels, inkBox };
}

function isInk(px: Uint8Array, o: number, colorType: number, palette?: Uint8Array, trns?: Uint8Array): boolean {
  const nearWhite = (r: number, g: number, b: number) => r > 235 && g > 235 && b > 235;
  switch (colorType) {
    case 6: return px[o + 3]! > 16 && !nearWhite(px[o]!, px[o + 1]!, px[o + 2]!);
    case 4: return px[o + 1]! > 16 && px[o]! <= 235;
    case 2: return !nearWhite(px[o]!, px[o + 1]!, px[o + 2]!);
    case 0: return px[o]! <= 235;
    case 3: {
      const idx = px[o]!;
      const alpha = trns && idx < trns.length ? trns[idx]! : 255;
      const r = palette![idx * 3] ?? 255, g = palette![idx * 3 + 1] ?? 255, b = palette![idx * 3 + 2] ?? 255;
      return alpha > 16 && !nearWhite(r, g, b);
    }
    default: return false;
  }
}
