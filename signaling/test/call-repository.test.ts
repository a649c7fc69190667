import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database, type DatabaseOptions } from '@videoloket/backoffice';
import { MIGRATION_ORDER } from '../src/database';
import { describeCallRepositorySuite, type CallDatabaseFixture } from './call-repository-suite';

// The CallRepository contract on PGlite on disk (the `npm start` default, DATA_DIR/db) and
// on the real PostgreSQL (TEST_DATABASE_URL from scripts/services/postgres.sh), each with
// every package's migrations in the process's order.

/** The database at `options`, reopened as a restart would; `dispose` runs (on the open database) before the last close. */
async function fixture(options: DatabaseOptions, dispose: (db: Database) => Promise<void>): Promise<CallDatabaseFixture> {
  let db = await openDatabase(options, MIGRATION_ORDER);
  return {
    get db() {
      return db;
    },
    async reopen() {
      await db.close();
      db = await openDatabase(options, MIGRATION_ORDER);
      return db;
    },
    async close() {
      await dispose(db);
      await db.close();
    },
  };
}

describeCallRepositorySuite('PGlite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'videoloket-calls-'));
  return fixture({ kind: 'pglite', dataDir: dir }, async (db) => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
});

describeCallRepositorySuite('PostgreSQL', async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run `eval "$(bash scripts/services/postgres.sh start)"` first (scripts/test.sh does this)');
  // One schema per run: parallel runs and leftovers never meet.
  const schema = `calls_${process.pid}_${Date.now()}`;
  return fixture({ kind: 'postgres', connectionString: url, schema }, async (db) => {
    await db.query(`drop schema if exists ${schema} cascade`);
  });
});
