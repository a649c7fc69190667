import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { GoneError, Role, UnauthenticatedError, DownloadPurpose, type Principal } from '@videoloket/contracts';

// Short-lived download links: an HMAC-SHA256 over a small JSON claim, bound to one
// document and one principal. Not guessable (the document id alone gives nothing),
// expiring, and checked again against the current visibility rules when used.

const Claims = z.object({
  d: z.string(), // document id
  p: z.string(), // participant id
  r: Role,
  c: z.string().optional(), // the principal's call binding (absent for clerks)
  n: z.string().max(80), // display name, for the audit trail
  a: z.literal(true).optional(), // the principal is an ended call's seat (Principal.afterCall)
  u: DownloadPurpose,
  e: z.number().int(), // expiry, ms since epoch
});
type Claims = z.infer<typeof Claims>;

export interface LinkClaims {
  documentId: string;
  principal: Principal;
  purpose: DownloadPurpose;
  expiresAt: Date;
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update('videoloket-download-link.v1.').update(payload).digest();
}

export function signLink(key: Buffer, claims: LinkClaims): string {
  const c: Claims = {
    d: claims.documentId,
    p: claims.principal.participantId,
    r: claims.principal.role,
    n: claims.principal.displayName,
    u: claims.purpose,
    e: claims.expiresAt.getTime(),
    ...(claims.principal.callId ? { c: claims.principal.callId } : {}),
    ...(claims.principal.afterCall ? { a: true as const } : {}),
  };
  const payload = Buffer.from(JSON.stringify(c)).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** Verifies signature first, then expiry; throws UnauthenticatedError or GoneError. */
export function verifyLink(key: Buffer, token: string, now = Date.now()): LinkClaims {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) throw new UnauthenticatedError('Malformed download link');
  const given = Buffer.from(sig, 'base64url');
  const want = mac(key, payload);
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new UnauthenticatedError('Invalid download link');
  }
  let c: Claims;
  try {
    c = Claims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw new UnauthenticatedError('Malformed download link');
  }
  if (now >= c.e) throw new GoneError('This download link has expired; ask for a new one');
  return {
    documentId: c.d,
    principal: { role: c.r, participantId: c.p, displayName: c.n, ...(c.c ? { callId: c.c } : {}), ...(c.a ? { afterCall: true as const } : {}) },
    purpose: c.u,
    expiresAt: new Date(c.e),
  };
}
