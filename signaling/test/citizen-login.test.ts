import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveProof, type Ack, type BookingChallengeView, type BookingResponse, type CallSummary, type CaseView, type CitizenLoginSessionView, type FormState, type SlotView } from '@videoloket/contracts';
import { MemorySingleUseStore } from '../src/abuse/SingleUseStore';
import { CitizenLogin, CitizenLoginRefused } from '../src/citizenLogin/CitizenLogin';
import { startGovernmentIdp, TEST_CITIZEN, walkCitizenLogin, type GovernmentIdp } from './loopbackIdp';
import { connect, freePort, join, request, startTestServer, type TestServer } from './support';

// Issue 15 item 1 against a real OpenID provider (oidc-provider) on loopback, configured as the
// government's citizen login, and the real server: the sign-in (code + PKCE), what it prefills,
// the booking recording it, and what a relying party must refuse — an ID token for another
// audience or issuer or already expired, a replayed or foreign callback, a cancelled login.

let idp: GovernmentIdp;
let server: TestServer;
let slots: SlotView[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  idp = await startGovernmentIdp({ redirectUri: `${base}/api/citizen-login/callback` });
  // Everything the server logs, at debug, to look for tokens and national numbers afterwards.
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) }));
  server = await startTestServer({ PORT: String(port), PUBLIC_URL: base, BOOKING_POW_DIFFICULTY: '4', ...idp.env() }, { logger });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  slots = (await get<SlotView[]>(`/api/backoffice/slots?productId=report_problem&channel=video&from=${day(2)}&to=${day(20)}`)).body;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

async function get<T>(path: string, cookie?: string): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${server.app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T, headers: res.headers };
}

async function session(cookie?: string): Promise<CitizenLoginSessionView> {
  return (await get<CitizenLoginSessionView>('/api/citizen-login/session', cookie)).body;
}

