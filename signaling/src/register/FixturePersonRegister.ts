import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { IdentityDocumentType, isValidNationalNumber, type RegisterPerson } from '@videoloket/contracts';
import type { NameAndBirthDate, PersonRegister } from './PersonRegister';

/**
 * The fictional people shipped with the embedded default, found through this package's exports
 * (`./fixtures/*`) rather than relative to this module, which a compiled server bundles elsewhere.
 */
export const DEFAULT_REGISTER_FIXTURE = fileURLToPath(import.meta.resolve('@videoloket/signaling/fixtures/person-register.json'));

const FixturePerson = z.strictObject({
  nationalNumber: z.string().refine(isValidNationalNumber, 'national number with wrong check digits'),
  lastName: z.string().min(1),
  firstNames: z.array(z.string().min(1)).min(1),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  nationality: z.string().length(2),
  address: z.strictObject({
    street: z.string(),
    houseNumber: z.string(),
    box: z.string().optional(),
    postalCode: z.string(),
    municipality: z.string(),
    country: z.string().length(2),
  }),
  identityDocument: z.strictObject({
    type: IdentityDocumentType,
    number: z.string(),
    validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    reported: z.enum(['lost', 'stolen']).optional(),
  }),
});
type FixturePerson = z.infer<typeof FixturePerson>;
const Fixture = z.object({ people: z.array(FixturePerson) });

/** Case and accents do not matter to a clerk typing a name ("Muller" finds "Müller"). */
function fold(name: string): string {
  return name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase('nl').replace(/\s+/g, ' ').trim();
}

/** The document as valid on `today`: not reported lost or stolen, not expired (valid through its last day). */
function asOf(p: FixturePerson, today: string): RegisterPerson {
  const { reported, ...doc } = p.identityDocument;
  const invalidReason = reported === 'lost' ? 'reported-lost' : reported === 'stolen' ? 'reported-stolen' : doc.validUntil < today ? 'expired' : undefined;
  return { ...p, identityDocument: { ...doc, valid: invalidReason === undefined, ...(invalidReason ? { invalidReason } : {}) } };
}

/** The embedded default: a JSON file of fictional people, checked when loaded. */
export class FixturePersonRegister implements PersonRegister {
  readonly source = 'fixture';
  readonly capabilities = { searchByName: true };

  private constructor(private readonly people: readonly FixturePerson[]) {}

  static async load(file = DEFAULT_REGISTER_FIXTURE): Promise<FixturePersonRegister> {
    return new FixturePersonRegister(Fixture.parse(JSON.parse(await readFile(file, 'utf8'))).people);
  }

  byNationalNumber(nationalNumber: string, today: string): Promise<RegisterPerson | undefined> {
    const person = this.people.find((p) => p.nationalNumber === nationalNumber);
    return Promise.resolve(person && asOf(person, today));
  }

  byNameAndBirthDate(query: NameAndBirthDate, today: string, limit: number): Promise<RegisterPerson[]> {
    const lastName = fold(query.lastName);
    const firstName = query.firstName && fold(query.firstName);
    const found = this.people.filter(
      (p) => p.birthDate === query.birthDate && fold(p.lastName) === lastName && (!firstName || p.firstNames.some((n) => fold(n).startsWith(firstName))),
    );
    return Promise.resolve(found.slice(0, limit).map((p) => asOf(p, today)));
  }
}
