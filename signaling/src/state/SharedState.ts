import type { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { memoryLimiter, type LimitOptions, type Limiter } from '../abuse/Limiter';
import { MemorySingleUseStore, type SingleUseStore } from '../abuse/SingleUseStore';
import { memoryLimiters, type LimiterFactory } from '../auth/LoginGuard';
import type { RedisSettings, SharedRedis } from './redis';

// What several signalling nodes must agree on (issue 13 item 1; docs/architecture.md "Shared
// state"): rate-limit windows, spent single-use ids (booking challenges, OIDC sign-in states,
// clerk hand-offs) and Socket.IO's fan-out. With REDIS_URL they live in Redis, else in this
// process behind the same interfaces. What is rightly per node stays out of here: sockets per
// link/address (ConnectionLimits counts this node's own sockets) and the password checks in
// flight (PasswordCheckGate bounds this node's thread pool).

export type SocketAdapter = ReturnType<typeof createAdapter>;

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

/** From config: Redis when REDIS_URL is set (connected, or a clear error), else this process. */
export async function openSharedState(settings: RedisSettings | undefined, logger: Logger): Promise<SharedState> {
  if (!settings) return memoryState();
  // Loaded only when used: ioredis, the adapter and the limiters cost the embedded default memory (issue 11's footprint).
  const [{ openRedis }, { redisState }] = await Promise.all([import('./redis'), import('./RedisSharedState')]);
  return redisState(await openRedis(settings, logger));
}
