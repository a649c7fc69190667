import express, { type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BookingLanguage, clerkLoginPaths, parseOrThrow, UnauthenticatedError, type ClerkLoginOutcome } from '@videoloket/contracts';
import type { TokenService } from '../auth/tokens';
import { HANDOFF_SECONDS, type ClerkLogin } from '../clerkLogin/ClerkLogin';
import { FLOW_SECONDS, OidcRefused } from '../oidc/OidcFlow';
import { clerkSession } from './auth';
import { cookieOf } from './citizenLogin';
import { notFound } from './errors';
import type { RouteHandlers } from './register';

// The municipality's sign-in for clerks, HTTP side (issue 12 item 6; docs/security.md "The
// clerk directory"): start → the IdP, callback → the desk with ?clerkLogin=<outcome>, and the
// table's options and session routes. Both cookies are HttpOnly and SameSite=Lax (the IdP's
// redirect back is a top-level GET from another site and must carry the flow cookie), each
// sent only to the one path that reads it.

const FLOW_COOKIE = 'videoloket_clerk_flow';
const HANDOFF_COOKIE = 'videoloket_clerk_handoff';
const HANDOFF_PATH = '/api/clerk-login/session';
const DESK = '/desk/';

// The desk speaks the same three languages as the booking pages.
const StartQuery = z.strictObject({ lang: BookingLanguage.optional() });

export interface ClerkLoginHttpDeps {
  /** Undefined: no CLERK_LOGIN_ISSUER, passwords only. */
  login?: ClerkLogin;
  tokens: TokenService;
  sessionHours: number;
  logger: Logger;
  secureCookies: boolean;
}

export function clerkLoginRoutes(deps: ClerkLoginHttpDeps): { path: string; router: express.Router }[] {
  const { login, secureCookies } = deps;
  const log = deps.logger.child({ component: 'clerk-login' });
  const cookie = (path: string, seconds: number) => ({ httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path, maxAge: seconds * 1000 });
  const backToDesk = (res: Response, outcome: ClerkLoginOutcome, lang?: string) => res.redirect(303, `${DESK}?clerkLogin=${outcome}${lang ? `&lang=${lang}` : ''}`);

  const start = express.Router();
  start.get('/', async (req, res) => {
    if (!login) return notFound(req, res, () => undefined);
    const query = parseOrThrow(StartQuery, req.query, 'municipality sign-in');
    try {
      const started = await login.start(query.lang);
      res.cookie(FLOW_COOKIE, started.flowCookie, cookie(clerkLoginPaths.callback, FLOW_SECONDS));
      res.redirect(303, started.authorizationUrl.href);
    } catch (err) {
      // The IdP is down or misconfigured: back to the desk, where passwords still work.
      log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'municipality sign-in could not start');
      backToDesk(res, 'failed', query.lang);
    }
  });

  const callback = express.Router();
  callback.get('/', async (req, res) => {
    if (!login) return notFound(req, res, () => undefined);
    res.clearCookie(FLOW_COOKIE, { path: clerkLoginPaths.callback });
    try {
      const done = await login.finish(new URL(req.originalUrl, 'http://callback.invalid').search, cookieOf(req, FLOW_COOKIE));
      res.cookie(HANDOFF_COOKIE, done.handoffCookie, cookie(HANDOFF_PATH, HANDOFF_SECONDS));
      log.info({ clerkId: done.account.id, roles: done.account.roles }, 'clerk signed in through the municipality');
      backToDesk(res, 'ok', done.lang);
    } catch (err) {
      const refused = err instanceof OidcRefused ? err : undefined;
      if (refused?.reason === 'cancelled') log.info('clerk cancelled the municipality sign-in');
      else log.warn({ reason: refused?.reason ?? 'error', detail: err instanceof Error ? err.message : String(err) }, 'municipality sign-in refused');
      const outcome: ClerkLoginOutcome = refused?.reason === 'cancelled' ? 'cancelled' : refused?.reason === 'no-role' ? 'no-role' : 'failed';
      backToDesk(res, outcome, refused?.extras.lang);
    }
  });

  return [
    { path: clerkLoginPaths.start, router: start },
    { path: clerkLoginPaths.callback, router: callback },
  ];
}

export function clerkLoginHandlers(deps: ClerkLoginHttpDeps): RouteHandlers<'clerkLoginOptions' | 'clerkLoginSession'> {
  return {
    clerkLoginOptions: () => ({ available: deps.login !== undefined, ...(deps.login?.name ? { name: deps.login.name } : {}) }),
    async clerkLoginSession({ req, res }) {
      res.clearCookie(HANDOFF_COOKIE, { path: HANDOFF_PATH });
      const account = await deps.login?.redeem(cookieOf(req, HANDOFF_COOKIE));
      if (!account) throw new UnauthenticatedError('No sign-in to complete: sign in again');
      return clerkSession(deps, account);
    },
  };
}
