import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { isValidNationalNumber, normalizeNationalNumber, type VerifiedCitizen } from '@videoloket/contracts';
import type { SingleUseStore } from '../abuse/SingleUseStore';
import type { CitizenLoginSettings } from '../config';

// The government login for citizens (issue 15 item 1): OpenID Connect, authorization code
// flow with PKCE (S256), state and nonce, through openid-client (which checks the ID token's
// signature, issuer, audience, expiry and nonce, and the response's state and iss).
//
// Nothing is kept on the server between start and callback: the flow's secrets (PKCE
// verifier, nonce, state) travel in a short-lived encrypted cookie bound to the browser
// that started; a state is spent on its first callback (SingleUseStore), so a replayed
// callback URL is refused even with the cookie. After the callback, what the IdP said about
// the citizen is kept in a second encrypted cookie (JWE, A256GCM: confidential and
// tamper-proof) for CITIZEN_LOGIN_SESSION_MINUTES. Tokens from the IdP are used once and
// dropped; they and the national number never reach the logs.

/** How long a citizen may take at the IdP between start and callback. */
export const FLOW_SECONDS = 600;
const FLOW_AUDIENCE = 'videoloket:citizen-login-flow';
const SESSION_AUDIENCE = 'videoloket:citizen-login-session';

const FlowClaims = z.object({ state: z.string(), verifier: z.string(), nonce: z.string(), code: z.string().optional(), lang: z.string().optional() });
type FlowClaims = z.infer<typeof FlowClaims>;
const SessionClaims = z.object({ citizen: z.object({ name: z.string(), address: z.string().optional(), nationalNumber: z.string().optional() }) });

/** Why a callback did not sign the citizen in; `cancelled` is the citizen's own choice at the IdP. */
export class CitizenLoginRefused extends Error {
  /** The invitation code of the flow it ended, when there was one. */
  invitationCode?: string;

  constructor(
    readonly reason: 'cancelled' | 'no-flow' | 'state-spent' | 'idp-refused' | 'token-refused' | 'no-name',
    message: string,
  ) {
    super(message);
    this.name = 'CitizenLoginRefused';
  }
}

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

/** Plain http only to a loopback IdP (tests, a local IdP); anything else must be https. */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class CitizenLogin {
  readonly #key: Uint8Array;
  #config?: Promise<oidc.Configuration>;
  readonly #now: () => Date;

  constructor(private readonly deps: CitizenLoginDeps) {
    // A key of its own, so a cookie cannot stand in for any other token signed with the secret.
    this.#key = new Uint8Array(hkdfSync('sha256', deps.secret, 'videoloket', 'citizen-login-cookie', 32));
    this.#now = deps.now ?? (() => new Date());
  }

  get sessionSeconds(): number {
    return this.deps.settings.sessionMinutes * 60;
  }

  /** The IdP's metadata, read once; a failed discovery is tried again on the next login. */
  #configuration(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.deps.settings;
    const url = new URL(issuer);
    this.#config ??= oidc
      .discovery(url, clientId, undefined, oidc.ClientSecretBasic(clientSecret), isLoopback(url) ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        this.#config = undefined;
        throw err;
      });
    return this.#config;
  }

  async start(options: { code?: string; lang?: string }): Promise<StartedLogin> {
    const config = await this.#configuration();
    const flow: FlowClaims = { state: oidc.randomState(), verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(), ...options };
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.deps.settings.redirectUrl,
      scope: this.deps.settings.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      ...(options.lang ? { ui_locales: options.lang } : {}),
    });
    return { authorizationUrl, flowCookie: await this.#seal(flow, FLOW_AUDIENCE, FLOW_SECONDS) };
  }

  /**
   * The IdP sent the browser back to the redirect URL with `query` (`?code=…&state=…&iss=…` or
   * `?error=…`); `flowCookie` is what start set in that browser.
   */
  async finish(query: string, flowCookie: string | undefined): Promise<FinishedLogin> {
    // Read against the configured redirect URL (not the request's host, which a proxy may change):
    // the token request must name exactly the registered one.
    const callbackUrl = new URL(this.deps.settings.redirectUrl);
    callbackUrl.search = query;
    const flow = flowCookie ? await this.#open(flowCookie, FLOW_AUDIENCE, FlowClaims) : undefined;
    if (!flow) throw new CitizenLoginRefused('no-flow', 'No sign-in was started in this browser, or it took too long');
    // Spent before anything else: a second use of one callback (replay, double load) is refused.
    if ((await this.deps.spentStates.claim(flow.state, 'callback', new Date(this.#now().getTime() + FLOW_SECONDS * 1000))) !== 'claimed') {
      throw new CitizenLoginRefused('state-spent', 'This sign-in was already completed');
    }
    try {
      return await this.#exchange(flow, callbackUrl);
    } catch (err) {
      // The booking page the citizen goes back to keeps its invitation code, whatever happened.
      if (err instanceof CitizenLoginRefused) err.invitationCode = flow.code;
      throw err;
    }
  }

  async #exchange(flow: FlowClaims, callbackUrl: URL): Promise<FinishedLogin> {
    const config = await this.#configuration();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const idToken = tokens.claims()!;
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...idToken, ...userinfo };
    } catch (err) {
      if (err instanceof oidc.AuthorizationResponseError) {
        if (err.error === 'access_denied') throw new CitizenLoginRefused('cancelled', 'The citizen cancelled at the government login');
        throw new CitizenLoginRefused('idp-refused', `The government login answered ${err.error}`);
      }
      // The ID token's signature, issuer, audience, expiry or nonce, or the code exchange:
      // only the library's message (never the token or its claims) goes on.
      throw new CitizenLoginRefused('token-refused', err instanceof Error ? err.message : 'token refused');
    }
    const citizen = this.#citizenFrom(claims);
    return { citizen, sessionCookie: await this.#seal({ citizen }, SESSION_AUDIENCE, this.sessionSeconds), code: flow.code, lang: flow.lang };
  }

  /** The signed-in citizen of a session cookie, or undefined (none, expired, tampered with). */
  async session(sessionCookie: string | undefined): Promise<VerifiedCitizen | undefined> {
    if (!sessionCookie) return undefined;
    return (await this.#open(sessionCookie, SESSION_AUDIENCE, SessionClaims))?.citizen;
  }

  #citizenFrom(claims: Record<string, unknown>): VerifiedCitizen {
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const name = text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || undefined);
    if (!name) throw new CitizenLoginRefused('no-name', 'The government login gave no name');
    const address = claims.address && typeof claims.address === 'object' ? (claims.address as Record<string, unknown>) : {};
    const addressLine =
      text(address.formatted)?.replace(/\s*\n\s*/g, ', ') ??
      ([text(address.street_address), [text(address.postal_code), text(address.locality)].filter(Boolean).join(' ')].filter(Boolean).join(', ') || undefined);
    const nrn = text(claims[this.deps.settings.nationalNumberClaim]);
    const nationalNumber = nrn && isValidNationalNumber(nrn) ? normalizeNationalNumber(nrn) : undefined;
    return { name, ...(addressLine ? { address: addressLine } : {}), ...(nationalNumber ? { nationalNumber } : {}) };
  }

  #seal(payload: Record<string, unknown>, audience: string, seconds: number): Promise<string> {
    const now = Math.floor(this.#now().getTime() / 1000);
    return new EncryptJWT(payload)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + seconds)
      .encrypt(this.#key);
  }

  async #open<T>(jwe: string, audience: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      const { payload } = await jwtDecrypt(jwe, this.#key, { audience, currentDate: this.#now(), keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      const parsed = schema.safeParse(payload);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
