import { solveProof } from '@videoloket/contracts/proof-of-work';

// Solves the booking's proof of work off the main thread, so the page stays responsive and
// the progress text keeps updating (issue 9 finding 4). One message in, progress and one
// answer out.

export interface ProofRequest {
  challenge: string;
  idempotencyKey: string;
  difficulty: number;
}
export type ProofMessage = { type: 'progress'; tried: number } | { type: 'solved'; nonce: string } | { type: 'failed' };

// The web build's types are the window's; inside the worker only these two are used.
const scope = globalThis as unknown as { onmessage: ((event: MessageEvent<ProofRequest>) => void) | null; postMessage(message: ProofMessage): void };

scope.onmessage = (event) => {
  let lastReport = 0;
  try {
    const nonce = solveProof({
      ...event.data,
      onProgress(tried) {
        // A few updates a second are enough for the progress text.
        const now = performance.now();
        if (now - lastReport < 250) return;
        lastReport = now;
        scope.postMessage({ type: 'progress', tried });
      },
    });
    scope.postMessage({ type: 'solved', nonce });
  } catch {
    scope.postMessage({ type: 'failed' });
  }
};
