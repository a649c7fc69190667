import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@videoloket/backoffice';
import { documentMigrations, InMemoryDocumentRepository, SqlDocumentRepository } from '../src/index';
import { requireEnv } from './harness';
import { describeRepositorySuite } from './repository-suite';

// The DocumentRepository contract against every adapter: in memory (unit tests), PGlite on
// disk (the `npm start` default, DATA_DIR/db) and real PostgreSQL (TEST_DATABASE_URL from
// scripts/services/postgres.sh). The SQL ones run this package's own migrations, alone:
// the documents' tables depend on no other package's.

describeRepositorySuite('in memory', async () => ({ repository: new InMemoryDocumentRepository(), close: async () => undefined }), { persistent: false });

describeRepositorySuite(
  'PGlite',
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'videoloket-docrepo-'));
    let db: Database = await openDatabase({ kind: 'pglite', dataDir: dir }, [documentMigrations]);
    return {
      repository: new SqlDocumentRepository(db),
      async reopen() {
        await db.close();
        db = await openDatabase({ kind: 'pglite', dataDir: dir }, [documentMigrations]);
        return new SqlDocumentRepository(db);
      },
      async close() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  { persistent: true },
);

describeRepositorySuite(
  'PostgreSQL',
  async () => {
    const url = requireEnv('TEST_DATABASE_URL');
    // One schema per run: parallel runs and leftovers never meet.
    const schema = `docrepo_${process.pid}_${Date.now()}`;
    let db: Database = await openDatabase({ kind: 'postgres', connectionString: url, schema }, [documentMigrations]);
    return {
      repository: new SqlDocumentRepository(db),
      async reopen() {
        await db.close();
        db = await openDatabase({ kind: 'postgres', connectionString: url, schema }, [documentMigrations]);
        return new SqlDocumentRepository(db);
      },
      async close() {
        await db.query(`drop schema if exists ${schema} cascade`);
        await db.close();
      },
    };
  },
  { persistent: true },
);
