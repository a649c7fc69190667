/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { describe, expect, it } from 'vitest';
import { sharedRun } from './support/run';
import { citizenJoin, newContext } from './support/browser';
import { openDeskCall } from './support/session';
import { expectNoAxeViolations } from './support/axe';

// Issue 12, item 5: the clerk looks the citizen up in the (fictional) population register from
// the call, by keyboard, with a reason; the citizen in the same call never sees any of it, and
// the citizen's own link cannot reach the lookup.

const run = sharedRun();

describe('the register lookup panel', () => {
  it('looks up by national number and by name with the keyboard, shows address, nationality and document validity, in nl, fr and en; the citizen sees none of it', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Adreswijziging', 'An Peeters');
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, created.citizenLink, 'An Peeters');
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'An Peeters' }).getByTestId('admit').click();
    await citizen.getByTestId('in-call').waitFor();

    const panel = clerk.getByTestId('register-panel');
    await panel.getByRole('heading', { name: 'Bevolkingsregister' }).waitFor();

    // A typo in the number is caught before anything is asked.
    await panel.getByRole('textbox', { name: 'Rijksregisternummer' }).focus();
    await clerk.keyboard.type('85.07.30-033.29');
    await clerk.keyboard.press('Tab');
    await panel.getByTestId('register-number-invalid').waitFor();
    expect(await panel.getByTestId('register-national-number').getAttribute('aria-invalid')).toBe('true');

    // Corrected, a reason, and Enter on the button.
    await panel.getByTestId('register-national-number').fill('');
    await panel.getByTestId('register-national-number').focus();
    await clerk.keyboard.type('85.07.30-033.28');
    expect(await panel.getByTestId('register-number-invalid').count()).toBe(0);
    await clerk.keyboard.press('Tab');
    await clerk.keyboard.type('Adreswijziging: huidig adres nagaan');
    await clerk.keyboard.press('Tab');
    await clerk.keyboard.press('Enter');
    const person = panel.getByTestId('register-person');
    await person.waitFor();
    expect(await panel.getByTestId('register-result-status').innerText()).toContain('1 persoon gevonden.');
    const card = await person.innerText();
    expect(card).toContain('An Maria Peeters');
    expect(card).toContain('85.07.30-033.28');
    expect(card).toContain('Voorbeeldstraat 12, 9000 Gent');
    expect(card).toContain('België');
    expect(await person.getByTestId('register-document-status').innerText()).toBe('Geldig');
    await expectNoAxeViolations(clerk, 'desk register panel with a result (nl)');

    // By name and birth date (the radio group by arrow key): two namesakes born the same day.
    await panel.getByTestId('register-by-nationalNumber').focus();
    await clerk.keyboard.press('ArrowRight');
    expect(await panel.getByTestId('register-by-nameAndBirthDate').isChecked()).toBe(true);
    await panel.getByTestId('register-last-name').fill('Claes');
    await panel.getByTestId('register-birth-date').fill('1975-02-15');
    await panel.getByTestId('register-reason').fill('Attest van woonst');
    await panel.getByTestId('register-look-up').click();
    await expect.poll(() => panel.getByTestId('register-result-status').innerText()).toContain('2 personen gevonden.');
    expect(await panel.getByTestId('register-person').count()).toBe(2);

    // The citizen sees nothing of the register, and their link cannot ask it.
    expect(await citizen.getByTestId('register-panel').count()).toBe(0);
    const citizenText = await citizen.locator('body').innerText();
    for (const secret of ['Voorbeeldstraat', '85.07.30-033.28', 'Bevolkingsregister', 'Claes']) expect(citizenText).not.toContain(secret);
    const citizenToken = new URL(created.citizenLink).hash.replace('#t=', '');
    const status = await citizen.evaluate(
      async ({ token, callId }) =>
        (
          await fetch('/api/register/lookups', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ callId, reason: 'Ik wil weten wie de baliemedewerker is', query: { by: 'nationalNumber', nationalNumber: '85073003328' } }),
          })
        ).status,
      { token: citizenToken, callId: created.call.callId },
    );
    expect(status).toBe(401);

    // French and English, accessible in each.
    for (const [lang, heading, found] of [
      ['fr', 'Registre de la population', 'Nom et date de naissance'],
      ['en', 'Population register', 'Name and date of birth'],
    ] as const) {
      await clerk.getByTestId('language-picker').selectOption(lang);
      await panel.getByRole('heading', { name: heading }).waitFor();
      expect(await panel.getByTestId('register-by-nameAndBirthDate').evaluate((el) => el.parentElement?.textContent?.trim())).toBe(found);
      await expectNoAxeViolations(clerk, `desk register panel (${lang})`);
    }
  });
});
