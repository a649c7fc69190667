import { describe, expect, it } from 'vitest';
import { formatNationalNumber, isValidNationalNumber, normalizeNationalNumber } from './nationalNumber';

describe('the Belgian national register number', () => {
  it('accepts a number whose check digits match, born before 2000 or after, written with or without separators', () => {
    expect(isValidNationalNumber('85073003328')).toBe(true);
    expect(isValidNationalNumber('85.07.30-033.28')).toBe(true);
    // Born 15 March 2001: the check is taken over 2 followed by the first nine digits.
    expect(isValidNationalNumber('01031504561')).toBe(true);
    expect(isValidNationalNumber('01031504562')).toBe(false);
  });

  it('refuses a typo in any digit, a swap of two digits, and anything that is not 11 digits', () => {
    expect(isValidNationalNumber('85073003329')).toBe(false);
    expect(isValidNationalNumber('85073003238')).toBe(false);
    expect(isValidNationalNumber('58073003328')).toBe(false);
    expect(isValidNationalNumber('8507300332')).toBe(false);
    expect(isValidNationalNumber('850730033280')).toBe(false);
    expect(isValidNationalNumber('8507300332a')).toBe(false);
    expect(isValidNationalNumber('')).toBe(false);
  });

  it('normalises and formats the printed form', () => {
    expect(normalizeNationalNumber(' 85.07.30-033.28 ')).toBe('85073003328');
    expect(formatNationalNumber('85073003328')).toBe('85.07.30-033.28');
  });
});
