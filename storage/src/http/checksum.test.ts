import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '@videoloket/contracts';
import { ChecksumMismatchError } from '../errors';
import { parseUploadChecksum, spoolVerified } from './checksum';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function spoolDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spool-'));
  dirs.push(dir);
  return dir;
}

function body(...chunks: Buffer[]): IncomingMessage {
  return Readable.from(chunks) as unknown as IncomingMessage;
}

const sha1 = (data: Buffer) => parseUploadChecksum(`sha1 ${createHash('sha1').update(data).digest('base64')}`);

describe('spoolVerified', () => {
  it('a body over the limit in its first chunk leaves no file behind, also later', async () => {
    const dir = spoolDir();
    // Other file work on the thread pool, as on a busy server, while chunks are refused.
    const busy = () => Promise.all(Array.from({ length: 6 }, () => stat(dir)));
    for (let i = 0; i < 20; i++) {
      const data = Buffer.alloc(6000, i);
      const [refused] = await Promise.allSettled([spoolVerified(body(data), sha1(data), dir, 5000), busy()]);
      expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(PayloadTooLargeError);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a checksum mismatch leaves no file; a match returns the verified bytes', async () => {
    const dir = spoolDir();
    const data = Buffer.from('the bytes that were sent');
    await expect(spoolVerified(body(data), sha1(Buffer.from('other bytes')), dir, 1000)).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(readdirSync(dir)).toEqual([]);
    const file = await spoolVerified(body(data.subarray(0, 10), data.subarray(10)), sha1(data), dir, 1000);
    expect(readdirSync(dir)).toEqual([path.basename(file)]);
  });
});
