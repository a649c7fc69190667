// RTP fixed header (RFC 3550 §5.1) helpers: read and rewrite in place.
// Payload and extensions are never touched.

export function isRtp(packet: Buffer): boolean {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return false;
  // RFC 5761 §4: RTCP packet types 192–223 fall in the marker+PT byte's 64–95 range without the marker.
  const pt = packet[1]! & 0x7f;
  return !(pt >= 64 && pt <= 95);
}

export function payloadType(packet: Buffer): number {
  return packet[1]! & 0x7f;
}

export function sequence(packet: Buffer): number {
  return packet.readUInt16BE(2);
}

export function timestamp(packet: Buffer): number {
  return packet.readUInt32BE(4);
}

export function ssrc(packet: Buffer): number {
  return packet.readUInt32BE(8);
}

export function rewrite(packet: Buffer, fields: { payloadType?: number; sequence?: number; timestamp?: number; ssrc?: number; marker?: boolean }): void {
  if (fields.payloadType !== undefined || fields.marker !== undefined) {
    const marker = fields.marker ?? (packet[1]! & 0x80) !== 0;
    const pt = fields.payloadType ?? payloadType(packet);
    packet[1] = (marker ? 0x80 : 0) | (pt & 0x7f);
  }
  if (fields.sequence !== undefined) packet.writeUInt16BE(fields.sequence & 0xffff, 2);
  if (fields.timestamp !== undefined) packet.writeUInt32BE(fields.timestamp >>> 0, 4);
  if (fields.ssrc !== undefined) packet.writeUInt32BE(fields.ssrc >>> 0, 8);
}

/** Offset of the payload: after CSRCs and the header extension (RFC 3550 §5.3.1). */
export function payloadOffset(packet: Buffer): number {
  const cc = packet[0]! & 0x0f;
  let offset = 12 + cc * 4;
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return packet.length;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  return Math.min(offset, packet.length);
}

const DTMF_DIGITS = '0123456789*#ABCD';

/**
 * RFC 4733 §2.3 telephone-event payload: event, E bit, volume, duration.
 * Returns the digit when this packet ends an event (E bit set), else null.
 */
export function dtmfEnd(packet: Buffer): { digit: string; timestamp: number } | null {
  const offset = payloadOffset(packet);
  if (packet.length < offset + 4) return null;
  const event = packet[offset]!;
  const end = (packet[offset + 1]! & 0x80) !== 0;
  if (!end || event >= DTMF_DIGITS.length) return null;
  return { digit: DTMF_DIGITS[event]!, timestamp: timestamp(packet) };
}

/** Builds a minimal RTP packet (tests and tones). */
export function buildRtp(fields: { payloadType: number; sequence: number; timestamp: number; ssrc: number; marker?: boolean }, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  rewrite(header, fields);
  return Buffer.concat([header, payload]);
}
