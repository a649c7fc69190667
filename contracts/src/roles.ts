import { z } from 'zod';

export const Role = z.enum(['clerk', 'citizen', 'interpreter']);
export type Role = z.infer<typeof Role>;

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an identifier');

/**
 * Who is acting, as the server established it from a verified token.
 * Call-bound roles (citizen, interpreter) carry the call id from their link;
 * a clerk's sign-in is not bound to one call.
 */
export interface Principal {
  role: Role;
  /** Stable id of this person in this call (a clerk's id is their account id). */
  participantId: string;
  displayName: string;
  /** The call a link is bound to; undefined for a clerk's sign-in. */
  callId?: string;
  /**
   * A citizen seat of a call that has ended, reading its documents (issue 17): made only by
   * the after-call route from a verified link + seat key; read-only, never a live seat.
   */
  afterCall?: true;
}
