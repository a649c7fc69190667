// Bad documents from a call never reach filling or sealing: each gets a named error
// and no session is made. Encrypted and object-stream PDFs are produced by qpdf here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { toErrorBody } from '@videoloket/contracts';
import { createSession, EncryptedPdfError, NotAPdfError, PdfActiveContentError, TooManyPagesError } from '../src/index';
import { fixture } from '../src/testing/fixtures';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pdf-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plainPdf(pages = 1, edit?: (doc: PDFDocument) => void): Promise<string> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([300, 300]).drawText(`Pagina ${i + 1}`, { x: 20, y: 250 });
  edit?.(doc);
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, await doc.save());
  return file;
}

async function qpdf(args: string[], input: string): Promise<Uint8Array> {
  const out = `${input}.out.pdf`;
  await run('qpdf', [...args, input, out]);
  return new Uint8Array(readFileSync(out));
}

describe('bad input for a form session', () => {
  it('a plain PDF from the call is accepted (control)', async () => {
    const session = await createSession({ sourcePdf: readFileSync(await plainPdf(2)), callId: 'c1', title: 'Brief' });
    expect(session.title).toBe('Brief');
  });

  it('a non-PDF is refused with 415', async () => {
    const err = await createSession({ sourcePdf: fixture('signature.png'), callId: 'c1' }).catch((e) => e);
    expect(err).toBeInstanceOf(NotAPdfError);
    expect(err.httpStatus).toBe(415);
  });

  it('a password-protected PDF (qpdf AES-256) is refused', async () => {
    const encrypted = await qpdf(['--encrypt', 'user-pw', 'owner-pw', '256', '--'], await plainPdf());
    const err = await createSession({ sourcePdf: encrypted, callId: 'c1' }).catch((e) => e);
    expect(err).toBeInstanceOf(EncryptedPdfError);
    expect(toErrorBody(err)).toEqual({ code: 'UNPROCESSABLE', message: expect.stringMatching(/encrypted/) });
  });

  it('an owner-password-only PDF (opens without a password, still encrypted) is refused', async () => {
    const encrypted = await qpdf(['--encrypt', '', 'owner-pw', '256', '--'], await plainPdf());
    await expect(createSession({ sourcePdf: encrypted, callId: 'c1' })).rejects.toBeInstanceOf(EncryptedPdfError);
  });

  it('JavaScript is found even inside compressed object streams', async () => {
    const withJs = await plainPdf(1, (doc) => {
      const action = doc.context.register(doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.launchURL("x")') }));
      doc.catalog.set(PDFName.of('OpenAction'), action);
    });
    const packed = await qpdf(['--object-streams=generate', '--compress-streams=y'], withJs);
    expect(Buffer.from(packed).includes('/JavaScript')).toBe(false); // really hidden from a byte scan
    await expect(createSession({ sourcePdf: packed, callId: 'c1' })).rejects.toBeInstanceOf(PdfActiveContentError);
  });

  it('a 2,000-page PDF is refused (limit 500)', async () => {
    const big = readFileSync(await plainPdf(2000));
    const err = await createSession({ sourcePdf: big, callId: 'c1' }).catch((e) => e);
    expect(err).toBeInstanceOf(TooManyPagesError);
    expect(err.httpStatus).toBe(413);
  });
});
