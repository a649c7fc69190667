import type { Redis } from 'ioredis';
import type { SingleUseStore } from '../abuse/SingleUseStore';
import { storeFailure } from './unavailable';

// Claim and compare in one script: between a refused SET NX and a GET the key could expire,
// and two nodes must never both answer 'claimed'.
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 'same-owner' end
return 'taken'`;

/**
 * The SingleUseStore of several nodes: one key per spent id (`<prefix><id>`), its owner as
 * value, expiring in Redis when the id would have expired anyway (no timers here).
 */
export class RedisSingleUseStore implements SingleUseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(id: string, owner: string, expiresAt: Date): Promise<'claimed' | 'same-owner' | 'taken'> {
    const ttlMs = Math.max(1, expiresAt.getTime() - this.now());
    const answer = await this.redis.eval(CLAIM, 1, this.prefix + id, owner, String(ttlMs)).catch(storeFailure);
    return answer as 'claimed' | 'same-owner' | 'taken';
  }
}
