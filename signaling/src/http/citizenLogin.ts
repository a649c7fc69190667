import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BookingLanguage, citizenLoginPaths, InvitationCode, parseOrThrow, type VerifiedCitizen } from '@videoloket/contracts';
import { citizenLinks, type LoginReturn } from '@videoloket/contracts/links';
import { CitizenLoginRefused, FLOW_SECONDS, type CitizenLogin } from '../citizenLogin/CitizenLogin';
import { notFound } from './errors';
import type { RouteHandlers } from './register';

// The government login's HTTP side (issue 15 item 1; docs/security.md "Government login"):
// two redirects beside the route table (start → the IdP, callback → the booking page) and the
// table's session and logout routes. Both cookies are HttpOnly and SameSite=Lax: Lax, because
// the IdP's redirect back is a top-level GET from another site and must carry the flow cookie.

const SESSION_COOKIE = 'videoloket_citizen';
const FLOW_COOKIE = 'videoloket_citizen_flow';
const FLOW_PATH = citizenLoginPaths.callback;

const StartQuery = z.strictObject({ code: InvitationCode.optional(), lang: BookingLanguage.optional() });

/** One cookie's value from the request's Cookie header. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export interface CitizenLoginHttpDeps {
  /** Undefined: the municipality configured no government login. */
  login?: CitizenLogin;
  logger: Logger;
  /** Cookies only over https when the public address is https. */
  secureCookies: boolean;
}

/** The signed-in citizen behind a request, if any (the booking route records it). */
export function verifiedCitizenOf(login: CitizenLogin | undefined, req: Request): Promise<VerifiedCitizen | undefined> {
  return login ? login.session(cookieOf(req, SESSION_COOKIE)) : Promise.resolve(undefined);
}

export function citizenLoginRoutes(deps: CitizenLoginHttpDeps): { path: string; router: express.Router }[] {
  const { login, secureCookies } = deps;
  const log = deps.logger.child({ component: 'citizen-login' });
  const cookie = (path: string, seconds: number) => ({ httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path, maxAge: seconds * 1000 });
  const backToBooking = (res: Response, outcome: LoginReturn, code?: string) => {
    const page = citizenLinks.booking('', code);
    res.redirect(303, `${page}${page.includes('?') ? '&' : '?'}login=${outcome}`);
  };

  const start = express.Router();
  start.get('/', async (req, res) => {
    if (!login) return notFound(req, res, () => undefined);
    const query = parseOrThrow(StartQuery, req.query, 'government login');
    try {
      const started = await login.start(query);
      res.cookie(FLOW_COOKIE, started.flowCookie, cookie(FLOW_PATH, FLOW_SECONDS));
      res.redirect(303, started.authorizationUrl.href);
    } catch (err) {
      // The IdP is down or misconfigured: the citizen goes back and can book without it.
      log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'government login could not start');
      backToBooking(res, 'failed', query.code);
    }
  });

  const callback = express.Router();
  callback.get('/', async (req, res) => {
    if (!login) return notFound(req, res, () => undefined);
    res.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
    try {
      const done = await login.finish(new URL(req.originalUrl, 'http://callback.invalid').search, cookieOf(req, FLOW_COOKIE));
      res.cookie(SESSION_COOKIE, done.sessionCookie, cookie('/', login.sessionSeconds));
      log.info('citizen signed in through the government login');
      backToBooking(res, 'ok', done.code);
    } catch (err) {
      // Nothing from an earlier sign-in stays prefilled after a cancelled or refused one.
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      const refused = err instanceof CitizenLoginRefused ? err : undefined;
      if (refused?.reason === 'cancelled') log.info('citizen cancelled the government login');
      else log.warn({ reason: refused?.reason ?? 'error', detail: err instanceof Error ? err.message : String(err) }, 'government login refused');
      backToBooking(res, refused?.reason === 'cancelled' ? 'cancelled' : 'failed', refused?.extras.code);
    }
  });

  return [
    { path: citizenLoginPaths.start, router: start },
    { path: citizenLoginPaths.callback, router: callback },
  ];
}

export function citizenLoginHandlers(deps: CitizenLoginHttpDeps): RouteHandlers<'citizenLoginSession' | 'citizenLogout'> {
  return {
    async citizenLoginSession({ req }) {
      const citizen = await verifiedCitizenOf(deps.login, req);
      return { available: deps.login !== undefined, ...(citizen ? { citizen } : {}) };
    },
    citizenLogout({ res }) {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  };
}
