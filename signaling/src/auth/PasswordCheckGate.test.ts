import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '@videoloket/contracts';
import { PasswordCheckGate } from './PasswordCheckGate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PasswordCheckGate', () => {
  it('runs at most `concurrency` checks, queues up to `queue`, refuses the rest with a retry hint', async () => {
    const gate = new PasswordCheckGate({ concurrency: 2, queue: 3 });
    let running = 0;
    let peak = 0;
    const release = deferred();
    const check = async () => {
      running++;
      peak = Math.max(peak, running);
      await release.promise;
      running--;
      return 'done';
    };
    const runs = Array.from({ length: 8 }, () => gate.run(check).then((v) => v, (e: unknown) => e));
    await new Promise((r) => setTimeout(r, 10));
    expect(running).toBe(2);
    release.resolve();
    const results = await Promise.all(runs);
    expect(results.filter((r) => r === 'done')).toHaveLength(5);
    const refused = results.filter((r) => r instanceof RateLimitedError) as RateLimitedError[];
    expect(refused).toHaveLength(3);
    expect(refused[0]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(peak).toBe(2);
  });

  it('a failing check frees its slot for the next one', async () => {
    const gate = new PasswordCheckGate({ concurrency: 1, queue: 5 });
    const results = await Promise.allSettled([
      gate.run(() => Promise.reject(new Error('boom'))),
      gate.run(() => Promise.resolve(1)),
      gate.run(() => Promise.resolve(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(await gate.run(() => Promise.resolve(3))).toBe(3);
  });
});
