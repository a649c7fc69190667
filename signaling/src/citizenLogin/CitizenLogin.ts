import { z } from 'zod';
import { isValidNationalNumber, normalizeNationalNumber, type VerifiedCitizen } from '@videoloket/contracts';
import type { SingleUseStore } from '../abuse/SingleUseStore';
import type { CitizenLoginSettings } from '../config';
import { OidcFlow, OidcRefused, personName } from '../oidc/OidcFlow';
import { SealedCookie } from '../oidc/SealedCookie';

// The government login for citizens (issue 15 item 1): OpenID Connect with code + PKCE
// (oidc/OidcFlow.ts). After the callback, what the IdP said about the citizen is kept in an
// encrypted cookie (JWE, A256GCM: confidential and tamper-proof) for
// CITIZEN_LOGIN_SESSION_MINUTES. The national number never reaches the logs.

export { FLOW_SECONDS } from '../oidc/OidcFlow';
const FLOW_AUDIENCE = 'videoloket:citizen-login-flow';
const SESSION_AUDIENCE = 'videoloket:citizen-login-session';

const SessionClaims = z.object({ citizen: z.object({ name: z.string(), address: z.string().optional(), nationalNumber: z.string().optional() }) });

/** Why a callback did not sign the citizen in (OidcFlow's refusals). */
export { OidcRefused as CitizenLoginRefused } from '../oidc/OidcFlow';

export interface CitizenLoginDeps {
  settings: CitizenLoginSettings;
  /** Derives the cookie encryption key (the process's token secret). */
  secret: string;
  spentStates: SingleUseStore;
  /** Tests move the clock (flow expiry). */
  now?: () => Date;
}

export interface StartedLogin {
  /** Where to send the browser: the IdP's authorization endpoint. */
  authorizationUrl: URL;
  /** Value of the flow cookie (encrypted), to set before redirecting. */
  flowCookie: string;
}

export interface FinishedLogin {
  citizen: VerifiedCitizen;
  /** Value of the session cookie (encrypted). */
  sessionCookie: string;
  /** The invitation code and language the booking page had when the citizen left for the IdP. */
  code?: string;
  lang?: string;
}

export class CitizenLogin {
  readonly #cookies: SealedCookie;
  readonly #flow: OidcFlow;

  constructor(private readonly deps: CitizenLoginDeps) {
    this.#cookies = new SealedCookie(deps.secret, 'citizen-login-cookie', deps.now);
    this.#flow = new OidcFlow(deps.settings, { cookies: this.#cookies, audience: FLOW_AUDIENCE, spentStates: deps.spentStates, ...(deps.now ? { now: deps.now } : {}) });
  }

  get sessionSeconds(): number {
    return this.deps.settings.sessionMinutes * 60;
  }

  start(options: { code?: string; lang?: string }): Promise<StartedLogin> {
    const extras = Object.fromEntries(Object.entries(options).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return this.#flow.start(extras, options.lang);
  }

  /**
   * The IdP sent the browser back to the redirect URL with `query` (`?code=…&state=…&iss=…` or
   * `?error=…`); `flowCookie` is what start set in that browser. A refusal carries the
   * invitation code in `extras.code`.
   */
  async finish(query: string, flowCookie: string | undefined): Promise<FinishedLogin> {
    const { result: citizen, extras } = await this.#flow.finish(query, flowCookie, (claims) => this.#citizenFrom(claims));
    return { citizen, sessionCookie: await this.#cookies.seal({ citizen }, SESSION_AUDIENCE, this.sessionSeconds), code: extras.code, lang: extras.lang };
  }

  /** The signed-in citizen of a session cookie, or undefined (none, expired, tampered with). */
  async session(sessionCookie: string | undefined): Promise<VerifiedCitizen | undefined> {
    return (await this.#cookies.open(sessionCookie, SESSION_AUDIENCE, SessionClaims))?.citizen;
  }

  #citizenFrom(claims: Record<string, unknown>): VerifiedCitizen {
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const name = personName(claims);
    if (!name) throw new OidcRefused('no-name', 'The government login gave no name');
    const address = claims.address && typeof claims.address === 'object' ? (claims.address as Record<string, unknown>) : {};
    const addressLine =
      text(address.formatted)?.replace(/\s*\n\s*/g, ', ') ??
      ([text(address.street_address), [text(address.postal_code), text(address.locality)].filter(Boolean).join(' ')].filter(Boolean).join(', ') || undefined);
    const nrn = text(claims[this.deps.settings.nationalNumberClaim]);
    const nationalNumber = nrn && isValidNationalNumber(nrn) ? normalizeNationalNumber(nrn) : undefined;
    return { name, ...(addressLine ? { address: addressLine } : {}), ...(nationalNumber ? { nationalNumber } : {}) };
  }
}
