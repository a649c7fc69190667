import { describe, expect, it } from 'vitest';
import { typicalToneShare, rms } from '../../test/audio';
import { OpusCodec, alawToLinear, linearToAlaw, linearToUlaw, phoneCodec, ulawToLinear } from './codecs';

function sine(rate: number, frequency: number, seconds: number, amplitude = 0.3): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / rate));
  return out;
}

const toFloat = (pcm: Int16Array) => Float32Array.from(pcm, (v) => v / 32768);

describe('G.711', () => {
  it('encodes the reference points of ITU-T G.711 (silence, full scale, sign)', () => {
    expect(linearToUlaw(0)).toBe(0xff);
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x00)).toBe(-32124);
    expect(ulawToLinear(0x80)).toBe(32124);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(linearToUlaw(32767)).toBe(0x80);
    expect(linearToAlaw(-32768)).toBe(0x2a);
  });

  it('every code decodes and re-encodes to itself (the tables are each other\'s inverse)', () => {
    for (let code = 0; code < 256; code++) {
      expect(linearToAlaw(alawToLinear(code))).toBe(code);
      // μ-law has two zeros (0x7f and 0xff): both decode to 0, which encodes to 0xff.
      if (code !== 0x7f) expect(linearToUlaw(ulawToLinear(code))).toBe(code);
    }
  });

  it.each(['PCMA', 'PCMU'] as const)('%s carries a 1 kHz tone with >30 dB signal-to-noise', (name) => {
    const codec = phoneCodec(name);
    const input = sine(8000, 1000, 0.5);
    const output = codec.decode(codec.encode(input));
    expect(codec.encode(input)).toHaveLength(input.length);
    const noise = Int16Array.from(input, (v, i) => v - output[i]!);
    const snrDb = 20 * Math.log10(rms(toFloat(input)) / rms(toFloat(noise)));
    expect(snrDb).toBeGreaterThan(30);
  });
});

describe('Opus (opusscript, WebAssembly)', () => {
  it('round-trips a 660 Hz tone at 8 kHz and at 48 kHz in 20 ms frames', () => {
    for (const rate of [8000, 48000] as const) {
      const encoder = new OpusCodec(rate);
      const decoder = new OpusCodec(rate);
      const input = sine(rate, 660, 1);
      const frame = rate / 50;
      const chunks: Int16Array[] = [];
      for (let i = 0; i + frame <= input.length; i += frame) chunks.push(decoder.decode(encoder.encode(input.subarray(i, i + frame))));
      encoder.close();
      decoder.close();
      const decoded = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        decoded.set(c, at);
        at += c.length;
      }
      expect(decoded.length).toBe(input.length);
      expect(typicalToneShare({ rate, samples: toFloat(decoded) }, 660)).toBeGreaterThan(0.9);
    }
  });
});
