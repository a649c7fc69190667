import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnauthenticatedError } from '@videoloket/contracts';
import { isAdministrator, isSupervisor, type ClerkAccount, type ClerkDirectory } from '../auth/ClerkDirectory';
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
    tokens
      .verifyClerkSession(token)
      .then(async (claims) => {
        // Read afresh: a clerk removed or whose roles changed (here or in another process) counts at once.
        if (!(await clerks.resolve(claims.clerkId))) return next(new UnauthenticatedError('Unknown clerk account'));
        req.clerk = claims;
        next();
      })
      .catch(next);
  };
}

/** After requireClerk: the account must be an administrator's (read by requireClerk on this request, so taking the role away takes effect at once). */
export function requireAdmin(clerks: ClerkDirectory): RequestHandler {
  return requireAccount(clerks, isAdministrator, 'Administrators only');
}

/** After requireClerk: a supervisor's account, or an administrator's (who may do what a supervisor does). */
export function requireSupervisor(clerks: ClerkDirectory): RequestHandler {
  return requireAccount(clerks, isSupervisor, 'Supervisors only');
}

function requireAccount(clerks: ClerkDirectory, allowed: (account: ClerkAccount) => boolean, refusal: string): RequestHandler {
  return (req, _res, next) => {
    if (!req.clerk) return next(new UnauthenticatedError('Sign in first'));
    const account = clerks.findById(req.clerk.clerkId);
    if (!account || !allowed(account)) return next(new ForbiddenError(refusal));
    next();
  };
}

export function clerkOf(req: Request): ClerkSessionClaims {
  if (!req.clerk) throw new UnauthenticatedError();
  return req.clerk;
}
