import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

// The one place the signalling process opens Redis (issue 13): the state several nodes share
// (state/SharedState.ts) and the Socket.IO adapter's connections. Everything else takes the
// client from here; nothing else reads REDIS_URL.

export interface RedisSettings {
  /** redis:// or rediss:// (TLS); may carry a password, which never reaches the logs. */
  url: string;
  keyPrefix: string;
}

/** A command Redis has not answered within this long fails (503 to the request), so nothing waits for a dead Redis. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** Reconnect attempts back off up to this delay and never stop: the node serves again as soon as Redis is back. */
const MAX_RECONNECT_DELAY_MS = 2_000;

export interface SharedRedis {
  /** For the stores: commands time out after REDIS_COMMAND_TIMEOUT_MS. */
  readonly client: Redis;
  readonly keyPrefix: string;
  /**
   * A connection of its own for the Socket.IO adapter (which duplicates it for its stream
   * reader), with the same command timeout: the adapter publishes a push to Redis before it
   * delivers it to this node's sockets, so a dead Redis may hold a push for at most that long.
   */
  forSocketAdapter(): Redis;
  /** Closes every connection made here. Safe to call twice. */
  close(): Promise<void>;
}

/** The URL as it may be logged: the password (and a user name) replaced. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username) u.username = '***';
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://<unparsable>';
  }
}

/** Connects (and throws a clear error when Redis does not answer at start). */
export async function openRedis(settings: RedisSettings, logger: Logger): Promise<SharedRedis> {
  const log = logger.child({ component: 'redis', redis: redactRedisUrl(settings.url) });
  const base: RedisOptions = {
    lazyConnect: true,
    connectionName: 'videoloket-signaling',
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), MAX_RECONNECT_DELAY_MS),
    // A command given while reconnecting waits in the queue, bounded by the command timeout.
    maxRetriesPerRequest: 1,
  };
  const client = new Redis(settings.url, { ...base, commandTimeout: REDIS_COMMAND_TIMEOUT_MS });
  watch(client, log);
  const others: Redis[] = [];
  // connect() rejects with "Connection is closed"; the cause (ECONNREFUSED, NOAUTH …) came as an 'error' first.
  let cause: Error | undefined;
  const remember = (err: Error) => (cause = err);
  client.on('error', remember);
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`Redis at ${redactRedisUrl(settings.url)} does not answer (REDIS_URL): ${(cause ?? (err as Error)).message}`);
  } finally {
    client.off('error', remember);
  }
  log.info('connected');
  let closing: Promise<void> | undefined;
  return {
    client,
    keyPrefix: settings.keyPrefix,
    forSocketAdapter() {
      // lazyConnect: the adapter connects the duplicates itself.
      const adapterClient = new Redis(settings.url, { ...base, connectionName: 'videoloket-socket-adapter', commandTimeout: REDIS_COMMAND_TIMEOUT_MS });
      adapterClient.on('error', () => {}); // the command connection above reports Redis going away
      others.push(adapterClient);
      return adapterClient;
    },
    close() {
      closing ??= (async () => {
        for (const c of others) c.disconnect();
        await client.quit().catch(() => client.disconnect());
      })();
      return closing;
    },
  };
}

/** One line when Redis goes away and one when it is back, not one per reconnect attempt. */
function watch(client: Redis, log: Logger): void {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    // ioredis' messages name the host and port, never the password.
    log.error({ err: { message: err.message, code: (err as NodeJS.ErrnoException).code } }, 'Redis unreachable: shared state answers 503 until it is back');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.warn('Redis reachable again');
  });
}
