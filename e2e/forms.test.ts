/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFSignature } from 'pdf-lib';
import { requireClamd, sharedRun } from './support/run';
import { citizenJoin, newContext } from './support/browser';
import { openDeskCall, shot } from './support/session';
import { clerkSignsOwnField, drawSignature, TRAVEL_PERMIT_VALUES } from './support/forms';

// Issue 4's browser proof: the clerk fills the travel permit, the citizen draws a signature
// with the mouse, the clerk signs and finalises, the citizen downloads the sealed PDF; then
// poppler's pdfsig and pdf-lib look at what came out.

const runTool = promisify(execFile);
// The sealed PDF becomes a call document, scanned like any other. The shared server seals
// as "Gemeente Voorbeeldstad" (SEAL_NAME in e2e/support/global-setup.ts).
requireClamd();
const run = sharedRun();

function imageCount(doc: PDFDocument): number {
  // Signature PNGs with alpha are embedded as an image plus its soft mask: count the images
  // that are not someone's /SMask.
  const images: PDFRef[] = [];
  const masks = new Set<string>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    if (obj.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    images.push(ref);
    const mask = obj.dict.get(PDFName.of('SMask'));
    if (mask instanceof PDFRef) masks.add(mask.toString());
  }
  return images.filter((r) => !masks.has(r.toString())).length;
}

describe('fill, sign and seal a PDF in the call', () => {
  it('travel permit: clerk fills, citizen and clerk sign, sealed PDF downloaded and verified', async () => {
    const { created, clerk } = await openDeskCall(run.browser, run.server, 'Reistoestemming Loeysje', 'Mira Janssens');
    const citizenContext = await newContext(run.browser, run.server);
    const citizen = await citizenContext.newPage();
    await citizenJoin(citizen, created.citizenLink, 'Mira Janssens');
    await clerk.getByTestId('waiting-entry').filter({ hasText: 'Mira Janssens' }).getByTestId('admit').click();
    await citizen.getByTestId('in-call').waitFor();

    // The clerk opens the travel permit; the citizen's and clerk's names and the date are prefilled.
    await clerk.getByTestId('form-template').selectOption('reistoestemming-minderjarige');
    await clerk.getByTestId('form-open').click();
    await expect.poll(() => clerk.getByTestId('form-field-ouder_naam').inputValue()).toBe('Mira Janssens');
    expect(await clerk.getByTestId('form-field-gemeente').inputValue()).toBe('Gemeente Voorbeeldstad');
    expect(await clerk.getByTestId('form-field-datum').inputValue()).toMatch(/^\d{2}-\d{2}-\d{4}$/);

    for (const [name, value] of Object.entries(TRAVEL_PERMIT_VALUES)) await clerk.getByTestId(`form-field-${name}`).fill(value);
    await clerk.getByTestId('form-field-doel_vakantie').check();
    await clerk.getByTestId('form-field-verklaring_akkoord').check();

    // The citizen sees the same document live, rendered by pdfjs.
    const citizenPreview = citizen.getByTestId('form-preview');
    await citizenPreview.locator('canvas').first().waitFor();
    await expect.poll(async () => citizenPreview.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    // Wait until the last fill has reached the server (the preview follows the pushed version).
    await expect.poll(() => clerk.getByTestId('form-error').count()).toBe(0);
    await clerk.waitForTimeout(600);
    await shot(citizen, 'citizen-form-live');

    // Ask the citizen to sign: the dialog opens; clear and redo once, then confirm.
    await clerk.getByTestId('sig-handtekening_ouder').getByTestId('form-ask-sign').click();
    const dialog = citizen.getByTestId('sign-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('signature-confirm').isDisabled()).toBe(true);
    await drawSignature(citizen, dialog);
    await dialog.getByTestId('signature-clear').click();
    await expect.poll(() => dialog.getByTestId('signature-confirm').isDisabled()).toBe(true);
    await drawSignature(citizen, dialog);
    await shot(citizen, 'citizen-sign-dialog');
    await dialog.getByTestId('signature-confirm').click();
    await citizen.getByTestId('citizen-signed').waitFor();
    await clerk.getByTestId('sig-handtekening_ouder').getByTestId('signature-done').waitFor();
    // Signed: the fields are locked for the clerk.
    await expect.poll(() => clerk.getByTestId('form-field-bestemming').isDisabled()).toBe(true);

    // The clerk signs and finalises.
    await clerkSignsOwnField(clerk);
    await clerk.getByTestId('form-finalise').click();
    await clerk.getByTestId('form-finalised').waitFor({ timeout: 20_000 });
    await shot(clerk, 'desk-form-finalised');

    // The citizen downloads the sealed PDF.
    await citizen.getByTestId('citizen-form-finalised').waitFor();
    const link = citizen.getByTestId('citizen-form-download');
    await link.waitFor();
    const [download] = await Promise.all([citizen.waitForEvent('download'), link.click()]);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'videoloket-forms-')), 'sealed.pdf');
    await download.saveAs(file);

    // pdfsig: one PAdES signature, valid, over the whole file. (Self-signed: issuer unknown is expected.)
    const sig = (await runTool('pdfsig', [file]).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }))).stdout;
    expect(sig).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(sig).toMatch(/Total document signed/);
    expect(sig).toMatch(/Signature Validation: Signature is Valid/);
    expect(sig.match(/^Signature #/gm)).toHaveLength(1);
    await runTool('qpdf', ['--check', file]);

    // pdf-lib: no fillable fields left (only the seal), the two drawn signatures, audit page last.
    const doc = await PDFDocument.load(await readFile(file));
    const fields = doc.getForm().getFields();
    expect(fields.filter((f) => !(f instanceof PDFSignature))).toHaveLength(0);
    expect(fields).toHaveLength(1);
    expect(imageCount(doc)).toBe(2);
    const pages = doc.getPageCount();
    const lastPage = (await runTool('pdftotext', ['-f', String(pages), '-l', String(pages), file, '-'])).stdout;
    expect(lastPage).toContain('Auditpagina');
    expect(lastPage).toContain('Mira Janssens');
    expect(lastPage).toContain('Gemeente Voorbeeldstad');
    const bodyText = (await runTool('pdftotext', ['-l', String(pages - 1), file, '-'])).stdout;
    expect(bodyText).toContain('Loeysje');
    expect(bodyText).not.toContain('Auditpagina');
    // The seal's field is the only AcroForm entry and its widget sits on the last page.
    const sealWidget = fields[0]!.acroField.getWidgets()[0]!;
    const sealPage = doc.getPages().findIndex((p) => p.node.Annots()?.asArray().some((a) => doc.context.lookup(a) === sealWidget.dict));
    expect(sealPage).toBe(pages - 1);
    expect(doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).get(PDFName.of('SigFlags'))?.toString()).toBe('3');

    // And it is a call document for both parties, like any other: stored encrypted, scanned, then ready.
    for (const page of [citizen, clerk]) {
      await page.locator('[data-testid="document"][data-state="ready"][data-name^="Reistoestemming voor minderjarigen"]').waitFor({ timeout: 30_000 });
    }

    await citizenContext.close();
  }, 400_000);
});
