import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LimitReachedError, MediaNodeUnreachableError, SfuError } from '../src';
import { BusClient } from '../src/node/BusClient';
import { BusServer } from '../src/node/BusServer';
import { busKeys } from '../src/node/wire';
import { waitFor } from './helpers';
import { OwnRedis, connect, dropPrefix, testPrefix, testRedisUrl } from './redis';

// The bus between signalling and media nodes on a real Redis, without mediasoup: a request
// and its reply, errors keeping their code, requests that cannot be answered failing in
// time, and a Redis restart in the middle of a request.

const logger = pino({ level: 'warn' });

/** A gate a handler waits on, opened by the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('media bus on the shared Redis', () => {
  let redis: Redis;
  let prefix: string;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(() => {
    redis = connect(testRedisUrl());
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await dropPrefix(redis, prefix);
  });
  afterAll(async () => {
    redis.disconnect();
  });

  /** A node record like a media node's heartbeat, refreshed until the test ends. */
  function alive(nodeId: string) {
    const key = busKeys(prefix).node(nodeId);
    const beat = () => redis.set(key, JSON.stringify({ id: nodeId }), 'PX', 1500).catch(() => undefined);
    void beat();
    const timer = setInterval(beat, 300);
    closers.push(async () => clearInterval(timer));
  }

  async function server(nodeId: string, handle: (op: string, args: unknown[]) => Promise<unknown>) {
    const s = new BusServer({ redis, prefix, nodeId, handle, logger, blockMs: 200 });
    await s.start();
    closers.push(() => s.close());
    return s;
  }

  function client(options: { timeoutMs?: number } = {}) {
    const c = new BusClient({ redis, prefix, logger, livenessMs: 200, deadAfterMs: 1000, blockMs: 200, ...options });
    c.start();
    closers.push(() => c.close());
    return c;
  }

  it('answers a request and keeps the SFU error code and name across the bus', async () => {
    prefix = testPrefix();
    alive('n1');
    await server('n1', async (op, args) => {
      if (op === 'echo') return { echoed: args };
      if (op === 'limit') throw new LimitReachedError('a send transport already exists');
      if (op === 'bad') throw new TypeError('invalid dtlsParameters');
      throw new Error(`unknown op ${op}`);
    });
    const c = client();
    expect(await c.request('n1', 'echo', [1, 'two'])).toEqual({ echoed: [1, 'two'] });

    const limit = await c.request('n1', 'limit', []).catch((e: unknown) => e);
    expect(limit).toBeInstanceOf(SfuError);
    expect(limit).toMatchObject({ code: 'LIMIT_REACHED', name: 'LimitReachedError', message: 'a send transport already exists' });
    // mediasoup's refusal of bad parameters stays a TypeError (CallMedia answers VALIDATION for it).
    expect(await c.request('n1', 'bad', []).catch((e: unknown) => e)).toBeInstanceOf(TypeError);
  });

  it('runs a request sent again with the same id once, and answers both', async () => {
    prefix = testPrefix();
    alive('n1');
    let runs = 0;
    await server('n1', async () => ++runs);
    const c = client();
    expect(await c.request('n1', 'count', [], { requestId: 'retry-me' })).toBe(1);
    // The caller's retry of the same request: the remembered answer, no second run.
    expect(await c.request('n1', 'count', [], { requestId: 'retry-me' })).toBe(1);
    expect(await c.request('n1', 'count', [])).toBe(2);
    expect(runs).toBe(2);
  });

  it('fails a request to a node with no heartbeat as unreachable (dead), long before its deadline', async () => {
    prefix = testPrefix();
    const c = client({ timeoutMs: 30_000 });
    const started = Date.now();
    const error = await c.request('ghost', 'echo', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaNodeUnreachableError);
    expect(error).toMatchObject({ code: 'MEDIA_NODE_UNREACHABLE', reason: 'dead', nodeId: 'ghost' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('fails a request nobody answers at its deadline (timeout); a node started later does not run it', async () => {
    prefix = testPrefix();
    alive('late');
    const c = client();
    const error = await c.request('late', 'work', [], { timeoutMs: 800 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MEDIA_NODE_UNREACHABLE', reason: 'timeout' });

    const ran: string[] = [];
    await server('late', async (op) => ran.push(op));
    expect(await c.request('late', 'fresh', [])).toBe(1);
    expect(ran).toEqual(['fresh']);
  });

  it('a node restarted under the same id does not run what its previous run had taken', async () => {
    prefix = testPrefix();
    alive('n2');
    const stuck = gate();
    const ran: string[] = [];
    const first = new BusServer({
      redis, prefix, nodeId: 'n2', logger, blockMs: 200,
      handle: async (op) => {
        ran.push(`first:${op}`);
        await stuck.opened;
      },
    });
    await first.start();
    const c = client({ timeoutMs: 20_000 });
    const answer = c.request('n2', 'produce', []).catch((e: unknown) => e);
    await waitFor('the first run to take the request', () => ran.length === 1);
    // The old process is gone without acknowledging (its reply never leaves: the gate stays shut).
    await first.close();

    await server('n2', async (op) => ran.push(`second:${op}`));
    expect(await answer).toMatchObject({ code: 'MEDIA_UNAVAILABLE' });
    expect(ran).toEqual(['first:produce']);
    stuck.open();
  });
});

describe('media bus across a Redis restart', () => {
  let own: OwnRedis;
  let nodeRedis: Redis;
  let clientRedis: Redis;
  const prefix = testPrefix();
  let server: BusServer | undefined;
  let client: BusClient | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    own = await OwnRedis.start();
    nodeRedis = connect(own.url);
    clientRedis = connect(own.url);
  });
  afterAll(async () => {
    clearInterval(heartbeat);
    await client?.close();
    await server?.close();
    nodeRedis?.disconnect();
    clientRedis?.disconnect();
    await own?.stop();
  });

  it('a request in flight when Redis restarts (losing every key) is sent again and answered once', async () => {
    const key = busKeys(prefix).node('n1');
    heartbeat = setInterval(() => void nodeRedis.set(key, '{}', 'PX', 1500).catch(() => undefined), 200);
    await nodeRedis.set(key, '{}', 'PX', 1500);
    const release = gate();
    let runs = 0;
    server = new BusServer({
      redis: nodeRedis, prefix, nodeId: 'n1', logger, blockMs: 200,
      handle: async (_op, args) => {
        runs++;
        await release.opened;
        return { produced: args[0] };
      },
    });
    await server.start();
    client = new BusClient({ redis: clientRedis, prefix, logger, livenessMs: 200, deadAfterMs: 1500, blockMs: 200, timeoutMs: 30_000 });
    client.start();

    const answer = client.request('n1', 'produce', ['camera']);
    await waitFor('the node to run the request', () => runs === 1);
    await own.stop();
    await own.start();
    // Both sides reconnect; the client sends the request again (same id) to the new, empty Redis.
    await waitFor('the client to reconnect', () => clientRedis.status === 'ready', 20_000);
    await waitFor('the node to reconnect', () => nodeRedis.status === 'ready', 20_000);
    release.open();
    expect(await answer).toEqual({ produced: 'camera' });
    expect(runs).toBe(1);

    // And the bus goes on: a new request after the restart.
    expect(await client.request('n1', 'produce', ['microphone'])).toEqual({ produced: 'microphone' });
    expect(runs).toBe(2);
  });
});
