import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  MemoryCallStateStore,
  NotCallOwnerError,
  RedisCallStateStore,
  STORED_CHAT_LIMIT,
  type CallStateStore,
  type StoredCall,
  type StoredSeat,
} from '../src/call/store';

// Issue 13: "The call/seat store has one contract suite run against the in-process store and Redis."

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL not set: source /work/helpers/services.env or run scripts/services/redis.sh start');
  return url;
}

const clients: Redis[] = [];
afterAll(async () => {
  for (const client of clients) await client.quit();
});

const implementations: [string, () => CallStateStore][] = [
  ['in-process', () => new MemoryCallStateStore()],
  [
    'Redis',
    () => {
      const redis = new Redis(redisUrl());
      clients.push(redis);
      return new RedisCallStateStore(redis, { prefix: `vl-test:${randomUUID()}:` });
    },
  ],
];

const LEASE_MS = 6_000;

function callOf(callId: string, fields: Partial<StoredCall> = {}): StoredCall {
  return {
    callId,
    title: 'Paspoort',
    createdByClerkId: 'clerk-1',
    createdAt: new Date('2026-12-08T09:00:00Z').toISOString(),
    status: 'open',
    withdrawnLinks: [],
    usedDirectLinks: [],
    chatSeq: 0,
    ...fields,
  };
}

function seatOf(fields: Partial<StoredSeat> = {}): StoredSeat {
  return { participantId: randomUUID(), role: 'citizen', displayName: 'An Peeters', status: 'waiting', resumeKey: randomUUID(), lastSeenAt: 1, linkId: 'link-1', waitingSince: 1, ...fields };
}

describe.each(implementations)('call state store (%s)', (_name, makeStore) => {
  it('keeps a call, its seats and its chat, as written', async () => {
    const store = makeStore();
    const callId = randomUUID();
    expect(await store.acquireLease(callId, 'node-a', LEASE_MS)).toBe(true);
    const clerk = seatOf({ role: 'clerk', clerkId: 'clerk-1', status: 'admitted', linkId: undefined, waitingSince: undefined });
    const citizen = seatOf({ language: 'fr', chatFrom: 3 });
    const call = callOf(callId, { appointmentId: 'appt-1', assignedTo: 'clerk-2', identityVerified: { via: 'government_login', name: 'An Peeters' }, withdrawnLinks: ['old'], usedDirectLinks: ['d'], chatSeq: 1 });
    await store.save('node-a', call, [clerk, citizen]);
    const message = { seq: 0, message: { id: randomUUID(), fromParticipantId: citizen.participantId, fromName: 'An Peeters', text: 'Goedemorgen', sentAt: new Date().toISOString() } };
    await store.appendChat('node-a', callId, message);

    const loaded = await store.load(callId);
    expect(loaded?.call).toEqual(call);
    expect(loaded?.seats).toHaveLength(2);
    expect(loaded?.seats).toEqual(expect.arrayContaining([clerk, citizen]));
    expect(loaded?.chat).toEqual([message]);
  });

  it('a later save replaces the seats: a seat not listed is gone, with its resume key', async () => {
    const store = makeStore();
    const callId = randomUUID();
    await store.acquireLease(callId, 'node-a', LEASE_MS);
    const leaving = seatOf();
    const staying = seatOf();
    await store.save('node-a', callOf(callId), [leaving, staying]);
    await store.save('node-a', callOf(callId, { title: 'Rijbewijs' }), [{ ...staying, status: 'admitted' }]);

    const loaded = await store.load(callId);
    expect(loaded?.call.title).toBe('Rijbewijs');
    expect(loaded?.seats).toEqual([{ ...staying, status: 'admitted' }]);
    expect(await store.seatByResumeKey(callId, leaving.resumeKey)).toBeUndefined();
    expect((await store.seatByResumeKey(callId, staying.resumeKey))?.status).toBe('admitted');
  });

  it('finds a seat by its resume key only in its own call', async () => {
    const store = makeStore();
    const [first, second] = [randomUUID(), randomUUID()];
    const seat = seatOf();
    for (const callId of [first, second]) await store.acquireLease(callId, 'node-a', LEASE_MS);
    await store.save('node-a', callOf(first), [seat]);
    await store.save('node-a', callOf(second), [seatOf()]);

    expect((await store.seatByResumeKey(first, seat.resumeKey))?.participantId).toBe(seat.participantId);
    expect(await store.seatByResumeKey(second, seat.resumeKey)).toBeUndefined();
    expect(await store.seatByResumeKey(first, `${seat.resumeKey}x`)).toBeUndefined();
    expect(await store.seatByResumeKey(randomUUID(), seat.resumeKey)).toBeUndefined();
  });

  it('an unknown call loads as nothing', async () => {
    expect(await makeStore().load(randomUUID())).toBeUndefined();
  });

  it('keeps the last messages of a long chat, oldest first', async () => {
    const store = makeStore();
    const callId = randomUUID();
    await store.acquireLease(callId, 'node-a', LEASE_MS);
    await store.save('node-a', callOf(callId), []);
    const total = STORED_CHAT_LIMIT + 5;
    for (let seq = 0; seq < total; seq++) {
      await store.appendChat('node-a', callId, { seq, message: { id: `m${seq}`, fromParticipantId: 'p', fromName: 'P', text: `${seq}`, sentAt: new Date(0).toISOString() } });
    }
    const chat = (await store.load(callId))!.chat;
    expect(chat).toHaveLength(STORED_CHAT_LIMIT);
    expect(chat[0]?.seq).toBe(5);
    expect(chat.at(-1)?.seq).toBe(total - 1);
  });

  it('one owner per call: another node cannot take a held lease, nor write', async () => {
    const store = makeStore();
    const callId = randomUUID();
    expect(await store.acquireLease(callId, 'node-a', LEASE_MS)).toBe(true);
    await store.save('node-a', callOf(callId), [seatOf()]);

    expect(await store.acquireLease(callId, 'node-b', LEASE_MS)).toBe(false);
    expect(await store.renewLease(callId, 'node-b', LEASE_MS)).toBe(false);
    await store.releaseLease(callId, 'node-b');
    expect(await store.leaseHolder(callId)).toBe('node-a');
    await expect(store.save('node-b', callOf(callId, { title: 'overgenomen' }), [])).rejects.toBeInstanceOf(NotCallOwnerError);
    await expect(store.appendChat('node-b', callId, { seq: 0, message: { id: 'x', fromParticipantId: 'p', fromName: 'P', text: 'x', sentAt: new Date(0).toISOString() } })).rejects.toBeInstanceOf(
      NotCallOwnerError,
    );
    await expect(store.remove('node-b', callId)).rejects.toBeInstanceOf(NotCallOwnerError);

    const loaded = await store.load(callId);
    expect(loaded?.call.title).toBe('Paspoort');
    expect(loaded?.seats).toHaveLength(1);
    expect(loaded?.chat).toEqual([]);
    // The owner itself may take its lease again and renew it.
    expect(await store.acquireLease(callId, 'node-a', LEASE_MS)).toBe(true);
    expect(await store.renewLease(callId, 'node-a', LEASE_MS)).toBe(true);
  });

  it('a lease nobody renews expires: another node takes the call over and the old owner can no longer write', async () => {
    const store = makeStore();
    const callId = randomUUID();
    await store.acquireLease(callId, 'node-a', 200);
    await store.save('node-a', callOf(callId), [seatOf()]);
    await vi.waitFor(async () => expect(await store.leaseHolder(callId)).toBeUndefined(), { timeout: 10_000, interval: 50 });

    expect(await store.renewLease(callId, 'node-a', LEASE_MS)).toBe(false);
    expect(await store.acquireLease(callId, 'node-b', LEASE_MS)).toBe(true);
    await expect(store.save('node-a', callOf(callId), [])).rejects.toBeInstanceOf(NotCallOwnerError);
    // The state outlived the lease.
    expect((await store.load(callId))?.seats).toHaveLength(1);
  });

  it('a released lease (clean shutdown) is free for the next node at once', async () => {
    const store = makeStore();
    const callId = randomUUID();
    await store.acquireLease(callId, 'node-a', LEASE_MS);
    await store.releaseLease(callId, 'node-a');
    expect(await store.leaseHolder(callId)).toBeUndefined();
    expect(await store.acquireLease(callId, 'node-b', LEASE_MS)).toBe(true);
  });

  it('an ended call is removed with its seats, resume keys and chat', async () => {
    const store = makeStore();
    const callId = randomUUID();
    const seat = seatOf();
    await store.acquireLease(callId, 'node-a', LEASE_MS);
    await store.save('node-a', callOf(callId), [seat]);
    await store.appendChat('node-a', callId, { seq: 0, message: { id: 'm', fromParticipantId: 'p', fromName: 'P', text: 'x', sentAt: new Date(0).toISOString() } });
    await store.remove('node-a', callId);

    expect(await store.load(callId)).toBeUndefined();
    expect(await store.seatByResumeKey(callId, seat.resumeKey)).toBeUndefined();
    expect(await store.leaseHolder(callId)).toBeUndefined();
  });
});

