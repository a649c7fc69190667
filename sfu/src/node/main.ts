// A media node process (issue 13 item 2): `tsx sfu/src/node/main.ts`, or compiled
// `node signaling/dist/media-node.js`. Runs mediasoup workers and serves rooms to the
// signalling nodes over Redis; SIGTERM drains (no new calls, live ones go on, exit when none
// is left), a second SIGTERM or SIGINT closes at once.
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Sfu } from '../Sfu';
import { readMediaNodeConfig } from './config';
import { MediaNode } from './MediaNode';

const config = readMediaNodeConfig();
const logger = pino({ level: config.logLevel, base: { nodeId: config.nodeId } });
const redis = new Redis(config.redisUrl, {
  // Keep trying: a media node outlives a Redis restart (its calls' media never stops).
  // At most 1 s between attempts: clients take a record missing for 5 s (deadAfterMs) for a dead node.
  retryStrategy: (times) => Math.min(times * 200, 1000),
  maxRetriesPerRequest: null,
});
redis.on('error', (error) => logger.warn({ err: error }, 'redis'));

const sfu = new Sfu({
  ...(config.workerCount === undefined ? {} : { workerCount: config.workerCount }),
  listenIp: config.listenIp,
  ...(config.announcedAddress === undefined ? {} : { announcedAddress: config.announcedAddress }),
  udpBasePort: config.port,
  tcpBasePort: config.port,
  ...(config.rtcPortRange ? { rtcPortRange: config.rtcPortRange } : {}),
  logger,
});
await sfu.start();
const node = new MediaNode({ sfu, redis, prefix: config.prefix, nodeId: config.nodeId, logger, heartbeatMs: config.heartbeatMs });
await node.start();

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'media node stopping');
  await node.close();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => {
  if (node.draining) return void stop('second SIGTERM');
  void node.drain().then(() => stop('drained'));
});
process.on('SIGINT', () => void stop('SIGINT'));
