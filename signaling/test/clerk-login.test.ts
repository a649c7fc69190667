import { Writable } from 'node:stream';
import * as oidc from 'openid-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSummary, ClerkLoginOptions, CreateCallResponse, LoginResponse } from '@videoloket/contracts';
import { STAFF_GROUPS, startMunicipalityIdp, walkLogin, type MunicipalityIdp, type MunicipalityUser } from './loopbackIdp';
import { connect, freePort, startTestServer, type TestServer } from './support';

// Issue 12 item 6: clerks sign in at the municipality's own identity provider — a real OpenID
// provider (oidc-provider) on loopback — with code + PKCE; its groups map to roles. Refused: a
// user in none of the mapped groups, an ID token for another audience or already expired, a
// cancelled sign-in, a tampered state or PKCE challenge, a replayed callback or hand-off.

let idp: MunicipalityIdp;
let server: TestServer;
const logLines: string[] = [];

const NORA: MunicipalityUser = { sub: 'gent-0042', name: 'Nora De Smet', groups: ['Iedereen', STAFF_GROUPS.clerk] };

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  idp = await startMunicipalityIdp({ redirectUri: `${base}/api/clerk-login/callback`, user: NORA, name: 'Stad Gent' });
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) }));
  server = await startTestServer({ PORT: String(port), PUBLIC_URL: base, ...idp.env() }, { logger });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

const start = () => `${server.app.url}/api/clerk-login/start?lang=nl`;
const walk = (choice: 'sign-in' | 'cancel' = 'sign-in', tamper?: (url: URL) => URL) =>
  walkLogin(start(), choice, { routes: '/api/clerk-login', sessionCookie: 'videoloket_clerk_handoff', ...(tamper ? { tamper } : {}) });

