import type { RegisterPerson } from '@videoloket/contracts';

// The population register behind the desk's lookup panel (issue 12, item 5). Shaped after a
// national-register lookup service: one person by national number, or a search by name and
// birth date. A municipality plugs its own adapter (its access to the national register, an
// intermediary's service); the embedded default reads fictional people from a file.

export interface NameAndBirthDate {
  lastName: string;
  firstName?: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

export interface PersonRegisterCapabilities {
  /** Can search by name and birth date (not every service offers it). */
  searchByName: boolean;
}

export interface PersonRegister {
  /** Names the register in the audit and on the desk (`fixture`: the fictional default). */
  readonly source: string;
  readonly capabilities: PersonRegisterCapabilities;
  /** `nationalNumber` is 11 digits with valid check digits (the edge checked it). */
  byNationalNumber(nationalNumber: string, today: string): Promise<RegisterPerson | undefined>;
  /** At most `limit` people. */
  byNameAndBirthDate(query: NameAndBirthDate, today: string, limit: number): Promise<RegisterPerson[]>;
}
