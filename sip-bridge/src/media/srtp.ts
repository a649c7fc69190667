import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { payloadOffset, sequence, ssrc } from './rtp';

// SRTP (RFC 3711) for the phone side of the relay, keyed by SDES (RFC 4568
// a=crypto in SDP, so only over TLS). One suite: AES_CM_128_HMAC_SHA1_80
// (and _32, same keys, shorter tag), the mandatory one of RFC 4568 §6.2.
// Node's crypto does the AES and HMAC; this file does the key derivation,
// the packet index (ROC) and the framing. RTCP is not carried (the relay
// keeps RTCP on its side), so no SRTCP.

export type SrtpSuite = 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32';
export const SRTP_SUITES: readonly SrtpSuite[] = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

const KEY_LEN = 16;
const SALT_LEN = 14;

/** A fresh master key||salt, base64 for `inline:` (RFC 4568 §6.1). */
export function newMasterKey(): string {
  return randomBytes(KEY_LEN + SALT_LEN).toString('base64');
}

/** RFC 3711 §4.3.1 with kdr 0: AES-CM keystream under the master key, IV = (salt XOR label) || 0x0000. */
export function deriveKey(masterKey: Buffer, masterSalt: Buffer, label: number, length: number): Buffer {
  const iv = Buffer.alloc(16);
  masterSalt.copy(iv, 0);
  iv[7]! ^= label;
  const cipher = createCipheriv('aes-128-ctr', masterKey, iv);
  return cipher.update(Buffer.alloc(length));
}

export class SrtpContext {
  readonly #key: Buffer;
  readonly #salt: Buffer;
  readonly #authKey: Buffer;
  readonly #tagLength: number;
  // Per SSRC: rollover counter and highest sequence seen (§3.3.1).
  readonly #streams = new Map<number, { roc: number; lastSeq: number }>();

  /** @param inline base64 key||salt from a=crypto ... inline:<key>. */
  constructor(suite: SrtpSuite, inline: string) {
    const material = Buffer.from(inline, 'base64');
    if (material.length !== KEY_LEN + SALT_LEN) throw new Error('SRTP master key must be 30 bytes');
    const masterKey = material.subarray(0, KEY_LEN);
    const masterSalt = material.subarray(KEY_LEN);
    this.#key = deriveKey(masterKey, masterSalt, 0, KEY_LEN);
    this.#authKey = deriveKey(masterKey, masterSalt, 1, 20);
    this.#salt = deriveKey(masterKey, masterSalt, 2, SALT_LEN);
    this.#tagLength = suite === 'AES_CM_128_HMAC_SHA1_32' ? 4 : 10;
  }

  /** RTP → SRTP (a new buffer). */
  protect(packet: Buffer): Buffer {
    const id = ssrc(packet);
    const seq = sequence(packet);
    let stream = this.#streams.get(id);
    if (!stream) {
      stream = { roc: 0, lastSeq: seq };
      this.#streams.set(id, stream);
    } else {
      if (seq < stream.lastSeq && stream.lastSeq - seq > 0x8000) stream.roc = (stream.roc + 1) >>> 0;
      stream.lastSeq = seq;
    }
    const out = Buffer.concat([packet, Buffer.alloc(this.#tagLength)]);
    const body = out.subarray(0, packet.length);
    this.#crypt(body, id, stream.roc, seq);
    this.#tag(body, stream.roc).copy(out, packet.length, 0, this.#tagLength);
    return out;
  }

  /** SRTP → RTP, or null if the tag is wrong (forged, replayed under another key, corrupt). */
  unprotect(packet: Buffer): Buffer | null {
    if (packet.length < 12 + this.#tagLength) return null;
    const body = Buffer.from(packet.subarray(0, packet.length - this.#tagLength));
    const tag = packet.subarray(packet.length - this.#tagLength);
    const id = ssrc(body);
    const seq = sequence(body);
    const stream = this.#streams.get(id);
    // §3.3.1: guess the ROC from the highest sequence seen so far.
    let roc = 0;
    if (stream) {
      roc = stream.roc;
      if (stream.lastSeq < 0x8000) {
        if (seq - stream.lastSeq > 0x8000) roc = (roc - 1) >>> 0;
      } else if (stream.lastSeq - 0x8000 > seq) {
        roc = (roc + 1) >>> 0;
      }
    }
    const expected = this.#tag(body, roc).subarray(0, this.#tagLength);
    if (!timingSafeEqual(expected, tag)) return null;
    if (!stream) this.#streams.set(id, { roc, lastSeq: seq });
    else if (roc !== stream.roc ? roc === ((stream.roc + 1) >>> 0) : seq > stream.lastSeq) {
      stream.roc = roc;
      stream.lastSeq = seq;
    }
    this.#crypt(body, id, roc, seq);
    return body;
  }

  /** §4.1.1: AES-CM over the payload, IV = salt ⊕ (SSRC·2^64) ⊕ (index·2^16). In place. */
  #crypt(packet: Buffer, id: number, roc: number, seq: number): void {
    const iv = Buffer.alloc(16);
    this.#salt.copy(iv, 0);
    iv.writeUInt32BE((iv.readUInt32BE(4) ^ id) >>> 0, 4);
    iv.writeUInt32BE((iv.readUInt32BE(8) ^ roc) >>> 0, 8);
    iv.writeUInt16BE(iv.readUInt16BE(12) ^ seq, 12);
    const start = payloadOffset(packet);
    const cipher = createCipheriv('aes-128-ctr', this.#key, iv);
    cipher.update(packet.subarray(start)).copy(packet, start);
  }

  /** §4.2: HMAC-SHA1 over the packet and the ROC. */
  #tag(packet: Buffer, roc: number): Buffer {
    const rocBytes = Buffer.alloc(4);
    rocBytes.writeUInt32BE(roc >>> 0);
    return createHmac('sha1', this.#authKey).update(packet).update(rocBytes).digest();
  }
}
