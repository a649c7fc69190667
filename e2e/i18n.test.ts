import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sharedRun } from './support/run';
import { newContext, storeDeskAuth } from './support/browser';
import { createCall, loginClerk } from './support/api';

// Dutch by default; ?lang=fr|en and the language picker switch both apps.

const run = sharedRun();
let citizenLink: string;

beforeAll(async () => {
  const login = await loginClerk(run.server);
  citizenLink = (await createCall(run.server, login.token, 'Taaltest')).citizenLink;
});

/** `/call/#t=…` → `/call/?lang=xx#t=…` */
function withLang(link: string, lang: string): string {
  const url = new URL(link);
  url.searchParams.set('lang', lang);
  return url.toString();
}

async function heading(page: Page): Promise<string> {
  return page.getByRole('heading', { level: 1 }).first().innerText();
}

describe('languages', () => {
  it('shows the citizen page in Dutch, English and French', async () => {
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto(citizenLink);
    expect(await heading(page)).toBe('Controleer uw camera en microfoon');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await page.goto(withLang(citizenLink, 'en'));
    expect(await heading(page)).toBe('Check your camera and microphone');
    expect(await page.getByTestId('join-button').innerText()).toBe('Join');
    await page.goto(withLang(citizenLink, 'fr'));
    expect(await heading(page)).toBe('Vérifiez votre caméra et votre micro');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    // The picker switches in place, keeps the token in the fragment and is remembered.
    await page.getByTestId('language-picker').selectOption('en');
    expect(await heading(page)).toBe('Check your camera and microphone');
    expect(page.url()).toContain('lang=en');
    expect(new URL(page.url()).hash).toMatch(/^#t=/);
    await context.close();
  });

  it('shows the desk in English and French', async () => {
    const context = await newContext(run.browser, run.server);
    const page = await context.newPage();
    await page.goto('/desk/?lang=en');
    expect(await heading(page)).toBe('Sign in');
    await page.goto('/desk/?lang=fr');
    expect(await heading(page)).toBe('Connexion');
    await page.getByTestId('language-picker').selectOption('nl');
    expect(await heading(page)).toBe('Aanmelden');
    await context.close();
  });

  it("shows the desk's call in French: form panel and templates, shortcuts, the outcome asked at the end", async () => {
    const login = await loginClerk(run.server);
    const created = await createCall(run.server, login.token, 'Appel en français');
    const context = await newContext(run.browser, run.server);
    await storeDeskAuth(context, login);
    const page = await context.newPage();
    await page.goto(`/desk/?lang=fr#/call/${created.call.callId}`);
    await page.locator('[data-testid="desk-room"][data-phase="admitted"]').waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Formulaire' }).waitFor();
    await page.getByRole('combobox', { name: 'Choisissez un formulaire' }).getByRole('option', { name: 'Autorisation de voyage pour mineurs' }).waitFor({ state: 'attached' });
    expect(await page.getByTestId('shortcuts-button').textContent()).toBe('Raccourcis clavier (Alt+Shift+H)');
    await page.getByTestId('end-call').click();
    const outcome = page.getByRole('group', { name: "Résultat de l'entretien" });
    // Nobody was admitted: "did not show up" is proposed.
    expect(await outcome.getByRole('radio', { name: "Le citoyen ne s'est pas présenté" }).isChecked()).toBe(true);
    await context.close();
  });
});
