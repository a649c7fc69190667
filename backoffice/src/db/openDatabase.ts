import type { Database } from './Database';
import { PgliteDatabase } from './PgliteDatabase';
import { PostgresDatabase } from './PostgresDatabase';
import { migrate } from './migrations';

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string }
  | { kind: 'postgres'; connectionString: string; schema?: string; maxConnections?: number };

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const db = options.kind === 'postgres' ? await PostgresDatabase.open(options) : await PgliteDatabase.open({ dataDir: options.dataDir });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
