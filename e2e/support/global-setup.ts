import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchBrowserServer } from './browser';
import { createDatabaseTemplate } from '@videoloket/signaling/testing/database-template';
import { startServer, type ServerAddress } from './server';

// Once per e2e run (vitest `globalSetup` of the e2e project): one server and one Chromium for
// every test file, instead of a server start and a browser launch per file. Files reach them
// through e2e/support/run.ts; a file that needs other server settings starts its own there.

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared server. */
    e2eServer: ServerAddress;
    /** Playwright's endpoint of the run's shared browser (`chromium.connect`). */
    e2eBrowserEndpoint: string;
    /** The migrated, empty database the files' own servers start from (a copy of it). */
    e2eDatabaseTemplate: string;
  }
}

/** The shared server's settings beyond the test defaults: the municipality that seals forms (e2e/forms). */
const SHARED_SERVER_ENV = { SEAL_NAME: 'Gemeente Voorbeeldstad' };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The files' own servers copy one migrated database instead of each creating its own (PGlite's
  // initdb is most of a server's start). Made beside the shared server's start, not before it.
  const templateDir = mkdtempSync(join(tmpdir(), 'videoloket-e2e-db-template-'));
  const removeTemplate = () => rmSync(templateDir, { recursive: true, force: true });
  const [server, browser, template] = await Promise.allSettled([startServer(SHARED_SERVER_ENV), launchBrowserServer(), createDatabaseTemplate(templateDir)]);
  if (server.status === 'rejected' || browser.status === 'rejected' || template.status === 'rejected') {
    // Do not leave the part that started running past the failed run.
    if (server.status === 'fulfilled') await server.value.stop();
    if (browser.status === 'fulfilled') await browser.value.close();
    removeTemplate();
    throw [server, browser, template].find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
  }
  const { url, port, clerkPassword } = server.value;
  project.provide('e2eServer', { url, port, clerkPassword });
  project.provide('e2eBrowserEndpoint', browser.value.wsEndpoint());
  project.provide('e2eDatabaseTemplate', template.value);
  return async () => {
    // The shared server's log goes beside the test results, so a failure in CI can be read afterwards.
    const results = join(process.env.VIDEOLOKET_CACHE ?? join(homedir(), '.cache/videoloket'), 'test-results');
    await mkdir(results, { recursive: true });
    await writeFile(join(results, 'e2e-server.log'), server.value.output());
    if (process.env.E2E_VERBOSE) console.log(`shared server output:\n${server.value.output()}`);
    await browser.value.close();
    await server.value.stop();
    removeTemplate();
  };
}
