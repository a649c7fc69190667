import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

// A real OpenID provider (oidc-provider) on loopback, in two roles: the government's citizen
// login (issue 15 item 1; the claims the Belgian federal login gives: name, address, national
// number as egovNRN) and the municipality's own IdP for its staff (issue 12 item 6; name and
// groups). One client (the municipality), PKCE required, and a tiny login page of its own with
// "Sign in" and "Cancel" (cancel answers error=access_denied, as the real ones do). `misbehave`
// makes its token endpoint hand out an ID token — signed with the IdP's real key — for another
// audience or issuer, or already expired: what a relying party must refuse.

export interface GovernmentCitizen {
  sub: string;
  given_name: string;
  family_name: string;
  address?: { street_address: string; postal_code: string; locality: string; country?: string };
  /** The national register number, digits only, when the IdP gives it. */
  egovNRN?: string;
}

export const TEST_CITIZEN: GovernmentCitizen = {
  sub: 'fas-0001-els',
  given_name: 'Els',
  family_name: 'Wouters',
  address: { street_address: 'Korenmarkt 12', postal_code: '9000', locality: 'Gent', country: 'BE' },
  egovNRN: '85073003328',
};

export type IdpMisbehaviour = 'wrong-audience' | 'wrong-issuer' | 'expired-id-token';

/** Whoever signs in at the login page: a subject, the name shown there, and the claims the IdP gives. */
export interface LoopbackAccount {
  sub: string;
  name: string;
  claims: Record<string, unknown>;
}

export interface LoopbackIdpOptions {
  clientId?: string;
  clientSecret?: string;
  /** The relying party's callback (Videoloket's CITIZEN_LOGIN_REDIRECT_URL or CLERK_LOGIN_REDIRECT_URL). */
  redirectUri: string;
  /** Scopes and the claims each gives (oidc-provider's `claims`). */
  scopes: Record<string, string[]>;
  account: LoopbackAccount;
  /** Videoloket's environment for this IdP. */
  env: (idp: { issuer: string; clientId: string; clientSecret: string }) => Record<string, string>;
}

export interface LoopbackIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the login page; change between tests. */
  account: LoopbackAccount;
  misbehave: IdpMisbehaviour | undefined;
  /** Videoloket's environment for this IdP. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export interface GovernmentIdp extends LoopbackIdp {
  /** The citizen who signs in; change between tests. */
  citizen: GovernmentCitizen;
}

const citizenAccount = (c: GovernmentCitizen): LoopbackAccount => ({
  sub: c.sub,
  name: `${c.given_name} ${c.family_name}`,
  claims: { name: `${c.given_name} ${c.family_name}`, given_name: c.given_name, family_name: c.family_name, ...(c.address ? { address: c.address } : {}), ...(c.egovNRN ? { egovNRN: c.egovNRN } : {}) },
});

/** Adds `idp[key]`: setting it changes who signs in (the account made by `toAccount`). */
function withPerson<P>(idp: LoopbackIdp, key: string, first: P, toAccount: (p: P) => LoopbackAccount): LoopbackIdp {
  let person = first;
  idp.account = toAccount(first);
  Object.defineProperty(idp, key, {
    enumerable: true,
    get: () => person,
    set: (p: P) => {
      person = p;
      idp.account = toAccount(p);
    },
  });
  return idp;
}

/** The government's citizen login (issue 15 item 1). */
export async function startGovernmentIdp(options: { clientId?: string; clientSecret?: string; redirectUri: string }): Promise<GovernmentIdp> {
  const idp = await startLoopbackIdp({
    ...options,
    scopes: { openid: ['sub'], profile: ['name', 'given_name', 'family_name'], address: ['address'], egovnrn: ['egovNRN'] },
    account: citizenAccount(TEST_CITIZEN),
    env: ({ issuer, clientId, clientSecret }) => ({ CITIZEN_LOGIN_ISSUER: issuer, CITIZEN_LOGIN_CLIENT_ID: clientId, CITIZEN_LOGIN_CLIENT_SECRET: clientSecret, CITIZEN_LOGIN_REDIRECT_URL: options.redirectUri, CITIZEN_LOGIN_SCOPE: 'openid profile address egovnrn' }),
  });
  return withPerson(idp, 'citizen', TEST_CITIZEN, citizenAccount) as GovernmentIdp;
}

