/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { citizenJoin, expectInboundMedia, newContext, readStats } from './support/browser';
import { openDeskCall } from './support/session';
import { codecsInUse, offerOnlyH264, recordPeerConnections } from './support/codecs';

// Issue 16 item 4: a citizen browser that can send and receive H264 only (iOS Safari with VP8
// switched off), emulated in Chromium (e2e/support/codecs.ts), and a clerk on an ordinary
// Chromium that sends VP8 simulcast. The clerk's desk adds an H264 encoding of its camera and
// of its screen share when the server asks for one (docs/browsers.md); the clerk decodes the
// citizen's H264 as it is.

const run = sharedRun();

describe('an H264-only citizen', () => {
  it('sees the clerk’s camera and screen in H264 and is seen by the clerk, who keeps sending VP8 too', async () => {
    const { created, clerk, clerkContext } = await openDeskCall(run.browser, run.server, 'Alleen H264', 'Noor Peeters');
    await recordPeerConnections(clerkContext);
    await clerk.reload();
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 60_000 });

    const citizenContext = await newContext(run.browser, run.server);
    await offerOnlyH264(citizenContext);
    await recordPeerConnections(citizenContext);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, created.citizenLink, 'Noor Peeters');
    await clerk.getByTestId('admit').click();
    await citizen.getByTestId('in-call').waitFor();

    // The emulation holds: the page's browser offers no video codec but H264.
    const offered = await citizen.evaluate(async () => {
      const pc = new RTCPeerConnection();
      pc.addTransceiver('video');
      const sdp = (await pc.createOffer()).sdp ?? '';
      pc.close();
      return [...sdp.matchAll(/a=rtpmap:\d+ ([^/]+)\//g)].map((m) => m[1]);
    });
    expect(offered).toContain('H264');
    expect(offered).not.toContain('VP8');

    // Both sides decode frames, and keep decoding.
    const [citizenStats, clerkStats] = await Promise.all([expectInboundMedia(citizen, 90_000), expectInboundMedia(clerk, 90_000)]);
    expect(citizenStats.consumers).toBe(2);
    expect(clerkStats.consumers).toBe(2);

    // What each side decodes and sends, from getStats: the citizen gets H264 only; the clerk
    // decodes the citizen's H264 and sends its camera twice, VP8 (for everyone else) and H264.
    const citizenCodecs = await codecsInUse(citizen);
    expect(citizenCodecs.inbound.map((s) => s.mimeType)).toEqual(['video/H264']);
    expect(new Set(citizenCodecs.outbound)).toEqual(new Set(['video/H264']));
    const clerkCodecs = await codecsInUse(clerk);
    expect(clerkCodecs.inbound.map((s) => s.mimeType)).toEqual(['video/H264']);
    expect(new Set(clerkCodecs.outbound)).toEqual(new Set(['video/VP8', 'video/H264']));

    // The clerk shares the screen: it reaches the citizen as H264 too, with real frames.
    await clerk.getByTestId('screen-share-button').click();
    await expect.poll(() => clerk.getByTestId('screen-share-button').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await readStats(citizen)).consumers, { timeout: 60_000 }).toBe(3);
    const screen = citizen.locator('[data-testid="remote-screen"] video');
    await expect.poll(() => screen.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await codecsInUse(citizen)).inbound.map((s) => s.mimeType), { timeout: 60_000 })
      .toEqual(['video/H264', 'video/H264']);

    // Stopping the share takes its tile away; the clerk's camera keeps playing.
    await clerk.getByTestId('screen-share-button').click();
    await citizen.locator('[data-testid="remote-screen"]').waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(async () => (await readStats(citizen)).consumers, { timeout: 60_000 }).toBe(2);
    const framesBefore = (await readStats(citizen)).inboundVideoFramesDecoded;
    await expect.poll(async () => (await readStats(citizen)).inboundVideoFramesDecoded, { timeout: 60_000 }).toBeGreaterThan(framesBefore + 10);
  });
});
