import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join as joinCall, socketPool, startTestServer, type TestServer } from './support';

// Issue 12, item 5: a register lookup from the desk, against the real server and database.
// Only a clerk in the call may look up, with a reason; every lookup lands in the audit
// table; a citizen's or interpreter's token, a seat token, someone else's call and a bad
// body are refused and leave no trace in the audit.

let server: TestServer;
let token: string;
const pool = socketPool(
  () => server,
  () => token,
);

beforeAll(async () => {
  server = await startTestServer();
  token = await server.login();
});
afterEach(() => pool.closeAll());
afterAll(async () => {
  await server?.stop();
});

const lookupBody = (callId: string, over: Record<string, unknown> = {}) => ({
  callId,
  reason: 'Adreswijziging: huidig adres nagaan',
  query: { by: 'nationalNumber', nationalNumber: '85.07.30-033.28' },
  ...over,
});

/** `bearer` null: no Authorization header at all. */
function lookup(body: unknown, bearer: string | null = token) {
  return fetch(`${server.app.url}/api/register/lookups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
}

interface AuditRow {
  clerk_id: string;
  call_id: string;
  method: string;
  query: unknown;
  reason: string;
  source: string;
  result_count: number;
  national_numbers: string[];
}

const audit = () => server.app.db.query<AuditRow>('select clerk_id, call_id, method, query, reason, source, result_count, national_numbers from register_lookups order by at, id');
const clerkId = async () => (await server.app.tokens.verifyClerkSession(token)).clerkId;

describe('register lookup', () => {
  it('answers the clerk in the call with name, address, nationality and document validity, and audits who, which call, what and why', async () => {
    const { callId } = await pool.openCall('Adreswijziging');
    const before = (await audit()).length;
    const res = await lookup(lookupBody(callId));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { lookupId: string; source: string; persons: { lastName: string; address: { municipality: string }; nationality: string; identityDocument: { valid: boolean } }[] };
    expect(answer.source).toBe('fixture');
    expect(answer.persons).toMatchObject([{ lastName: 'Peeters', nationality: 'BE', address: { municipality: 'Gent' }, identityDocument: { valid: true } }]);
    const rows = (await audit()).slice(before);
    expect(rows).toEqual([
      {
        clerk_id: await clerkId(),
        call_id: callId,
        method: 'nationalNumber',
        query: { by: 'nationalNumber', nationalNumber: '85073003328' },
        reason: 'Adreswijziging: huidig adres nagaan',
        source: 'fixture',
        result_count: 1,
        national_numbers: ['85073003328'],
      },
    ]);
    const [row] = await server.app.db.query<{ at: Date }>('select at from register_lookups where id = $1', [answer.lookupId]);
    expect(Math.abs(new Date(row!.at).getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('searches by name and birth date; namesakes are listed, and the audit names both', async () => {
    const { callId } = await pool.openCall('Attest');
    const res = await lookup(lookupBody(callId, { query: { by: 'nameAndBirthDate', lastName: 'Claes', birthDate: '1975-02-15' } }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { persons: unknown[] }).persons).toHaveLength(2);
    expect((await audit()).at(-1)).toMatchObject({ method: 'nameAndBirthDate', result_count: 2, national_numbers: ['75021512346', '75021545604'] });
  });

  describe('attacks: refused, and nothing audited', () => {
    it('no token, a citizen link, an interpreter link, a seat token, or a forged token', async () => {
      const call = await pool.openCall('Aanval tokens');
      const citizen = await pool.open({ token: call.citizenToken, callId: call.callId });
      await joinCall(citizen, { displayName: 'Mallory' });
      const clerkSeat = await pool.open({ token, callId: call.callId });
      const { httpToken } = await joinCall(clerkSeat);
      const interpreter = await server.app.links.create({ callId: call.callId, linkId: 'tolk-1', role: 'interpreter', expiresAt: new Date(Date.now() + 3_600_000) });
      const before = (await audit()).length;
      for (const bearer of [null, call.citizenToken, interpreter.token, httpToken, `${token.slice(0, -4)}AAAA`]) {
        const res = await lookup(lookupBody(call.callId), bearer);
        expect(res.status, String(bearer)).toBe(401);
        expect(JSON.stringify(await res.json())).not.toContain('Peeters');
      }
      expect(await audit()).toHaveLength(before);
    });

    it('a clerk who is not in that call, a call that does not exist, a call that ended', async () => {
      const call = await pool.openCall('Niet de jouwe');
      await server.app.clerks.add({ username: 'nieuwsgierig', displayName: 'Nieuwsgierige Collega', password: 'another-password-1' });
      const other = await (
        await fetch(`${server.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nieuwsgierig', password: 'another-password-1' }) })
      ).json() as { token: string };
      const ended = await pool.openCall('Afgelopen');
      server.app.registry.get(ended.callId).close('ended-by-clerk');
      const before = (await audit()).length;
      expect((await lookup(lookupBody(call.callId), other.token)).status).toBe(403);
      expect((await lookup(lookupBody('no-such-call'))).status).toBe(403);
      expect((await lookup(lookupBody(ended.callId))).status).toBe(403);
      expect(await audit()).toHaveLength(before);
    });

    it('a bad body: wrong check digits, no reason, unknown fields, an oversized reason, not JSON', async () => {
      const { callId } = await pool.openCall('Aanval body');
      const before = (await audit()).length;
      const bodies = [
        lookupBody(callId, { query: { by: 'nationalNumber', nationalNumber: '85073003329' } }),
        lookupBody(callId, { reason: '' }),
        lookupBody(callId, { reason: 'x'.repeat(10_000) }),
        lookupBody(callId, { clerkId: 'someone-else' }),
        lookupBody(callId, { query: { by: 'nationalNumber', nationalNumber: '85073003328', includeRelatives: true } }),
        lookupBody(callId, { query: { by: 'nameAndBirthDate', lastName: 'Claes' } }),
        [lookupBody(callId)],
      ];
      for (const body of bodies) expect((await lookup(body)).status, JSON.stringify(body).slice(0, 120)).toBe(400);
      const notJson = await fetch(`${server.app.url}/api/register/lookups`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"callId":' });
      expect(notJson.status).toBe(400);
      expect(await audit()).toHaveLength(before);
    });
  });
});
