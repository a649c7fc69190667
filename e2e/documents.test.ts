import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { REPO } from './support/server';
import { requireClamd, sharedRun } from './support/run';
import { citizenJoin, newContext } from './support/browser';
import { openDeskCall } from './support/session';

// Issue 3 phase 2's proof: documents exchanged in a real call, both ways, in Chromium,
// through tus uploads, the real clamd and signed downloads; every byte compared.

const FIXTURES = path.join(REPO, 'e2e/fixtures/documents');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

requireClamd();
const run = sharedRun();

function doc(page: Page, name: string): Locator {
  return page.getByTestId('documents-panel').locator(`[data-testid="document"][data-name="${name}"]`);
}

async function downloadBytes(page: Page, name: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), doc(page, name).getByTestId('document-download').click()]);
  expect(download.suggestedFilename()).toBe(name);
  // A stream, not download.path(): the browser is the run's shared one, reached remotely.
  return buffer(await download.createReadStream());
}

describe('documents in the call', () => {
  it('citizen and clerk exchange PDF and JPEG byte for byte; EICAR is refused as a virus on both sides', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Documenten', 'Els Claes');
    const citizen = await (await newContext(run.browser, run.server)).newPage();
    await citizenJoin(citizen, created.citizenLink, 'Els Claes');
    await clerk.getByRole('button', { name: /Els Claes/ }).filter({ hasText: /binnenlaten/i }).click();
    await citizen.getByTestId('in-call').waitFor();

    // The citizen sends a PDF and a photo at once (multiple file picker).
    const pdf = fixture('aanvraag.pdf');
    const jpg = fixture('identiteitskaart.jpg');
    await citizen.getByTestId('documents-file').setInputFiles([path.join(FIXTURES, 'aanvraag.pdf'), path.join(FIXTURES, 'identiteitskaart.jpg')]);
    for (const page of [citizen, clerk]) {
      for (const name of ['aanvraag.pdf', 'identiteitskaart.jpg']) {
        await doc(page, name).and(page.locator('[data-state="ready"]')).waitFor({ timeout: 20_000 });
      }
    }
    expect(sha256(await downloadBytes(clerk, 'aanvraag.pdf'))).toBe(sha256(pdf));
    expect(sha256(await downloadBytes(clerk, 'identiteitskaart.jpg'))).toBe(sha256(jpg));

    // The clerk sends a PDF back; the citizen downloads it.
    const answer = fixture('antwoord-gemeente.pdf');
    await clerk.getByTestId('documents-file').setInputFiles(path.join(FIXTURES, 'antwoord-gemeente.pdf'));
    await doc(citizen, 'antwoord-gemeente.pdf').and(citizen.locator('[data-state="ready"]')).waitFor({ timeout: 20_000 });
    expect(sha256(await downloadBytes(citizen, 'antwoord-gemeente.pdf'))).toBe(sha256(answer));

    // The audit trail shows who downloaded what.
    await doc(clerk, 'aanvraag.pdf').getByTestId('document-audit').click();
    await expect.poll(() => clerk.getByTestId('document-audit-list').textContent()).toMatch(/downloaded/);

    // EICAR inside a real PDF passes the type check and reaches clamd: refused as a virus, shown on both sides.
    const eicar = Buffer.concat([answer, Buffer.from(readFileSync(path.join(REPO, 'storage/test/fixtures/eicar.txt.b64'), 'utf8').trim(), 'base64')]);
    await citizen.getByTestId('documents-file').setInputFiles({ name: 'besmet.pdf', mimeType: 'application/pdf', buffer: eicar });
    for (const page of [citizen, clerk]) {
      const refusal = doc(page, 'besmet.pdf').getByTestId('document-refusal');
      await refusal.waitFor({ timeout: 20_000 });
      expect(await refusal.getAttribute('data-reason')).toBe('virus');
      expect(await refusal.textContent()).toMatch(/virus/i);
      expect(await doc(page, 'besmet.pdf').getByTestId('document-download').count()).toBe(0);
    }
  }, 60_000);
});
