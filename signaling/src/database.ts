import path from 'node:path';
import { backofficeMigrations, openDatabase, type Database, type MigrationSet } from '@videoloket/backoffice';
import { documentMigrations } from '@videoloket/storage';
import { callMigrations } from './call/records/migrations';
import { registerMigrations } from './register/migrations';
import type { Config } from './config';

/**
 * Every package's tables on the one project database, in the order they depend on each
 * other: calls point at appointments and cases. Each package owns its list (issue 10 item 4).
 */
export const MIGRATION_ORDER: readonly MigrationSet[] = [backofficeMigrations, documentMigrations, callMigrations, registerMigrations];

/** The one place the process opens its database (PGlite in DATA_DIR/db, or PostgreSQL at DATABASE_URL) and migrates it. */
export function openProjectDatabase(config: Config): Promise<Database> {
  const url = config.backoffice.databaseUrl;
  return openDatabase(url ? { kind: 'postgres', connectionString: url } : { kind: 'pglite', dataDir: path.join(config.dataDir, 'db') }, MIGRATION_ORDER);
}
