/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { citizenJoin, expectInboundMedia, newContext, readStats } from './support/browser';
import { openDeskCall, shot } from './support/session';

// Issue 5's proof: "clerk's screen share reaches the citizen as a second video track …; the
// citizen's share is refused until allowed." Headless Chromium with the fake-device flags
// answers getDisplayMedia with a synthetic 1280×720 "screen:" track (no extra flag needed).

const run = sharedRun();

/** Keeps the last display track on window, so the test can end it the way the browser's own "stop sharing" bar does. */
async function recordDisplayTracks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const md = navigator.mediaDevices;
    if (!md?.getDisplayMedia) return;
    const original = md.getDisplayMedia.bind(md);
    md.getDisplayMedia = async (opts) => {
      const stream = await original(opts);
      (window as unknown as { __displayTrack?: MediaStreamTrack }).__displayTrack = stream.getVideoTracks()[0];
      return stream;
    };
  });
}

/** The browser bar's "stop sharing": the track ends and fires `ended`. */
function endShareFromBrowserBar(page: Page): Promise<void> {
  return page.evaluate(() => {
    const t = (window as unknown as { __displayTrack?: MediaStreamTrack }).__displayTrack!;
    t.stop();
    t.dispatchEvent(new Event('ended'));
  });
}

/** A screen tile that shows decoded frames (a real video picture, not a placeholder). */
async function screenShows(page: Page): Promise<void> {
  const video = page.locator('[data-testid="remote-screen"] video');
  await video.waitFor({ timeout: 15_000 });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
}

describe('screen share', () => {
  it("carries the clerk's screen to the citizen as a second video; the citizen shares only once allowed", async () => {
    const { created, clerk, clerkContext } = await openDeskCall(run.browser, run.server, 'Bouwaanvraag', 'Els Wouters');
    await recordDisplayTracks(clerkContext);
    await clerk.reload();
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
    const citizenContext = await newContext(run.browser, run.server);
    await recordDisplayTracks(citizenContext);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, created.citizenLink, 'Els Wouters');
    await clerk.getByTestId('admit').click();
    await citizen.getByTestId('in-call').waitFor();
    await Promise.all([expectInboundMedia(citizen), expectInboundMedia(clerk)]);

    // The clerk's listening chain (issue 5, audio): the fake microphone's beeps light the
    // speaking indicator; a +12 dB boost and voice clarity are remembered for this clerk.
    const person = clerk.getByTestId('audio-person').filter({ hasText: 'Els Wouters' });
    await expect.poll(() => person.getAttribute('data-speaking'), { timeout: 10_000 }).toBe('true');
    // The local meter reads after the WebAudio chain: sound really goes through it.
    await expect.poll(() => person.locator('meter').evaluate((m: HTMLMeterElement) => m.value), { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    await person.getByTestId('audio-gain').fill('12');
    await clerk.getByTestId('voice-clarity').check();
    await expect
      .poll(() => clerk.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('videoloket:desk:audio:'))?.[1] ?? ''))
      .toMatch(/"voiceClarity":true.*"gainDbByParticipant":\{"[^"]+":12\}/);

    // The clerk shares: the citizen gets a second video track (3 consumers: audio, camera, screen).
    await clerk.getByTestId('screen-share-button').click();
    await expect.poll(() => clerk.getByTestId('screen-share-button').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await readStats(citizen)).consumers, { timeout: 15_000 }).toBe(3);
    await screenShows(citizen);
    await shot(citizen, 'citizen-sees-clerk-screen');

    // Stopping from the browser's own bar closes the producer: the citizen's screen tile goes.
    await endShareFromBrowserBar(clerk);
    await expect.poll(async () => (await readStats(citizen)).consumers, { timeout: 5000 }).toBe(2);
    await citizen.locator('[data-testid="remote-screen"]').waitFor({ state: 'detached', timeout: 5000 });
    await expect.poll(() => clerk.getByTestId('screen-share-button').getAttribute('aria-pressed')).toBe('false');

    // The citizen may not share yet (the server would refuse it too: signaling/test/interpreter.test.ts).
    const citizenShare = citizen.getByTestId('screen-share-button');
    expect(await citizenShare.isDisabled()).toBe(true);

    // The clerk allows it; the citizen shares; the clerk sees the citizen's screen.
    await clerk.getByTestId('screen-permission').filter({ hasText: 'Els Wouters' }).getByTestId('screen-allow').click();
    await expect.poll(() => citizenShare.isDisabled()).toBe(false);
    await citizenShare.click();
    await expect.poll(async () => (await readStats(clerk)).consumers, { timeout: 15_000 }).toBe(3);
    await screenShows(clerk);
    await shot(clerk, 'desk-sees-citizen-screen');

    // Taking the permission back stops the running share on the server.
    await clerk.getByTestId('screen-permission').filter({ hasText: 'Els Wouters' }).getByTestId('screen-allow').click();
    await expect.poll(async () => (await readStats(clerk)).consumers, { timeout: 5000 }).toBe(2);
    await expect.poll(() => citizenShare.isDisabled(), { timeout: 5000 }).toBe(true);
    await citizenContext.close();
  });
});
