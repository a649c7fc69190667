import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DecryptionError } from '../errors';

// Encryption at rest: AES-256-GCM, streamed in segments so no file is ever held whole.
//
// A single GCM stream cannot be decrypted safely on the fly: its tag is only checked at
// the end, after the plaintext went out. So each file gets a random 256-bit data key
// (wrapped by the master key from options) and is cut into 64 KiB segments, each sealed
// with its own tag; the nonce is the segment counter (safe: the key is used for one file
// only), and the additional data marks the last segment so truncation is detected
// (the "STREAM" construction of Hoang, Reyhanitabar, Rogaway, Vizár 2015).
//
// Layout: "VLK1" | key id (8) | wrap IV (12) | wrapped data key (32) | wrap tag (16)
//         then segments: ciphertext (≤ 64 KiB) | tag (16); the last is flagged in AAD.

const MAGIC = Buffer.from('VLK1');
export const SEGMENT_BYTES = 64 * 1024;
const TAG = 16;
const HEADER_BYTES = MAGIC.length + 8 + 12 + 32 + TAG;

/** Short fingerprint of the master key, so a wrong key reads as such, not as corruption. */
function keyId(masterKey: Buffer): Buffer {
  return createHash('sha256').update('videoloket-document-key-id').update(masterKey).digest().subarray(0, 8);
}

function nonce(counter: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeUIntBE(counter, 6, 6);
  return n;
}

const LAST = Buffer.from([1]);
const NOT_LAST = Buffer.from([0]);

/** Ciphertext size for a plaintext size (useful for Content-Length checks and tests). */
export function encryptedSize(plainBytes: number): number {
  const segments = Math.max(1, Math.ceil(plainBytes / SEGMENT_BYTES));
  return HEADER_BYTES + plainBytes + segments * TAG;
}

export function createEncryptStream(masterKey: Buffer): Transform {
  const dataKey = randomBytes(32);
  const wrapIv = randomBytes(12);
  const wrap = createCipheriv('aes-256-gcm', masterKey, wrapIv);
  const wrapped = Buffer.concat([wrap.update(dataKey), wrap.final()]);
  const header = Buffer.concat([MAGIC, keyId(masterKey), wrapIv, wrapped, wrap.getAuthTag()]);
  let counter = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let headerSent = false;

  const seal = (plain: Buffer, last: boolean): Buffer => {
    const c = createCipheriv('aes-256-gcm', dataKey, nonce(counter++));
    c.setAAD(last ? LAST : NOT_LAST);
    return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  };

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (!headerSent) {
        this.push(header);
        headerSent = true;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      // Keep at least one byte back: the last segment must be sealed as last, and we
      // only know which one it is at flush.
      if (pendingBytes > SEGMENT_BYTES) {
        let buf = Buffer.concat(pending);
        while (buf.length > SEGMENT_BYTES) {
          this.push(seal(buf.subarray(0, SEGMENT_BYTES), false));
          buf = buf.subarray(SEGMENT_BYTES);
        }
        pending = [buf];
        pendingBytes = buf.length;
      }
      cb();
    },
    flush(cb: TransformCallback) {
      if (!headerSent) this.push(header);
      this.push(seal(Buffer.concat(pending), true));
      dataKey.fill(0);
      cb();
    },
  });
}

export function createDecryptStream(masterKey: Buffer): Transform {
  let dataKey: Buffer | null = null;
  let counter = 0;
  let buf: Buffer = Buffer.alloc(0);

  const open = (sealed: Buffer, last: boolean): Buffer => {
    const d = createDecipheriv('aes-256-gcm', dataKey!, nonce(counter++));
    d.setAAD(last ? LAST : NOT_LAST);
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
    } catch {
      throw new DecryptionError('Stored document failed authentication (corrupted or truncated)');
    }
  };

  const readHeader = (): void => {
    if (!buf.subarray(0, 4).equals(MAGIC)) throw new DecryptionError('Not an encrypted document (bad magic)');
    if (!buf.subarray(4, 12).equals(keyId(masterKey))) {
      throw new DecryptionError('Document was encrypted with another master key');
    }
    const iv = buf.subarray(12, 24);
    const wrapped = buf.subarray(24, 56);
    const tag = buf.subarray(56, 72);
    const unwrap = createDecipheriv('aes-256-gcm', masterKey, iv);
    unwrap.setAuthTag(tag);
    try {
      dataKey = Buffer.concat([unwrap.update(wrapped), unwrap.final()]);
    } catch {
      throw new DecryptionError('Document key failed authentication');
    }
    buf = buf.subarray(HEADER_BYTES);
  };

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        if (!dataKey) {
          if (buf.length < HEADER_BYTES) return cb();
          readHeader();
        }
        // A full segment followed by more bytes cannot be the last one.
        while (buf.length > SEGMENT_BYTES + TAG) {
          this.push(open(buf.subarray(0, SEGMENT_BYTES + TAG), false));
          buf = buf.subarray(SEGMENT_BYTES + TAG);
        }
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        if (!dataKey) {
          if (buf.length < HEADER_BYTES) throw new DecryptionError('Encrypted document is truncated (no header)');
          readHeader();
        }
        if (buf.length < TAG) throw new DecryptionError('Encrypted document is truncated');
        this.push(open(buf, true));
        dataKey!.fill(0);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
}
