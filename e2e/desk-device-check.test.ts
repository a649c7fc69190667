/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { citizenJoin, expectInboundMedia, newContext, storeDeskAuth } from './support/browser';
import { createCall, loginClerk } from './support/api';
import { duplicateControlNames, expectNoAxeViolations } from './support/axe';

// Issue 12 item 4: before the clerk's media starts, the clerk checks their own devices and picks
// camera, microphone and speaker; the call uses the choice and the next call preselects it.

// Three fake cameras. fake_device_1 delivers 16-bit depth frames (Y16) that Chromium's encoder
// barely sends (a few dozen packets in 20 s here), so the clerk picks fake_device_2, an ordinary camera.
const run = sharedRun({ browserArgs: ['--use-fake-device-for-media-stream=device-count=3'] });

function cameraOf(page: Page, testId: string): Promise<string | undefined> {
  return page.evaluate((id) => {
    const video = document.querySelector(`[data-testid="${id}"] video`) as HTMLVideoElement | null;
    const track = (video?.srcObject as MediaStream | null)?.getVideoTracks()[0];
    return track?.readyState === 'live' ? track.label : undefined;
  }, testId);
}

async function cameraOptionValue(page: Page, label: string): Promise<string> {
  const picker = page.getByTestId('camera-picker');
  await expect.poll(() => picker.locator('option').allTextContents(), { timeout: 20_000 }).toContain(label);
  return picker.locator('option', { hasText: label }).getAttribute('value').then((v) => v ?? '');
}

describe('clerk device check', () => {
  it('the clerk picks another camera before the call; the call sends it; the next call preselects it; axe clean in nl and en; the check can be switched off', async () => {
    const login = await loginClerk(run.server);
    const first = await createCall(run.server, login.token, 'Toestellen');
    const clerkContext = await newContext(run.browser, run.server);
    await storeDeskAuth(clerkContext, login, { deviceCheck: true });
    const clerk = await clerkContext.newPage();
    await clerk.goto(`/desk/#/call/${first.call.callId}`);

    // The check comes first, in Dutch, with "start" focused; nothing joins the call yet.
    const check = clerk.getByTestId('desk-device-check');
    await check.waitFor({ timeout: 20_000 });
    expect(await check.getByRole('heading', { level: 1 }).textContent()).toBe('Controleer uw camera en microfoon');
    expect(await clerk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('start-media');
    expect(await clerk.getByTestId('desk-room').count()).toBe(0);
    await expect.poll(() => cameraOf(clerk, 'self-preview'), { timeout: 20_000 }).toBe('fake_device_0');
    await clerk.getByTestId('mic-level').waitFor();
    await expectNoAxeViolations(clerk, 'desk device check (nl)');
    expect(await duplicateControlNames(clerk)).toEqual([]);

    // Another camera: the self view follows at once.
    const chosen = await cameraOptionValue(clerk, 'fake_device_2');
    await clerk.getByRole('combobox', { name: 'Camera' }).selectOption(chosen);
    await expect.poll(() => cameraOf(clerk, 'self-preview'), { timeout: 20_000 }).toBe('fake_device_2');
    await clerk.getByRole('button', { name: 'Gesprek starten' }).click();
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
    expect(await cameraOf(clerk, 'self-view')).toBe('fake_device_2');

    // The citizen gets the clerk's picture and sound.
    const citizen = await (await newContext(run.browser, run.server)).newPage();
    await citizenJoin(citizen, first.citizenLink, 'Dirk Peeters');
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Dirk Peeters' }).getByTestId('admit').click();
    await citizen.getByTestId('in-call').waitFor({ timeout: 20_000 });
    await expectInboundMedia(citizen, 30_000);
    await citizen.context().close();

    // Next call in the same browser, in English: the same camera is chosen already, Enter starts.
    const next = await createCall(run.server, login.token, 'Devices again');
    await clerk.goto(`/desk/?lang=en#/call/${next.call.callId}`);
    await check.waitFor({ timeout: 20_000 });
    expect(await check.getByRole('heading', { level: 1 }).textContent()).toBe('Check your camera and microphone');
    await expect.poll(() => cameraOf(clerk, 'self-preview'), { timeout: 20_000 }).toBe('fake_device_2');
    expect(await clerk.getByRole('combobox', { name: 'Camera' }).inputValue()).toBe(chosen);
    await expectNoAxeViolations(clerk, 'desk device check (en)');
    expect(await clerk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('start-media');
    await clerk.keyboard.press('Enter');
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
    expect(await cameraOf(clerk, 'self-view')).toBe('fake_device_2');

    // Switched off in the call room, the next call opens the remembered camera without the check.
    const skip = clerk.getByRole('checkbox', { name: 'Show this check before every call' });
    expect(await skip.isChecked()).toBe(true);
    await skip.uncheck();
    const third = await createCall(run.server, login.token, 'No check');
    await clerk.goto(`/desk/?lang=en#/call/${third.call.callId}`);
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
    expect(await check.count()).toBe(0);
    await expect.poll(() => cameraOf(clerk, 'self-view'), { timeout: 20_000 }).toBe('fake_device_2');
    await clerkContext.close();
  });
});
