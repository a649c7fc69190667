import { RateLimitedError } from '@videoloket/contracts';

/**
 * Bounds the password hashing that runs at once. scrypt runs on libuv's thread pool
 * (UV_THREADPOOL_SIZE threads, 4 by default), which file reads, uploads, downloads and
 * static files share; unbounded, a sign-in flood queues hundreds of 32 MiB hashes in
 * front of every file read (issue 9: a 2 MiB download took ~90 s). With `concurrency`
 * below the pool size the rest of the pool stays free for everything else. Beyond
 * `queue` waiting checks the caller is refused at once (429 + Retry-After) instead of
 * piling up memory and latency.
 */
export class PasswordCheckGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: { concurrency: number; queue: number }) {}

  async run<T>(check: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.queue) {
        throw new RateLimitedError('Too many sign-ins at once; try again in a moment', 1);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await check();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), else free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