async function api<T>(method: string, path: string, options: { token?: string; cookie?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.cookie ? { cookie: options.cookie } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
const exchange = (cookie: string) => api<LoginResponse & { code?: string }>('POST', '/api/clerk-login/session', { cookie, body: {} });
const rowsFor = async (sub: string) => (await server.app.db.query('select id from clerks where oidc_subject = $1', [`${idp.issuer} ${sub}`])).length;

/** Signs `user` in at the IdP and trades the hand-off for the desk's session. */
async function signIn(user: MunicipalityUser): Promise<LoginResponse> {
  idp.user = user;
  const done = await walk();
  expect(done.location).toBe('/desk/?clerkLogin=ok&lang=nl');
  expect(done.sessionSetCookie).toMatch(/^videoloket_clerk_handoff=[^;]+;.*Path=\/api\/clerk-login\/session;.*HttpOnly/i);
  const session = await exchange(done.cookie);
  expect(session.status).toBe(200);
  // The hand-off is spent: the same cookie again signs nobody in.
  expect((await exchange(done.cookie)).status).toBe(401);
  return session.body;
}

describe('clerks signing in at the municipality', () => {
  it('offers the sign-in with the municipality’s name', async () => {
    expect((await api<ClerkLoginOptions>('GET', '/api/clerk-login/options')).body).toEqual({ available: true, name: 'Stad Gent' });
  });

  it('maps the groups to roles: a clerk does clerk things and not a supervisor’s or an administrator’s', async () => {
    const session = await signIn(NORA);
    expect(session.clerk).toMatchObject({ displayName: 'Nora De Smet', roles: ['clerk'] });
    expect(session.clerk.supervisor).toBeUndefined();
    const token = session.token;
    expect((await api<CallSummary[]>('GET', '/api/calls', { token })).status).toBe(200);
    const created = await api<CreateCallResponse>('POST', '/api/calls', { token, body: { title: 'Vraag over een attest' } });
    expect(created.status).toBe(201);
    const socket = await connect(server.app.url, { token, callId: created.body.call.callId });
    expect(socket.connected).toBe(true);
    socket.close();
    expect((await api<{ code: string }>('GET', '/api/supervisor/calls', { token })).body.code).toBe('FORBIDDEN');
    expect((await api<{ code: string }>('GET', '/api/backoffice/outbox?state=dead', { token })).body.code).toBe('FORBIDDEN');
    expect(await rowsFor(NORA.sub)).toBe(1);
  });

  it('follows the IdP at the next sign-in: new groups, new roles, the same clerk', async () => {
    const first = await signIn(NORA);
    const promoted = await signIn({ ...NORA, groups: [STAFF_GROUPS.supervisor, STAFF_GROUPS.mobile_clerk] });
    expect([promoted.clerk.id, promoted.clerk.roles, promoted.clerk.supervisor]).toEqual([first.clerk.id, ['mobile_clerk', 'supervisor'], true]);
    expect((await api('GET', '/api/supervisor/calls', { token: promoted.token })).status).toBe(200);
    // The earlier session reads the row afresh: the same person, now a supervisor.
    expect((await api('GET', '/api/supervisor/calls', { token: first.token })).status).toBe(200);
    expect(await rowsFor(NORA.sub)).toBe(1);
  });

  it('refuses a user in none of the mapped groups, with a clear outcome, and makes no clerk', async () => {
    idp.user = { sub: 'gent-0777', name: 'Piet Parkeerwachter', groups: ['Iedereen', 'GG-Parkeren', 'gg-burgerzaken'] };
    const done = await walk();
    expect(done.location).toBe('/desk/?clerkLogin=no-role&lang=nl');
    expect(done.sessionSetCookie).toBeUndefined();
    expect((await exchange(done.cookie)).status).toBe(401);
    expect(await rowsFor('gent-0777')).toBe(0);
    expect(logLines.join('')).toContain('"reason":"no-role"');
  });

  it('returns to the desk when the clerk cancels at the IdP, signed in as nobody', async () => {
    idp.user = NORA;
    const done = await walk('cancel');
    expect(done.location).toBe('/desk/?clerkLogin=cancelled&lang=nl');
    expect((await exchange(done.cookie)).status).toBe(401);
  });

  for (const misbehaviour of ['wrong-audience', 'expired-id-token', 'wrong-issuer'] as const) {
    it(`refuses an ID token that is ${misbehaviour.replace(/-/g, ' ')} (signed with the IdP's own key)`, async () => {
      idp.user = { sub: `gent-${misbehaviour}`, name: 'Mallory', groups: [STAFF_GROUPS.administrator] };
      idp.misbehave = misbehaviour;
      try {
        const done = await walk();
        expect(done.location).toBe('/desk/?clerkLogin=failed&lang=nl');
        expect((await exchange(done.cookie)).status).toBe(401);
      } finally {
        idp.misbehave = undefined;
      }
      expect(await rowsFor(`gent-${misbehaviour}`)).toBe(0);
      expect(logLines.join('')).toContain('"reason":"token-refused"');
    });
  }

  it('refuses a callback whose state was changed, a PKCE challenge swapped on the way, and a replayed callback', async () => {
    idp.user = { sub: 'gent-tamper', name: 'Mallory', groups: [STAFF_GROUPS.administrator] };
    const isCallback = (url: URL) => url.pathname === '/api/clerk-login/callback';
    const changedState = await walk('sign-in', (url) => {
      if (isCallback(url)) url.searchParams.set('state', oidc.randomState());
      return url;
    });
    expect(changedState.location).toBe('/desk/?clerkLogin=failed&lang=nl');

    // An attacker's challenge in the authorization request: the IdP binds the code to it, and
    // Videoloket's verifier does not match at the token endpoint.
    const attackersChallenge = await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());
    const swapped = await walk('sign-in', (url) => {
      if (url.searchParams.has('code_challenge')) url.searchParams.set('code_challenge', attackersChallenge);
      return url;
    });
    expect(swapped.location).toBe('/desk/?clerkLogin=failed&lang=nl');
    expect((await exchange(swapped.cookie)).status).toBe(401);
    expect(await rowsFor('gent-tamper')).toBe(0);

    idp.user = NORA;
    const done = await walk();
    expect(done.location).toBe('/desk/?clerkLogin=ok&lang=nl');
    const replay = await fetch(done.callbackUrl, { redirect: 'manual', headers: { cookie: done.flowCookie } });
    expect(replay.headers.get('location')).toBe('/desk/?clerkLogin=failed&lang=nl');
    expect(replay.headers.getSetCookie().join()).not.toMatch(/videoloket_clerk_handoff=[^;]/);
  });

  it('refuses a forged hand-off and a start with a language or field it does not know', async () => {
    expect((await exchange('videoloket_clerk_handoff=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC')).status).toBe(401);
    expect((await api('POST', '/api/clerk-login/session', { body: { clerkId: 'anyone' } })).status).toBe(400);
    for (const query of ['lang=de', 'next=https://evil.example']) {
      const res = await fetch(`${server.app.url}/api/clerk-login/start?${query}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('never writes the IdP’s tokens or the hand-off into the logs', () => {
    const log = logLines.join('');
    expect(log).toContain('clerk signed in through the municipality');
    expect(log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  });
});
