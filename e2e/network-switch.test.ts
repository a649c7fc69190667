import { describe, expect, it } from 'vitest';
import { citizenNetworkRun } from './support/run';
import { expectInboundMedia } from './support/browser';
import { sawWaitingRoom } from './support/session';
import { admittedCallAcrossLink, pageClock, recoveriesSince } from './support/switching';

// Issue 16, "Network switch": a citizen's phone moves between Wi-Fi and 4G in the middle of
// a call. The citizen's namespace has two links with different addresses; the server is
// reached over either (e2e/support/netns.ts). Each switch takes the active link down, its
// address gone, and brings the other up with its own: the browser notices, restarts ICE and
// its signalling connection, and media flows both ways again, without the waiting room and
// without the clerk doing anything.

const { run, network, citizenBrowser } = citizenNetworkRun({ label: 'switch', links: 2 });

describe('a citizen whose network changes mid-call', () => {
  it('keeps the call through three switches between two links: media both ways again, no waiting room', async () => {
    const net = network();
    const call = await admittedCallAcrossLink(run.browser, run.server, citizenBrowser(), `http://${net.hostAddress}:${run.server.port}`, 'Wessel');
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
