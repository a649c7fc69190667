import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@videoloket/contracts';
import type { Backoffice } from '../src/createBackoffice';
import type { Database } from '../src/db/Database';
import { databases, dropSchema } from './support/databases';
import { impactExpected, impactPeriod, insertImpactFixture } from './support/impactFixture';
import { testOptions, world } from './support/world';

// Issue 15 item 6: the impact figures are SQL over the back office's tables. Known rows
// (support/impactFixture.ts) in February 2030, the figures computed by hand, on PGlite and
// on PostgreSQL. "Now" is 4 March 2030 (support/world.ts).

describe.each(databases)('impact figures on $name', (adapter) => {
  let db: Database;
  let bo: Backoffice;

  beforeAll(async () => {
    db = await adapter.open();
    bo = await world(db, { options: { ...testOptions, impact: { co2KgPerKm: 0.2 } } });
    await insertImpactFixture(db, '2030');
  });
  afterAll(async () => {
    await dropSchema(db);
    await db.close();
  });

  it('per product and in total, as computed by hand', async () => {
    const report = await bo.impact.report(impactPeriod('2030'));
    expect(report).toMatchObject({ from: '2030-02-01', to: '2030-02-28', timeZone: 'Europe/Brussels', co2KgPerKm: 0.2, townHall: { lat: 51.0543, lon: 3.7251 } });
    const byId = new Map(report.products.map((p) => [p.productId, p.figures]));
    for (const [productId, figures] of Object.entries(impactExpected.products)) expect(byId.get(productId), productId).toEqual(figures);
    expect(report.total).toEqual(impactExpected.total);
    // Every other product is listed, with nothing to show.
    expect(byId.get('passport')).toEqual(impactExpected.empty);
    expect(report.products.map((p) => p.productId)).toEqual([...report.products.map((p) => p.productId)].sort());
  });

  it('a period is whole local days: 1 February from 00:00 Brussels time (23:00 UTC the day before)', async () => {
    // Only A's home visit (5 Feb) and E's video call (5 Feb 09:00 local) start on 5 February.
    const day = await bo.impact.report({ from: '2030-02-05', to: '2030-02-05' });
    expect(day.total.contacts).toEqual({ video: 1, counter: 0, home_visit: 1, neighbourhood_office: 0 });
    expect(day.total.leadTime).toEqual({ count: 1, p50Days: 1, p90Days: 1 }); // E closed on the 5th
    // January: nothing happened yet but D (opened 10 Jan) is open at its end.
    const january = await bo.impact.report({ from: '2030-01-01', to: '2030-01-31' });
    expect(january.total).toEqual({ ...impactExpected.empty, openCases: { reducedMobility: 0, others: 1 } });
  });

  it('a period running into the future ends now', async () => {
    // From 1 February to the end of the year: now (4 March) adds H's March appointment, F's second call, B's evaluation and H's closing; I (opened 3 March) is open now.
    const report = await bo.impact.report({ from: '2030-02-01', to: '2030-12-31' });
    expect(report.total.contacts).toEqual({ video: 2, counter: 3, home_visit: 1, neighbourhood_office: 1 });
    expect(report.total.callOutcomes).toEqual({ completed: 2, 'follow-up': 1, 'no-show': 1 }); // F's call on 1 March
    expect(report.total.satisfaction).toEqual({ count: 4, mean: 3.5 });
    expect(report.total.openCases).toEqual({ reducedMobility: 1, others: 2 }); // C; D and I (H closed on 2 March)
  });

  it('refuses a period that ends before it starts, is longer than a year, or carries other fields', async () => {
    for (const bad of [
      { from: '2030-02-28', to: '2030-02-01' },
      { from: '2029-01-01', to: '2030-01-02' },
      { from: '2030-02-01', to: '2030-02-28', product: 'eid' },
      { from: '2030-02-30', to: '2030-03-01' },
    ]) {
      await expect(bo.impact.report(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
