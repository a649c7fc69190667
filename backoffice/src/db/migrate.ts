import type { Database, Queryable } from './Database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * One package's migrations (issue 10 item 4: each package owns its tables). Versions count
 * up per owner; sets are applied in the order given, so a set may reference tables of the
 * sets before it.
 */
export interface MigrationSet {
  owner: string;
  migrations: readonly Migration[];
}

/**
 * Until issue 10 there was one list, kept by the back office and recorded by version alone.
 * Where each of its versions went: a database made then is converted once, in place, so
 * nothing is applied twice. Frozen history — never add to it.
 */
export const LEGACY_VERSIONS: Readonly<Record<number, { owner: string; version: number }>> = {
  1: { owner: 'backoffice', version: 1 },
  2: { owner: 'storage', version: 1 },
  3: { owner: 'backoffice', version: 2 },
};

/** Two processes starting at once must not both apply a migration (the old runner's lock id, so old and new serialise too). */
const LOCK = 'select pg_advisory_xact_lock(727001)';

/**
 * Applies every migration not yet applied, set by set in the order given, each in its own
 * transaction, serialised across processes. Returns what it applied.
 */
export async function migrate(db: Database, sets: readonly MigrationSet[]): Promise<{ owner: string; version: number }[]> {
  const owners = sets.map((s) => s.owner);
  if (new Set(owners).size !== owners.length) throw new Error(`Migration owners must be distinct: ${owners.join(', ')}`);
  await db.transaction(async (tx) => {
    await tx.query(LOCK);
    await prepareMigrationTable(tx);
  });
  const applied: { owner: string; version: number }[] = [];
  for (const set of sets) {
    for (const migration of set.migrations) {
      const done = await db.transaction(async (tx) => {
        await tx.query(LOCK);
        const rows = await tx.query('select 1 from schema_migrations where owner = $1 and version = $2', [set.owner, migration.version]);
        if (rows.length > 0) return false;
        for (const statement of splitStatements(migration.sql)) await tx.query(statement);
        await tx.query('insert into schema_migrations (owner, version, name) values ($1, $2, $3)', [set.owner, migration.version, migration.name]);
        return true;
      });
      if (done) applied.push({ owner: set.owner, version: migration.version });
    }
  }
  return applied;
}

/** Creates schema_migrations, or converts the single-list one (version alone) to (owner, version). */
async function prepareMigrationTable(tx: Queryable): Promise<void> {
  const [state] = await tx.query<{ has_table: boolean; has_owner: boolean }>(
    `select
       exists (select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'schema_migrations') as has_table,
       exists (select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'schema_migrations' and column_name = 'owner') as has_owner`,
  );
  if (!state?.has_table) {
    await tx.query(
      'create table schema_migrations (owner text not null, version int not null, name text not null, applied_at timestamptz not null default now(), primary key (owner, version))',
    );
    return;
  }
  if (state.has_owner) return;
  const [key] = await tx.query<{ name: string }>("select conname as name from pg_constraint where conrelid = 'schema_migrations'::regclass and contype = 'p'");
  if (key) await tx.query(`alter table schema_migrations drop constraint ${quoteIdent(key.name)}`);
  await tx.query('alter table schema_migrations add column owner text');
  for (const [legacy, now] of Object.entries(LEGACY_VERSIONS)) {
    // `owner is null`: a row converted a moment ago is never converted again.
    await tx.query('update schema_migrations set owner = $1, version = $2 where version = $3 and owner is null', [now.owner, now.version, Number(legacy)]);
  }
  const unknown = await tx.query<{ version: number }>('select version from schema_migrations where owner is null order by version');
  if (unknown.length > 0) {
    // Rolls the conversion back: a newer build made this database; this one must not touch it.
    throw new Error(`schema_migrations holds version(s) ${unknown.map((r) => r.version).join(', ')} this build does not know`);
  }
  await tx.query('alter table schema_migrations alter column owner set not null');
  await tx.query('alter table schema_migrations add primary key (owner, version)');
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Splits on `;` at line ends: our migrations hold no functions or quoted semicolons. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