async function book(cookie?: string): Promise<BookingResponse> {
  const idempotencyKey = randomUUID();
  const challenge = (await get<BookingChallengeView>('/api/backoffice/booking-challenge')).body;
  const proof = { challenge: challenge.challenge, nonce: solveProof({ challenge: challenge.challenge, idempotencyKey, difficulty: challenge.difficulty }) };
  const res = await fetch(`${server.app.url}/api/backoffice/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({
      productId: 'report_problem',
      channel: 'video',
      startsAt: slots.shift()!.startsAt,
      citizen: { name: 'Els Wouters', email: `els-${randomUUID()}@example.be`, language: 'nl' },
      idempotencyKey,
      proof,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as BookingResponse;
}

const start = () => `${server.app.url}/api/citizen-login/start?lang=nl`;

describe('government login (OpenID Connect, code + PKCE)', () => {
  it('signs the citizen in, prefills name, address and national number, and the booking records the verified identity', async () => {
    expect(await session()).toEqual({ available: true });
    const walk = await walkCitizenLogin(start(), 'sign-in');
    expect(walk.location).toBe('/afspraak-maken?login=ok');
    // The session cookie is HttpOnly and SameSite=Lax (the page cannot read it; other sites cannot post with it).
    expect(walk.sessionSetCookie).toMatch(/^videoloket_citizen=[^;]+;.*HttpOnly/i);
    expect(walk.sessionSetCookie).toMatch(/SameSite=Lax/i);
    expect(await session(walk.cookie)).toEqual({
      available: true,
      citizen: { name: 'Els Wouters', address: 'Korenmarkt 12, 9000 Gent', nationalNumber: TEST_CITIZEN.egovNRN },
    });

    const verified = await book(walk.cookie);
    expect(verified.appointment.identityVerified).toEqual({ via: 'government_login', name: 'Els Wouters' });
    // The national number goes to no link holder: not in the booking answer.
    expect(JSON.stringify(verified)).not.toContain(TEST_CITIZEN.egovNRN);
    const clerk = await server.login();
    const kase = (await (await fetch(`${server.app.url}/api/backoffice/cases/${verified.appointment.caseId}`, { headers: { authorization: `Bearer ${clerk}` } })).json()) as CaseView;
    expect(kase.appointments[0]!.identityVerified?.name).toBe('Els Wouters');
    expect(kase.events.some((e) => e.text?.includes('identiteit geverifieerd via overheidslogin'))).toBe(true);

    // Without the cookie (or with one changed by hand) the same booking is not verified.
    expect((await book()).appointment.identityVerified).toBeUndefined();
    const forged = walk.cookie.replace(/videoloket_citizen=([^;]{10})/, 'videoloket_citizen=AAAAAAAAAA');
    expect((await session(forged)).citizen).toBeUndefined();
    expect((await book(forged)).appointment.identityVerified).toBeUndefined();

    // Logging out forgets the citizen.
    const out = await fetch(`${server.app.url}/api/citizen-login/logout`, { method: 'POST', headers: { cookie: walk.cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/videoloket_citizen=;.*Expires=Thu, 01 Jan 1970/i);

    // Neither the IdP's tokens (JWTs start eyJ) nor the national number reached the log.
    const log = logLines.join('');
    expect(log).toContain('citizen signed in through the government login');
    expect(log).not.toContain(TEST_CITIZEN.egovNRN);
    expect(log).not.toMatch(/eyJ[\w-]{10,}/);
  });

  it("shows the clerk in the appointment's call that the identity was verified, and forms take the verified name", async () => {
    const walk = await walkCitizenLogin(start(), 'sign-in');
    const verified = await book(walk.cookie);
    const plain = await book();
    const clerk = await server.login();
    const openCall = async (appointmentId: string) => {
      const res = await fetch(`${server.app.url}/api/calls/appointments/${appointmentId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}` },
        body: JSON.stringify({ title: 'Melding' }),
      });
      expect(res.status).toBe(200);
      const { callId } = (await res.json()) as CallSummary;
      const socket = await connect(server.app.url, { token: clerk, callId });
      return { socket, joined: await join(socket) };
    };

    const withLogin = await openCall(verified.appointment.id);
    try {
      expect(withLogin.joined.call.identityVerified).toEqual({ via: 'government_login', name: 'Els Wouters' });
      const opened = (await request(withLogin.socket, 'form:open', { formId: 'reistoestemming-minderjarige' })) as Ack<FormState>;
      expect(opened.ok && opened.data.values.ouder_naam).toBe('Els Wouters');
    } finally {
      withLogin.socket.disconnect();
    }
    // An appointment booked without the login says nothing of the kind.
    const without = await openCall(plain.appointment.id);
    try {
      expect(without.joined.call.identityVerified).toBeUndefined();
    } finally {
      without.socket.disconnect();
    }
  });

  it('returns to the booking page with nothing prefilled when the citizen cancels at the IdP', async () => {
    const walk = await walkCitizenLogin(start(), 'cancel');
    expect(walk.location).toBe('/afspraak-maken?login=cancelled');
    expect(await session(walk.cookie)).toEqual({ available: true });
  });

  it('keeps an invitation code across the sign-in', async () => {
    const walk = await walkCitizenLogin(`${server.app.url}/api/citizen-login/start?code=ABCD-EFGH-JK&lang=fr`, 'cancel');
    expect(walk.location).toBe('/afspraak-maken?code=ABCD-EFGH-JK&login=cancelled');
  });

  for (const misbehaviour of ['wrong-audience', 'wrong-issuer', 'expired-id-token'] as const) {
    it(`refuses an ID token that is ${misbehaviour.replace(/-/g, ' ')} (signed with the IdP's own key)`, async () => {
      idp.misbehave = misbehaviour;
      try {
        const walk = await walkCitizenLogin(start(), 'sign-in');
        expect(walk.location).toBe('/afspraak-maken?login=failed');
        expect(await session(walk.cookie)).toEqual({ available: true });
      } finally {
        idp.misbehave = undefined;
      }
      expect(logLines.join('')).toContain('"reason":"token-refused"');
    });
  }

  it('refuses a replayed callback, and a callback in a browser that did not start the sign-in', async () => {
    const walk = await walkCitizenLogin(start(), 'sign-in');
    expect(walk.location).toBe('/afspraak-maken?login=ok');
    const replay = await get<string>(walk.callbackUrl.replace(/^https?:\/\/[^/]+/, ''), walk.flowCookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/afspraak-maken?login=failed');
    expect(replay.headers.getSetCookie().join()).not.toMatch(/videoloket_citizen=[^;]/);

    // A fresh code and state, but the callback reaches a browser without the flow cookie (login CSRF).
    const started = await get<string>('/api/citizen-login/start');
    expect(started.status).toBe(303);
    const other = await get<string>(`/api/citizen-login/callback?code=made-up&state=${new URL(started.headers.get('location')!).searchParams.get('state')}`);
    expect(other.headers.get('location')).toBe('/afspraak-maken?login=failed');
  });

  it('refuses a start with a bad invitation code or language, changing nothing', async () => {
    const bad = await get<{ code: string }>('/api/citizen-login/start?code=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(bad.headers.getSetCookie()).toEqual([]);
    expect((await get<{ code: string }>('/api/citizen-login/start?lang=de')).status).toBe(400);
    expect((await get<{ code: string }>('/api/citizen-login/start?next=https://evil.example')).status).toBe(400);
  });

  it('refuses a flow older than its ten minutes (clock moved)', async () => {
    let now = new Date();
    const settings = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUrl: idp.env().CITIZEN_LOGIN_REDIRECT_URL!, scope: 'openid profile', nationalNumberClaim: 'egovNRN', sessionMinutes: 30 };
    const login = new CitizenLogin({ settings, secret: 's'.repeat(48), spentStates: new MemorySingleUseStore(), now: () => now });
    const started = await login.start({});
    const state = started.authorizationUrl.searchParams.get('state')!;
    now = new Date(now.getTime() + 11 * 60_000);
    const refused = await login.finish(`?code=anything&state=${state}&iss=${encodeURIComponent(idp.issuer)}`, started.flowCookie).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(CitizenLoginRefused);
    expect((refused as CitizenLoginRefused).reason).toBe('no-flow');
  });
});

describe('without a government login configured', () => {
  it('offers none, and booking works as before', async () => {
    const plain = await startTestServer({});
    try {
      const res = await fetch(`${plain.app.url}/api/citizen-login/session`);
      expect(await res.json()).toEqual({ available: false });
      expect((await fetch(`${plain.app.url}/api/citizen-login/start`, { redirect: 'manual' })).status).toBe(404);
      expect((await fetch(`${plain.app.url}/api/citizen-login/callback?code=x&state=y`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await plain.stop();
    }
  }, 180_000);
});
