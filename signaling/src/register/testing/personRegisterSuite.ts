import { expect, it } from 'vitest';
import { isValidNationalNumber, RegisterPerson } from '@videoloket/contracts';
import type { NameAndBirthDate, PersonRegister } from '../PersonRegister';

/**
 * What every PersonRegister adapter must do, run against each one (STYLE.md 4). `known`: a
 * person the adapter's register holds, found by number and by name.
 */
export function personRegisterSuite(open: () => Promise<PersonRegister>, known: { nationalNumber: string; byName: NameAndBirthDate }): void {
  const today = '2026-12-07';

  it('finds a person by national number, in the contract’s shape', async () => {
    const person = await (await open()).byNationalNumber(known.nationalNumber, today);
    expect(person).toBeDefined();
    expect(RegisterPerson.parse(person).nationalNumber).toBe(known.nationalNumber);
  });

  it('answers nothing (not an error) for a valid number it does not hold', async () => {
    expect(await (await open()).byNationalNumber('00010100105', today)).toBeUndefined();
    expect(isValidNationalNumber('00010100105')).toBe(true);
  });

  it('searches by name and birth date within the limit, if it can', async () => {
    const register = await open();
    if (!register.capabilities.searchByName) return;
    const found = await register.byNameAndBirthDate(known.byName, today, 10);
    expect(found.map((p) => p.nationalNumber)).toContain(known.nationalNumber);
    expect(await register.byNameAndBirthDate(known.byName, today, 0)).toEqual([]);
    expect(await register.byNameAndBirthDate({ ...known.byName, birthDate: '1800-01-01' }, today, 10)).toEqual([]);
  });
}
