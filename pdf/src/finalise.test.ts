import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFSignature } from 'pdf-lib';
import { addSignature, finalise, fill, PadesSealer } from './index';
import { FormIncompleteError, FormLockedError, InvalidTypedSignatureError } from './errors';
import { sha256Hex } from './session';
import { citizen, clerk, fixture, filledTravelPermit, inCall, signedTravelPermit } from './testing/fixtures';
import { imagePlacements, pageContent } from './testing/pdf-read';

let dir: string;
let sealer: PadesSealer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdf-finalise-'));
  sealer = await PadesSealer.create({ dataDir: join(dir, 'seal'), sealName: 'Gemeente Zeewolde' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Text of one page, as poppler's pdftotext reads it (poppler-utils is a project dependency). */
function pageText(pdf: Uint8Array, page: number): string {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
}

describe('finalising a signed form', () => {
  it('flattens the fields, keeps both signatures, appends the audit page last', async () => {
    const session = await signedTravelPermit();
    const sealed = await finalise(session, sealer, { sealedAt: new Date('2026-11-23T10:15:00Z') });
    const doc = await PDFDocument.load(sealed);
    expect(doc.getPageCount()).toBe(3);
    // only the seal remains as a field: everything else is page content now
    const fields = doc.getForm().getFields();
    expect(fields).toHaveLength(1);
    expect(fields[0]).toBeInstanceOf(PDFSignature);
    // flattened widgets are drawn as form XObjects too; the signatures are the two images
    expect(imagePlacements(pageContent(doc, 1)).filter((p) => p.name.startsWith('Image'))).toHaveLength(2);
    expect(pageText(sealed, 1)).toContain('Loeysje');
    expect(session.finalised).toBe(true);
    await expect(fill(session, { bestemming: 'x' })).rejects.toBeInstanceOf(FormLockedError);
    await expect(finalise(session, sealer)).rejects.toBeInstanceOf(FormLockedError);
  });

  it('writes title, call, signers, times, seal and the hash of the shown document on the audit page', async () => {
    const session = await signedTravelPermit();
    const shown = sha256Hex(await session.shownPdf()); // recomputed from the bytes, not taken from the session
    const sealed = await finalise(session, sealer, { sealedAt: new Date('2026-11-23T10:15:00Z') });
    const text = pageText(sealed, 3);
    expect(text).toContain('Auditpagina');
    expect(text).toContain('Reistoestemming voor minderjarigen');
    expect(text).toContain('call-reistoestemming-1');
    expect(text).toMatch(/Anouk de Vries \(burger\)/);
    expect(text).toMatch(/Pieter Jansen \(ambtenaar\)/);
    expect(text).toContain('Handtekening ouder/gezaghebbende (pagina 2)');
    expect(text).toContain(shown);
    expect(text).toContain('23 november 2026 om 11:15:00');
    expect(text).toContain('Gemeente Zeewolde');
    expect(text).toContain('PAdES baseline B-B');
    expect(text).toMatch(/zegelcertificaat is zelfondertekend/);
  });

  it('says on the audit page when the citizen booked signed in with the government login, and only then', async () => {
    const verified = await finalise(await signedTravelPermit(), sealer, { identityVerifiedName: 'Els Wouters' });
    const audit = pageText(verified, 3);
    expect(audit).toContain('Identiteit burger');
    expect(audit).toContain('via de overheidslogin bij het boeken: Els Wouters');
    expect(pageText(await finalise(await signedTravelPermit(), sealer), 3)).not.toContain('overheidslogin');
  });

  it('writes a typed name into the field and says "typed signature" on the audit page; a drawn one says "drawn"', async () => {
    const session = await filledTravelPermit();
    await addSignature(session, citizen, 'handtekening_ouder', { typedName: '  Anouk   de Vries ' }, inCall);
    await addSignature(session, clerk, 'handtekening_ambtenaar', fixture('signature.png'), inCall);
    expect(session.signatures.map((s) => s.kind)).toEqual(['typed', 'drawn']);
    const sealed = await finalise(session, sealer, { sealedAt: new Date('2026-11-23T10:15:00Z') });
    expect(pageText(sealed, 2)).toContain('Anouk de Vries');
    const audit = pageText(sealed, 3);
    expect(audit).toMatch(/Anouk de Vries \(burger\)[\s\S]*getypte naam \(typed signature\)/);
    expect(audit).toMatch(/Pieter Jansen \(ambtenaar\)[\s\S]*getekend \(drawn signature\)/);
  });

  it('refuses a typed "signature" that is no name, or that the form cannot print, and keeps nothing', async () => {
    const session = await filledTravelPermit();
    await expect(addSignature(session, citizen, 'handtekening_ouder', { typedName: ' x ' }, inCall)).rejects.toBeInstanceOf(InvalidTypedSignatureError);
    await expect(addSignature(session, citizen, 'handtekening_ouder', { typedName: '12345' }, inCall)).rejects.toBeInstanceOf(InvalidTypedSignatureError);
    await expect(addSignature(session, citizen, 'handtekening_ouder', { typedName: 'Ἀλέξανδρος Π' }, inCall)).rejects.toThrow(/cannot be printed/);
    expect(session.signatures).toEqual([]);
  });

  it('refuses to finalise before every required signature is there', async () => {
    const session = await filledTravelPermit();
    await addSignature(session, citizen, 'handtekening_ouder', fixture('signature.png'), inCall);
    await expect(finalise(session, sealer)).rejects.toBeInstanceOf(FormIncompleteError);
    expect(session.finalised).toBe(false);
  });
});
