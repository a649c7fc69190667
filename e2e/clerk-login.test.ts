import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_GROUPS, startMunicipalityIdp, type MunicipalityIdp } from '@videoloket/signaling/testing/loopback-idp';
import { ownServerRun } from './support/run';
import { freeTcpPort } from './support/server';
import { newContext } from './support/browser';
import { expectNoAxeViolations } from './support/axe';
import { shot } from './support/session';

// Issue 12 item 6 in real Chromium: the clerk signs in from the desk's sign-in page through
// the municipality's identity provider — a real OpenID provider (oidc-provider) on loopback
// with its own login page — and lands in the desk; a colleague in none of the desk's groups
// comes back with a clear refusal; the password form beside it keeps working. axe-clean in
// Dutch, French and English.

const NORA = { sub: 'gent-0042', name: 'Nora De Smet', groups: ['Iedereen', STAFF_GROUPS.clerk] };
let idp: MunicipalityIdp;
let port: number;
beforeAll(async () => {
  // The IdP registers the server's callback, so the server's port is chosen first.
  port = await freeTcpPort();
  idp = await startMunicipalityIdp({ redirectUri: `http://localhost:${port}/api/clerk-login/callback`, user: NORA, name: 'Stad Gent' });
});
afterAll(async () => {
  await idp?.close();
});
const run = ownServerRun(() => ({ PORT: String(port), ...idp.env() }));

describe('the municipality’s sign-in on the desk', () => {
  it('signs the clerk in through the municipality’s IdP and lands in the desk', async () => {
    idp.user = NORA;
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto('/desk/');
    const button = page.getByRole('link', { name: 'Aanmelden met Stad Gent' });
    await button.waitFor();
    // Beside the password form, not instead of it.
    await page.getByTestId('sign-in-form').waitFor();
    await expectNoAxeViolations(page, 'desk sign-in with the municipality offered (nl)');
    await shot(page, 'desk-sign-in-municipality');

    await button.click();
    // The IdP's own page: sign in there.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Aangemeld als Nora De Smet').waitFor();
    await page.getByTestId('sign-out').waitFor();
    expect(new URL(page.url()).pathname).toBe('/desk/');
    // The return's ?clerkLogin=ok is gone from the address: a reload does not trade it again.
    expect(new URL(page.url()).search).toBe('?lang=nl');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('videoloket:desk:auth') ?? '{}') as { clerk?: { roles?: string[] } });
    expect(stored.clerk?.roles).toEqual(['clerk']);
    await expectNoAxeViolations(page, 'desk after the municipality sign-in (nl)');
    await page.reload();
    await page.getByText('Aangemeld als Nora De Smet').waitFor();
    await context.close();
  });

  it('refuses a colleague in none of the desk’s groups with a clear message, in English and French', async () => {
    idp.user = { sub: 'gent-0777', name: 'Piet Parkeerwachter', groups: ['Iedereen', 'GG-Parkeren'] };
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto('/desk/?lang=en');
    await page.getByRole('link', { name: 'Sign in with Stad Gent' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByTestId('sign-in-error');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Your municipal account has no access to the desk. Ask your administrator to add you to the right group.');
    await page.getByTestId('sign-in-form').waitFor();
    expect(await page.getByTestId('sign-out').count()).toBe(0);
    await expectNoAxeViolations(page, 'desk sign-in refused: no desk group (en)');

    await page.goto('/desk/?lang=fr');
    await page.getByRole('link', { name: 'Se connecter avec Stad Gent' }).waitFor();
    await expectNoAxeViolations(page, 'desk sign-in with the municipality offered (fr)');
    await context.close();
  });

  it('keeps the password sign-in working beside it', async () => {
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto('/desk/');
    await page.getByTestId('username').fill('balie');
    await page.getByTestId('password').fill(run.server.clerkPassword);
    await page.getByTestId('sign-in').click();
    await page.getByText('Aangemeld als Baliemedewerker').waitFor();
    await context.close();
  });
});
