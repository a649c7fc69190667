import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabaseTemplate } from './databaseTemplate';

// Once per integration run (vitest `globalSetup` of the integration projects): one migrated,
// empty embedded database that startTestServer copies into each fresh data dir, instead of every
// server running PGlite's initdb and the migrations (most of a server's start).

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated, empty database (a PGlite data dir) test servers start from, a copy of it each. */
    integrationDatabaseTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'videoloket-test-db-template-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  let dbDir: string;
  try {
    dbDir = await createDatabaseTemplate(dir);
  } catch (error) {
    remove();
    throw error;
  }
  project.provide('integrationDatabaseTemplate', dbDir);
  return remove;
}
