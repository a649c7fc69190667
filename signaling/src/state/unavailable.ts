import { AppError, UnavailableError } from '@videoloket/contracts';
import { RateLimiterRes } from 'rate-limiter-flexible';

/**
 * A shared-state command failed (Redis down, timed out): the request gets 503 with a clear
 * message instead of a 500 or a hang. A limiter's refusal (RateLimiterRes) and our own
 * errors pass through unchanged.
 */
export function storeFailure(err: unknown): never {
  if (err instanceof RateLimiterRes || err instanceof AppError) throw err;
  throw new UnavailableError('The shared state (Redis) does not answer; try again in a moment');
}
