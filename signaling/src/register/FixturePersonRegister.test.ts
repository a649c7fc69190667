import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixturePersonRegister } from './FixturePersonRegister';
import { personRegisterSuite } from './testing/personRegisterSuite';

describe('FixturePersonRegister (the embedded default)', () => {
  personRegisterSuite(() => FixturePersonRegister.load(), { nationalNumber: '85073003328', byName: { lastName: 'Peeters', birthDate: '1985-07-30' } });

  it('says on the day of the lookup whether the identity document is valid: expired, reported lost or stolen', async () => {
    const register = await FixturePersonRegister.load();
    const doc = async (nn: string, today = '2026-12-07') => (await register.byNationalNumber(nn, today))?.identityDocument;
    expect(await doc('85073003328')).toMatchObject({ type: 'eid', valid: true });
    expect((await doc('85073003328'))?.invalidReason).toBeUndefined();
    expect(await doc('62041512873')).toMatchObject({ valid: false, invalidReason: 'expired', validUntil: '2024-09-30' });
    // Valid through its last day.
    expect(await doc('62041512873', '2024-09-30')).toMatchObject({ valid: true });
    expect(await doc('01120324590')).toMatchObject({ valid: false, invalidReason: 'reported-stolen' });
    expect(await doc('90010101707')).toMatchObject({ type: 'passport', valid: false, invalidReason: 'reported-lost' });
  });

  it('a name search ignores case and accents, lists namesakes born the same day, and narrows by first name', async () => {
    const register = await FixturePersonRegister.load();
    const numbers = async (q: Parameters<typeof register.byNameAndBirthDate>[0]) => (await register.byNameAndBirthDate(q, '2026-12-07', 10)).map((p) => p.nationalNumber);
    expect(await numbers({ lastName: 'muller', birthDate: '1955-05-05' })).toEqual(['55050520262']);
    expect(await numbers({ lastName: 'CLAES', birthDate: '1975-02-15' })).toEqual(['75021512346', '75021545604']);
    expect(await numbers({ lastName: 'Claes', firstName: 'joz', birthDate: '1975-02-15' })).toEqual(['75021545604']);
    expect(await numbers({ lastName: 'Claes', birthDate: '1975-02-16' })).toEqual([]);
    expect(await register.byNameAndBirthDate({ lastName: 'Claes', birthDate: '1975-02-15' }, '2026-12-07', 1)).toHaveLength(1);
  });

  it('refuses to start on a fixture with a wrong check digit or an unknown field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'register-fixture-'));
    const person = {
      nationalNumber: '85073003329',
      lastName: 'X',
      firstNames: ['Y'],
      birthDate: '1985-07-30',
      nationality: 'BE',
      address: { street: 's', houseNumber: '1', postalCode: '1000', municipality: 'm', country: 'BE' },
      identityDocument: { type: 'eid', number: '1', validUntil: '2030-01-01' },
    };
    await writeFile(path.join(dir, 'bad-check.json'), JSON.stringify({ people: [person] }));
    await writeFile(path.join(dir, 'extra.json'), JSON.stringify({ people: [{ ...person, nationalNumber: '85073003328', secret: 1 }] }));
    await expect(FixturePersonRegister.load(path.join(dir, 'bad-check.json'))).rejects.toThrow(/check digits/);
    await expect(FixturePersonRegister.load(path.join(dir, 'extra.json'))).rejects.toThrow(/secret/);
  });
});
