/**
 * Remembers which one-time things (solved booking challenges, OIDC states, clerk hand-offs)
 * were spent, and by whom, until they expire anyway. In this process (below) or shared by
 * several nodes (state/RedisSingleUseStore.ts: `SET key owner NX PX ttl` and the owner
 * compared in one script).
 */
export interface SingleUseStore {
  /**
   * 'claimed' the first time; 'same-owner' when `owner` claimed it before (a retry of the same
   * submission); 'taken' when someone else did.
   */
  claim(id: string, owner: string, expiresAt: Date): Promise<'claimed' | 'same-owner' | 'taken'>;
}

/** In-process store for one process; expired entries are swept as new ones arrive. */
export class MemorySingleUseStore implements SingleUseStore {
  readonly #entries = new Map<string, { owner: string; expiresAt: number }>();
  #nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async claim(id: string, owner: string, expiresAt: Date): Promise<'claimed' | 'same-owner' | 'taken'> {
    const now = this.now();
    if (now >= this.#nextSweep) this.#sweep(now);
    const existing = this.#entries.get(id);
    if (existing && existing.expiresAt > now) return existing.owner === owner ? 'same-owner' : 'taken';
    this.#entries.set(id, { owner, expiresAt: expiresAt.getTime() });
    return 'claimed';
  }

  get size(): number {
    return this.#entries.size;
  }

  #sweep(now: number): void {
    for (const [id, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(id);
    this.#nextSweep = now + 60_000;
  }
}
