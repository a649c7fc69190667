import { createAdapter } from '@socket.io/redis-streams-adapter';
import { REDIS_COMMAND_TIMEOUT_MS, type SharedRedis } from './redis';
import { RedisSingleUseStore } from './RedisSingleUseStore';
import { redisLimiter, redisLimiterFactory } from './redisLimiters';
import type { SharedState } from './SharedState';

// The Redis side of SharedState (REDIS_URL set); SharedState.ts loads it only then.

const SOCKET_ADAPTER_BLOCK_MS = REDIS_COMMAND_TIMEOUT_MS / 2;

/** Keys: `<prefix>limit:<name>:<key>`, `<prefix>once:<area>:<id>`, Socket.IO's under `<prefix>sio:`. */
export function redisState(redis: SharedRedis): SharedState {
  const prefix = redis.keyPrefix;
  return {
    kind: 'redis',
    redis,
    limiter: (o) => redisLimiter(redis.client, `${prefix}limit:`, o),
    loginLimiters: redisLimiterFactory(redis.client, `${prefix}limit:`),
    singleUse: (area) => new RedisSingleUseStore(redis.client, `${prefix}once:${area}:`),
    socketAdapter: () =>
      createAdapter(redis.forSocketAdapter(), {
        streamName: `${prefix}sio:stream`,
        channelPrefix: `${prefix}sio:channel`,
        sessionKeyPrefix: `${prefix}sio:session:`,
        // Its XREAD blocks for this long; below the command timeout so an idle wait never times out.
        blockTimeInMs: SOCKET_ADAPTER_BLOCK_MS,
      }),
    close: () => redis.close(),
  };
}
