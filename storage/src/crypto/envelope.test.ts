import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createDecryptStream, createEncryptStream, encryptedSize, SEGMENT_BYTES } from './envelope';

const key = randomBytes(32);

async function encrypt(plain: Buffer, chunk = 10_000): Promise<Buffer> {
  const parts = [];
  for (let i = 0; i < plain.length; i += chunk) parts.push(plain.subarray(i, i + chunk));
  return buffer(Readable.from(parts).pipe(createEncryptStream(key)));
}
const decrypt = (cipher: Buffer, k = key) => buffer(Readable.from([cipher]).pipe(createDecryptStream(k)));

describe('AES-256-GCM segmented envelope', () => {
  it.each([0, 1, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES + 17])('round-trips %i bytes', async (n) => {
    const plain = randomBytes(n);
    const cipher = await encrypt(plain);
    expect(cipher.length).toBe(encryptedSize(n));
    expect(cipher.includes(plain.subarray(0, Math.min(n, 64))) && n >= 16).toBe(false);
    expect((await decrypt(cipher)).equals(plain)).toBe(true);
  });

  it('round-trips across odd chunk boundaries', async () => {
    const plain = randomBytes(5 * SEGMENT_BYTES + 333);
    const cipher = await encrypt(plain, 7777);
    const pieces = [];
    for (let i = 0; i < cipher.length; i += 4099) pieces.push(cipher.subarray(i, i + 4099));
    const out = await buffer(Readable.from(pieces).pipe(createDecryptStream(key)));
    expect(createHash('sha256').update(out).digest('hex')).toBe(createHash('sha256').update(plain).digest('hex'));
  });

  it('detects tampering, truncation at a segment boundary and a wrong key', async () => {
    const plain = randomBytes(2 * SEGMENT_BYTES + 10);
    const cipher = await encrypt(plain);
    const flipped = Buffer.from(cipher);
    flipped[200] = flipped[200]! ^ 1;
    await expect(decrypt(flipped)).rejects.toThrow(/failed authentication/);
    const truncated = cipher.subarray(0, 72 + 2 * (SEGMENT_BYTES + 16));
    await expect(decrypt(truncated)).rejects.toThrow(/failed authentication|truncated/);
    await expect(decrypt(cipher, randomBytes(32))).rejects.toThrow(/another master key/);
  });

  it('uses a fresh data key per file (same plaintext, different ciphertext)', async () => {
    const plain = Buffer.from('same letter');
    expect((await encrypt(plain)).equals(await encrypt(plain))).toBe(false);
  });
});
