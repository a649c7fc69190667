import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { limiterOver, type LimitOptions, type Limiter } from '../abuse/Limiter';
import type { LimiterFactory } from '../auth/LoginGuard';
import { storeFailure } from './unavailable';

/**
 * rate-limiter-flexible's Redis limiter (one Lua script: SET NX EX + INCRBY + PTTL, so nodes
 * counting at once never lose a count; the window expires in Redis), with a failing Redis
 * turned into 503 (state/unavailable.ts) instead of an unexplained error.
 */
class SharedRateLimiter extends RateLimiterRedis {
  override consume(...a: Parameters<RateLimiterRedis['consume']>) {
    return super.consume(...a).catch(storeFailure);
  }
  override penalty(...a: Parameters<RateLimiterRedis['penalty']>) {
    return super.penalty(...a).catch(storeFailure);
  }
  override reward(...a: Parameters<RateLimiterRedis['reward']>) {
    return super.reward(...a).catch(storeFailure);
  }
  override get(...a: Parameters<RateLimiterRedis['get']>) {
    return super.get(...a).catch(storeFailure);
  }
  override set(...a: Parameters<RateLimiterRedis['set']>) {
    return super.set(...a).catch(storeFailure);
  }
  override block(...a: Parameters<RateLimiterRedis['block']>) {
    return super.block(...a).catch(storeFailure);
  }
  override delete(...a: Parameters<RateLimiterRedis['delete']>) {
    return super.delete(...a).catch(storeFailure);
  }
}

/** LoginGuard's counters, shared: keys `<prefix><limit name>:<key>`. */
export function redisLimiterFactory(redis: Redis, prefix: string): LimiterFactory {
  return (o) => new SharedRateLimiter({ storeClient: redis, ...o, keyPrefix: prefix + o.keyPrefix });
}

/** The Limiter interface (abuse/Limiter.ts) over Redis: the same window on every node. */
export function redisLimiter(redis: Redis, prefix: string, o: LimitOptions): Limiter {
  return limiterOver(new SharedRateLimiter({ storeClient: redis, keyPrefix: prefix + o.name, points: o.points, duration: o.durationSeconds }));
}
