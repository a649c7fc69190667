import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReceivedStream } from '@videoloket/contracts';
import { citizenNetworkRun } from './support/run';
import { expectInboundMedia, newContext, readStats } from './support/browser';
import { openDeskCall } from './support/session';

// Issue 16 "weak links degrade gracefully" and issue 12 item 8, on a real link: the citizen's
// Chromium in its own network namespace (e2e/support/netns.ts), the server and the clerk in the
// root one. The citizen's link is cut to 300 kbit/s with 5 % loss both ways: the citizen's
// voice keeps arriving at the clerk, the SFU forwards the citizen's smallest camera layer
// (server-side currentLayers, read through media:receivedStreams: the clerk's own consumers
// only), both pages say the citizen's connection is weak; when the limit goes the layer
// climbs; weak again for 20 s, the citizen is offered sound only.

const { run, network, citizenBrowser } = citizenNetworkRun({ label: 'weak' });

interface AudioStats {
  inboundAudioPackets: number;
  inboundAudioSamples: number;
  inboundAudioConcealedSamples: number;
}
const audio = async (page: Page) => (await readStats(page)) as unknown as AudioStats;

/** The SFU's view of the clerk's consumer of the citizen's camera. */
async function citizenCamera(clerk: Page, citizenId: string): Promise<ReceivedStream | undefined> {
  const streams = await clerk.evaluate(() => (window as unknown as { __videoloketReceivedStreams: () => Promise<ReceivedStream[]> }).__videoloketReceivedStreams());
  return streams.find((s) => s.participantId === citizenId && s.source === 'camera');
}

/** Polls until `check` holds; returns how long it took (ms). */
async function until(page: Page, what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await page.waitForTimeout(500);
  }
  return Date.now() - started;
}

describe('a citizen on a weak link (300 kbit/s, 5 % loss)', () => {
  it('keeps the voice, gets the smallest layer, is marked weak on both sides, is offered sound only, and climbs back', async () => {
    const { created, clerk, clerkContext } = await openDeskCall(run.browser, run.server, 'Zwakke lijn', 'Noor');
    const citizenContext = await newContext(citizenBrowser(), { ...run.server, url: `http://${network().hostAddress}:${run.server.port}` });
    const citizen = await citizenContext.newPage();
    try {
      await citizen.goto(created.citizenLink);
      await citizen.getByTestId('join-button').click();
      await clerk.getByTestId('waiting-entry').filter({ hasText: 'Noor' }).waitFor();
      await clerk.getByRole('button', { name: /Noor/ }).filter({ hasText: /binnenlaten/i }).click();
      await citizen.getByTestId('in-call').waitFor();
      await expectInboundMedia(clerk, 60_000);
      const citizenId = (await clerk.getByTestId('participant').filter({ hasText: 'Noor' }).getAttribute('data-participant-id'))!;
      const clerkQualityOfCitizen = clerk.getByTestId('participant').filter({ hasText: 'Noor' }).getByTestId('participant-quality');
      // On the open link the SFU climbs above the smallest layer, and both sides say good.
      const climbMs = await until(clerk, 'the citizen\'s camera above the smallest layer', async () => ((await citizenCamera(clerk, citizenId))?.spatialLayer ?? 0) > 0, 60_000);
      await citizen.locator('[data-testid="own-quality"][data-quality="good"]').waitFor({ timeout: 30_000 });
      await clerkQualityOfCitizen.and(clerk.locator('[data-quality="good"]')).waitFor({ timeout: 30_000 });

      await network().bandwidth(300);
      await network().loss(5);
      const weakMs = await until(clerk, 'the smallest layer on the weak link', async () => (await citizenCamera(clerk, citizenId))?.spatialLayer === 0, 60_000);
      // Both pages say it in words: the citizen's own indicator and the clerk's for the citizen.
      const weak = /^(weak|very-weak)$/;
      await until(citizen, 'the citizen\'s indicator says weak', async () => weak.test((await citizen.getByTestId('own-quality').getAttribute('data-quality')) ?? ''), 60_000);
      await until(clerk, 'the clerk\'s indicator for the citizen says weak', async () => weak.test((await clerkQualityOfCitizen.getAttribute('data-quality')) ?? ''), 30_000);
      expect(await clerkQualityOfCitizen.textContent()).toMatch(/De verbinding van Noor is (zeer )?zwak/);
      expect(await clerkQualityOfCitizen.getAttribute('role')).toBe('status');

      // The voice keeps coming: over the next 10 s of audio at the clerk, under 10 % concealed.
      const before = await audio(clerk);
      await until(clerk, '10 s of the citizen\'s audio at the clerk', async () => (await audio(clerk)).inboundAudioSamples - before.inboundAudioSamples >= 480_000, 60_000);
      const after = await audio(clerk);
      const concealed = (after.inboundAudioConcealedSamples - before.inboundAudioConcealedSamples) / (after.inboundAudioSamples - before.inboundAudioSamples);
      expect(after.inboundAudioPackets - before.inboundAudioPackets).toBeGreaterThan(250);
      expect(concealed).toBeLessThan(0.1);
      // Still on the smallest layer while the link stays weak.
      expect((await citizenCamera(clerk, citizenId))?.spatialLayer).toBe(0);

      await network().loss(0);
      await network().bandwidth(undefined);
      const backMs = await until(clerk, 'the citizen\'s camera back above the smallest layer', async () => ((await citizenCamera(clerk, citizenId))?.spatialLayer ?? 0) > 0, 15_000);
      await until(citizen, 'the citizen\'s indicator back to good', async () => (await citizen.getByTestId('own-quality').getAttribute('data-quality')) === 'good', 60_000);

      // Weak again, and for 20 s: the citizen is offered sound only, in an alert; keeping video closes the offer.
      await network().bandwidth(300);
      await network().loss(5);
      const offer = citizen.getByRole('alert').filter({ hasText: 'Wilt u verder met alleen geluid?' });
      await offer.waitFor({ timeout: 90_000 });
      expect(await offer.getAttribute('data-testid')).toBe('audio-only-offer');
      await offer.getByRole('button', { name: 'Beeld houden' }).click();
      await offer.waitFor({ state: 'detached' });
      console.log(`weak-link: first climb ${climbMs} ms, smallest layer after ${weakMs} ms, back up after ${backMs} ms, concealed ${(concealed * 100).toFixed(1)} %`);
    } finally {
      await Promise.all([clerkContext.close(), citizenContext.close()]);
    }
  });
});
