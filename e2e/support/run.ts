import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser } from './browser';
import { createCitizenNetwork, linkOriginArgs, serverOnLink, type CitizenNetwork, type CitizenNetworkOptions } from './netns';
import { freeTcpPort, startServer, type RunningServer, type ServerAddress } from './server';

// A test file's view of the e2e run: the server its tests talk to and its connection to the
// run's one browser (e2e/support/global-setup.ts). Call once at the top of a test file; it
// registers the file's beforeAll/afterAll.

export interface E2eRun {
  readonly server: ServerAddress;
  /** This file's connection to the run's browser (or its own browser): closed after the file, which closes every context the file opened. */
  readonly browser: Browser;
}

export interface RunOptions {
  /** Chromium flags the file needs (e.g. more fake cameras): it gets a browser of its own instead of the run's. */
  browserArgs?: string[];
}

function fileRun(start: () => Promise<{ server: ServerAddress; stop?: () => Promise<void> }>, options: RunOptions): E2eRun {
  let server: ServerAddress | undefined;
  let browser: Browser | undefined;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    browser = options.browserArgs ? await launchBrowser(options.browserArgs) : await chromium.connect(inject('e2eBrowserEndpoint'));
    ({ server, stop } = await start());
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the e2e ${what} is not there yet: use it inside tests or hooks`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
  };
}

/** The run's shared server and browser. */
export function sharedRun(options: RunOptions = {}): E2eRun {
  return fileRun(async () => ({ server: inject('e2eServer') }), options);
}

/**
 * A server of this file's own, for settings the shared one must not have (a mail server, a
 * configured clock window, a network namespace), driven by the run's browser. `env` is called
 * in beforeAll, after the hooks the file registered before, so it can name their ports.
 */
export function ownServerRun(env: () => Record<string, string>, options: RunOptions = {}): E2eRun {
  return fileRun(async () => {
    const server: RunningServer = await startServer(env(), { databaseTemplate: inject('e2eDatabaseTemplate') });
    return { server, stop: () => server.stop() };
  }, options);
}

/** The scan needs the real clamd: scripts/test.sh starts it and exports CLAMD_* (inherited by the shared server too). */
export function requireClamd(): void {
  if (!process.env.CLAMD_PORT && !process.env.CLAMD_SOCKET) {
    throw new Error('CLAMD_* not set: run eval "$(bash scripts/services/clamd.sh start)" first (scripts/test.sh does)');
  }
}

export interface CitizenNetworkRun {
  run: E2eRun;
  /** The citizen's network namespace (e2e/support/netns.ts). */
  network(): CitizenNetwork;
  /** Chromium inside it, with the flags to open the server over the link. */
  citizenBrowser(): Browser;
}

/**
 * A citizen network namespace, a server of this file's own reached over it (serverOnLink, no
 * TURN unless `env` says so) and a Chromium inside it; all removed after the file.
 */
export function citizenNetworkRun(options: CitizenNetworkOptions, env: () => Record<string, string> = () => ({})): CitizenNetworkRun {
  let network: CitizenNetwork | undefined;
  let citizenBrowser: Browser | undefined;
  let port = 0;
  beforeAll(async () => {
    network = await createCitizenNetwork(options);
    port = await freeTcpPort();
  });
  // Registered after the hook above, so it runs after it (ownServerRun reads env in its beforeAll).
  const run = ownServerRun(() => ({ ...serverOnLink(network!, port), TURN_URLS: 'none', ...env() }));
  beforeAll(async () => {
    citizenBrowser = await network!.launchBrowser(linkOriginArgs(network!, port));
  });
  afterAll(async () => {
    await network?.close();
  });
  return { run, network: () => network!, citizenBrowser: () => citizenBrowser! };
}
