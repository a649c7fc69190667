import { RateLimitedError, UnauthenticatedError } from '@videoloket/contracts';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LoginGuard } from '../src/auth/LoginGuard';
import { openRedis } from '../src/state/redis';
import { redisState } from '../src/state/RedisSharedState';
import { memoryState, type SharedState } from '../src/state/SharedState';
import { testRedis } from './support';

// Issue 13 item 1: one contract per shared-state interface (rate limits, login counters,
// spent single-use ids), run against the in-process store and Redis (TEST_REDIS_URL, a key
// prefix of its own per test). Then what only Redis gives: two nodes — two connections, as two
// processes would have — see each other's spent ids and counts.

const quiet = pino({ level: 'silent' });
const opened: SharedState[] = [];

/** A node's state on Redis under `prefix` (a fresh one unless two nodes must share it). */
async function redisNode(prefix = testRedis().REDIS_KEY_PREFIX): Promise<SharedState> {
  const state = redisState(await openRedis({ url: testRedis().REDIS_URL, keyPrefix: prefix }, quiet));
  opened.push(state);
  return state;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

const LIMITS = { maxFailuresPerAccountAndIp: 3, maxFailuresPerIp: 100, maxFailuresPerAccount: 100, lockoutMaxSeconds: 900 };
const wrongPassword = () => Promise.reject(new UnauthenticatedError('wrong password'));

describe.each([
  ['memory', async () => memoryState()],
  ['redis', () => redisNode()],
] as const)('shared state contract: %s', (_kind, make) => {
  it('a single-use id is claimed once; the same owner may come again, anyone else is refused', async () => {
    const spent = (await make()).singleUse('challenge');
    const until = new Date(Date.now() + 60_000);
    expect(await spent.claim('id-1', 'booking-a', until)).toBe('claimed');
    expect(await spent.claim('id-1', 'booking-a', until)).toBe('same-owner');
    expect(await spent.claim('id-1', 'booking-b', until)).toBe('taken');
    expect(await spent.claim('id-2', 'booking-b', until)).toBe('claimed');
  });

  it('ids of different areas never meet', async () => {
    const state = await make();
    const until = new Date(Date.now() + 60_000);
    expect(await state.singleUse('citizen-login').claim('state-1', 'callback', until)).toBe('claimed');
    expect(await state.singleUse('clerk-login').claim('state-1', 'callback', until)).toBe('claimed');
  });

  it('a spent id is forgotten once it expires', async () => {
    const spent = (await make()).singleUse('handoff');
    expect(await spent.claim('id-short', 'a', new Date(Date.now() + 300))).toBe('claimed');
    expect(await spent.claim('id-short', 'b', new Date(Date.now() + 60_000))).toBe('taken');
    await vi.waitFor(async () => expect(await spent.claim('id-short', 'b', new Date(Date.now() + 60_000))).toBe('claimed'), { timeout: 10_000, interval: 100 });
  });

  it('a limit allows its points, then refuses with a retry time; a refund gives one back', async () => {
    const limit = (await make()).limiter({ name: 'booking-ip-hour', points: 2, durationSeconds: 3600 });
    expect((await limit.consume('10.0.0.1')).allowed).toBe(true);
    expect((await limit.consume('10.0.0.1')).allowed).toBe(true);
    const refused = await limit.consume('10.0.0.1');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(3_500_000);
    // Another address and another limit count apart.
    expect((await limit.consume('10.0.0.2')).allowed).toBe(true);
    expect((await (await make()).limiter({ name: 'booking-ip-day', points: 1, durationSeconds: 3600 }).consume('10.0.0.1')).allowed).toBe(true);
    // The refused try counted too (rate-limiter-flexible counts every try): two refunds free one point.
    await limit.refund('10.0.0.1');
    await limit.refund('10.0.0.1');
    expect((await limit.consume('10.0.0.1')).allowed).toBe(true);
  });

  it('a full window opens again when it expires', async () => {
    const limit = (await make()).limiter({ name: 'register-lookup', points: 1, durationSeconds: 1 });
    expect((await limit.consume('clerk-1')).allowed).toBe(true);
    expect((await limit.consume('clerk-1')).allowed).toBe(false);
    await vi.waitFor(async () => expect((await limit.consume('clerk-1')).allowed).toBe(true), { timeout: 10_000, interval: 200 });
  });

  it('the sign-in guard locks a (address, account) pair out after its failures, and a success elsewhere still works', async () => {
    const guard = new LoginGuard(LIMITS, (await make()).loginLimiters);
    for (let i = 0; i < 3; i++) await expect(guard.attempt('10.0.0.9', 'balie', wrongPassword)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(guard.attempt('10.0.0.9', 'balie', () => Promise.resolve('ok'))).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guard.attempt('10.0.0.10', 'balie', () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});

describe('two nodes on one Redis', () => {
  it('a single-use id spent through node A cannot be spent through node B', async () => {
    const { REDIS_KEY_PREFIX: prefix } = testRedis();
    const [a, b] = [await redisNode(prefix), await redisNode(prefix)];
    const until = new Date(Date.now() + 60_000);
    expect(await a.singleUse('citizen-login').claim('state-x', 'callback', until)).toBe('claimed');
    expect(await b.singleUse('citizen-login').claim('state-x', 'callback', until)).toBe('same-owner');
    expect(await b.singleUse('booking-challenge').claim('challenge-x', 'booking-1', until)).toBe('claimed');
    expect(await a.singleUse('booking-challenge').claim('challenge-x', 'booking-2', until)).toBe('taken');
  });

  it('at once on both nodes, exactly one claim of an id wins', async () => {
    const { REDIS_KEY_PREFIX: prefix } = testRedis();
    const [a, b] = [await redisNode(prefix), await redisNode(prefix)];
    const until = new Date(Date.now() + 60_000);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).singleUse('handoff').claim('once-1', `owner-${i}`, until)));
    expect(answers.filter((x) => x === 'claimed')).toHaveLength(1);
    expect(answers.filter((x) => x === 'taken')).toHaveLength(19);
  });

  it('a rate-limit window filled through node A refuses on node B, counting every try of both', async () => {
    const { REDIS_KEY_PREFIX: prefix } = testRedis();
    const [a, b] = [await redisNode(prefix), await redisNode(prefix)];
    const options = { name: 'booking-contact-day', points: 10, durationSeconds: 3600 };
    const [onA, onB] = [a.limiter(options), b.limiter(options)];
    const tries = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? onA : onB).consume('mail:jan@example.be')));
    expect(tries.filter((t) => t.allowed)).toHaveLength(10);
    expect((await onB.consume('mail:jan@example.be')).allowed).toBe(false);
  });

  it('failed sign-ins through node A lock the pair out on node B', async () => {
    const { REDIS_KEY_PREFIX: prefix } = testRedis();
    const [a, b] = [new LoginGuard(LIMITS, (await redisNode(prefix)).loginLimiters), new LoginGuard(LIMITS, (await redisNode(prefix)).loginLimiters)];
    for (let i = 0; i < 3; i++) await expect(a.attempt('10.1.0.1', 'balie', wrongPassword)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(b.attempt('10.1.0.1', 'balie', () => Promise.resolve('ok'))).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
  });
});
