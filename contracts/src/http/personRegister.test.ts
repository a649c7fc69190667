import { describe, expect, it } from 'vitest';
import { RegisterLookupRequest } from './personRegister';

const ok = { callId: 'call-1', reason: 'Adreswijziging controleren', query: { by: 'nationalNumber', nationalNumber: '85.07.30-033.28' } };

describe('RegisterLookupRequest', () => {
  it('takes a national number in its printed form and hands on its 11 digits', () => {
    expect(RegisterLookupRequest.parse(ok).query).toEqual({ by: 'nationalNumber', nationalNumber: '85073003328' });
    expect(RegisterLookupRequest.parse({ ...ok, query: { by: 'nameAndBirthDate', lastName: ' Claes ', birthDate: '1975-02-15' } }).query).toEqual({
      by: 'nameAndBirthDate',
      lastName: 'Claes',
      birthDate: '1975-02-15',
    });
  });

  it('refuses wrong check digits, a missing or empty reason, unknown fields and an unknown way to search', () => {
    const refused = [
      { ...ok, query: { by: 'nationalNumber', nationalNumber: '85073003329' } },
      { ...ok, reason: undefined },
      { ...ok, reason: '    ' },
      { ...ok, reason: 'x'.repeat(301) },
      { ...ok, extra: true },
      { ...ok, query: { ...ok.query, lastName: 'Peeters' } },
      { ...ok, query: { by: 'address', street: 'Voorbeeldstraat' } },
      { ...ok, query: { by: 'nameAndBirthDate', lastName: 'Claes', birthDate: '15/02/1975' } },
      { ...ok, callId: '../other' },
    ];
    for (const body of refused) expect(RegisterLookupRequest.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });
});
