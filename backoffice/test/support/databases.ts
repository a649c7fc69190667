import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/openDatabase';
import type { Database } from '../../src/db/Database';

export interface DatabaseUnderTest {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

/** The real PostgreSQL from scripts/services/postgres.sh; a missing URL fails the suite, it never skips. */
export function postgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: run `eval "$(bash scripts/services/postgres.sh start)"` first (scripts/test.sh does this)');
  }
  return url;
}

/** Every adapter of the Database interface: the shared repository suite runs against each. */
export const databases: DatabaseUnderTest[] = [
  { name: 'pglite', open: () => openDatabase({ kind: 'pglite' }) },
  {
    name: 'postgres',
    // A fresh schema per open so test files never see each other's rows.
    open: () => openDatabase({ kind: 'postgres', connectionString: postgresUrl(), schema: `t_${randomBytes(6).toString('hex')}` }),
  },
];

/** Drops the schemas test runs made (called from afterAll). */
export async function dropSchema(db: Database): Promise<void> {
  if (db.kind !== 'postgres') return;
  const rows = await db.query<{ s: string }>('select current_schema() as s');
  const schema = rows[0]?.s;
  await db.close();
  if (schema && schema.startsWith('t_')) {
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}
