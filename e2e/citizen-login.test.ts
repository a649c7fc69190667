import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentView } from '@videoloket/contracts';
import { startGovernmentIdp, type GovernmentIdp } from '@videoloket/signaling/testing/loopback-idp';
import { ownServerRun } from './support/run';
import { freeTcpPort } from './support/server';
import { newContext, storeDeskAuth } from './support/browser';
import { api, loginClerk } from './support/api';
import { expectNoAxeViolations } from './support/axe';
import { shot } from './support/session';

// Issue 15 item 1 in real Chromium: the citizen signs in from the booking page through the
// government login — a real OpenID provider (oidc-provider) on loopback with its own login
// page — comes back with name and national number filled in, and books; the clerk's API, the
// desk's list of the day and the appointment's call show the appointment as verified. The citizen who cancels at the
// IdP comes back to the booking page with a clear message and nothing filled in. axe-clean in
// Dutch and English.

let idp: GovernmentIdp;
let port: number;
beforeAll(async () => {
  // The IdP registers the server's callback, so the server's port is chosen first.
  port = await freeTcpPort();
  idp = await startGovernmentIdp({ redirectUri: `http://localhost:${port}/api/citizen-login/callback` });
});
afterAll(async () => {
  await idp?.close();
});
const run = ownServerRun(() => ({ PORT: String(port), BOOKING_POW_DIFFICULTY: '8', ...idp.env() }));

describe('government login on the booking page', () => {
  it('signs in through the government login, returns with the form prefilled, and books as verified', async () => {
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto('/afspraak-maken');
    await page.getByTestId('login-start').waitFor();
    await expectNoAxeViolations(page, 'booking page with the government login offered (nl)');

    await page.getByTestId('login-start').click();
    // The IdP's own page: sign in there.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('login-verified').waitFor();
    expect(new URL(page.url()).pathname).toBe('/afspraak-maken');
    // The return's ?login=ok is gone from the address: a reload shows no stale message.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('login-verified').textContent()).toContain('Aangemeld als Els Wouters');
    expect(await page.getByTestId('login-verified').textContent()).toContain('85.07.30-033.28');
    await expectNoAxeViolations(page, 'booking page signed in (nl)');

    await page.getByTestId('product-travel_permit_minor').check();
    await page.getByTestId('channel-video').check();
    const slot = page.getByTestId('slot').first();
    await slot.waitFor();
    const startsAt = (await slot.getAttribute('data-starts-at'))!;
    await slot.check();
    expect(await page.getByTestId('contact-name').inputValue()).toBe('Els Wouters');
    expect(await page.getByTestId('national-number').inputValue()).toBe('85.07.30-033.28');
    expect(await page.getByTestId('national-number').getAttribute('readonly')).not.toBeNull();
    await page.getByTestId('contact-email').fill('els.wouters@example.be');

    await page.getByTestId('language-picker').selectOption('en');
    await page.getByText('Signed in as Els Wouters').waitFor();
    await expectNoAxeViolations(page, 'booking form signed in and prefilled (en)');
    await shot(page, 'citizen-login-prefilled');

    await page.getByTestId('book-submit').click();
    await page.getByTestId('booking-result').waitFor();
    const appointmentId = (await page.getByTestId('booking-result').getAttribute('data-appointment-id'))!;

    // The clerk's day list shows who the government login vouched for.
    const clerk = await loginClerk(run.server);
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(startsAt));
    const day = await api<AppointmentView[]>(run.server, 'GET', `/backoffice/appointments?date=${date}`, undefined, clerk.token);
    expect(day.find((a) => a.id === appointmentId)?.identityVerified).toEqual({ via: 'government_login', name: 'Els Wouters' });
    await context.close();

    // And the clerk reads it on the desk's list of the day, before starting the call.
    const deskContext = await newContext(run.browser, run.server);
    await storeDeskAuth(deskContext, clerk);
    const desk = await deskContext.newPage();
    await desk.goto(`/desk/#/afspraken/${date}`);
    const row = desk.locator(`[data-testid="appointment-row"][data-appointment-id="${appointmentId}"]`);
    await row.getByTestId('identity-verified').waitFor();
    expect(await row.getByTestId('identity-verified').textContent()).toBe('Identiteit geverifieerd via de overheidslogin (Els Wouters)');
    await expectNoAxeViolations(desk, 'desk appointments with a verified identity (nl)');
    // In the appointment's call the clerk reads it again (forms take the verified name: signaling/test/citizen-login).
    await row.getByTestId('start-call').click();
    await desk.getByTestId('call-identity-verified').waitFor();
    expect(await desk.getByTestId('call-identity-verified').textContent()).toBe('Identiteit geverifieerd via de overheidslogin bij het boeken: Els Wouters');
    await deskContext.close();
  });

  it('comes back with a clear message and nothing filled in when the citizen cancels at the IdP', async () => {
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto('/afspraak-maken');
    await page.getByTestId('login-start').click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('login-message').waitFor();
    expect(await page.getByTestId('login-message').textContent()).toMatch(/aanmelden met de overheidslogin geannuleerd/);
    expect(await page.getByTestId('login-verified').count()).toBe(0);
    // Still offered, and the booking goes on without it.
    await page.getByTestId('login-start').waitFor();
    await expectNoAxeViolations(page, 'booking page after a cancelled government login (nl)');

    await page.getByTestId('product-travel_permit_minor').check();
    await page.getByTestId('channel-video').check();
    await page.getByTestId('slot').first().check();
    expect(await page.getByTestId('contact-name').inputValue()).toBe('');
    expect(await page.getByTestId('national-number').count()).toBe(0);

    await page.getByTestId('language-picker').selectOption('en');
    await page.getByText('You cancelled signing in with the government login').waitFor();
    await expectNoAxeViolations(page, 'booking page after a cancelled government login (en)');
    await page.getByTestId('language-picker').selectOption('fr');
    await page.getByText('Vous avez annulé la connexion officielle').waitFor();
    await expectNoAxeViolations(page, 'booking page after a cancelled government login (fr)');
    await context.close();
  });
});
