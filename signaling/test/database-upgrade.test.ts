import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LEGACY_VERSIONS, migrate, openDatabase, type Database, type DatabaseOptions, type Migration, type MigrationSet } from '@videoloket/backoffice';
import { MIGRATION_ORDER } from '../src/database';
import { insertAppointment } from './call-records-support';

// Issue 10 item 4: each package owns its migrations now. A database made when the back office
// kept one list (schema_migrations by version alone; documents as its version 2) must open
// with the new layout: converted in place, nothing applied twice, its data kept.

/** The single list as it was: the same SQL (migrations never change once shipped) under its old versions. */
function legacyList(): MigrationSet {
  const migrations: Migration[] = Object.entries(LEGACY_VERSIONS).map(([legacy, now]) => {
    const m = MIGRATION_ORDER.find((s) => s.owner === now.owner)!.migrations.find((x) => x.version === now.version)!;
    return { ...m, version: Number(legacy) };
  });
  return { owner: 'legacy', migrations };
}

/** Makes `options` a database of the old layout: the old list's tables and its version-only schema_migrations. */
async function createOldLayout(options: DatabaseOptions, extraVersions: number[] = []): Promise<Database> {
  const db = await openDatabase(options, [legacyList()]);
  await db.transaction(async (tx) => {
    await tx.query('alter table schema_migrations rename to new_migrations');
    await tx.query('alter table new_migrations rename constraint schema_migrations_pkey to new_migrations_pkey');
    // Exactly the old runner's table.
    await tx.query('create table schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())');
    await tx.query('insert into schema_migrations (version, name, applied_at) select version, name, applied_at from new_migrations');
    for (const v of extraVersions) await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [v, 'from a newer build']);
    await tx.query('drop table new_migrations');
  });
  return db;
}

/** These tests open a database four times; a new PGlite data directory is initialised in a child process, slow on a busy machine. */
const OPENS_TIMEOUT = 300_000;

const migrationRows = (db: Database) =>
  db.query<{ owner: string; version: number; name: string }>('select owner, version, name from schema_migrations order by owner, version');

/** The rows a fully migrated database has, in migrationRows' order. */
const everyMigration = () =>
  MIGRATION_ORDER.flatMap((set) => set.migrations.map((m) => ({ owner: set.owner, version: m.version, name: m.name }))).sort(
    (a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : a.version - b.version),
  );

interface Target {
  name: string;
  options(): Promise<DatabaseOptions>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const targets: Target[] = [
  {
    name: 'PGlite on disk',
    async options() {
      const dir = await mkdtemp(path.join(tmpdir(), 'videoloket-upgrade-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return { kind: 'pglite', dataDir: dir };
    },
  },
  {
    name: 'PostgreSQL',
    async options() {
      const url = process.env.TEST_DATABASE_URL;
      if (!url) throw new Error('TEST_DATABASE_URL is not set: run `eval "$(bash scripts/services/postgres.sh start)"` first (scripts/test.sh does this)');
      const schema = `upgrade_${process.pid}_${randomUUID().slice(0, 8)}`;
      cleanups.push(async () => {
        // From a schema of its own: opening the test's schema would migrate it (or refuse to).
        const sweeper = `${schema}_sweep`;
        const db = await openDatabase({ kind: 'postgres', connectionString: url, schema: sweeper }, []);
        await db.query(`drop schema if exists ${schema} cascade`);
        await db.query(`drop schema if exists ${sweeper} cascade`);
        await db.close();
      });
      return { kind: 'postgres', connectionString: url, schema };
    },
  },
];

describe.each(targets)('a database of the single-list layout, on $name', (target) => {
  it('opens with every package owning its migrations: converted, nothing applied twice, data kept, appointment calls recorded', async () => {
    const options = await target.options();
    const old = await createOldLayout(options);
    expect((await old.query('select version from schema_migrations order by version')).map((r) => r.version)).toEqual([1, 2, 3]);
    const { appointmentId, caseId } = await insertAppointment(old);
    const cancelled = await insertAppointment(old, { status: 'cancelled' });
    const documentId = `doc-${randomUUID()}`;
    await old.query(
      `insert into documents (document_id, call_id, file_name, size, state, uploaded_by, created_at)
       values ($1, $2, 'brief.pdf', 10, 'ready', '{"participantId":"p","role":"citizen","displayName":"V"}', now())`,
      [documentId, `appt-${appointmentId}`],
    );
    await old.close();

    const db = await openDatabase(options, MIGRATION_ORDER);
    try {
      // Every migration of every package, once (the old layout's versions converted, the rest applied).
      expect(await migrationRows(db)).toEqual(everyMigration());
      expect(await migrate(db, MIGRATION_ORDER)).toEqual([]);
      // The document is still there, and the booked video appointment's call is recorded
      // under the id its mailed link names; the cancelled one gets none.
      expect((await db.query('select call_id from documents where document_id = $1', [documentId]))[0]).toEqual({ call_id: `appt-${appointmentId}` });
      const calls = await db.query<{ id: string; status: string; case_id: string }>('select id, status, case_id from calls where appointment_id = $1', [appointmentId]);
      expect(calls).toEqual([{ id: `appt-${appointmentId}`, status: 'scheduled', case_id: caseId }]);
      expect(await db.query('select 1 from calls where appointment_id = $1', [cancelled.appointmentId])).toEqual([]);
    } finally {
      await db.close();
    }
    // And once more, as after the next restart.
    const again = await openDatabase(options, MIGRATION_ORDER);
    expect((await migrationRows(again)).length).toBe(everyMigration().length);
    await again.close();
  }, OPENS_TIMEOUT);

  it('a version this build does not know (a newer build made it) stops the start and leaves the database as it was', async () => {
    const options = await target.options();
    await (await createOldLayout(options, [4])).close();
    await expect(openDatabase(options, MIGRATION_ORDER)).rejects.toThrow(/version\(s\) 4 this build does not know/);
    const db = await openDatabase(options, []).catch((err: unknown) => err);
    // Still the old shape: the conversion rolled back, so even an empty migration run refuses it.
    expect(db).toBeInstanceOf(Error);
  }, OPENS_TIMEOUT);
});
