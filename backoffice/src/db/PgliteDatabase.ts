import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { Database, Queryable, SqlParam } from './Database';

export interface PgliteDatabaseOptions {
  /** Directory for the data files; undefined keeps everything in memory (tests). */
  dataDir?: string;
}

/** Embedded PostgreSQL (WASM) for one process: same SQL as production, no server to run. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  #db: PGlite;
  #closed = false;

  private constructor(db: PGlite) {
    this.#db = db;
  }

  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    // btree_gist lets the no-double-booking exclusion constraint mix `=` on the clerk
    // with `&&` on the time range, exactly as on the real server.
    const db = await PGlite.create({ dataDir: options.dataDir, extensions: { btree_gist } });
    return new PgliteDatabase(db);
  }

  async query<R = Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    const result = await this.#db.query<R>(sql, params as unknown[]);
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // PGlite is one connection: its transaction() queues callers, so transactions never interleave.
    return this.#db.transaction(async (tx) => {
      const q: Queryable = {
        query: async <R>(sql: string, params: readonly SqlParam[] = []) => (await tx.query<R>(sql, params as unknown[])).rows,
      };
      return fn(q);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }
}
