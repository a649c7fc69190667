/// <reference lib="dom" />
// (page.evaluate callbacks and init scripts run in the browser)
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { citizenJoin, newContext, storeDeskAuth } from './support/browser';
import { createCall, loginClerk } from './support/api';
import { expectNoAxeViolations } from './support/axe';

// Issue 12, item 3 "Nobody waits unseen": a citizen entering the waiting room knocks on the
// desk; with the desk in the background the browser also shows a notification; the waiting
// list says how long each person has waited; the clerk can switch the notification off.

const run = sharedRun();

interface Recorded {
  notifications: { title: string; body?: string }[];
  oscillatorStarts: number;
}

/**
 * Records, without replacing them, the notifications the desk creates and the oscillators it
 * starts (the knock is made by Web Audio oscillators).
 */
async function recordAlerts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __alerts: Recorded; Notification: typeof Notification };
    w.__alerts = { notifications: [], oscillatorStarts: 0 };
    const Native = w.Notification;
    w.Notification = class RecordedNotification extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.__alerts.notifications.push({ title, body: options?.body });
      }
    };
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
      w.__alerts.oscillatorStarts++;
      start.call(this, when);
    };
  });
}

const alerts = (page: Page) => page.evaluate(() => (window as unknown as { __alerts: Recorded }).__alerts);

async function citizenKnocks(name: string, link: string): Promise<void> {
  const context = await newContext(run.browser, run.server);
  await citizenJoin(await context.newPage(), link, name);
}

describe('the knock on the desk', () => {
  it('knocks for each newcomer, notifies only while the desk is in the background, shows the wait, and the switch turns notifications off', async () => {
    const login = await loginClerk(run.server);
    const created = await createCall(run.server, login.token, 'Verhuizing');
    const clerkContext = await newContext(run.browser, run.server);
    await clerkContext.grantPermissions(['notifications'], { origin: run.server.url });
    await storeDeskAuth(clerkContext, login);
    await recordAlerts(clerkContext);
    const clerk = await clerkContext.newPage();
    await clerk.goto(`/desk/#/call/${created.call.callId}`);
    await clerk.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
    // Real focus: a page loses it when another is brought to the front (Playwright otherwise
    // emulates focus for every page). Set after the navigation, which would reset it.
    await (await clerkContext.newCDPSession(clerk)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
    await clerk.bringToFront();
    await expect.poll(() => clerk.evaluate(() => document.hasFocus())).toBe(true);

    // In the foreground: the knock, the wait shown, no notification.
    await citizenKnocks('Anna Claes', created.citizenLink);
    const anna = clerk.getByTestId('waiting-entry').filter({ hasText: 'Anna Claes' });
    await anna.waitFor();
    expect(await anna.getByTestId('waited-for').innerText()).toBe('wacht minder dan een minuut');
    await expect.poll(async () => (await alerts(clerk)).oscillatorStarts).toBe(2);
    expect((await alerts(clerk)).notifications).toEqual([]);
    await expectNoAxeViolations(clerk, 'desk waiting list with the wait shown');

    // The clerk works in another tab (here: the desk's settings): the desk is in the background.
    const other = await clerkContext.newPage();
    await other.goto('/desk/#/instellingen');
    await other.getByTestId('desk-settings').waitFor();
    await other.bringToFront();
    await expect.poll(() => clerk.evaluate(() => document.hasFocus())).toBe(false);
    await citizenKnocks('Bert Janssens', created.citizenLink);
    await expect.poll(async () => (await alerts(clerk)).notifications).toEqual([{ title: 'Iemand wacht aan de videobalie', body: 'Bert Janssens wacht in Verhuizing.' }]);
    expect((await alerts(clerk)).oscillatorStarts).toBe(4);
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Bert Janssens' }).getByTestId('waited-for').waitFor();

    // Notifications off in the settings (granted, so no permission button): remembered, and the next knock only knocks.
    expect(await other.getByTestId('notifications-granted').isVisible()).toBe(true);
    await other.getByTestId('alert-notifications').uncheck();
    await other.reload();
    expect(await other.getByTestId('alert-notifications').isChecked()).toBe(false);
    expect(await other.getByTestId('alert-sound').isChecked()).toBe(true);
    await other.bringToFront();
    await citizenKnocks('Chris Peeters', created.citizenLink);
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Chris Peeters' }).waitFor();
    await expect.poll(async () => (await alerts(clerk)).oscillatorStarts).toBe(6);
    expect((await alerts(clerk)).notifications).toHaveLength(1);
  });

  it('asks the notification permission only from its visible control; the settings in nl, fr and en are accessible', async () => {
    const login = await loginClerk(run.server);
    const context = await newContext(run.browser, run.server);
    await storeDeskAuth(context, login);
    // Headless Chromium answers 'denied' before anyone asks; this stands in for a browser that
    // has not been asked yet (and grants when asked), counting the desk's requests.
    await context.addInitScript(() => {
      const w = window as unknown as { __asked: number };
      w.__asked = 0;
      let permission: NotificationPermission = 'default';
      Object.defineProperty(Notification, 'permission', { get: () => permission });
      Notification.requestPermission = () => {
        w.__asked++;
        permission = 'granted';
        return Promise.resolve(permission);
      };
    });
    const asked = (page: Page) => page.evaluate(() => (window as unknown as { __asked: number }).__asked);
    const page = await context.newPage();
    const expected = {
      nl: ['Instellingen', 'Browsermeldingen toestaan', 'Klopgeluid afspelen'],
      fr: ['Paramètres', 'Autoriser les notifications du navigateur', 'Jouer un son de porte'],
      en: ['Settings', 'Allow browser notifications', 'Play a knock sound'],
    };
    for (const [lang, [heading, allow, sound]] of Object.entries(expected)) {
      await page.goto(`/desk/?lang=${lang}#/instellingen`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('button', { name: allow }).waitFor();
      expect(await page.getByRole('checkbox', { name: sound }).isChecked()).toBe(true);
      expect(await page.getByRole('link', { name: heading }).getAttribute('aria-current')).toBe('page');
      await expectNoAxeViolations(page, `desk settings (${lang})`);
      expect(await asked(page)).toBe(0);
    }
    await page.getByRole('button', { name: 'Allow browser notifications' }).click();
    await page.getByTestId('notifications-granted').waitFor();
    expect(await asked(page)).toBe(1);
    expect(await page.getByRole('button', { name: 'Allow browser notifications' }).count()).toBe(0);
  });
});
