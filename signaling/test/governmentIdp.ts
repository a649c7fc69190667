import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

// A real OpenID provider (oidc-provider) on loopback, configured as the government's citizen
// login (issue 15 item 1): one client (the municipality), the claims the Belgian federal
// login gives (name, address, national number as egovNRN), PKCE required, and a tiny login
// page of its own with "Sign in" and "Cancel" (cancel answers error=access_denied, as the real
// one does). `misbehave` makes its token endpoint hand out an ID token — signed with the IdP's
// real key — for another audience or issuer, or already expired: what a relying party must refuse.

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

export interface GovernmentIdpOptions {
  clientId?: string;
  clientSecret?: string;
  /** The relying party's callback (Videoloket's CITIZEN_LOGIN_REDIRECT_URL). */
  redirectUri: string;
}

export interface GovernmentIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the login page; change between tests. */
  citizen: GovernmentCitizen;
  misbehave: IdpMisbehaviour | undefined;
  /** Videoloket's environment for this IdP. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startGovernmentIdp(options: GovernmentIdpOptions): Promise<GovernmentIdp> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'government-test-key', alg: 'RS256', use: 'sig' };
  const signingKey = await importJWK(jwk, 'RS256');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = options.clientId ?? 'videoloket-test-municipality';
  const clientSecret = options.clientSecret ?? 'a-client-secret-of-the-test-municipality';

  const idp: GovernmentIdp = {
    issuer,
    clientId,
    clientSecret,
    citizen: TEST_CITIZEN,
    misbehave: undefined,
    env: () => ({ CITIZEN_LOGIN_ISSUER: issuer, CITIZEN_LOGIN_CLIENT_ID: clientId, CITIZEN_LOGIN_CLIENT_SECRET: clientSecret, CITIZEN_LOGIN_REDIRECT_URL: options.redirectUri, CITIZEN_LOGIN_SCOPE: 'openid profile address egovnrn' }),
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
    claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name'], address: ['address'], egovnrn: ['egovNRN'] },
    findAccount: (_ctx, accountId) => ({
      accountId,
      claims: () => {
        const c = idp.citizen;
        return { sub: accountId, name: `${c.given_name} ${c.family_name}`, given_name: c.given_name, family_name: c.family_name, ...(c.address ? { address: c.address } : {}), ...(c.egovNRN ? { egovNRN: c.egovNRN } : {}) };
      },
    }),
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
      const c = idp.citizen;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Government login (test)</title></head><body><main>
<h1>Government login (test)</h1><p>Signing in as ${escapeHtml(`${c.given_name} ${c.family_name}`)}.</p>
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
    const accountId = idp.citizen.sub;
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  return idp;
}

/**
 * A browser's walk through the sign-in without a browser: follows redirects from `startUrl`
 * (Videoloket's /api/citizen-login/start), keeping each origin's cookies, presses "Sign in"
 * or "Cancel" on the IdP's page, and stops at the first answer that leaves both the IdP and
 * the login routes (the booking page). Returns that location, the callback URL the IdP sent
 * the browser to, and Videoloket's cookies as a Cookie header.
 */
export async function walkCitizenLogin(
  startUrl: string,
  choice: 'sign-in' | 'cancel',
): Promise<{ location: string; callbackUrl: string; cookie: string; flowCookie: string; sessionSetCookie?: string }> {
  const jars = new Map<string, Map<string, string>>();
  const cookieHeader = (origin: string) => [...(jars.get(origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (origin: string, res: Response) => {
    const jar = jars.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      if (line.startsWith('videoloket_citizen=')) sessionSetCookie = line;
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
      if (next.origin === videoloketOrigin && !next.pathname.startsWith('/api/citizen-login')) return { location: next.pathname + next.search, callbackUrl, cookie: cookieHeader(videoloketOrigin), flowCookie, sessionSetCookie };
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
