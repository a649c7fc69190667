import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { createSession, loadTemplate } from './index';
import { PdfLimitsSchema } from './config';
import { NotAPdfError, PdfActiveContentError, PdfTooLargeError, TooManyPagesError } from './errors';
import { loadSafePdf, pdfRefusal } from './inspect';
import { fixture, hostilePdf } from './testing';

const limits = PdfLimitsSchema.parse({});

async function pdfWith(edit: (doc: PDFDocument) => void, pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]);
  edit(doc);
  return doc.save();
}

describe('checking a PDF from the call before filling or sealing it', () => {
  it('accepts a plain PDF', async () => {
    const doc = await loadSafePdf(await pdfWith(() => {}, 3), limits);
    expect(doc.getPageCount()).toBe(3);
  });

  it('rejects what is not a PDF', async () => {
    await expect(loadSafePdf(fixture('signature.png'), limits)).rejects.toBeInstanceOf(NotAPdfError);
    await expect(loadSafePdf(new TextEncoder().encode('%PDF-1.7\ngarbage'), limits)).rejects.toBeInstanceOf(NotAPdfError);
  });

  it('rejects JavaScript in an OpenAction, in /AA and in the /Names tree', async () => {
    const openAction = await pdfWith((doc) => {
      doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    });
    const aa = await pdfWith((doc) => {
      const action = doc.context.register(doc.context.obj({ S: 'JavaScript', JS: PDFString.of('this.print()') }));
      doc.getPage(0).node.set(PDFName.of('AA'), doc.context.obj({ O: action }));
    });
    const names = await pdfWith((doc) => {
      const js = doc.context.register(doc.context.obj({ S: 'JavaScript', JS: PDFString.of('1') }));
      doc.catalog.set(PDFName.of('Names'), doc.context.obj({ JavaScript: { Names: [PDFString.of('x'), js] } }));
    });
    for (const pdf of [openAction, aa, names]) await expect(loadSafePdf(pdf, limits)).rejects.toBeInstanceOf(PdfActiveContentError);
  });

  it('rejects more pages than the limit (2,000 against 500) and oversized files', async () => {
    const big = await pdfWith(() => {}, 2000);
    await expect(loadSafePdf(big, limits)).rejects.toBeInstanceOf(TooManyPagesError);
    await expect(createSession({ sourcePdf: big, callId: 'c' })).rejects.toThrow(/2000 pages; at most 500/);
    await expect(loadSafePdf(big, { ...limits, maxPdfBytes: 1000 })).rejects.toBeInstanceOf(PdfTooLargeError);
  });

  it('names active content beyond JavaScript: launch actions, embedded files, also in object streams', async () => {
    expect(await pdfRefusal(hostilePdf('openaction-js.pdf'))).toMatch(/active content \(JavaScript in /);
    expect(await pdfRefusal(hostilePdf('launch.pdf'))).toMatch(/active content \(Launch action in /);
    expect(await pdfRefusal(hostilePdf('embedded-file.pdf'))).toMatch(/active content \(embedded file in /);
    expect(await pdfRefusal(hostilePdf('objstm-js.pdf'))).toMatch(/active content \(JavaScript in /);
    await expect(loadSafePdf(hostilePdf('launch.pdf'), limits)).rejects.toBeInstanceOf(PdfActiveContentError);
    expect(await pdfRefusal(await loadTemplate('reistoestemming-minderjarige'))).toBeNull();
    expect(await pdfRefusal(hostilePdf('html-pdf-marker.html'))).toBe(new NotAPdfError().message);
  });
});
