import { describe, expect, it } from 'vitest';
import { RateLimitedError, UnauthenticatedError } from '@videoloket/contracts';
import { LoginGuard } from './LoginGuard';

const limits = { maxFailuresPerAccountAndIp: 3, maxFailuresPerIp: 10, maxFailuresPerAccount: 6, lockoutMaxSeconds: 300 };
const wrong = () => Promise.reject(new UnauthenticatedError('Wrong username or password'));
const right = () => Promise.resolve('signed in');

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof RateLimitedError) return `429:${err.retryAfterSeconds}`;
    if (err instanceof UnauthenticatedError) return '401';
    throw err;
  }
}

describe('LoginGuard', () => {
  it('counts concurrent attempts before they finish: exactly the limit gets checked', async () => {
    const guard = new LoginGuard(limits);
    let checked = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        outcome(
          guard.attempt('10.0.0.1', 'balie', () => {
            checked++;
            return wrong();
          }),
        ),
      ),
    );
    expect(checked).toBe(3);
    expect(results.filter((r) => r === '401')).toHaveLength(3);
    expect(results.filter((r) => r.startsWith('429'))).toHaveLength(17);
  });

  it('the pair lockout starts at 1 minute and doubles, capped', async () => {
    const guard = new LoginGuard(limits);
    for (let i = 0; i < 3; i++) expect(await outcome(guard.attempt('10.0.0.2', 'balie', wrong))).toBe('401');
    expect(await outcome(guard.attempt('10.0.0.2', 'balie', wrong))).toBe('429:60');
    // Still blocked, even with the right password.
    expect(await outcome(guard.attempt('10.0.0.2', 'Balie ', right))).toMatch(/^429:/);
    // The same account from elsewhere is untouched.
    expect(await outcome(guard.attempt('10.0.0.3', 'balie', right))).toBe('ok');
  });

  it('a success resets the consecutive count and is not counted against the address', async () => {
    const guard = new LoginGuard(limits);
    // 8 failures and 4 successes: 12 attempts from one address (limit 10), but only failures count.
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 2; i++) expect(await outcome(guard.attempt('10.0.0.4', 'balie', wrong))).toBe('401');
      expect(await outcome(guard.attempt('10.0.0.4', 'balie', right))).toBe('ok');
    }
  });

  it('the account limit holds off new places only, and the places the clerk used before keep working', async () => {
    const guard = new LoginGuard(limits);
    expect(await outcome(guard.attempt('10.0.1.1', 'balie', right))).toBe('ok');
    await new Promise((r) => setTimeout(r, 20)); // the store's expiry timers get a chance to run
    for (let i = 0; i < 6; i++) expect(await outcome(guard.attempt(`10.0.2.${i}`, 'balie', wrong))).toBe('401');
    const heldOff = await outcome(guard.attempt('10.0.3.1', 'balie', right));
    expect(heldOff).toMatch(/^429:/);
    expect(Number(heldOff.slice(4))).toBeLessThanOrEqual(limits.lockoutMaxSeconds);
    expect(await outcome(guard.attempt('10.0.1.1', 'balie', right))).toBe('ok');
    // Another account is not affected.
    expect(await outcome(guard.attempt('10.0.3.1', 'loket2', right))).toBe('ok');
  });

  it('errors other than a wrong password (e.g. the check queue is full) do not count as failures', async () => {
    const guard = new LoginGuard(limits);
    const busy = () => Promise.reject(new RateLimitedError('busy', 1));
    for (let i = 0; i < 10; i++) expect(await outcome(guard.attempt('10.0.0.5', 'balie', busy))).toBe('429:1');
    expect(await outcome(guard.attempt('10.0.0.5', 'balie', right))).toBe('ok');
  });
});
