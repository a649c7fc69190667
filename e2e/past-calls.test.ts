import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './support/axe';
import { REPO } from './support/server';
import { requireClamd, sharedRun } from './support/run';
import { citizenJoin, newContext } from './support/browser';
import { openDeskCall, shot } from './support/session';

// Issue 10 item 2: the desk lists past calls from their records — status, duration and the
// call's documents (through GET /api/calls/:id/documents) — in nl, fr and en, axe-clean.

const FIXTURE = path.join(REPO, 'e2e/fixtures/documents/aanvraag.pdf');

// Documents are scanned before they are listed as ready: the real clamd.
requireClamd();
const run = sharedRun();

describe('past calls in the desk', () => {
  it('a completed call with its document is listed with status and duration; its document downloads; nl/fr/en; axe-clean', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Parkeerkaart', 'Els Claes');
    const citizen = await (await newContext(run.browser, run.server)).newPage();
    await citizenJoin(citizen, created.citizenLink, 'Els Claes');
    await clerk.getByRole('button', { name: /Els Claes/ }).filter({ hasText: /binnenlaten/i }).click();
    await citizen.getByTestId('in-call').waitFor();
    await citizen.getByTestId('documents-file').setInputFiles(FIXTURE);
    await clerk.getByTestId('documents-panel').locator('[data-testid="document"][data-name="aanvraag.pdf"][data-state="ready"]').waitFor({ timeout: 60_000 });
    await clerk.getByTestId('end-call').click();
    await clerk.getByTestId('end-call-confirm').click();

    await clerk.goto('/desk/#/historiek');
    const row = clerk.locator(`[data-testid="past-call"][data-call-id="${created.call.callId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-status')).toBe('completed');
    expect(await row.textContent()).toContain('Afgerond');
    // Someone was admitted, so ending proposed "completed" and the clerk kept it.
    expect(await row.getByTestId('past-call-outcome').textContent()).toBe('Uitkomst van het gesprek: Afgehandeld');
    expect(await row.getByTestId('past-call-duration').textContent()).toMatch(/^\d+ min$/);
    expect(await clerk.getByTestId('nav-history').getAttribute('aria-current')).toBe('page');

    await row.getByRole('button', { name: 'Documenten tonen: Parkeerkaart' }).click();
    const doc = clerk.getByTestId('past-call-document').filter({ hasText: 'aanvraag.pdf' });
    await doc.waitFor();
    const [download] = await Promise.all([clerk.waitForEvent('download'), doc.getByRole('link', { name: 'Downloaden: aanvraag.pdf' }).click()]);
    // A stream, not download.path(): the browser is the run's shared one, reached remotely.
    expect(await buffer(await download.createReadStream())).toEqual(readFileSync(FIXTURE));
    await shot(clerk, 'desk-past-calls');
    await expectNoAxeViolations(clerk, 'past calls');

    for (const [lang, heading, status] of [
      ['fr', 'Appels passés', 'Terminé'],
      ['en', 'Past calls', 'Completed'],
    ] as const) {
      await clerk.getByTestId('language-picker').selectOption(lang);
      await clerk.getByRole('heading', { name: heading }).waitFor();
      expect(await row.textContent()).toContain(status);
    }
  });
});
