import { describe, expect, it } from 'vitest';
import { PDFCheckBox, PDFDocument, PDFTextField } from 'pdf-lib';
import { createSession, currentPdf, fill, listForms, shownHash } from './index';
import { FieldValueError, FormIncompleteError, FormLockedError } from './errors';
import { sha256Hex } from './session';
import { citizen, clerk, fixture, filledTravelPermit, inCall, travelPermitValues, CALL_ID } from './testing/fixtures';

describe('form catalogue', () => {
  it('lists the two shipped Dutch forms with labels in three languages and two signature fields each', () => {
    const forms = listForms();
    expect(forms.map((f) => f.id)).toEqual(['reistoestemming-minderjarige', 'mantelzorgpremie']);
    for (const form of forms) {
      expect(form.fields.filter((f) => f.type === 'signature').map((f) => f.signer)).toEqual(['citizen', 'clerk']);
      for (const f of form.fields) expect(f.label.nl && f.label.fr && f.label.en).toBeTruthy();
    }
  });

  it('describes every template field with its page and rectangle read from the PDF', async () => {
    for (const { id, fields } of listForms()) {
      const session = await createSession({ formId: id, callId: 'c1' });
      expect(session.fields.map((f) => f.name).sort()).toEqual(fields.map((f) => f.name).sort());
      for (const f of session.fields) expect(f.rect.width).toBeGreaterThan(5);
    }
  });
});

describe('filling fields', () => {
  it('prefills from call facts and fills values into the AcroForm', async () => {
    const session = await filledTravelPermit();
    expect(session.values.ouder_naam).toBe('Anouk de Vries');
    expect(session.values.ambtenaar_naam).toBe('Pieter Jansen');
    expect(session.values.datum).toBe('23-11-2026');
    const doc = await PDFDocument.load(await currentPdf(session));
    const form = doc.getForm();
    expect((form.getField('kind_voornamen') as PDFTextField).getText()).toBe('Loeysje');
    expect((form.getField('kind_geboortedatum') as PDFTextField).getText()).toBe('12-03-2013');
    expect((form.getField('doel_vakantie') as PDFCheckBox).isChecked()).toBe(true);
    expect((form.getField('doel_anders') as PDFCheckBox).isChecked()).toBe(false);
    expect((form.getField('gemeente') as PDFTextField).getText()).toBe('Gemeente Zeewolde');
  });

  it('rejects a bad batch whole, naming each bad field, and keeps the previous values', async () => {
    const session = await filledTravelPermit();
    const before = await currentPdf(session);
    const err = await fill(session, {
      kind_voornamen: 'Mila',
      bestaat_niet: 'x',
      kind_geboortedatum: '31-02-2013',
      doel_vakantie: 'ja',
      kind_documentnummer: 'X'.repeat(21),
      handtekening_ouder: 'Anouk',
      bestemming: 'Łódź',
      plaats: 'Zee\nwolde',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(FieldValueError);
    expect(err.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      ['bestaat_niet', 'bestemming', 'doel_vakantie', 'handtekening_ouder', 'kind_documentnummer', 'kind_geboortedatum', 'plaats'].sort(),
    );
    expect(session.values.kind_voornamen).toBe('Loeysje');
    expect(await currentPdf(session)).toEqual(before);
  });

  it('clears a field with an empty string or false', async () => {
    const session = await filledTravelPermit();
    await fill(session, { bestemming: '', doel_vakantie: false });
    expect(session.values.bestemming).toBeUndefined();
    expect(session.values.doel_vakantie).toBeUndefined();
  });
});

describe('the document as shown for signing', () => {
  it('is rendered reproducibly, so its SHA-256 identifies what was shown', async () => {
    const a = await filledTravelPermit();
    const b = await filledTravelPermit();
    expect(await shownHash(a)).toBe(sha256Hex(await a.shownPdf()));
    expect(await shownHash(a)).toBe(await shownHash(b));
    await fill(b, { bestemming: 'België' });
    expect(await shownHash(b)).not.toBe(await shownHash(a));
  });

  it('is locked by the first signature: later fills are refused and the hash stays', async () => {
    const session = await filledTravelPermit();
    const hash = await shownHash(session);
    const record = await session.addSignature(citizen, 'handtekening_ouder', fixture('signature.png'), inCall);
    expect(record.shownHash).toBe(hash);
    await expect(fill(session, { bestemming: 'Spanje' })).rejects.toBeInstanceOf(FormLockedError);
    expect(await shownHash(session)).toBe(hash);
    // the live view now differs from the shown one: it carries the signature
    expect(sha256Hex(await currentPdf(session))).not.toBe(hash);
  });

  it('cannot be signed before the required fields are filled', async () => {
    const session = await createSession({ formId: 'reistoestemming-minderjarige', callId: CALL_ID });
    await expect(session.addSignature(clerk, 'handtekening_ambtenaar', fixture('signature.png'), inCall)).rejects.toBeInstanceOf(FormIncompleteError);
    expect(session.signatures).toEqual([]);
    await fill(session, { ...travelPermitValues, ouder_naam: 'A', gemeente: 'G', ambtenaar_naam: 'P', datum: '2026-11-23', legalisatie_datum: '2026-11-23' });
    await session.addSignature(clerk, 'handtekening_ambtenaar', fixture('signature.png'), inCall);
    expect(session.signatures).toHaveLength(1);
  });
});
