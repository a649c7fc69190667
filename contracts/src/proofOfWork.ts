// The booking proof of work (issue 9 finding 4), one definition for the server that checks it
// and the pages (and tests) that solve it: find a decimal nonce such that
//   SHA-256("<challenge>.<idempotencyKey>.<nonce>")
// starts with `difficulty` zero bits. Binding the idempotency key means one solved challenge
// buys one booking: a retry of the same submission may reuse it, another submission may not.
// Uses only WebCrypto (browsers, workers and Node 20 alike); no zod, so the page's worker stays small.

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
  /** Called after each batch with the number of hashes tried so far. */
  onProgress?(tried: number): void;
  signal?: AbortSignal;
  /** Digests computed concurrently per round (WebCrypto is asynchronous; batching hides its per-call cost). */
  batch?: number;
}

/** Finds the nonce (as a decimal string). About 2^difficulty hashes on average. */
export async function solveProof(o: SolveOptions): Promise<string> {
  const encoder = new TextEncoder();
  const batch = o.batch ?? 512;
  const prefix = proofInput(o.challenge, o.idempotencyKey, '');
  for (let start = 0; start < Number.MAX_SAFE_INTEGER; start += batch) {
    if (o.signal?.aborted) throw o.signal.reason ?? new Error('aborted');
    const digests = await Promise.all(
      Array.from({ length: batch }, (_, i) => crypto.subtle.digest('SHA-256', encoder.encode(prefix + String(start + i)))),
    );
    const hit = digests.findIndex((d) => leadingZeroBits(new Uint8Array(d)) >= o.difficulty);
    if (hit >= 0) return String(start + hit);
    o.onProgress?.(start + batch);
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
