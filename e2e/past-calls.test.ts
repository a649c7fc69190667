import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { REPO, startServer, type RunningServer } from './support/server';
import { citizenJoin, launchBrowser, newContext } from './support/browser';
import { openDeskCall, shot } from './support/session';

// Issue 10 item 2: the desk lists past calls from their records — status, duration and the
// call's documents (through GET /api/calls/:id/documents) — in nl, fr and en, axe-clean.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FIXTURE = path.join(REPO, 'e2e/fixtures/documents/aanvraag.pdf');

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // scripts/test.sh starts clamd (scripts/services/clamd.sh) and exports CLAMD_*: documents are scanned before they are listed as ready.
  if (!process.env.CLAMD_PORT && !process.env.CLAMD_SOCKET) {
    throw new Error('CLAMD_* not set: run eval "$(bash scripts/services/clamd.sh start)" first (scripts/test.sh does)');
  }
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now: the violations' ids and first targets. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') refuses an inline <script>.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('past calls in the desk', () => {
  it('a completed call with its document is listed with status and duration; its document downloads; nl/fr/en; axe-clean', async () => {
    const { created, clerk } = await openDeskCall(browser, server, 'Parkeerkaart', 'Els Claes');
    const citizen = await (await newContext(browser, server)).newPage();
    await citizenJoin(citizen, created.citizenLink, 'Els Claes');
    await clerk.getByRole('button', { name: /Els Claes/ }).filter({ hasText: /binnenlaten/i }).click();
    await citizen.getByTestId('in-call').waitFor();
    await citizen.getByTestId('documents-file').setInputFiles(FIXTURE);
    await clerk.getByTestId('documents-panel').locator('[data-testid="document"][data-name="aanvraag.pdf"][data-state="ready"]').waitFor({ timeout: 30_000 });
    await clerk.getByTestId('end-call').click();
    await clerk.getByTestId('end-call-confirm').click();

    await clerk.goto('/desk/#/historiek');
    const row = clerk.locator(`[data-testid="past-call"][data-call-id="${created.call.callId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-status')).toBe('completed');
    expect(await row.textContent()).toContain('Afgerond');
    expect(await row.getByTestId('past-call-duration').textContent()).toMatch(/^\d+ min$/);
    expect(await clerk.getByTestId('nav-history').getAttribute('aria-current')).toBe('page');

    await row.getByRole('button', { name: 'Documenten tonen: Parkeerkaart' }).click();
    const doc = clerk.getByTestId('past-call-document').filter({ hasText: 'aanvraag.pdf' });
    await doc.waitFor();
    const [download] = await Promise.all([clerk.waitForEvent('download'), doc.getByRole('link', { name: 'Downloaden: aanvraag.pdf' }).click()]);
    expect(readFileSync(await download.path())).toEqual(readFileSync(FIXTURE));
    await shot(clerk, 'desk-past-calls');
    expect(await axeViolations(clerk)).toEqual([]);

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
