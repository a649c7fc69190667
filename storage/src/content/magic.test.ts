import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostilePdf } from '@videoloket/pdf/testing';
import { checkContent, normaliseFileName, sniff } from './magic';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../test/fixtures', name));

describe('magic-byte content checks', () => {
  it.each([
    ['letter.pdf', 'application/pdf'],
    ['photo.jpg', 'image/jpeg'],
    ['defect.png', 'image/png'],
    ['photo.heic', 'image/heic'],
    ['contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['contract.odt', 'application/vnd.oasis.opendocument.text'],
  ])('recognises %s as %s', (name, type) => {
    expect(sniff(fixture(name))).toEqual({ ok: true, type });
    expect(checkContent(fixture(name), { filename: name, filetype: type })).toEqual({ ok: true, type });
  });

  it('refuses executables whatever their name', () => {
    const verdict = checkContent(fixture('setup.exe'), { filename: 'invoice.pdf', filetype: 'application/pdf' });
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.message).toMatch(/Executables are not accepted/);
    expect(sniff(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toMatchObject({ ok: false, reason: 'executable' });
    expect(sniff(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toMatchObject({ ok: false, reason: 'executable' });
  });

  it('refuses a ZIP that is not a document, and unknown bytes', () => {
    expect(checkContent(fixture('archive.zip'), { filename: 'archive.zip' }).ok).toBe(false);
    expect(checkContent(Buffer.from('just some text'), { filename: 'notes.txt' }).ok).toBe(false);
  });

  it('refuses content that does not match the claimed type or extension', () => {
    const byName = checkContent(fixture('disguised.pdf'), { filename: 'disguised.pdf' });
    expect(byName).toEqual({ ok: false, message: 'The file name ends in .pdf but its content is image/png' });
    const byMime = checkContent(fixture('defect.png'), { filename: 'defect.png', filetype: 'application/pdf' });
    expect(byMime.ok).toBe(false);
  });

  it('accepts browser aliases and a missing or generic claimed type', () => {
    expect(checkContent(fixture('photo.jpg'), { filename: 'IMG_0001.JPG', filetype: 'image/jpg' }).ok).toBe(true);
    expect(checkContent(fixture('photo.heic'), { filename: 'IMG_0002.HEIC', filetype: '' }).ok).toBe(true);
    expect(checkContent(fixture('letter.pdf'), { filename: 'letter', filetype: 'application/octet-stream' }).ok).toBe(true);
  });

  it('requires the PDF header at offset 0: an HTML page with "%PDF-" further down is not a PDF', () => {
    const html = hostilePdf('html-pdf-marker.html');
    expect(html.indexOf('%PDF-')).toBeGreaterThan(0);
    expect(sniff(html).ok).toBe(false);
    expect(checkContent(html, { filename: 'factuur.pdf', filetype: 'application/pdf' }).ok).toBe(false);
    expect(sniff(Buffer.concat([Buffer.from('\n'), fixture('letter.pdf')])).ok).toBe(false);
  });

  it('normalises names before the extension check: trailing dots and spaces, case, Unicode forms, invisible characters', () => {
    const pdf = fixture('letter.pdf');
    for (const name of ['factuur.hta.', 'factuur.hta. . ', 'FACTUUR.HTA...', 'factuur\uFF0Ehta', 'factuur.h\u200Bta', 'factuur.hta\u202E', 'factuur.pdf\u202E.hta', 'factuur.hta\u00A0']) {
      const verdict = checkContent(pdf, { filename: name, filetype: 'application/pdf' });
      expect({ name, verdict }).toEqual({ name, verdict: { ok: false, message: 'The file name ends in .hta but its content is application/pdf' } });
    }
    expect(normaliseFileName('Brief aan gemeente.PDF. ')).toBe('Brief aan gemeente.PDF');
    expect(checkContent(pdf, { filename: 'Brief.PDF.', filetype: 'application/pdf' }).ok).toBe(true);
    expect(checkContent(pdf, { filename: 'brief', filetype: 'application/pdf' }).ok).toBe(true);
  });
});
