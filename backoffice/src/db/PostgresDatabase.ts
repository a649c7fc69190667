import pg from 'pg';
import type { Database, Queryable, SqlParam } from './Database';

export interface PostgresDatabaseOptions {
  connectionString: string;
  /** Schema to work in (tests use one per run); default `public`. */
  schema?: string;
  maxConnections?: number;
}

/** PostgreSQL through a `pg` pool; used when DATABASE_URL is set. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  #pool: pg.Pool;
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  static async open(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
    const schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      // public stays on the path for the btree_gist operator classes.
      options: `-c search_path=${schema},public`,
    });
    // An idle client's error (server restart) must not crash the process.
    pool.on('error', () => undefined);
    if (schema !== 'public') await pool.query(`create schema if not exists ${schema}`);
    return new PostgresDatabase(pool);
  }

  async query<R = Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    const result = await this.#pool.query(sql, params as unknown[]);
    return result.rows as R[];
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('begin');
      const q: Queryable = {
        query: async <R>(sql: string, params: readonly SqlParam[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
      };
      const result = await fn(q);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
