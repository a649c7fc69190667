import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impactExpected, impactPeriod, insertImpactFixture } from '@videoloket/backoffice/testing';
import { createHttpClient } from '@videoloket/contracts/http-client';
import { createLogger, startVideoloket, type RunningVideoloket } from '../src/index';
import { CLERK_PASSWORD, testConfig } from './support';

// Issue 15 item 6: the impact figures through the real server. Supervisors and administrators
// read them (with the configured emission factor); other clerks and anonymous callers are
// refused; a bad period or an unknown field is refused.

let app: RunningVideoloket;
let dataDir: string;
const { from, to } = impactPeriod('2025');

const login = async (username: string) => (await createHttpClient({ baseUrl: app.url }).login({ body: { username, password: CLERK_PASSWORD } })).token;
const get = (query: string, token?: string) => fetch(`${app.url}/api/backoffice/impact?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'videoloket-impact-'));
  app = await startVideoloket(testConfig(dataDir, { IMPACT_CO2_KG_PER_KM: '0.2' }), createLogger('silent'));
  await app.clerks.add({ username: 'els', displayName: 'Els Vermeulen', password: CLERK_PASSWORD });
  await app.clerks.add({ username: 'sara', displayName: 'Sara Toezicht', password: CLERK_PASSWORD, roles: ['clerk', 'supervisor'] });
  await insertImpactFixture(app.db, '2025');
});

afterAll(async () => {
  await app?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the impact figures over HTTP', () => {
  it('a supervisor and an administrator read them, with the configured emission factor', async () => {
    for (const who of ['sara', 'balie']) {
      const report = await createHttpClient({ baseUrl: app.url, token: await login(who) }).impact({ query: { from, to } });
      expect(report.co2KgPerKm, who).toBe(0.2);
      expect(report.total, who).toEqual(impactExpected.total);
      expect(report.products.find((p) => p.productId === 'eid')?.figures, who).toEqual(impactExpected.products.eid);
    }
  });

  it('other clerks get 403 and anonymous callers 401, with no figure in the answer', async () => {
    const asClerk = await get(`from=${from}&to=${to}`, await login('els'));
    expect(asClerk.status).toBe(403);
    const body = await asClerk.text();
    expect(JSON.parse(body)).toMatchObject({ code: 'FORBIDDEN' });
    expect(body).not.toContain('contacts');
    const anonymous = await get(`from=${from}&to=${to}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('contacts');
  });

  it('refuses a missing, reversed or too long period and unknown fields', async () => {
    const token = await login('sara');
    for (const query of [`from=${from}`, `from=${to}&to=${from}`, 'from=2024-01-01&to=2025-01-02', `from=${from}&to=${to}&product=eid`, 'from=2025-02-30&to=2025-03-01', `from=${from}&to=${to}&to=${to}`]) {
      const res = await get(query, token);
      expect(res.status, query).toBe(400);
      expect(await res.json(), query).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid impact figures' });
    }
  });
});
