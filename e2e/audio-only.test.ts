import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { expectInboundMedia, newContext, readStats } from './support/browser';
import { expectNoAxeViolations } from './support/axe';
import { openDeskCall } from './support/session';

// Issue 16: the citizen chooses "sound only" before the call (device check) and switches
// video back on and off during it. Sound only means no video crosses the citizen's link in
// either direction: the camera is not sent and the clerk's video is paused on the SFU.

const run = sharedRun();

/** Waits until `page` has received `n` more audio packets; returns the stats before and after. */
async function overAudio(page: Page, n: number) {
  const before = await readStats(page);
  let after = before;
  for (let i = 0; i < 240 && after.inboundAudioPackets < before.inboundAudioPackets + n; i++) {
    await page.waitForTimeout(250);
    after = await readStats(page);
  }
  expect(after.inboundAudioPackets, 'audio keeps arriving').toBeGreaterThanOrEqual(before.inboundAudioPackets + n);
  return { before, after };
}

describe('sound only', () => {
  it('chosen in the device check: voices both ways, no video either way; video back on and off again during the call', async () => {
    const { created, clerk, clerkContext } = await openDeskCall(run.browser, run.server, 'Alleen geluid', 'Ilse');
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    try {
      await citizen.goto(created.citizenLink);
      await citizen.getByLabel('Alleen geluid').check();
      await citizen.getByTestId('join-button').click();
      await clerk.getByTestId('waiting-entry').filter({ hasText: 'Ilse' }).waitFor();
      await clerk.getByRole('button', { name: /Ilse/ }).filter({ hasText: /binnenlaten/i }).click();
      await citizen.getByTestId('in-call').waitFor();

      // 100 audio packets (2 s) each way, and not one video packet in either direction.
      await overAudio(citizen, 100);
      const atClerk = await overAudio(clerk, 100);
      const citizenStats = await readStats(citizen);
      expect(citizenStats).toMatchObject({ outboundVideoPackets: 0, inboundVideoPackets: 0, inboundVideoFramesDecoded: 0 });
      expect(atClerk.after.inboundVideoPackets).toBe(0);
      const button = citizen.getByTestId('audio-only-button');
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      expect(await citizen.getByTestId('camera-button').isDisabled()).toBe(true);
      await expectNoAxeViolations(citizen, 'citizen call, sound only');

      // Video back on: pictures both ways.
      await button.click();
      await expectInboundMedia(citizen, 30_000);
      await expectInboundMedia(clerk, 30_000);
      expect(await button.getAttribute('aria-pressed')).toBe('false');

      // Sound only again, mid-call: video stops both ways while audio goes on (a few packets in flight at the switch).
      await button.click();
      await citizen.waitForFunction(() => document.querySelector('[data-testid="audio-only-button"]')?.getAttribute('aria-pressed') === 'true');
      await overAudio(citizen, 50); // let the switch settle
      const toCitizen = await overAudio(citizen, 150);
      const toClerk = await overAudio(clerk, 150);
      expect(toCitizen.after.inboundVideoPackets - toCitizen.before.inboundVideoPackets).toBeLessThan(5);
      expect(toClerk.after.inboundVideoPackets - toClerk.before.inboundVideoPackets).toBeLessThan(5);
    } finally {
      await Promise.all([clerkContext.close(), citizenContext.close()]);
    }
  });
});
