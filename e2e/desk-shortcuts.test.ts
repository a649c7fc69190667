import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { citizenJoin, newContext, storeDeskAuth } from './support/browser';
import { createCall, loginClerk } from './support/api';
import { expectNoAxeViolations } from './support/axe';

// Issue 12 item 7: the clerk's frequent actions on the keyboard (Alt+Shift+letter), listed in
// a help that "?" or Alt+Shift+H opens; "?" never fires while typing and can be turned off.

const run = sharedRun();

async function citizenKnocks(name: string, link: string): Promise<Page> {
  const page = await (await newContext(run.browser, run.server)).newPage();
  await citizenJoin(page, link, name);
  await page.getByTestId('waiting-room').waitFor({ timeout: 20_000 });
  return page;
}

describe('desk keyboard shortcuts', () => {
  it('admit the longest waiting, mute, camera and help from the keyboard; "?" stays out of typing and can be switched off', async () => {
    const login = await loginClerk(run.server);
    const created = await createCall(run.server, login.token, 'Sneltoetsen');
    const clerkContext = await newContext(run.browser, run.server);
    await storeDeskAuth(clerkContext, login);
    const clerk = await clerkContext.newPage();
    await clerk.goto(`/desk/#/call/${created.call.callId}`);
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });

    const anna = await citizenKnocks('Anna Claes', created.citizenLink);
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Anna Claes' }).waitFor();
    const bert = await citizenKnocks('Bert Janssens', created.citizenLink);
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Bert Janssens' }).waitFor();

    // "?" opens the help, listed in Dutch; Escape closes it.
    await clerk.locator('body').press('?');
    const help = clerk.getByRole('dialog', { name: 'Sneltoetsen' });
    await help.waitFor();
    expect(await help.getByRole('row', { name: /Wie het langst wacht, binnenlaten/ }).textContent()).toContain('Alt+Shift+A');
    await expectNoAxeViolations(clerk, 'desk shortcuts help');
    await clerk.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Typing a "?" in the chat types it; the help stays shut.
    await clerk.getByTestId('chat-input').fill('');
    await clerk.getByTestId('chat-input').press('?');
    expect(await clerk.getByTestId('chat-input').inputValue()).toBe('?');
    expect(await help.isVisible()).toBe(false);

    // Alt+Shift+A admits whoever waited longest: Anna, not Bert.
    await clerk.keyboard.press('Alt+Shift+KeyA');
    await anna.getByTestId('in-call').waitFor({ timeout: 20_000 });
    expect(await clerk.getByTestId('waiting-entry').filter({ hasText: 'Bert Janssens' }).count()).toBe(1);
    expect(await bert.getByTestId('waiting-room').isVisible()).toBe(true);

    // Microphone and camera, as the buttons do.
    await clerk.keyboard.press('Alt+Shift+KeyM');
    await expect.poll(() => clerk.getByTestId('mute-button').getAttribute('aria-pressed')).toBe('true');
    await clerk.keyboard.press('Alt+Shift+KeyV');
    await expect.poll(() => clerk.getByTestId('camera-button').getAttribute('aria-pressed')).toBe('true');
    await clerk.keyboard.press('Alt+Shift+KeyM');
    await expect.poll(() => clerk.getByTestId('mute-button').getAttribute('aria-pressed')).toBe('false');

    // Switched off, "?" does nothing (remembered); Alt+Shift+H still opens the help.
    await clerk.keyboard.press('Alt+Shift+KeyH');
    await help.waitFor();
    await help.getByTestId('question-mark-help').uncheck();
    await help.getByRole('button', { name: 'Sluiten' }).click();
    await help.waitFor({ state: 'hidden' });
    await clerk.reload();
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
    await clerk.locator('body').press('?');
    // The key's handler runs at once; two frames later React has rendered whatever it did.
    await clerk.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await help.isVisible()).toBe(false);
    await clerk.keyboard.press('Alt+Shift+KeyH');
    await help.waitFor();
    expect(await help.getByTestId('question-mark-help').isChecked()).toBe(false);
    await Promise.all([clerkContext.close(), anna.context().close(), bert.context().close()]);
  });
});
