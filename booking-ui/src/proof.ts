import type { BookingChallengeView, BookingProof } from '@videoloket/contracts';
import { proofProgressPercent } from '@videoloket/contracts/proof-of-work';
import type { ProofMessage, ProofRequest } from './proofWorker';

/**
 * Solves a booking challenge for one submission in a Web Worker; `onProgress` gets a whole
 * percentage (the chance of being done by now) for the progress text.
 */
export function solveInWorker(challenge: BookingChallengeView, idempotencyKey: string, onProgress: (percent: number) => void): Promise<BookingProof> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./proofWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<ProofMessage>) => {
      const m = event.data;
      if (m.type === 'progress') return onProgress(proofProgressPercent(m.tried, challenge.difficulty));
      worker.terminate();
      if (m.type === 'solved') resolve({ challenge: challenge.challenge, nonce: m.nonce });
      else reject(new Error('proof of work failed'));
    };
    worker.onerror = () => {
      worker.terminate();
      reject(new Error('proof of work worker failed'));
    };
    worker.postMessage({ challenge: challenge.challenge, idempotencyKey, difficulty: challenge.difficulty } satisfies ProofRequest);
  });
}
