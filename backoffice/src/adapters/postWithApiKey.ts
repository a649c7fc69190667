import { UnavailableError } from '@videoloket/contracts';
import type { PushContext } from './CaseSystem';

/**
 * One JSON POST of a push to an API-key receiver (DOSIS, a citizen inbox), with the message's
 * Idempotency-Key; anything but a 2xx is an UnavailableError, so the outbox tries again.
 */
export async function postWithApiKey(fetchImpl: typeof fetch, receiver: string, target: { url: string; apiKey: string }, body: unknown, ctx: PushContext): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey, 'idempotency-key': ctx.idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new UnavailableError(`${receiver} unreachable: ${(err as Error).message}`);
  }
  if (!res.ok) throw new UnavailableError(`${receiver} answered ${res.status}`);
}
