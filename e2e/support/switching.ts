/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import type { Browser, Page } from 'playwright-core';
import { newContext, readStats } from './browser';
import type { ServerAddress } from './server';
import { openDeskCall, watchForWaitingRoom } from './session';

// A call whose citizen sits in a network namespace (issue 16): the strict firewall, and the
// network switch (two links), shared by e2e/network-switch.test.ts and bench/network.ts.

export interface SwitchingCall {
  clerk: Page;
  citizen: Page;
  close(): Promise<void>;
}

/** The clerk (run's browser, localhost) opens a call; the citizen (browser in the namespace, `citizenUrl`) joins and is admitted. */
export async function admittedCallAcrossLink(clerkBrowser: Browser, server: ServerAddress, citizenBrowser: Browser, citizenUrl: string, name: string, title = 'Netwerkwissel'): Promise<SwitchingCall> {
  const { created, clerk, clerkContext } = await openDeskCall(clerkBrowser, server, title, name);
  const citizenContext = await newContext(citizenBrowser, { ...server, url: citizenUrl });
  await watchForWaitingRoom(citizenContext);
  const citizen = await citizenContext.newPage();
  await citizen.goto(created.citizenLink);
  await citizen.getByTestId('join-button').click();
  await clerk.getByTestId('waiting-entry').filter({ hasText: name }).waitFor();
  await clerk.getByRole('button', { name: new RegExp(name) }).filter({ hasText: /binnenlaten/i }).click();
  await citizen.getByTestId('in-call').waitFor();
  return { clerk, citizen, close: async () => void (await Promise.all([clerkContext.close(), citizenContext.close()])) };
}

/**
 * When a page decodes video again after a gap: polls the decoded-frame counter every
 * `pollMs`, waits until it has stood still (the old path is gone) and returns the time
 * (Date.now()) of the first poll that sees it move again. The counter restarts at zero when
 * the media session is rebuilt, so any change after the gap counts as a new frame.
 */
export async function nextFramesAfterGap(page: Page, timeoutMs: number, pollMs = 100): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let previous = (await readStats(page)).inboundVideoFramesDecoded;
  let stalled = false;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const now = Date.now();
    const frames = (await readStats(page)).inboundVideoFramesDecoded;
    if (frames === previous) stalled = true;
    else if (stalled && frames > 0) return now;
    previous = frames;
  }
  throw new Error(`no new decoded video within ${timeoutMs} ms (frames ${previous}, gap seen: ${stalled})`);
}

/** The page's `performance.now()`: the clock of its debug marks. */
export function pageClock(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** What the page's network watch (call-client network-watch.ts) did since `since` (its clock): 'redialled' / 'ice-restarted'. */
export function recoveriesSince(page: Page, since: number): Promise<string[]> {
  return page.evaluate((t) => {
    const list = (window as unknown as { __videoloketRecoveries?: { what: string; at: number }[] }).__videoloketRecoveries ?? [];
    return list.filter((r) => r.at >= t).map((r) => r.what);
  }, since);
}
