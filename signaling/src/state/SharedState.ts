import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { memoryLimiter, type LimitOptions, type Limiter } from '../abuse/Limiter';
import { MemorySingleUseStore, type SingleUseStore } from '../abuse/SingleUseStore';
import { memoryLimiters, type LimiterFactory } from '../auth/LoginGuard';
import { REDIS_COMMAND_TIMEOUT_MS, openRedis, type RedisSettings, type SharedRedis } from './redis';
import { RedisSingleUseStore } from './RedisSingleUseStore';
import { redisLimiter, redisLimiterFactory } from './redisLimiters';

// What several signalling nodes must agree on (issue 13 item 1; docs/architecture.md "Shared
// state"): rate-limit windows, spent single-use ids (booking challenges, OIDC sign-in states,
// clerk hand-offs) and Socket.IO's fan-out. With REDIS_URL they live in Redis, else in this
// process behind the same interfaces. What is rightly per node stays out of here: sockets per
// link/address (ConnectionLimits counts this node's own sockets) and the password checks in
// flight (PasswordCheckGate bounds this node's thread pool).

export type SocketAdapter = ReturnType<typeof createAdapter>;

const SOCKET_ADAPTER_BLOCK_MS = REDIS_COMMAND_TIMEOUT_MS / 2;

export interface SharedState {
  /** 'redis' or 'memory', for the start-up log. */
  readonly kind: 'memory' | 'redis';
  /** The Redis connection, for other stores of the process (e.g. the live call store); undefined in memory. */
  readonly redis?: SharedRedis;
  /** A rate limit; `o.name` keeps the keys of different limits apart. */
  limiter(o: LimitOptions): Limiter;
  /** LoginGuard's counters. */
  readonly loginLimiters: LimiterFactory;
  /** Spent ids of one kind (`area`): ids of different areas never meet. */
  singleUse(area: string): SingleUseStore;
  /** Socket.IO's adapter across nodes; undefined: the default in-process one. */
  socketAdapter(): SocketAdapter | undefined;
  /** Closes the connections (after the Socket.IO server closed). Safe to call twice. */
  close(): Promise<void>;
}

export function memoryState(): SharedState {
  return {
    kind: 'memory',
    limiter: memoryLimiter,
    loginLimiters: memoryLimiters,
    singleUse: () => new MemorySingleUseStore(),
    socketAdapter: () => undefined,
    close: async () => {},
  };
}

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

/** From config: Redis when REDIS_URL is set (connected, or a clear error), else this process. */
export async function openSharedState(settings: RedisSettings | undefined, logger: Logger): Promise<SharedState> {
  return settings ? redisState(await openRedis(settings, logger)) : memoryState();
}
