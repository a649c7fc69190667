import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { ChatMessage, CreateCallResponse } from '@videoloket/contracts';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RedisCallStateStore, type CallStateStore } from '../src/call/store';
import { CLERK_PASSWORD, connect, join, request, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 13: "A signalling node that crashes (SIGKILL) loses nothing that Redis holds." Server A
// runs in its own process with the Redis call state store and is killed mid-call; server B,
// on the same Redis and the same data directory (database, keys, accounts), carries the call on.

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL not set: source /work/helpers/services.env or run scripts/services/redis.sh start');
  return url;
}

const redis = new Redis(redisUrl());
const sockets: ClientSocket[] = [];
const servers: TestServer[] = [];
const children: ChildProcess[] = [];
const dataDirs: string[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dataDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await redis.quit();
});

/** Server A: its own process, the Redis call state store under `prefix`. */
async function startServerProcess(dataDir: string, prefix: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'callStoreServer.ts')], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, CALL_STORE_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server A exited early (${code})`)));
    // Its log shares stdout: the one line that says where it listens.
    lines.on('line', (line) => {
      if (line.startsWith('listening ')) resolve(line.slice('listening '.length));
    });
  });
  return { url, child };
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'balie', password: CLERK_PASSWORD }) });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function createCall(url: string, clerkToken: string): Promise<{ callId: string; citizenToken: string }> {
  const res = await fetch(`${url}/api/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${clerkToken}` },
    body: JSON.stringify({ title: 'Paspoort', citizenName: 'Jan Peeters' }),
  });
  if (res.status !== 201) throw new Error(`create call failed: ${res.status}`);
  const body = (await res.json()) as CreateCallResponse;
  return { callId: body.call.callId, citizenToken: new URL(body.citizenLink).hash.replace('#t=', '') };
}

async function open(url: string, auth: { token: string; callId?: string }): Promise<ClientSocket> {
  const socket = await connect(url, auth);
  sockets.push(socket);
  return socket;
}

/**
 * As a browser's reconnection does: until the dead server's lease of the call has run out
 * (at most its 6 s TTL), the new server answers UNAVAILABLE — retry.
 */
async function openRetrying(url: string, auth: { token: string; callId?: string }): Promise<ClientSocket> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await open(url, auth);
    } catch (err) {
      if ((err as Error).message !== 'UNAVAILABLE' || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function ok<T>(socket: ClientSocket, event: string, payload: unknown): Promise<T> {
  const ack = await request(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} refused: ${JSON.stringify(ack.error)}`);
  return ack.data as T;
}

/** On server A (killed at the end): a clerk starts a call, a citizen joins, is admitted, they chat. */
async function callOnServerA(prefix: string) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-restart-'));
  dataDirs.push(dataDir);
  const a = await startServerProcess(dataDir, prefix);
  const clerkToken = await login(a.url);
  const { callId, citizenToken } = await createCall(a.url, clerkToken);
  const clerk = await open(a.url, { token: clerkToken, callId });
  const clerkSeat = await join(clerk);
  const citizen = await open(a.url, { token: citizenToken });
  const citizenSeat = await join(citizen, { displayName: 'Jan Peeters' });
  expect(citizenSeat.self.status).toBe('waiting');
  await ok(clerk, 'call:admit', { participantId: citizenSeat.self.participantId });
  const said = await ok<ChatMessage>(citizen, 'chat:send', { text: 'Goedemorgen, ik kom voor mijn paspoort' });
  await kill(a.child);
  return { dataDir, clerkToken, callId, citizenToken, clerkSeat, citizenSeat, said };
}

function redisStore(prefix: string): CallStateStore {
  return new RedisCallStateStore(redis, { prefix });
}

