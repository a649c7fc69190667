import { describe, expect, it } from 'vitest';
import { checkDigits, formatStructuredCommunication, isValidStructuredCommunication, newStructuredCommunication } from './structuredCommunication';

describe('Belgian structured communication', () => {
  it('computes mod 97 check digits, 97 for a remainder of 0', () => {
    // 0123456789 mod 97 = 39
    expect(checkDigits('0123456789')).toBe('39');
    expect(checkDigits('0000000097')).toBe('97');
    expect(checkDigits('0000000001')).toBe('01');
  });

  it('formats as +++ddd/dddd/ddddd+++', () => {
    expect(formatStructuredCommunication('0123456789')).toBe('+++012/3456/78939+++');
  });

  it('validates and rejects', () => {
    expect(isValidStructuredCommunication('+++012/3456/78939+++')).toBe(true);
    expect(isValidStructuredCommunication('+++012/3456/78938+++')).toBe(false);
    expect(isValidStructuredCommunication('+++012/3456/7893+++')).toBe(false);
    for (let i = 0; i < 50; i++) expect(isValidStructuredCommunication(newStructuredCommunication())).toBe(true);
  });
});
