import type { FieldIssue } from '@videoloket/contracts/errors';
import type { BookingKey } from './i18n';

// Checks the booking form before it is sent, with the same rules as the contracts'
// CitizenContact / HomeAddress schemas (copied, not imported: importing the schemas would pull
// zod into the browser bundle). The server checks again; its issues land on the same fields.

export type BookingField = 'name' | 'email' | 'phone' | 'addressLine' | 'lat' | 'lon' | 'instructions' | 'remarks' | 'slot';
export type FieldErrors = Partial<Record<BookingField, BookingKey>>;

export interface ContactInput {
  name: string;
  email: string;
  phone: string;
  remarks: string;
}

export interface AddressInput {
  line: string;
  lat: string;
  lon: string;
  instructions: string;
}

/** As contracts' PersonName: letters (any script), spaces and . , ' ’ - ( ); no digits, slashes, colons or @. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .,'’()-]*$/u;
/** As contracts' URL_LIKE: scheme URLs and www. addresses. */
const URL_LIKE = /[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\b(?:https?|javascript|data|mailto):/i;

/** E.164 as in CitizenContact.phone. */
const PHONE = /^\+[1-9]\d{7,14}$/;
/** Deliberately loose (the server's z.email() decides); catches typos like a missing @ or domain. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** A phone number as people type it (spaces, dots, dashes, a leading 00) in E.164 form. */
export function normalisePhone(raw: string): string {
  const compact = raw.replace(/[\s.\-/()]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export function validateContact(c: ContactInput): FieldErrors {
  const errors: FieldErrors = {};
  const name = c.name.trim();
  if (!name) errors.name = 'errRequired';
  else if (name.length > 100) errors.name = 'errTooLong';
  else if (!NAME.test(name) || URL_LIKE.test(name)) errors.name = 'errName';
  const email = c.email.trim();
  const phone = normalisePhone(c.phone.trim());
  if (!email && !phone) errors.email = 'errContact';
  if (email && (!EMAIL.test(email) || email.length > 254)) errors.email = 'errEmail';
  if (phone && !PHONE.test(phone)) errors.phone = 'errPhone';
  if (c.remarks.trim().length > 1000) errors.remarks = 'errTooLong';
  return errors;
}

export function parseCoordinate(raw: string, limit: number): number | undefined {
  const s = raw.trim().replace(',', '.');
  if (!/^-?\d{1,3}(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Math.abs(n) <= limit ? n : undefined;
}

export function validateAddress(a: AddressInput): FieldErrors {
  const errors: FieldErrors = {};
  const line = a.line.trim();
  if (line.length < 5 || URL_LIKE.test(line)) errors.addressLine = 'errAddress';
  else if (line.length > 200) errors.addressLine = 'errTooLong';
  if (parseCoordinate(a.lat, 90) === undefined) errors.lat = 'errCoords';
  if (parseCoordinate(a.lon, 180) === undefined) errors.lon = 'errCoords';
  if (a.instructions.trim().length > 500) errors.instructions = 'errTooLong';
  return errors;
}

const SERVER_PATHS: Record<string, BookingField> = {
  'citizen.name': 'name',
  'citizen.email': 'email',
  'citizen.phone': 'phone',
  address: 'addressLine',
  'address.line': 'addressLine',
  'address.location': 'lat',
  'address.location.lat': 'lat',
  'address.location.lon': 'lon',
  'address.instructions': 'instructions',
  remarks: 'remarks',
  startsAt: 'slot',
};

const FIELD_MESSAGE: Record<BookingField, BookingKey> = {
  name: 'errName',
  email: 'errEmail',
  phone: 'errPhone',
  addressLine: 'errAddress',
  lat: 'errCoords',
  lon: 'errCoords',
  instructions: 'errTooLong',
  remarks: 'errTooLong',
  slot: 'errSlot',
};

/** The server's field issues (paths like `citizen.email`) on the form's fields, in the user's language. */
export function fieldErrorsFromIssues(issues: FieldIssue[] | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues ?? []) {
    const field = SERVER_PATHS[issue.path];
    if (!field || errors[field]) continue;
    // "give an e-mail address or a phone number" is reported on citizen.email.
    errors[field] = field === 'email' && /phone/i.test(issue.message) ? 'errContact' : FIELD_MESSAGE[field];
  }
  return errors;
}

/** A fresh key per distinct submission: repeats of the same request reuse it (double clicks, retries). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
