import type { Request, RequestHandler } from 'express';
import { UnauthenticatedError } from '@videoloket/contracts';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { ClerkSessionClaims, TokenService } from '../auth/tokens';

declare module 'express-serve-static-core' {
  interface Request {
    clerk?: ClerkSessionClaims;
  }
}

/** Requires a valid clerk sign-in (Authorization: Bearer) on every request it guards. */
export function requireClerk(tokens: TokenService, clerks: ClerkDirectory): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) return next(new UnauthenticatedError('Sign in first'));
    tokens.verifyClerkSession(token).then((claims) => {
      if (!clerks.findById(claims.clerkId)) return next(new UnauthenticatedError('Unknown clerk account'));
      req.clerk = claims;
      next();
    }, next);
  };
}

export function clerkOf(req: Request): ClerkSessionClaims {
  if (!req.clerk) throw new UnauthenticatedError();
  return req.clerk;
}
