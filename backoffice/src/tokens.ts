import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** An unguessable private-link token (256 bits); only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of a token or code: a leaked table reveals no working links. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

// No 0/O, 1/I/L: the code is read from paper and typed on a phone.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A personal invitation code like K7QM-4XPT-9A (10 symbols, ~49 bits). */
export function newInvitationCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Canonical form for hashing: upper case, no dashes or spaces. */
export function normaliseInvitationCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * A private-link token derived from the secret and the object's id: unguessable without the
 * secret, and the same every time, so a repeated booking (same idempotency key) can hand the
 * same links back. Only its hash is stored, for lookup.
 */
export function derivedToken(secret: string, purpose: 'manage' | 'status', id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
}