describe('Redis call state store', () => {
  it("a call nobody carries on expires: every one of its keys has a TTL", async () => {
    const redis = new Redis(redisUrl());
    clients.push(redis);
    const prefix = `vl-test:${randomUUID()}:`;
    const store = new RedisCallStateStore(redis, { prefix, stateTtlMs: 300 });
    const callId = randomUUID();
    await store.acquireLease(callId, 'node-a', 200);
    await store.save('node-a', callOf(callId), [seatOf()]);
    await store.appendChat('node-a', callId, { seq: 0, message: { id: 'm', fromParticipantId: 'p', fromName: 'P', text: 'x', sentAt: new Date(0).toISOString() } });
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.length).toBe(5);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);

    await vi.waitFor(async () => expect(await redis.keys(`${prefix}*`)).toEqual([]), { timeout: 10_000, interval: 50 });
    expect(await store.load(callId)).toBeUndefined();
  });

  it('keeps resume keys only as hashes in its lookup index', async () => {
    const redis = new Redis(redisUrl());
    clients.push(redis);
    const prefix = `vl-test:${randomUUID()}:`;
    const store = new RedisCallStateStore(redis, { prefix });
    const callId = randomUUID();
    const seat = seatOf();
    await store.acquireLease(callId, 'node-a', LEASE_MS);
    await store.save('node-a', callOf(callId), [seat]);
    const index = await redis.hgetall(`${prefix}call:{${callId}}:keys`);
    expect(Object.values(index)).toEqual([seat.participantId]);
    expect(Object.keys(index).join()).not.toContain(seat.resumeKey);
    await store.remove('node-a', callId);
  });
});
