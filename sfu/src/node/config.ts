import { hostname } from 'node:os';

/** A media node's configuration (docs/architecture.md "Media nodes" lists the variables). */
export interface MediaNodeConfig {
  redisUrl: string;
  prefix: string;
  nodeId: string;
  heartbeatMs: number;
  workerCount: number | undefined;
  listenIp: string;
  announcedAddress: string | undefined;
  /** Worker i listens on port + i (UDP and TCP); 0: the OS chooses (tests). */
  port: number;
  rtcPortRange: { min: number; max: number } | undefined;
  logLevel: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
  return value;
}

/** The one reader of the environment in a media node process. Throws on a missing or bad value. */
export function readMediaNodeConfig(env: NodeJS.ProcessEnv = process.env): MediaNodeConfig {
  const redisUrl = env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is required: media nodes are driven over Redis');
  const min = env.MEDIA_RTC_MIN_PORT;
  const max = env.MEDIA_RTC_MAX_PORT;
  return {
    redisUrl,
    prefix: env.REDIS_KEY_PREFIX ?? 'vl:',
    nodeId: env.MEDIA_NODE_ID || hostname(),
    heartbeatMs: integer(env, 'MEDIA_NODE_HEARTBEAT_MS', 2000, 100, 60_000),
    workerCount: env.MEDIA_WORKERS ? integer(env, 'MEDIA_WORKERS', 1, 1, 64) : undefined,
    listenIp: env.MEDIA_LISTEN_IP || '0.0.0.0',
    announcedAddress: env.MEDIA_ANNOUNCED_ADDRESS || undefined,
    port: integer(env, 'MEDIA_PORT', 40000, 0, 65535),
    rtcPortRange: min && max ? { min: integer(env, 'MEDIA_RTC_MIN_PORT', 0, 1, 65535), max: integer(env, 'MEDIA_RTC_MAX_PORT', 0, 1, 65535) } : undefined,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
