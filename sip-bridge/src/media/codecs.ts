import { Decoder, Encoder } from '@evan/opus/wasm/index.mjs';
import type { AudioCodecName } from '../sdp';

// The phone side's audio codecs, as 16-bit mono PCM in and out.
// G.711 (ITU-T G.711, PCMU = μ-law, PCMA = A-law) at 8 kHz is a table per
// sample; Opus is libopus compiled to WebAssembly (@evan/opus's wasm build:
// no native addon, same on every machine; opusscript 0.1.1 was tried first and
// corrupts its heap — it indexes a 16-bit heap view with byte offsets). Opus can take and give 8 kHz PCM itself
// (RFC 7587 §4.1: the RTP clock stays 48 kHz whatever the audio bandwidth), so
// a G.711 leg needs no resampler of ours: the Opus encoder/decoder runs at 8 kHz.

/** 20 ms frames everywhere (the bridge's SDP says a=ptime:20). */
export const FRAME_MS = 20;

export interface PcmCodec {
  readonly name: AudioCodecName;
  /** PCM sample rate of encode()/decode() and the RTP clock rate of the phone's stream. */
  readonly sampleRate: number;
  readonly rtpClockRate: number;
  /** One packet's payload → PCM samples (any frame size the codec carries). */
  decode(payload: Buffer): Int16Array;
  /** One frame (FRAME_MS of samples) → payload. */
  encode(pcm: Int16Array): Buffer;
  /** Frees the codec's memory (the WebAssembly heap for Opus). */
  close(): void;
}

// ---- G.711 ------------------------------------------------------------------

const ULAW_BIAS = 0x84;
const CLIP = 32635;

/** G.711 §2 μ-law: sign, 3-bit segment, 4-bit mantissa, all bits inverted. */
export function linearToUlaw(sample: number): number {
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += ULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** G.711 §3 A-law: sign, segment, mantissa, even bits inverted (XOR 0x55). */
export function linearToAlaw(sample: number): number {
  let s = sample;
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  if (s > 32767) s = 32767;
  let code: number;
  if (s < 256) {
    code = s >> 4;
  } else {
    let exponent = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exponent > 1; mask >>= 1) exponent--;
    code = (exponent << 4) | ((s >> (exponent + 3)) & 0x0f);
  }
  return (sign | code) ^ 0x55;
}

export function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if (magnitude > 32767) magnitude = 32767;
  return a & 0x80 ? magnitude : -magnitude;
}

// Decoding is a 256-entry table; encoding a 64 Ki-entry table (64 KiB each), built once.
function tables(toLinear: (c: number) => number, fromLinear: (s: number) => number): { decode: Int16Array; encode: Uint8Array } {
  const decode = new Int16Array(256);
  for (let c = 0; c < 256; c++) decode[c] = toLinear(c);
  const encode = new Uint8Array(65536);
  for (let s = -32768; s < 32768; s++) encode[s & 0xffff] = fromLinear(s);
  return { decode, encode };
}

let ulaw: ReturnType<typeof tables> | undefined;
let alaw: ReturnType<typeof tables> | undefined;

class G711Codec implements PcmCodec {
  readonly sampleRate = 8000;
  readonly rtpClockRate = 8000;
  readonly #table: ReturnType<typeof tables>;

  constructor(readonly name: 'PCMU' | 'PCMA') {
    this.#table = name === 'PCMU' ? (ulaw ??= tables(ulawToLinear, linearToUlaw)) : (alaw ??= tables(alawToLinear, linearToAlaw));
  }

  decode(payload: Buffer): Int16Array {
    const out = new Int16Array(payload.length);
    for (let i = 0; i < payload.length; i++) out[i] = this.#table.decode[payload[i]!]!;
    return out;
  }

  encode(pcm: Int16Array): Buffer {
    const out = Buffer.allocUnsafe(pcm.length);
    for (let i = 0; i < pcm.length; i++) out[i] = this.#table.encode[pcm[i]! & 0xffff]!;
    return out;
  }

  close(): void {}
}

// ---- Opus ---------------------------------------------------------------------

/** Opus at `sampleRate` mono; the RTP clock is 48 kHz regardless (RFC 7587 §4.1). */
export class OpusCodec implements PcmCodec {
  readonly name = 'opus' as const;
  readonly rtpClockRate = 48000;
  #encoder: Encoder | undefined;
  #decoder: Decoder | undefined;
  #closed = false;

  constructor(readonly sampleRate: 8000 | 48000) {}

  decode(payload: Buffer): Int16Array {
    if (this.#closed) return new Int16Array(0);
    this.#decoder ??= new Decoder({ channels: 1, sample_rate: this.sampleRate });
    const pcm = this.#decoder.decode(payload);
    return new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 1);
  }

  encode(pcm: Int16Array): Buffer {
    if (this.#closed) return Buffer.alloc(0);
    this.#encoder ??= new Encoder({ channels: 1, sample_rate: this.sampleRate, application: 'voip' });
    const out = this.#encoder.encode(pcm);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    (this.#encoder as { drop?: () => void } | undefined)?.drop?.();
    (this.#decoder as { drop?: () => void } | undefined)?.drop?.();
  }
}

/** The codec the phone speaks, at the PCM rate it naturally has (8 kHz for G.711, 48 kHz for Opus). */
export function phoneCodec(name: AudioCodecName): PcmCodec {
  return name === 'opus' ? new OpusCodec(48000) : new G711Codec(name);
}
