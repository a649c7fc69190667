import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ownServerRun } from './support/run';
import { expectInboundMedia } from './support/browser';
import { createCitizenNetwork, linkOriginArgs, serverOnLink, type CitizenNetwork } from './support/netns';
import { freeTcpPort } from './support/server';
import { sawWaitingRoom } from './support/session';
import { admittedCallAcrossLink, pageClock, recoveriesSince } from './support/switching';

// Issue 16, "Network switch": a citizen's phone moves between Wi-Fi and 4G in the middle of
// a call. The citizen's namespace has two links with different addresses; the server is
// reached over either (e2e/support/netns.ts). Each switch takes the active link down, its
// address gone, and brings the other up with its own: the browser notices, restarts ICE and
// its signalling connection, and media flows both ways again, without the waiting room and
// without the clerk doing anything.

let network: CitizenNetwork | undefined;
let citizenBrowser: Browser | undefined;
let port = 0;
beforeAll(async () => {
  network = await createCitizenNetwork({ label: 'switch', links: 2 });
  port = await freeTcpPort();
});
// Registered after the hook above, so it runs after it (ownServerRun reads env in its beforeAll).
const run = ownServerRun(() => ({ ...serverOnLink(network!, port), TURN_URLS: 'none' }));
beforeAll(async () => {
  citizenBrowser = await network!.launchBrowser(linkOriginArgs(network!, port));
});
afterAll(async () => {
  await network?.close();
});

describe('a citizen whose network changes mid-call', () => {
  it('keeps the call through three switches between two links: media both ways again, no waiting room', async () => {
    const net = network!;
    const call = await admittedCallAcrossLink(run.browser, run.server, citizenBrowser!, `http://${net.hostAddress}:${port}`, 'Wessel');
    await expectInboundMedia(call.citizen, 60_000);
    await expectInboundMedia(call.clerk, 60_000);
    // The waiting room was seen once, before admission; from here on it must not come back.
    expect(await sawWaitingRoom(call.citizen)).toBe(true);
    await call.citizen.evaluate(() => ((window as unknown as { __sawWaitingRoom?: boolean }).__sawWaitingRoom = false));

    for (const link of [net.links[1]!, net.links[0]!, net.links[1]!]) {
      const before = net.citizenAddress;
      const switchedAt = await pageClock(call.citizen);
      await net.switchTo(link);
      expect(net.citizenAddress).not.toBe(before);
      // The page noticed the change itself (call-client network-watch.ts), not at a ping timeout.
      await expect.poll(async () => (await recoveriesSince(call.citizen, switchedAt)).length).toBeGreaterThan(0);
      await expectInboundMedia(call.citizen, 60_000);
      await expectInboundMedia(call.clerk, 60_000);
      expect(await call.citizen.getByTestId('in-call').isVisible()).toBe(true);
    }
    expect(await sawWaitingRoom(call.citizen)).toBe(false);
    await call.close();
  }, 400_000);
});
