import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { waitFor } from './helpers';

// Redis for tests (the media bus here; signaling's redis-outage through @videoloket/sfu/testing): the shared TEST_REDIS_URL with a key prefix per test, or a
// redis-server of the test's own when the test restarts Redis.

export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: source /work/helpers/services.env (scripts/services/redis.sh)');
  return url;
}

/** A prefix no other test uses, so tests share one Redis. */
export function testPrefix(): string {
  return `vl-test:${randomUUID().slice(0, 8)}:`;
}

export function connect(url: string): Redis {
  // A short, steady reconnect: the restart tests bring Redis back within a second or two.
  return new Redis(url, { retryStrategy: () => 100, maxRetriesPerRequest: null });
}

/** Deletes every key under `prefix` (bounded: SCAN in pages). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  for (let page = 0; page < 1000; page++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') return;
  }
}

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A redis-server of our own (no persistence: a restart loses everything, the worst case), on one port across restarts. */
export class OwnRedis {
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly password: string | undefined,
  ) {}

  /** `password`: the server requires it (`requirepass`), and `url` carries it. */
  static async start(options: { password?: string } = {}): Promise<OwnRedis> {
    const redis = new OwnRedis(await freeTcpPort(), options.password);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://${this.password === undefined ? '' : `:${this.password}@`}127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const auth = this.password === undefined ? [] : ['--requirepass', this.password];
    this.#child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth], {
      stdio: 'ignore',
    });
    await waitFor('redis-server to accept connections', () => canConnect(this.port), 20_000);
  }

  /** SIGKILL, as a crash would. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