/** A member of the municipality's staff at its own IdP, with the directory groups they are in. */
export interface MunicipalityUser {
  sub: string;
  name: string;
  groups: string[];
}

/** The groups the municipality's IdP gives, and the roles Videoloket maps them to in `env()`. */
export const STAFF_GROUPS = { clerk: 'GG-Burgerzaken', mobile_clerk: 'GG-Mobiel-Loket', supervisor: 'GG-Teamleiders', administrator: 'GG-ICT-Beheer' } as const;

const staffAccount = (u: MunicipalityUser): LoopbackAccount => ({ sub: u.sub, name: u.name, claims: { name: u.name, groups: u.groups } });

export interface MunicipalityIdp extends LoopbackIdp {
  /** The staff member who signs in; change between tests. */
  user: MunicipalityUser;
}

/** The municipality's own IdP for its staff (issue 12 item 6): name and a `groups` claim. */
export async function startMunicipalityIdp(options: { redirectUri: string; user: MunicipalityUser; name?: string }): Promise<MunicipalityIdp> {
  const idp = await startLoopbackIdp({
    clientId: 'videoloket-desk',
    clientSecret: 'a-client-secret-of-the-desk-at-the-municipality',
    redirectUri: options.redirectUri,
    scopes: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
    account: staffAccount(options.user),
    env: ({ issuer, clientId, clientSecret }) => ({
      CLERK_LOGIN_ISSUER: issuer,
      CLERK_LOGIN_CLIENT_ID: clientId,
      CLERK_LOGIN_CLIENT_SECRET: clientSecret,
      CLERK_LOGIN_REDIRECT_URL: options.redirectUri,
      CLERK_LOGIN_SCOPE: 'openid profile groups',
      CLERK_LOGIN_GROUPS_CLERK: STAFF_GROUPS.clerk,
      CLERK_LOGIN_GROUPS_MOBILE_CLERK: STAFF_GROUPS.mobile_clerk,
      CLERK_LOGIN_GROUPS_SUPERVISOR: STAFF_GROUPS.supervisor,
      CLERK_LOGIN_GROUPS_ADMINISTRATOR: STAFF_GROUPS.administrator,
      ...(options.name ? { CLERK_LOGIN_NAME: options.name } : {}),
    }),
  });
  return withPerson(idp, 'user', options.user, staffAccount) as MunicipalityIdp;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startLoopbackIdp(options: LoopbackIdpOptions): Promise<LoopbackIdp> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'government-test-key', alg: 'RS256', use: 'sig' };
  const signingKey = await importJWK(jwk, 'RS256');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = options.clientId ?? 'videoloket-test-municipality';
  const clientSecret = options.clientSecret ?? 'a-client-secret-of-the-test-municipality';

  const idp: LoopbackIdp = {
    issuer,
    clientId,
    clientSecret,
    account: options.account,
    misbehave: undefined,
    env: () => options.env({ issuer, clientId, clientSecret }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    claims: options.scopes,
    findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ ...idp.account.claims, sub: accountId }) }),
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-idp-cookie-key-0123456789abcdef'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    // Quiet: the provider's own error pages and logs are not what the tests look at.
    renderError: (ctx, out) => {
      ctx.type = 'text/plain';
      ctx.body = `${out.error}: ${out.error_description ?? ''}`;
    },
  };
  const provider = new Provider(issuer, configuration);

  // The token endpoint answers as before, but with a re-signed ID token that is wrong in one way.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path !== '/token' || !idp.misbehave || !body?.id_token) return;
    const claims = decodeJwt(body.id_token);
    const now = Math.floor(Date.now() / 1000);
    if (idp.misbehave === 'wrong-audience') claims.aud = 'another-municipality';
    if (idp.misbehave === 'wrong-issuer') claims.iss = 'https://not-the-government.invalid';
    if (idp.misbehave === 'expired-id-token') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid }).sign(signingKey);
  });

  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return void callback(req, res);
    interaction(req, res, match[2]).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  async function interaction(req: IncomingMessage, res: ServerResponse, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET' && !action) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Identity provider (test)</title></head><body><main>
<h1>Identity provider (test)</h1><p>Signing in as ${escapeHtml(idp.account.name)}.</p>
<form method="post" action="/interaction/${details.uid}/login"><button type="submit">Sign in</button></form>
<form method="post" action="/interaction/${details.uid}/abort"><button type="submit">Cancel</button></form>
</main></body></html>`);
      return;
    }
    if (req.method !== 'POST') {
      res.statusCode = 405;
      res.end();
      return;
    }
    if (action === '/abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
      return;
    }
    const accountId = idp.account.sub;
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  return idp;
}

export interface LoginWalk {
  location: string;
  callbackUrl: string;
  cookie: string;
  flowCookie: string;
  sessionSetCookie?: string;
}

/** walkLogin from Videoloket's /api/citizen-login/start to the booking page. */
export const walkCitizenLogin = (startUrl: string, choice: 'sign-in' | 'cancel') => walkLogin(startUrl, choice, { routes: '/api/citizen-login', sessionCookie: 'videoloket_citizen' });

/**
 * A browser's walk through a sign-in without a browser: follows redirects from `startUrl`
 * (Videoloket's …/start), keeping each origin's cookies, presses "Sign in" or "Cancel" on the
 * IdP's page, and stops at the first answer that leaves both the IdP and the login `routes`
 * (the booking page, the desk). Returns that location, the callback URL the IdP sent the
 * browser to, Videoloket's cookies as a Cookie header and the Set-Cookie line of `sessionCookie`.
 */
export async function walkLogin(
  startUrl: string,
  choice: 'sign-in' | 'cancel',
  login: { routes: string; sessionCookie: string; /** An attacker's hand on a hop (the authorization request, the callback). */ tamper?: (url: URL) => URL },
): Promise<LoginWalk> {
  const jars = new Map<string, Map<string, string>>();
  const cookieHeader = (origin: string) => [...(jars.get(origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (origin: string, res: Response) => {
    const jar = jars.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      if (line.startsWith(`${login.sessionCookie}=`)) sessionSetCookie = line;
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      // An expired cookie (clearCookie) is a deletion.
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(pair!.slice(0, eq));
      else jar.set(pair!.slice(0, eq), value);
    }
    jars.set(origin, jar);
  };
  const videoloketOrigin = new URL(startUrl).origin;
  let url = startUrl;
  let method = 'GET';
  let callbackUrl = '';
  let flowCookie = '';
  let sessionSetCookie: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (login.tamper) url = login.tamper(new URL(url)).href;
    const origin = new URL(url).origin;
    if (origin === videoloketOrigin && new URL(url).pathname.endsWith('/callback')) {
      callbackUrl = url;
      flowCookie = cookieHeader(origin);
    }
    const res = await fetch(url, { method, redirect: 'manual', headers: { cookie: cookieHeader(origin) } });
    remember(origin, res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin === videoloketOrigin && !next.pathname.startsWith(login.routes)) return { location: next.pathname + next.search, callbackUrl, cookie: cookieHeader(videoloketOrigin), flowCookie, sessionSetCookie };
      url = next.href;
      method = 'GET';
      continue;
    }
    const page = await res.text();
    const form = new RegExp(`action="(/interaction/[\\w-]+/${choice === 'sign-in' ? 'login' : 'abort'})"`).exec(page);
    if (!form) throw new Error(`unexpected answer ${res.status} at ${url}: ${page.slice(0, 200)}`);
    url = new URL(form[1]!, url).href;
    method = 'POST';
  }
  throw new Error('too many redirects');
}
