import { OpusCodec } from './codecs';

// What the phone hears: the sum of every other party's audio. mediasoup
// forwards each producer as its own Opus stream (one consumer per other
// party, all resumed); a phone plays one stream, so the bridge decodes each
// stream, mixes, and encodes once for the phone (RoomMix → RtpRelay). The
// phone's own producer is never consumed, so it never hears itself.
//
// Each source has a small jitter buffer: it starts to play once PREBUFFER
// frames are queued and is trimmed back when more than MAX_QUEUED wait, so
// the added delay stays between one and MAX_QUEUED_FRAMES frames (20–80 ms).

/** Frames a source must have queued before it is mixed (absorbs timer and network jitter). */
export const PREBUFFER_FRAMES = 2;
/** More queued than this (a burst, or our clock running slow) → drop the oldest down to PREBUFFER_FRAMES. */
const MAX_QUEUED_FRAMES = 4;
/** A source silent for this long is forgotten (its consumer closed or it paused). */
const SOURCE_IDLE_MS = 2000;

interface Source {
  decoder: OpusCodec;
  chunks: Int16Array[];
  /** Samples already taken from chunks[0]. */
  offset: number;
  queued: number;
  playing: boolean;
  lastSeq: number;
  lastSeenAt: number;
}

export class RoomMix {
  readonly #sources = new Map<number, Source>();
  #closed = false;

  /** @param sampleRate PCM rate of the mix (the phone codec's); @param frameSamples samples per tick. */
  constructor(
    readonly sampleRate: 8000 | 48000,
    readonly frameSamples: number,
  ) {}

  /** Number of streams mixed right now (for stats and tests). */
  get activeSources(): number {
    return [...this.#sources.values()].filter((s) => s.playing).length;
  }

  /** One Opus RTP payload of the stream `ssrc` (a consumer of another party). */
  push(ssrc: number, seq: number, payload: Buffer, now = Date.now()): void {
    if (this.#closed || payload.length === 0) return;
    let source = this.#sources.get(ssrc);
    if (!source) {
      source = { decoder: new OpusCodec(this.sampleRate), chunks: [], offset: 0, queued: 0, playing: false, lastSeq: (seq - 1) & 0xffff, lastSeenAt: now };
      this.#sources.set(ssrc, source);
    }
    // Late or duplicated packets are dropped: they would be played out of order.
    if (((seq - source.lastSeq) & 0xffff) >= 0x8000 || seq === source.lastSeq) return;
    source.lastSeq = seq;
    source.lastSeenAt = now;
    let pcm: Int16Array;
    try {
      pcm = source.decoder.decode(payload);
    } catch {
      return; // a corrupt packet costs one frame of this source, nothing else
    }
    source.chunks.push(pcm);
    source.queued += pcm.length;
    if (source.queued > MAX_QUEUED_FRAMES * this.frameSamples) this.#skip(source, source.queued - PREBUFFER_FRAMES * this.frameSamples);
  }

  /** The next frame of the mix: every playing source summed, clipped to 16 bits. */
  next(now = Date.now()): Int16Array {
    const sum = new Int32Array(this.frameSamples);
    for (const [ssrc, source] of this.#sources) {
      if (now - source.lastSeenAt > SOURCE_IDLE_MS) {
        source.decoder.close();
        this.#sources.delete(ssrc);
        continue;
      }
      if (!source.playing && source.queued >= PREBUFFER_FRAMES * this.frameSamples) source.playing = true;
      if (!source.playing) continue;
      if (source.queued < this.frameSamples) {
        source.playing = false; // underrun: wait for the buffer to fill again
        continue;
      }
      this.#take(source, sum);
    }
    const out = new Int16Array(this.frameSamples);
    for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, sum[i]!));
    return out;
  }

  close(): void {
    this.#closed = true;
    for (const source of this.#sources.values()) source.decoder.close();
    this.#sources.clear();
  }

  #take(source: Source, into: Int32Array): void {
    let filled = 0;
    while (filled < into.length) {
      const chunk = source.chunks[0]!;
      const n = Math.min(chunk.length - source.offset, into.length - filled);
      for (let i = 0; i < n; i++) into[filled + i]! += chunk[source.offset + i]!;
      filled += n;
      this.#advance(source, n);
    }
  }

  #skip(source: Source, samples: number): void {
    let left = samples;
    while (left > 0 && source.chunks.length > 0) {
      const n = Math.min(source.chunks[0]!.length - source.offset, left);
      this.#advance(source, n);
      left -= n;
    }
  }

  #advance(source: Source, n: number): void {
    source.offset += n;
    source.queued -= n;
    if (source.offset >= source.chunks[0]!.length) {
      source.chunks.shift();
      source.offset = 0;
    }
  }
}
