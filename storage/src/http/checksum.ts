import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError, ValidationError } from '@videoloket/contracts';
import { ChecksumMismatchError } from '../errors';

// tus 1.0.0, Checksum extension:
//   "The Server MUST support at least the SHA1 checksum algorithm identified by sha1."
//   "If the hash algorithm is not supported by the server, the Server MUST respond with
//    the 400 Bad Request status."
//   "If the checksums mismatch, the Server MUST respond with the 460 Checksum Mismatch
//    status. In this case, the Server MUST NOT append the received data to the upload
//    resource and MUST NOT modify its Upload-Offset."
// Stock @tus/server 2 ignores Upload-Checksum. The stores write as bytes arrive (S3 parts
// cannot be taken back), so a checksummed body is first spooled to a private temp file
// and verified, and only then handed to tus; a mismatch never reaches the store.

/** Names of spooled chunks in the spool directory. */
export const SPOOL_PREFIX = 'chunk-';

export const CHECKSUM_ALGORITHMS = ['sha1', 'sha256', 'md5'] as const;
type Algorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface ParsedChecksum {
  algorithm: Algorithm;
  digest: Buffer;
}

/** "Upload-Checksum: <algorithm> <base64 digest>". */
export function parseUploadChecksum(header: string): ParsedChecksum {
  const m = /^([a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})$/.exec(header.trim());
  if (!m) throw new ValidationError('Upload-Checksum must be "<algorithm> <base64 digest>"');
  const algorithm = m[1] as Algorithm;
  if (!CHECKSUM_ALGORITHMS.includes(algorithm)) {
    throw new ValidationError(`Checksum algorithm ${m[1]} is not supported; use ${CHECKSUM_ALGORITHMS.join(', ')}`);
  }
  return { algorithm, digest: Buffer.from(m[2]!, 'base64') };
}

/**
 * Spools the request body to `dir`, verifying its checksum and its size limit (the bytes
 * the upload still lacks). Resolves with the file path (the caller removes it); on every
 * failure (too large, client gone, disk error, ChecksumMismatchError 460) the file is
 * removed here before the error is thrown.
 */
export async function spoolVerified(req: IncomingMessage, checksum: ParsedChecksum, dir: string, maxBytes: number): Promise<string> {
  const file = path.join(dir, `${SPOOL_PREFIX}${randomBytes(12).toString('hex')}`);
  const hash = createHash(checksum.algorithm);
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) return cb(new PayloadTooLargeError(`The chunk is larger than the ${maxBytes} bytes its upload still lacks`));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  // Opened before a byte is read: a refusal can then never race the file's creation.
  const out = (await open(file, 'wx', 0o600)).createWriteStream();
  try {
    await pipeline(req, meter, out);
    if (!hash.digest().equals(checksum.digest)) throw new ChecksumMismatchError();
    return file;
  } catch (err) {
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(file, { force: true });
    throw err;
  }
}
