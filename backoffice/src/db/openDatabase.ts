import type { Database } from './Database';
import { PgliteDatabase } from './PgliteDatabase';
import { migrate, type MigrationSet } from './migrate';
import { backofficeMigrations } from './migrations';

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string }
  | { kind: 'postgres'; connectionString: string; schema?: string; maxConnections?: number };

/**
 * Opens the configured database and brings its schema up to date with `migrationSets`, in
 * that order (default: the back office's own tables). The process that shares one database
 * among packages passes all of theirs (signaling/src/database.ts).
 */
export async function openDatabase(options: DatabaseOptions, migrationSets: readonly MigrationSet[] = [backofficeMigrations]): Promise<Database> {
  // pg is imported only for PostgreSQL: the embedded default does not carry it.
  const db = options.kind === 'postgres' ? await (await import('./PostgresDatabase')).PostgresDatabase.open(options) : await PgliteDatabase.open({ dataDir: options.dataDir });
  try {
    await migrate(db, migrationSets);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
