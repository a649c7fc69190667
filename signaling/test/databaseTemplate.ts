import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// One migrated, empty embedded database per test run (integration: signaling/test/global-setup.ts;
// browser tests: e2e/support/global-setup.ts), copied into each fresh test server's data dir:
// PGlite's initdb and the migrations are most of a server's start.

const REPO = path.resolve(import.meta.dirname, '../..');

/** Creates the template in `dir`/db (in a process of its own, see database-template.ts); returns its path. */
export async function createDatabaseTemplate(dir: string): Promise<string> {
  const dbDir = path.join(dir, 'db');
  await promisify(execFile)(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(import.meta.dirname, 'database-template.ts'), dbDir], { cwd: REPO, timeout: 300_000 });
  return dbDir;
}
