// The booking proof of work (issue 9 finding 4), one definition for the server that checks it
// and the pages (and tests) that solve it: find a decimal nonce such that
//   SHA-256("<challenge>.<idempotencyKey>.<nonce>")
// starts with `difficulty` zero bits. Binding the idempotency key means one solved challenge
// buys one booking: a retry of the same submission may reuse it, another submission may not.
// Solved with @noble/hashes' SHA-256 in plain JavaScript: WebCrypto's digest() is asynchronous
// per call and about 2-3× slower for millions of tiny inputs (measured in Chromium). No zod
// here, so the page's worker stays small.
import { sha256 } from '@noble/hashes/sha2';

export function proofInput(challenge: string, idempotencyKey: string, nonce: number | string): string {
  return `${challenge}.${idempotencyKey}.${nonce}`;
}

/** How many leading bits of `digest` are zero. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export interface SolveOptions {
  challenge: string;
  idempotencyKey: string;
  difficulty: number;
  /** Called every few thousand hashes with the number tried so far. */
  onProgress?(tried: number): void;
}

const PROGRESS_EVERY = 4096;

/** Finds the nonce (as a decimal string): about 2^difficulty hashes on average. Blocking: run it in a worker. */
export function solveProof(o: SolveOptions): string {
  // A difficulty that is not a small whole number would never be met: fail instead of spinning.
  if (!Number.isInteger(o.difficulty) || o.difficulty < 0 || o.difficulty > 64) throw new RangeError(`not a proof-of-work difficulty: ${o.difficulty}`);
  const encoder = new TextEncoder();
  // The prefix is the same for every nonce: hash it once and continue from a copy of that state.
  const prefix = sha256.create().update(encoder.encode(proofInput(o.challenge, o.idempotencyKey, '')));
  for (let nonce = 0; nonce < Number.MAX_SAFE_INTEGER; nonce++) {
    const digest = prefix.clone().update(encoder.encode(String(nonce))).digest();
    if (leadingZeroBits(digest) >= o.difficulty) return String(nonce);
    if (nonce % PROGRESS_EVERY === PROGRESS_EVERY - 1) o.onProgress?.(nonce + 1);
  }
  throw new Error('no nonce found');
}

/**
 * A progress figure for people waiting: the chance that a solver has found a nonce after
 * `tried` hashes (the search has no fixed length), as a whole percentage below 100.
 */
export function proofProgressPercent(tried: number, difficulty: number): number {
  return Math.min(99, Math.floor(100 * (1 - Math.exp(-tried / 2 ** difficulty))));
}
