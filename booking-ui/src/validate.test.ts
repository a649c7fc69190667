import { describe, expect, it } from 'vitest';
import { fieldErrorsFromIssues, newIdempotencyKey, normalisePhone, parseCoordinate, validateAddress, validateContact } from './validate';

describe('booking form checks', () => {
  const ok = { name: 'Valerie Claes', email: 'valerie@example.be', phone: '', remarks: '' };

  it('accepts a name with a mail address or a phone number', () => {
    expect(validateContact(ok)).toEqual({});
    expect(validateContact({ ...ok, email: '', phone: '0032 470 12 34 56' })).toEqual({});
  });

  it('asks for a contact route, a name, and well-formed values', () => {
    expect(validateContact({ ...ok, email: '', phone: '' })).toEqual({ email: 'errContact' });
    expect(validateContact({ ...ok, name: '  ' })).toEqual({ name: 'errRequired' });
    expect(validateContact({ ...ok, email: 'valerie@' })).toEqual({ email: 'errEmail' });
    expect(validateContact({ ...ok, phone: '0470123456' })).toEqual({ phone: 'errPhone' });
    expect(validateContact({ ...ok, remarks: 'x'.repeat(1001) })).toEqual({ remarks: 'errTooLong' });
  });

  it('normalises typed phone numbers to E.164', () => {
    expect(normalisePhone('+32 470/12.34-56')).toBe('+32470123456');
    expect(normalisePhone('0032470123456')).toBe('+32470123456');
  });

  it('checks an address and its coordinates', () => {
    expect(validateAddress({ line: 'Korenmarkt 12, 9000 Gent', lat: '51,0545', lon: '3.7211', instructions: '' })).toEqual({});
    expect(parseCoordinate('51,0545', 90)).toBe(51.0545);
    expect(validateAddress({ line: 'Gent', lat: '91', lon: 'abc', instructions: '' })).toEqual({ addressLine: 'errAddress', lat: 'errCoords', lon: 'errCoords' });
  });

  it('puts the server issues on the form fields', () => {
    expect(
      fieldErrorsFromIssues([
        { path: 'citizen.email', message: 'give an e-mail address or a phone number' },
        { path: 'citizen.phone', message: 'must be a phone number' },
        { path: 'address.location.lat', message: 'too big' },
        { path: 'unknown.field', message: '?' },
      ]),
    ).toEqual({ email: 'errContact', phone: 'errPhone', lat: 'errCoords' });
  });

  it('makes idempotency keys the server accepts, different each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[A-Za-z0-9_.:-]{8,100}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