// Three server starts per test (one a fresh process) on a loaded machine: generous.
describe('a live call survives its signalling process (issue 13)', { timeout: 240_000 }, () => {
  it('with the Redis store: after SIGKILL of server A, server B carries the call on — same seats, no waiting room, the chat goes on', async () => {
    const prefix = `vl-test:${randomUUID()}:`;
    const before = await callOnServerA(prefix);
    const b = await startTestServer({}, { dataDir: before.dataDir, callStore: redisStore(prefix) });
    servers.push(b);

    const citizen = await openRetrying(b.app.url, { token: before.citizenToken });
    const back = await join(citizen, { displayName: 'Jan Peeters', resumeKey: before.citizenSeat.resumeKey });
    expect(back.self).toEqual({ participantId: before.citizenSeat.self.participantId, role: 'citizen', status: 'admitted' });
    expect(back.chatHistory.map((m) => m.text)).toEqual([before.said.text]);

    const clerk = await open(b.app.url, { token: before.clerkToken, callId: before.callId });
    const clerkBack = await join(clerk);
    expect(clerkBack.self.participantId).toBe(before.clerkSeat.self.participantId);
    expect(clerkBack.chatHistory.map((m) => m.text)).toEqual([before.said.text]);

    const heard = new Promise<ChatMessage>((resolve) => clerk.once('chat:message', resolve));
    await ok(citizen, 'chat:send', { text: 'Hoort u mij nog?' });
    expect((await heard).fromParticipantId).toBe(before.citizenSeat.self.participantId);
    expect((await request(clerk, 'call:admit', { participantId: back.self.participantId })).ok).toBe(false);
  });

  it('without a shared store (the embedded default): the call is gone after the restart', async () => {
    const prefix = `vl-test:${randomUUID()}:`;
    const before = await callOnServerA(prefix);
    const b = await startTestServer({}, { dataDir: before.dataDir });
    servers.push(b);

    await expect(open(b.app.url, { token: before.citizenToken })).rejects.toThrow(/GONE|NOT_FOUND/);
    await expect(open(b.app.url, { token: before.clerkToken, callId: before.callId })).rejects.toThrow(/GONE|NOT_FOUND/);
  });

  it("after the take-over: another seat's or another call's resume key gets no seat of this call, a forged call id makes no call, and a third server cannot take the call while B holds it", async () => {
    const prefix = `vl-test:${randomUUID()}:`;
    const store = redisStore(prefix);
    const before = await callOnServerA(prefix);
    const b = await startTestServer({}, { dataDir: before.dataDir, callStore: store });
    servers.push(b);
    // A third server on the same Redis: its own data dir (one PGlite per directory), the same
    // signing key (the citizen's link is valid there). Started before B takes the call over:
    // its PGlite start blocks this test process's event loop (B's lease renewals) for seconds.
    const tokenSecret = (await readFile(path.join(before.dataDir, 'secrets', 'token.key'), 'utf8')).trim();
    const c = await startTestServer({ TOKEN_SECRET: tokenSecret }, { callStore: store });
    servers.push(c);
    const citizen = await openRetrying(b.app.url, { token: before.citizenToken });
    await join(citizen, { displayName: 'Jan Peeters', resumeKey: before.citizenSeat.resumeKey });
    const clerk = await open(b.app.url, { token: before.clerkToken, callId: before.callId });
    await join(clerk);

    // The clerk's resume key with the citizen link: a new waiting seat, not the clerk's seat.
    const impostor = await open(b.app.url, { token: before.citizenToken });
    const withClerkKey = await join(impostor, { displayName: 'Jan Peeters', resumeKey: before.clerkSeat.resumeKey });
    expect(withClerkKey.self.status).toBe('waiting');
    expect(withClerkKey.self.participantId).not.toBe(before.clerkSeat.self.participantId);

    // Another call's admitted seat's key: nothing of this call.
    const clerkToken = await b.login();
    const other = await createCall(b.app.url, clerkToken);
    const otherClerk = await open(b.app.url, { token: clerkToken, callId: other.callId });
    await join(otherClerk);
    const otherCitizen = await open(b.app.url, { token: other.citizenToken });
    const otherSeat = await join(otherCitizen, { displayName: 'Els Claes' });
    await ok(otherClerk, 'call:admit', { participantId: otherSeat.self.participantId });
    const crossing = await open(b.app.url, { token: before.citizenToken });
    const withOtherKey = await join(crossing, { displayName: 'Els Claes', resumeKey: otherSeat.resumeKey });
    expect(withOtherKey.self.status).toBe('waiting');
    expect(withOtherKey.self.participantId).not.toBe(otherSeat.self.participantId);

    // A forged call id: refused, and nothing written for it.
    const forged = randomUUID();
    await expect(open(b.app.url, { token: clerkToken, callId: forged })).rejects.toThrow('NOT_FOUND');
    expect(await store.load(forged)).toBeUndefined();
    expect(await store.leaseHolder(forged)).toBeUndefined();

    // B holds the lease: a third server on the same Redis refuses (retry later) rather than take the seat over.
    await expect(open(c.app.url, { token: before.citizenToken })).rejects.toThrow('UNAVAILABLE');
    const stored = await store.load(before.callId);
    expect(stored?.seats.find((s) => s.participantId === before.citizenSeat.self.participantId)?.status).toBe('admitted');
    // The citizen on B is still in the call: B still answers for it.
    await ok(citizen, 'chat:send', { text: 'Nog steeds hier' });
  });
});
