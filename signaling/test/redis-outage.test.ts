import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '@videoloket/contracts';
import { OwnRedis } from '@videoloket/sfu/testing';
import { callRoom } from '../src/socket/pushes';
import { CLERK_PASSWORD, connect, freePort, join, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 13: a signalling node whose Redis goes away keeps running. What needs the shared state
// (here: the sign-in's rate limits) answers 503 UNAVAILABLE within the command timeout instead
// of hanging or crashing; what does not (health, a live call's socket) goes on; when Redis is
// back, so is the node, and pushes between nodes flow again. Its own redis-server with a
// password (this test stops and restarts it), which must never reach the logs.

const PASSWORD = 'a-redis-password-never-logged';
let redis: OwnRedis;
let server: TestServer;
/** A second node on the same Redis. */
let other: TestServer;
const logs: string[] = [];
const sockets: ClientSocket[] = [];

const message = (text: string): ChatMessage => ({ id: `m-${text}`, fromParticipantId: 'node', fromName: 'Node', text, sentAt: new Date().toISOString() });

const signIn = () =>
  fetch(`${server.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'balie', password: CLERK_PASSWORD }) });

beforeAll(async () => {
  redis = await OwnRedis.start({ password: PASSWORD });
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString()), done()) }));
  const env = { REDIS_URL: redis.url, TOKEN_SECRET: 't'.repeat(48) };
  server = await startTestServer(env, { logger });
  other = await startTestServer(env, { logger: pino({ level: 'silent' }) });
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
  await other?.stop();
  await redis?.stop();
});

describe('a signalling node whose Redis goes away', () => {
  it('refuses to start with a clear error when Redis does not answer, password left out', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-test-'));
    try {
      const closed = await freePort();
      const start = startTestServer({ REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${closed}` }, { dataDir, logger: pino({ level: 'silent' }) });
      await expect(start).rejects.toThrow(`Redis at redis://:***@127.0.0.1:${closed} does not answer (REDIS_URL)`);
      await expect(start).rejects.not.toThrow(PASSWORD);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 503 for what needs Redis while it is down, keeps serving the rest, and recovers', async () => {
    expect((await signIn()).status).toBe(200);
    const token = await server.login();
    const call = await server.createCall(token, 'Tijdens een Redis-storing');
    const clerk = await connect(server.app.url, { token, callId: call.call.callId });
    sockets.push(clerk);
    const otherToken = await other.login();
    const otherCall = await other.createCall(otherToken, 'Op de andere knoop');
    const otherClerk = await connect(other.app.url, { token: otherToken, callId: otherCall.call.callId });
    sockets.push(otherClerk);
    await join(otherClerk);

    await redis.stop();
    const refused = await signIn();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ code: 'UNAVAILABLE', message: 'The shared state (Redis) does not answer; try again in a moment' });
    expect((await signIn()).status).toBe(503);
    // The process lives on: health, and a live call's socket (no shared state in a join).
    expect((await fetch(`${server.app.url}/api/health`)).status).toBe(200);
    expect((await join(clerk)).self.role).toBe('clerk');
    // A push to this node's own sockets still arrives: the adapter gives up publishing it to Redis (command timeout) and delivers.
    const local = new Promise<ChatMessage>((resolve) => clerk.once('chat:message', resolve));
    server.app.io.to(callRoom(call.call.callId)).emit('chat:message', message('during the outage'));
    expect((await local).text).toBe('during the outage');

    await redis.start();
    await vi.waitFor(async () => expect((await signIn()).status).toBe(200), { timeout: 30_000, interval: 250 });
    // Pushes between the nodes flow again (the adapter re-reads the new stream and re-subscribes).
    const across: string[] = [];
    otherClerk.on('chat:message', (m) => across.push(m.text));
    await vi.waitFor(
      () => {
        server.app.io.to(callRoom(otherCall.call.callId)).emit('chat:message', message('after the outage'));
        expect(across).toContain('after the outage');
      },
      { timeout: 30_000, interval: 500 },
    );
    const log = logs.join('');
    expect(log).toContain('Redis unreachable');
    expect(log).toContain('Redis reachable again');
    expect(log).not.toContain(PASSWORD);
  });
});
