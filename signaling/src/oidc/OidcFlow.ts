import * as oidc from 'openid-client';
import { z } from 'zod';
import type { SingleUseStore } from '../abuse/SingleUseStore';
import { SealedCookie } from './SealedCookie';

// OpenID Connect sign-in, authorization code flow with PKCE (S256), state and nonce, through
// openid-client (which checks the ID token's signature, issuer, audience, expiry and nonce,
// and the response's state and iss). Used by the citizens' government login (issue 15 item 1)
// and the clerks' sign-in at the municipality's IdP (issue 12 item 6).
//
// Nothing is kept on the server between start and callback: the flow's secrets (PKCE
// verifier, nonce, state) travel in a short-lived encrypted cookie bound to the browser that
// started; a state is spent on its first callback (SingleUseStore), so a replayed callback URL
// is refused even with the cookie. Tokens from the IdP are used once and dropped; they never
// reach the logs.

/** How long a person may take at the IdP between start and callback. */
export const FLOW_SECONDS = 600;

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The redirect URI registered at the IdP. */
  redirectUrl: string;
  scope: string;
}

export type OidcRefusalReason = 'cancelled' | 'no-flow' | 'state-spent' | 'idp-refused' | 'token-refused' | 'no-name' | 'no-role';

/** Why a callback did not sign anyone in; `cancelled` is the person's own choice at the IdP. */
export class OidcRefused extends Error {
  /** What the page that started the flow handed along (e.g. the booking page's invitation code), when the flow was read. */
  extras: Record<string, string> = {};

  constructor(
    readonly reason: OidcRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'OidcRefused';
  }
}

const FlowClaims = z.object({ state: z.string(), verifier: z.string(), nonce: z.string(), extras: z.record(z.string(), z.string()) });
type FlowClaims = z.infer<typeof FlowClaims>;

export interface StartedFlow {
  /** Where to send the browser: the IdP's authorization endpoint. */
  authorizationUrl: URL;
  /** Value of the flow cookie (encrypted), to set before redirecting. */
  flowCookie: string;
}

export interface FinishedFlow {
  /** The ID token's claims merged with the userinfo answer's. */
  claims: Record<string, unknown> & { sub: string };
  extras: Record<string, string>;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The person's name from standard claims: `name`, else given and family name; undefined when neither. */
export function personName(claims: Record<string, unknown>): string | undefined {
  return text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || undefined);
}

/** Plain http only to a loopback IdP (tests, a local IdP); anything else must be https. */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class OidcFlow {
  #config?: Promise<oidc.Configuration>;
  readonly #now: () => Date;

  constructor(
    private readonly settings: OidcClientSettings,
    private readonly deps: { cookies: SealedCookie; audience: string; spentStates: SingleUseStore; now?: () => Date },
  ) {
    this.#now = deps.now ?? (() => new Date());
  }

  /** The IdP's metadata, read once; a failed discovery is tried again on the next sign-in. */
  #configuration(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const url = new URL(issuer);
    this.#config ??= oidc
      .discovery(url, clientId, undefined, oidc.ClientSecretBasic(clientSecret), isLoopback(url) ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        this.#config = undefined;
        throw err;
      });
    return this.#config;
  }

  /** `extras` come back from finish (kept in the flow cookie); `uiLocales` asks the IdP for a language. */
  async start(extras: Record<string, string>, uiLocales?: string): Promise<StartedFlow> {
    const config = await this.#configuration();
    const flow: FlowClaims = { state: oidc.randomState(), verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(), extras };
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      ...(uiLocales ? { ui_locales: uiLocales } : {}),
    });
    return { authorizationUrl, flowCookie: await this.deps.cookies.seal(flow, this.deps.audience, FLOW_SECONDS) };
  }

  /**
   * The IdP sent the browser back to the redirect URL with `query` (`?code=…&state=…&iss=…` or
   * `?error=…`); `flowCookie` is what start set in that browser. `accept` reads the claims and
   * may refuse (an OidcRefused, which then carries the flow's extras too).
   */
  async finish<T>(query: string, flowCookie: string | undefined, accept: (claims: FinishedFlow['claims']) => T | Promise<T>): Promise<{ result: T; extras: Record<string, string> }> {
    // Read against the configured redirect URL (not the request's host, which a proxy may change):
    // the token request must name exactly the registered one.
    const callbackUrl = new URL(this.settings.redirectUrl);
    callbackUrl.search = query;
    const flow = await this.deps.cookies.open(flowCookie, this.deps.audience, FlowClaims);
    if (!flow) throw new OidcRefused('no-flow', 'No sign-in was started in this browser, or it took too long');
    try {
      // Spent before anything else: a second use of one callback (replay, double load) is refused.
      if ((await this.deps.spentStates.claim(flow.state, 'callback', new Date(this.#now().getTime() + FLOW_SECONDS * 1000))) !== 'claimed') {
        throw new OidcRefused('state-spent', 'This sign-in was already completed');
      }
      return { result: await accept(await this.#exchange(flow, callbackUrl)), extras: flow.extras };
    } catch (err) {
      // The page the person goes back to keeps what it handed along, whatever happened.
      if (err instanceof OidcRefused) err.extras = flow.extras;
      throw err;
    }
  }

  async #exchange(flow: FlowClaims, callbackUrl: URL): Promise<FinishedFlow['claims']> {
    const config = await this.#configuration();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const idToken = tokens.claims()!;
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      return { ...idToken, ...userinfo, sub: idToken.sub };
    } catch (err) {
      if (err instanceof oidc.AuthorizationResponseError) {
        if (err.error === 'access_denied') throw new OidcRefused('cancelled', 'Cancelled at the identity provider');
        throw new OidcRefused('idp-refused', `The identity provider answered ${err.error}`);
      }
      // The ID token's signature, issuer, audience, expiry or nonce, or the code exchange:
      // only the library's message (never the token or its claims) goes on.
      throw new OidcRefused('token-refused', err instanceof Error ? err.message : 'token refused');
    }
  }
}
