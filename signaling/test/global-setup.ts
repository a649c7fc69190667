import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

// Once per integration run (vitest `globalSetup` of the integration projects): one migrated,
// empty embedded database that startTestServer copies into each fresh data dir, instead of every
// server running PGlite's initdb and the migrations (most of a server's start). Made by
// e2e/support/database-template.ts in a process of its own: vitest's global setup cannot load PGlite.

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated, empty database (a PGlite data dir) test servers start from, a copy of it each. */
    integrationDatabaseTemplate: string;
  }
}

const REPO = path.resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'videoloket-test-db-template-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const dbDir = path.join(dir, 'db');
  try {
    await promisify(execFile)(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(REPO, 'e2e/support/database-template.ts'), dbDir], { cwd: REPO, timeout: 300_000 });
  } catch (error) {
    remove();
    throw error;
  }
  project.provide('integrationDatabaseTemplate', dbDir);
  return remove;
}
