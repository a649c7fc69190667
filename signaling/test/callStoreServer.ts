// A test server in its own process with the Redis call state store, so a test can SIGKILL it
// (signaling/test/call-survives-restart.test.ts): prints "listening <url>" once it listens.
// Env: DATA_DIR, TEST_REDIS_URL, CALL_STORE_PREFIX.
import { Redis } from 'ioredis';
import { RedisCallStateStore } from '../src/call/store';
import { createLogger, startVideoloket } from '../src/index';
import { testConfig } from './support';

const redis = new Redis(process.env.TEST_REDIS_URL!);
const app = await startVideoloket(testConfig(process.env.DATA_DIR!), createLogger('warn'), {
  callStore: new RedisCallStateStore(redis, { prefix: process.env.CALL_STORE_PREFIX! }),
});
process.stdout.write(`listening ${app.url}\n`);
