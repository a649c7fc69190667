import { z } from 'zod';
import { Id } from '../roles';
import { isValidNationalNumber, normalizeNationalNumber } from '../nationalNumber';

// The register lookup (issue 12, item 5): a clerk in a call looks a person up in the
// population register, by national number or by name and birth date, and says why. Shaped
// after a national-register lookup service (person by number; search by name + birth date),
// answered with what a counter needs: name, address, nationality, identity document.

export const NationalNumber = z
  .string()
  .max(20)
  .transform(normalizeNationalNumber)
  .refine(isValidNationalNumber, 'is not a valid national register number (check digits)');

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const NamePart = z.string().trim().min(1).max(80);

export const RegisterQuery = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('nationalNumber'), nationalNumber: NationalNumber }),
  z.strictObject({ by: z.literal('nameAndBirthDate'), lastName: NamePart, firstName: NamePart.optional(), birthDate: IsoDate }),
]);
export type RegisterQuery = z.infer<typeof RegisterQuery>;

export const RegisterLookupRequest = z.strictObject({
  /** The call the clerk is in: the lookup is recorded against it. */
  callId: Id,
  /** Why the clerk looks this person up; recorded with the lookup (a legal requirement for register access). */
  reason: z.string().trim().min(5).max(300),
  query: RegisterQuery,
});
export type RegisterLookupRequest = z.input<typeof RegisterLookupRequest>;

export const IdentityDocumentType = z.enum(['eid', 'foreigner-card', 'passport']);

export const RegisterPerson = z.object({
  nationalNumber: z.string(),
  lastName: z.string(),
  firstNames: z.array(z.string()),
  birthDate: z.string(),
  nationality: z.string(),
  address: z.object({
    street: z.string(),
    houseNumber: z.string(),
    box: z.string().optional(),
    postalCode: z.string(),
    municipality: z.string(),
    country: z.string(),
  }),
  identityDocument: z.object({
    type: IdentityDocumentType,
    number: z.string(),
    validUntil: z.string(),
    /** On the day of the lookup: not expired, not reported lost or stolen. */
    valid: z.boolean(),
    /** Why it is not valid. */
    invalidReason: z.enum(['expired', 'reported-lost', 'reported-stolen']).optional(),
  }),
});
export type RegisterPerson = z.infer<typeof RegisterPerson>;

export const RegisterLookupResponse = z.object({
  /** The audit record of this lookup. */
  lookupId: z.string(),
  /** Which register answered; `fixture` is the embedded default with fictional people. */
  source: z.string(),
  persons: z.array(RegisterPerson),
});
export type RegisterLookupResponse = z.infer<typeof RegisterLookupResponse>;
