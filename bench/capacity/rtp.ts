// RTP as the bench bots write and read it: just enough of RFC 3550 (header), RFC 8285
// (one-byte header extension, for the audio level) and RFC 7741 (VP8 payload descriptor)
// to look like a browser's streams to mediasoup. Pure functions; the bots (bots.ts) send
// what they build.

/** The payload types and audio-level extension id the bots announce (setups.ts) and send. */
export const AUDIO_PT = 100;
export const VIDEO_PT = 101;
export const AUDIO_LEVEL_EXTENSION_ID = 1;

/** Largest VP8 chunk per packet (a browser's packets stay under ~1200 bytes too). */
export const MAX_VP8_CHUNK = 1180;
export const RTP_HEADER_BYTES = 12;
/** 0xBEDE profile + length word + one element (id/len byte, level byte, 2 bytes padding). */
export const AUDIO_LEVEL_EXTENSION_BYTES = 8;
/** X|S|PID, I|L|T|K, 15-bit PictureID (2), TL0PICIDX, TID|Y|KEYIDX: what Chromium sends. */
export const VP8_DESCRIPTOR_BYTES = 6;

export interface RtpHeader {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker: boolean;
  /** ssrc-audio-level (RFC 6464) as -dBov, 0 (loudest) … 127 (silence), with this extension id. */
  audioLevel?: { id: number; level: number; voice: boolean };
}

/** Writes the header (and the audio-level extension, if any); returns the bytes written. */
export function writeRtpHeader(buf: Buffer, offset: number, h: RtpHeader): number {
  buf[offset] = 0x80 | (h.audioLevel ? 0x10 : 0);
  buf[offset + 1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  buf.writeUInt16BE(h.sequenceNumber & 0xffff, offset + 2);
  buf.writeUInt32BE(h.timestamp >>> 0, offset + 4);
  buf.writeUInt32BE(h.ssrc >>> 0, offset + 8);
  if (!h.audioLevel) return RTP_HEADER_BYTES;
  const ext = offset + RTP_HEADER_BYTES;
  buf.writeUInt16BE(0xbede, ext);
  buf.writeUInt16BE(1, ext + 2);
  buf[ext + 4] = (h.audioLevel.id << 4) | 0; // one byte of data
  buf[ext + 5] = (h.audioLevel.voice ? 0x80 : 0) | (h.audioLevel.level & 0x7f);
  buf[ext + 6] = 0;
  buf[ext + 7] = 0;
  return RTP_HEADER_BYTES + AUDIO_LEVEL_EXTENSION_BYTES;
}

export interface Vp8Descriptor {
  /** First packet of the frame. */
  start: boolean;
  pictureId: number;
  tl0PicIdx: number;
}

/** Writes a 6-byte VP8 payload descriptor (temporal layer 0, layer sync set). */
export function writeVp8Descriptor(buf: Buffer, offset: number, d: Vp8Descriptor): number {
  buf[offset] = 0x80 | (d.start ? 0x10 : 0); // X, S, PID 0
  buf[offset + 1] = 0x80 | 0x40 | 0x20; // I, L, T
  buf.writeUInt16BE(0x8000 | (d.pictureId & 0x7fff), offset + 2); // M bit: 15-bit PictureID
  buf[offset + 4] = d.tl0PicIdx & 0xff;
  buf[offset + 5] = 0x20; // TID 0, Y (layer sync), KEYIDX 0
  return VP8_DESCRIPTOR_BYTES;
}

/** A VP8 frame cut into packet-sized chunks; the last one carries the marker. */
export function vp8Chunks(frame: Buffer, max = MAX_VP8_CHUNK): Buffer[] {
  if (frame.length === 0) return [];
  const count = Math.ceil(frame.length / max);
  // Even chunks rather than full ones and a runt, as libwebrtc does.
  const size = Math.ceil(frame.length / count);
  const chunks: Buffer[] = [];
  for (let i = 0; i < frame.length; i += size) chunks.push(frame.subarray(i, Math.min(frame.length, i + size)));
  return chunks;
}

/** With rtcp-mux, RTCP packet types 192–223 share the port with RTP (RFC 5761 §4). */
export function isRtcp(packet: Buffer): boolean {
  const pt = packet[1] ?? 0;
  return pt >= 192 && pt <= 223;
}

interface SsrcCount {
  firstExtended: number;
  highestExtended: number;
  received: number;
}

/**
 * What a receiver counts per SSRC (RFC 3550 A.3): packets received, and packets expected from
 * the extended highest sequence number seen. Loss over a window is the difference of two
 * totals() taken at its ends. Duplicates count as received (mediasoup sends none unasked).
 */
export class LossCounter {
  readonly #streams = new Map<number, SsrcCount>();

  receive(packet: Buffer): void {
    if (packet.length < RTP_HEADER_BYTES || isRtcp(packet)) return;
    const ssrc = packet.readUInt32BE(8);
    const seq = packet.readUInt16BE(2);
    const s = this.#streams.get(ssrc);
    if (!s) {
      this.#streams.set(ssrc, { firstExtended: seq, highestExtended: seq, received: 1 });
      return;
    }
    s.received++;
    // The extended sequence number nearest to the highest so far (wraps at 65536).
    const cycles = s.highestExtended - (s.highestExtended & 0xffff);
    let extended = cycles + seq;
    if (extended - s.highestExtended > 0x8000) extended -= 0x10000;
    else if (s.highestExtended - extended > 0x8000) extended += 0x10000;
    if (extended > s.highestExtended) s.highestExtended = extended;
  }

  totals(): { expected: number; received: number } {
    let expected = 0;
    let received = 0;
    for (const s of this.#streams.values()) {
      expected += s.highestExtended - s.firstExtended + 1;
      received += s.received;
    }
    return { expected, received };
  }
}

/** Per cent of expected packets that did not arrive between two totals(); 0 with nothing expected. */
export function lossPercent(
  before: { expected: number; received: number },
  after: { expected: number; received: number },
): number {
  const expected = after.expected - before.expected;
  const received = after.received - before.received;
  if (expected <= 0) return 0;
  return Math.max(0, (100 * (expected - received)) / expected);
}
