import { RateLimitedError, UnauthenticatedError } from '@videoloket/contracts';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Makes the counters the guard keeps: in memory (one process) or over Redis when several
 * nodes serve sign-ins (state/redisLimiters.ts): same options, same behaviour, shared counters.
 */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;
export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);

export interface LoginLimits {
  /** Consecutive failures per (address, account) before that pair is blocked. */
  maxFailuresPerAccountAndIp: number;
  /** Failures per address over all accounts, per 15 minutes. */
  maxFailuresPerIp: number;
  /** Failures per account from all addresses, per `lockoutMaxSeconds`; then only places the account signed in from before get through. */
  maxFailuresPerAccount: number;
  /** Ceiling of every lockout; the (address, account) block starts at 1 minute and doubles up to it. */
  lockoutMaxSeconds: number;
}

const IP_WINDOW_SECONDS = 15 * 60;
const PAIR_WINDOW_SECONDS = 60 * 60;
const BACKOFF_BASE_SECONDS = 60;
/** How long repeated lockouts of a pair keep doubling the next one. */
const BACKOFF_MEMORY_SECONDS = 24 * 60 * 60;
/**
 * How long an address stays "a place this account signed in from". Below 24.8 days on
 * purpose: the memory store expires keys with setTimeout, which fires at once beyond 2^31 ms.
 */
const KNOWN_PLACE_SECONDS = 14 * 24 * 60 * 60;

/**
 * Sign-in limits (issue 9, finding 2). Every attempt reserves a point on three counters
 * before the password is checked, so concurrent attempts cannot all slip past a limit
 * that only counts finished failures; a success gives its points back.
 *
 * - (address, account): 5 consecutive failures, then blocked 1, 2, 4 … minutes, capped at
 *   `lockoutMaxSeconds`. This is the lockout, and it is keyed on the pair, so an attacker
 *   locks out only themselves: the clerk elsewhere is not affected.
 * - address: a bounded number of failures over all accounts (password spraying).
 * - account: failures from all addresses (a botnet on one account). Tripping it holds off
 *   only addresses the account never signed in from, for at most `lockoutMaxSeconds`; a
 *   place the clerk signed in from within 14 days still gets through, under its own
 *   pair limit. So no attacker can lock the real clerk out, and never for longer than
 *   the cap.
 */
export class LoginGuard {
  private readonly pair: RateLimiterAbstract;
  private readonly pairLockouts: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly knownPlaces: RateLimiterAbstract;

  constructor(
    private readonly limits: LoginLimits,
    limiters: LimiterFactory = memoryLimiters,
  ) {
    this.pair = limiters({ keyPrefix: 'login-pair', points: limits.maxFailuresPerAccountAndIp, duration: PAIR_WINDOW_SECONDS });
    this.pairLockouts = limiters({ keyPrefix: 'login-pair-lockouts', points: Number.MAX_SAFE_INTEGER, duration: BACKOFF_MEMORY_SECONDS });
    this.ip = limiters({ keyPrefix: 'login-ip', points: limits.maxFailuresPerIp, duration: IP_WINDOW_SECONDS });
    this.account = limiters({ keyPrefix: 'login-account', points: limits.maxFailuresPerAccount, duration: limits.lockoutMaxSeconds });
    this.knownPlaces = limiters({ keyPrefix: 'login-known', points: Number.MAX_SAFE_INTEGER, duration: KNOWN_PLACE_SECONDS });
  }

  /**
   * Runs `check` (the password check) for `username` from `ip` if no limit stops it;
   * throws RateLimitedError (429 + Retry-After) when one does. Only UnauthenticatedError
   * from `check` counts as a failure.
   */
  async attempt<T>(ip: string, username: string, check: () => Promise<T>): Promise<T> {
    const account = username.trim().toLowerCase();
    const pairKey = `${account}\n${ip}`;
    const known = (await this.knownPlaces.get(pairKey)) !== null;

    const reserved: [RateLimiterAbstract, string][] = [];
    const refund = () => Promise.all(reserved.map(([limiter, key]) => limiter.reward(key)));
    try {
      await this.reserve(this.pair, pairKey, reserved, () => this.startBackoff(pairKey));
      await this.reserve(this.ip, ip, reserved);
      if (!known) await this.reserve(this.account, account, reserved);
    } catch (err) {
      await refund();
      throw err;
    }

    let result: T;
    try {
      result = await check();
    } catch (err) {
      if (!(err instanceof UnauthenticatedError)) await refund();
      throw err;
    }
    await refund();
    await this.pair.delete(pairKey); // "consecutive": a success starts the count again
    await this.knownPlaces.penalty(pairKey);
    return result;
  }

  private async reserve(limiter: RateLimiterAbstract, key: string, reserved: [RateLimiterAbstract, string][], onFirstRefusal?: () => Promise<number>): Promise<void> {
    try {
      await limiter.consume(key);
      reserved.push([limiter, key]);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res; // the store failed: not a refusal
      // The one attempt that crosses the limit starts the block. Parallel ones refused just
      // before it was set still see the counting window (up to an hour): the block is never
      // longer than the cap, so that is the honest Retry-After for them.
      const blockedFor = !onFirstRefusal
        ? res.msBeforeNext / 1000
        : res.consumedPoints === limiter.points + 1
          ? await onFirstRefusal()
          : Math.min(res.msBeforeNext / 1000, this.limits.lockoutMaxSeconds);
      throw new RateLimitedError('Too many sign-in attempts; try again later', Math.max(1, Math.ceil(blockedFor)));
    }
  }

  /** Blocks the pair for 1, 2, 4 … minutes (each lockout within a day doubles the next), capped. */
  private async startBackoff(pairKey: string): Promise<number> {
    const lockouts = (await this.pairLockouts.penalty(pairKey)).consumedPoints;
    const seconds = Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.min(lockouts - 1, 20), this.limits.lockoutMaxSeconds);
    await this.pair.block(pairKey, seconds);
    return seconds;
  }
}
