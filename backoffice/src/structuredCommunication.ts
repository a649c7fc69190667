import { randomInt } from 'node:crypto';

// Belgian structured communication ("gestructureerde mededeling" / OGM-VCS):
// 10 digits followed by 2 check digits = the 10-digit number mod 97, with 97 instead of 0.
// Written as +++123/4567/89012+++.

export function checkDigits(base: string): string {
  if (!/^\d{10}$/.test(base)) throw new Error('structured communication base must be 10 digits');
  const mod = Number(BigInt(base) % 97n);
  return String(mod === 0 ? 97 : mod).padStart(2, '0');
}

export function formatStructuredCommunication(base: string): string {
  const digits = base + checkDigits(base);
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

/** Accepts +++…+++ or ***…*** or bare 12 digits; true when the check digits match. */
export function isValidStructuredCommunication(text: string): boolean {
  const digits = text.replace(/^(\+\+\+|\*\*\*)|(\+\+\+|\*\*\*)$/g, '').replace(/\//g, '');
  if (!/^\d{12}$/.test(digits)) return false;
  return checkDigits(digits.slice(0, 10)) === digits.slice(10);
}

/** A fresh random reference; uniqueness is the database's job (unique constraint, retry). */
export function newStructuredCommunication(): string {
  const base = String(randomInt(1, 10_000_000_000)).padStart(10, '0');
  return formatStructuredCommunication(base);
}
