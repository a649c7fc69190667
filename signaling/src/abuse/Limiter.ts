import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * A counter of actions per key over a fixed window: `points` actions per `durationSeconds`.
 * In this process (memoryLimiter) or shared by several nodes through Redis
 * (state/redisLimiters.ts: rate-limiter-flexible's RateLimiterRedis with the same options).
 */
export interface Limiter {
  /** Counts one action for `key`; `allowed` false (and nothing counted) once the window is full. */
  consume(key: string): Promise<LimitDecision>;
  /** Gives back one action counted for `key` (it did not happen after all). */
  refund(key: string): Promise<void>;
}

export interface LimitDecision {
  allowed: boolean;
  /** Until the window has room again. */
  retryAfterMs: number;
}

export interface LimitOptions {
  /** Names the limit; keys of different limits never meet. */
  name: string;
  points: number;
  durationSeconds: number;
}

/** In-process store: right for one process (the embedded default). */
export function memoryLimiter(o: LimitOptions): Limiter {
  return limiterOver(new RateLimiterMemory({ keyPrefix: o.name, points: o.points, duration: o.durationSeconds }));
}

/** The Limiter interface over any of rate-limiter-flexible's stores. */
export function limiterOver(limiter: RateLimiterAbstract): Limiter {
  return {
    async consume(key) {
      try {
        const res = await limiter.consume(key);
        return { allowed: true, retryAfterMs: res.msBeforeNext };
      } catch (rejection) {
        // rate-limiter-flexible rejects with a RateLimiterRes when the window is full, with an Error otherwise.
        if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: rejection.msBeforeNext };
        throw rejection;
      }
    },
    async refund(key) {
      await limiter.reward(key, 1);
    },
  };
}
