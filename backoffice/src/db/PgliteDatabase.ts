import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { Database, Queryable, SqlParam } from './Database';

export interface PgliteDatabaseOptions {
  /** Directory for the data files; undefined keeps everything in memory (tests). */
  dataDir?: string;
}

/**
 * PGlite's default shared_buffers (160 MB) is resident memory of our process; a desk's
 * database is a few MB, and 16 MB keeps it cached (measured: 302 → 172 MB RSS after opening).
 */
const SETTINGS = 'shared_buffers=16MB';

/**
 * A new data directory is created (initdb) in a short-lived child process: initdb grows the
 * WASM heap to about 650 MB, which a process never gives back, so doing it in the server
 * would keep that for the server's whole life.
 */
async function initialiseInChildProcess(dataDir: string): Promise<void> {
  const script = `const { PGlite } = await import(process.argv[1]); const db = await PGlite.create({ dataDir: process.argv[2], postgresqlconf: ${JSON.stringify(SETTINGS)} }); await db.close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, import.meta.resolve('@electric-sql/pglite'), dataDir], { timeout: 120_000 });
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
    if (options.dataDir && !existsSync(path.join(options.dataDir, 'PG_VERSION'))) await initialiseInChildProcess(options.dataDir);
    // btree_gist lets the no-double-booking exclusion constraint mix `=` on the clerk
    // with `&&` on the time range, exactly as on the real server.
    const db = await PGlite.create({ dataDir: options.dataDir, extensions: { btree_gist }, postgresqlconf: SETTINGS });
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
