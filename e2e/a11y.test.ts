import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { newContext, signInDesk } from './support/browser';
import { openDeskCall, shot } from './support/session';

// Accessibility smoke check: on each key screen every control has an accessible name
// (read from Chromium's accessibility tree via Playwright's ARIA snapshot), and the
// citizen can reach "join" with the keyboard alone.

const run = sharedRun();

const CONTROL_ROLES = ['button', 'textbox', 'combobox', 'checkbox', 'radio', 'link', 'slider', 'spinbutton', 'searchbox', 'switch', 'meter'];

/** Lines of the ARIA snapshot naming a control role without a quoted name, e.g. `- button` or `- textbox:`. */
async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  const unnamed = new RegExp(`^\\s*- (${CONTROL_ROLES.join('|')})(\\s*\\[[^\\]]*\\])*:?\\s*$`);
  return snapshot.split('\n').filter((line) => unnamed.test(line));
}

async function expectNamed(page: Page, screen: string): Promise<void> {
  const snapshot = await page.locator('body').ariaSnapshot();
  expect(snapshot, `${screen}: no controls found`).toMatch(/- button "/);
  expect(await unnamedControls(page), `${screen}: controls without an accessible name`).toEqual([]);
  // Same check for elements that are not in the snapshot's control roles but take input.
  const missing = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
      .filter((el) => !(el as HTMLElement).hidden && (el as HTMLElement).offsetParent !== null)
      .filter((el) => {
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el as HTMLInputElement).labels?.length;
        return !labelled && !(el.tagName === 'BUTTON' && el.textContent?.trim());
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(missing, `${screen}: inputs without label`).toEqual([]);
}

describe('accessibility smoke check', () => {
  it('names every control on the desk and citizen screens; join works by keyboard', async () => {
    const deskContext = await newContext(run.browser, run.server);
    const desk = await deskContext.newPage();
    await desk.goto('/desk/');
    await expectNamed(desk, 'desk sign-in');
    await shot(desk, 'desk-sign-in');
    await signInDesk(desk, run.server);
    await desk.getByTestId('call-title').fill('Toegankelijkheid');
    await desk.getByTestId('citizen-name').fill('Chris');
    await desk.getByTestId('create-call').click();
    await desk.getByTestId('citizen-link').waitFor();
    await desk.getByTestId('call-list').waitFor();
    await expectNamed(desk, 'desk call list');
    await shot(desk, 'desk-list');
    await deskContext.close();

    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Toegankelijkheid 2');
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    await citizen.goto(created.citizenLink);
    await citizen.getByTestId('device-check').waitFor();
    await expectNamed(citizen, 'citizen device check');

    // Keyboard only: Tab to the name field, type, Tab on to "join", press Enter.
    let reachedName = false;
    for (let i = 0; i < 15 && !reachedName; i++) {
      await citizen.keyboard.press('Tab');
      reachedName = await citizen.evaluate(() => document.activeElement?.id === 'name');
    }
    expect(reachedName).toBe(true);
    // Focus is visible: the focused field draws an outline.
    expect(await citizen.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await citizen.keyboard.type('Chris');
    await citizen.keyboard.press('Tab');
    expect(await citizen.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('join-button');
    await citizen.keyboard.press('Enter');
    await citizen.getByTestId('waiting-room').waitFor();
    await expectNamed(citizen, 'citizen waiting room');
    // The waiting state is announced in a live region.
    expect(await citizen.getByTestId('phase-announcer').innerText()).toBe('U bent in de wachtruimte');

    await clerk.getByTestId('waiting-entry').waitFor();
    await expectNamed(clerk, 'desk call with waiting citizen');
    await clerk.getByTestId('admit').focus();
    await clerk.keyboard.press('Enter');
    await citizen.getByTestId('in-call').waitFor();
    await expectNamed(citizen, 'citizen in call');
    await expectNamed(clerk, 'desk in call');
    // Last said (what happened within a moment before it is said with it: CallScreens' useAnnouncer).
    expect(await citizen.getByTestId('phase-announcer').innerText()).toMatch(/U bent binnengelaten\. Het gesprek begint\.$/);
    await citizenContext.close();
  });
});
