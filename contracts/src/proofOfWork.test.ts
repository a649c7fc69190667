import { describe, expect, it } from 'vitest';
import { leadingZeroBits, proofInput, proofProgressPercent, solveProof } from './proofOfWork';

describe('booking proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Uint8Array.of(0x80))).toBe(0);
    expect(leadingZeroBits(Uint8Array.of(0x01))).toBe(7);
    expect(leadingZeroBits(Uint8Array.of(0, 0x10))).toBe(11);
    expect(leadingZeroBits(Uint8Array.of(0, 0))).toBe(16);
  });

  it('finds a nonce that another SHA-256 (WebCrypto) accepts, for that key only', async () => {
    const challenge = 'abc.12.1900000000.mac';
    const progress: number[] = [];
    const nonce = solveProof({ challenge, idempotencyKey: 'key-aaaaaaaaaaaaaaaaaaaa', difficulty: 12, onProgress: (n) => progress.push(n) });
    const zeroBits = async (key: string) => leadingZeroBits(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(proofInput(challenge, key, nonce)))));
    expect(await zeroBits('key-aaaaaaaaaaaaaaaaaaaa')).toBeGreaterThanOrEqual(12);
    // The same nonce for another submission's key is (almost surely) no solution: one proof, one booking.
    const others = await Promise.all(['key-bbbbbbbbbbbbbbbbbbbb', 'key-cccccccccccccccccccc', 'key-dddddddddddddddddddd'].map(zeroBits));
    expect(others.filter((bits) => bits >= 12).length).toBeLessThan(3);
    expect(progress.every((n, i) => i === 0 || n > progress[i - 1]!)).toBe(true);
  });

  it('reports progress as a percentage below 100', () => {
    expect(proofProgressPercent(0, 18)).toBe(0);
    expect(proofProgressPercent(2 ** 18, 18)).toBe(63);
    expect(proofProgressPercent(2 ** 24, 18)).toBe(99);
  });
});
