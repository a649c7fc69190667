import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@videoloket/backoffice';
import { MIGRATION_ORDER } from '../src/database';
import { describeCallRepositorySuite } from './call-repository-suite';

// The CallRepository contract on PGlite on disk (the `npm start` default, DATA_DIR/db) and
// on the real PostgreSQL (TEST_DATABASE_URL from scripts/services/postgres.sh), each with
// every package's migrations in the process's order.

describeCallRepositorySuite('PGlite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'videoloket-calls-'));
  const open = () => openDatabase({ kind: 'pglite', dataDir: dir }, MIGRATION_ORDER);
  let db: Database = await open();
  return {
    db,
    async reopen() {
      await db.close();
      db = await open();
      return db;
    },
    async close() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeCallRepositorySuite('PostgreSQL', async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run `eval "$(bash scripts/services/postgres.sh start)"` first (scripts/test.sh does this)');
  // One schema per run: parallel runs and leftovers never meet.
  const schema = `calls_${process.pid}_${Date.now()}`;
  const open = () => openDatabase({ kind: 'postgres', connectionString: url, schema }, MIGRATION_ORDER);
  let db: Database = await open();
  return {
    db,
    async reopen() {
      await db.close();
      db = await open();
      return db;
    },
    async close() {
      await db.query(`drop schema if exists ${schema} cascade`);
      await db.close();
    },
  };
});
