import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BookingResponse, SlotView } from '@videoloket/contracts';
import { ownServerRun } from './support/run';
import { newContext } from './support/browser';
import { api, bookWithProof, loginClerk } from './support/api';
import { expectNoAxeViolations } from './support/axe';

// Issue 15 item 7: every view a citizen opens outside a call (booking, its result, manage,
// the status page before and after closing with the evaluation, a dead link) passes axe-core
// (WCAG 2.1 A/AA) in Dutch, French and English, and really is in that language.
// The government-login return (e2e/citizen-login) and the delivery choice (e2e/delivery) run
// their own axe checks.

// A server of its own: nine bookings from one address would use up the shared server's hourly limit.
const run = ownServerRun(() => ({ BOOKING_LIMIT_PER_IP_HOUR: '50', BOOKING_POW_DIFFICULTY: '8' }));
const LANGUAGES = ['nl', 'fr', 'en'] as const;
type Lang = (typeof LANGUAGES)[number];

const brusselsDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

/** The page's language and its first heading, after axe found nothing. */
async function checked(page: Page, lang: Lang, what: string): Promise<string> {
  expect(await page.locator('html').getAttribute('lang'), `${what}: <html lang>`).toBe(lang);
  await expectNoAxeViolations(page, `${what} (${lang})`);
  return (await page.locator('h1').first().textContent())!.trim();
}

describe("the citizen's pages outside a call", () => {
  it('booking, result, manage, status, evaluation and a dead link pass axe in nl, fr and en, each in its own language', async () => {
    const headings: Record<string, Record<Lang, string>> = {};
    const note = (view: string, lang: Lang, text: string) => ((headings[view] ??= {} as Record<Lang, string>)[lang] = text);
    const clerk = await loginClerk(run.server);
    const slots = await api<SlotView[]>(run.server, 'GET', `/backoffice/slots?productId=passport&channel=counter&from=${brusselsDate(Date.now())}&to=${brusselsDate(Date.now() + 14 * 86_400_000)}`);

    for (const lang of LANGUAGES) {
      const context = await newContext(run.browser, run.server);
      const page = await context.newPage();

      // The booking form, empty and then with its errors beside the fields.
      await page.goto(`/afspraak-maken?lang=${lang}`);
      await page.getByTestId('booking-form').waitFor();
      note('booking', lang, await checked(page, lang, 'booking form'));
      await page.getByTestId('product-travel_permit_minor').check();
      await page.getByTestId('channel-video').check();
      await page.getByTestId('slot').first().check();
      await page.getByTestId('book-submit').click();
      await page.getByTestId('booking-error').waitFor();
      expect(await page.getByTestId('contact-name').getAttribute('aria-invalid')).toBe('true');
      await checked(page, lang, 'booking form with errors');

      // Booked through the page: the result with its links.
      await page.getByTestId('contact-name').fill('Lotte Maes');
      await page.getByTestId('contact-email').fill(`lotte.${lang}@example.be`);
      await page.getByTestId('book-submit').click();
      await page.getByTestId('booking-result').waitFor({ timeout: 90_000 });
      note('result', lang, await checked(page, lang, 'booking result'));

      // Manage: the appointment, then the reschedule choice open.
      const manageUrl = (await page.getByTestId('manage-link').getAttribute('href'))!;
      await page.goto(`${manageUrl}${manageUrl.includes('?') ? '&' : '?'}lang=${lang}`);
      await page.getByTestId('manage-page').waitFor();
      note('manage', lang, await checked(page, lang, 'manage page'));
      await page.getByTestId('reschedule').click();
      await page.getByTestId('slot').first().waitFor();
      await checked(page, lang, 'manage page, rescheduling');

      // Status: a passport case with its payment; then closed, with the evaluation, then sent.
      const booked: BookingResponse = await bookWithProof(run.server, {
        productId: 'passport',
        channel: 'counter',
        startsAt: slots[LANGUAGES.indexOf(lang)]!.startsAt,
        citizen: { name: 'Lotte Maes', phone: `+3247000010${LANGUAGES.indexOf(lang)}`, language: lang },
      });
      const statusUrl = `${booked.statusUrl}?lang=${lang}`;
      await page.goto(statusUrl);
      await page.getByTestId('status-page').waitFor();
      note('status', lang, await checked(page, lang, 'status page'));
      await api(run.server, 'POST', `/backoffice/cases/${booked.appointment.caseId}/status`, { status: 'closed', notify: false }, clerk.token);
      await page.goto(statusUrl);
      await page.getByTestId('evaluation-form').waitFor();
      await checked(page, lang, 'status page with the evaluation');
      await page.getByTestId('evaluation-send').click();
      await expect.poll(() => page.getByTestId('evaluation-form').locator('.error').count()).toBeGreaterThan(0);
      await checked(page, lang, 'evaluation with what is missing');
      await page.getByTestId('satisfaction-4').check();
      await page.getByTestId('ease-5').check();
      await page.getByTestId('evaluation-send').click();
      await page.getByTestId('evaluation-done').waitFor();
      await checked(page, lang, 'evaluation sent');

      // A link that leads nowhere says so, in the language asked for.
      await page.goto(`/afspraak/${'x'.repeat(43)}?lang=${lang}`);
      await page.getByTestId('link-invalid').waitFor();
      note('invalid', lang, await checked(page, lang, 'dead link'));
      await context.close();
    }

    // Each view's heading differs between the three languages: none is left untranslated.
    for (const [view, byLang] of Object.entries(headings)) {
      expect(new Set(Object.values(byLang)).size, `${view}: ${JSON.stringify(byLang)}`).toBe(3);
    }
  }, 420_000);
});
