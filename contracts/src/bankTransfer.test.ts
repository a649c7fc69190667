import { describe, expect, it } from 'vitest';
import { epcQrPayload, formatIban, isValidBic, isValidIban } from './bankTransfer';

describe('IBAN and BIC', () => {
  it('accepts real-format IBANs and refuses a wrong check digit', () => {
    expect(isValidIban('BE71 0961 2345 6769')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('BE72 0961 2345 6769')).toBe(false);
    expect(isValidIban('BE71')).toBe(false);
  });
  it('accepts 8- and 11-character BICs only', () => {
    expect(isValidBic('GKCCBEBB')).toBe(true);
    expect(isValidBic('GEBABEBBXXX')).toBe(true);
    expect(isValidBic('GKCCBE')).toBe(false);
    expect(isValidBic('gkccbebb')).toBe(false);
  });
  it('prints an IBAN in groups of four', () => {
    expect(formatIban('BE71096123456769')).toBe('BE71 0961 2345 6769');
  });
});

describe('EPC QR payload', () => {
  const transfer = { beneficiary: 'Stad Gent', iban: 'BE71 0961 2345 6769', bic: 'GKCCBEBB', amountCents: 2550, structuredReference: '+++090/9337/55493+++' };

  it('has the twelve EPC lines in order, amount with cents, the 12 digits as structured reference', () => {
    expect(epcQrPayload(transfer).split('\n')).toEqual(['BCD', '002', '1', 'SCT', 'GKCCBEBB', 'Stad Gent', 'BE71096123456769', 'EUR25.50', '', '090933755493']);
  });
  it('leaves the BIC line empty when none is given, and writes whole euros with two decimals', () => {
    const lines = epcQrPayload({ ...transfer, bic: undefined, amountCents: 700 }).split('\n');
    expect(lines[4]).toBe('');
    expect(lines[7]).toBe('EUR7.00');
  });
  it('refuses what a bank would reject instead of encoding it', () => {
    expect(() => epcQrPayload({ ...transfer, iban: 'BE72 0961 2345 6769' })).toThrow(/IBAN/);
    expect(() => epcQrPayload({ ...transfer, amountCents: 0 })).toThrow(/amount/);
    expect(() => epcQrPayload({ ...transfer, structuredReference: '+++090/9337/5549+++' })).toThrow(/12 digits/);
    expect(() => epcQrPayload({ ...transfer, beneficiary: ' \n ' })).toThrow(/beneficiary/);
  });
  it('keeps a beneficiary name on one line and within 70 characters', () => {
    const lines = epcQrPayload({ ...transfer, beneficiary: `Stad\nGent ${'x'.repeat(100)}` }).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[5]!.length).toBe(70);
  });
});
