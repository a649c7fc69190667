/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { citizenJoin, expectInboundMedia, newContext, readStats } from './support/browser';
import { openDeskCall } from './support/session';
import { expectNoAxeViolations } from './support/axe';

// Issue 12 item 4: the clerk switches camera or microphone mid-call; the citizen keeps
// decoding the clerk's picture, now from the new camera, without the call renegotiating.

const run = sharedRun({ browserArgs: ['--use-fake-device-for-media-stream=device-count=3'] });

/** The clerk's self view: which device's track it shows. */
const selfTrack = (page: Page, kind: 'video' | 'audio') =>
  page.evaluate((k) => {
    const stream = document.querySelector<HTMLVideoElement>('[data-testid="self-view"] video')?.srcObject as MediaStream | null;
    const track = (k === 'video' ? stream?.getVideoTracks() : undefined)?.[0];
    return track ? { label: track.label, live: track.readyState === 'live' } : undefined;
  }, kind);

describe("the clerk's devices in a call", () => {
  it('switching camera mid-call: the citizen keeps decoding, the picture comes from the new camera; a failing device keeps the old one', async () => {
    const { created, clerk, clerkContext } = await openDeskCall(run.browser, run.server, 'Apparaten', 'Lotte Maes');
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, created.citizenLink, 'Lotte Maes');
    await clerk.getByRole('button', { name: /Lotte Maes/ }).filter({ hasText: /binnenlaten/i }).click();
    await citizen.getByTestId('in-call').waitFor();
    const before = await expectInboundMedia(citizen, 60_000);

    const camera = clerk.getByRole('combobox', { name: 'Camera' });
    await camera.waitFor();
    // Chromium's fake cameras 0 and 2 (camera 1 gives frames its encoder hardly sends, in any page).
    const start = (await selfTrack(clerk, 'video'))!;
    expect(start.live).toBe(true);
    const [from, to] = start.label === 'fake_device_0' ? ['fake_device_0', 'fake_device_2'] : ['fake_device_2', 'fake_device_0'];
    expect(start.label).toBe(from);
    const other = await camera.locator('option', { hasText: to }).getAttribute('value');
    await camera.selectOption(other!);
    await expect.poll(() => selfTrack(clerk, 'video'), { timeout: 15_000 }).toEqual({ label: to, live: true });
    expect(await camera.inputValue()).toBe(other);
    // The next call opens the camera chosen mid-call.
    expect(await clerk.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('videoloket:desk:devices:'))?.[1])).toContain(other!);
    // The same consumers keep decoding: the new track went into the running producer.
    const after = await expectInboundMedia(citizen, 30_000).catch(async (err: unknown) => {
      console.log('clerk stats', JSON.stringify(await readStats(clerk)));
      console.log('citizen received', JSON.stringify(await citizen.evaluate(() => (window as unknown as { __videoloketReceivedStreams?: () => Promise<unknown> }).__videoloketReceivedStreams?.())));
      console.log('clerk received', JSON.stringify(await clerk.evaluate(() => (window as unknown as { __videoloketReceivedStreams?: () => Promise<unknown> }).__videoloketReceivedStreams?.())));
      throw err;
    });
    expect(after.consumers).toBe(before.consumers);
    expect(after.inboundVideoFramesDecoded).toBeGreaterThan(before.inboundVideoFramesDecoded);
    await expectNoAxeViolations(clerk, 'call room with the device pickers');

    // A device another program holds (it cannot be opened): said in an alert; the camera in use stays.
    const first = (await camera.locator('option', { hasText: from }).getAttribute('value'))!;
    await clerk.evaluate((busyId) => {
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (c) =>
        JSON.stringify(c ?? {}).includes(busyId) ? Promise.reject(new DOMException('busy', 'NotReadableError')) : open(c);
    }, first);
    await camera.selectOption(first);
    await clerk.getByRole('alert').filter({ hasText: 'Dit apparaat kon niet worden geopend' }).waitFor();
    expect(await selfTrack(clerk, 'video')).toEqual({ label: to, live: true });
    await Promise.all([clerkContext.close(), citizenContext.close()]);
  });
});
