import { afterEach, describe, expect, it, vi } from 'vitest';
import * as pkijs from 'pkijs';

// The random nonce bytes are chosen by the test: the encoding of a nonce whose first byte is
// zero is what an OpenSSL-based time-stamp authority refused (once in 512 requests).
const nonceBytes = vi.hoisted(() => ({ value: Buffer.alloc(8) }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return { ...crypto, randomBytes: (n: number) => (n === 8 ? Buffer.from(nonceBytes.value) : crypto.randomBytes(n)) };
});

const { requestTimeStamp } = await import('./tsa');
const { SealingUnavailableError } = await import('../errors');

/** Sends one request to a stand-in TSA that answers 503, and returns the request's DER. */
async function sentRequest(): Promise<Uint8Array> {
  let body: Uint8Array | undefined;
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    body = init.body as Uint8Array;
    return new Response('busy', { status: 503 });
  });
  await expect(requestTimeStamp(new Uint8Array([1, 2, 3]), { url: 'http://tsa.invalid/', timeoutMs: 1000 })).rejects.toBeInstanceOf(SealingUnavailableError);
  return body!;
}

function nonceContent(der: Uint8Array): Uint8Array {
  const request = pkijs.TimeStampReq.fromBER(der.slice().buffer);
  return new Uint8Array(request.nonce!.valueBlock.valueHexView);
}

afterEach(() => vi.unstubAllGlobals());

describe('the time-stamp request nonce', () => {
  it.each([
    ['a leading zero byte', '0001020304050607', '01020304050607'],
    ['two leading zero bytes', '0000ff0304050607', '00ff0304050607'],
    ['the high bit set (would read as negative)', 'ff01020304050607', '00ff01020304050607'],
    ['an ordinary value', '4001020304050607', '4001020304050607'],
  ])('is minimal positive DER for random bytes with %s', async (_name, random, expected) => {
    nonceBytes.value = Buffer.from(random, 'hex');
    expect(Buffer.from(nonceContent(await sentRequest())).toString('hex')).toBe(expected);
  });
});
