import { randomUUID } from 'node:crypto';
import type { ImpactFigures } from '@videoloket/contracts';
import type { Queryable } from '../../src/db/Database';

// Known rows for the impact figures (issue 15 item 6), in a February (28 days, Brussels at
// UTC+1): the back office's SQL test and the dashboard's browser test load them and check the
// figures below, computed by hand. Needs the seed's products and clerks. The town hall is the
// default depot (51.0543 N, 3.7251 E); every citizen with coordinates lives 0.1° due north or
// south of it, so one way is R·0.1·π/180 = 6371.0088 × 0.00174533 = 11.1195 km exactly
// (haversine on one meridian), there and back 22.239 km.

/** The first and last day of the fixture's period, e.g. `impactPeriod('2030')`. */
export const impactPeriod = (year: string) => ({ from: `${year}-02-01`, to: `${year}-02-28` });

const NORTH = { lat: 51.1543, lon: 3.7251 };
const SOUTH = { lat: 50.9543, lon: 3.7251 };

export async function insertImpactFixture(db: Queryable, year: string): Promise<void> {
  const at = (month: number, day: number, hour: number) => new Date(Date.UTC(Number(year), month - 1, day, hour));
  const feb = (day: number, hour = 9) => at(2, day, hour);
  let n = 0;
  const token = () => `impact-fixture-${year}-${n++}-${randomUUID()}`;

  async function kase(productId: string, createdAt: Date, closedAt?: Date): Promise<string> {
    const id = randomUUID();
    await db.query(
      `insert into cases (id, reference, product_id, status, citizen_name, status_token_hash, created_at, updated_at, closed_at)
       values ($1, $2, $3, $4, 'Fixture Burger', $5, $6, $6, $7)`,
      [id, `IMP-${year}-${n}`, productId, closedAt ? 'closed' : 'requested', token(), createdAt, closedAt ?? null],
    );
    return id;
  }
  async function appointment(caseId: string, productId: string, channel: string, startsAt: Date, o: { createdAt?: Date; status?: string; where?: { lat: number; lon: number } } = {}) {
    const clerk = channel === 'home_visit' ? 'clerk-mobile-els' : 'clerk-youssef';
    await db.query(
      `insert into appointments (id, case_id, product_id, channel, clerk_id, starts_at, ends_at, status, citizen_name, address, lat, lon, manage_token_hash, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 'Fixture Burger', $9, $10, $11, $12, $13, $13)`,
      [randomUUID(), caseId, productId, channel, clerk, startsAt, new Date(startsAt.getTime() + 20 * 60_000), o.status ?? 'booked', o.where ? 'Fixturestraat 1' : null, o.where?.lat ?? null, o.where?.lon ?? null, token(), o.createdAt ?? startsAt],
    );
  }
  async function invitation(caseId: string, productId: string, o: { sentAt: Date; usedAt?: Date; reducedMobility?: boolean; where?: { lat: number; lon: number } }) {
    await db.query(
      `insert into invitations (id, citizen_key, expires_on, product_id, case_id, code_hash, citizen_name, lat, lon, reduced_mobility, created_at, sent_at, used_at)
       values ($1, $2, $3, $4, $5, $6, 'Fixture Burger', $7, $8, $9, $10, $10, $11)`,
      [randomUUID(), token(), `${year}-04-30`, productId, caseId, token(), o.where?.lat ?? null, o.where?.lon ?? null, o.reducedMobility ?? false, o.sentAt, o.usedAt ?? null],
    );
  }
  const delivered = (caseId: string, when: Date) => db.query(`insert into case_events (case_id, kind, status, public, at) values ($1, 'status', 'delivered', true, $2)`, [caseId, when]);
  const callEnded = (caseId: string, outcome: string, when: Date) => db.query(`insert into case_events (case_id, kind, status, actor, at) values ($1, 'call', $2, 'clerk-youssef', $3)`, [caseId, outcome, when]);
  const evaluation = (caseId: string, satisfaction: number, when: Date) =>
    db.query('insert into evaluations (case_id, answers, submitted_at) values ($1, $2, $3)', [caseId, JSON.stringify({ satisfaction, ease: 4 }), when]);

  // A — eID at home: invited 7 days before booking (reduced mobility), one home visit 0.1° north, delivered 7 days after booking, closed after 10 days, satisfaction 3.
  const a = await kase('eid', feb(1), feb(11));
  await invitation(a, 'eid', { sentAt: at(1, 25, 9), usedAt: feb(1), reducedMobility: true });
  await appointment(a, 'eid', 'home_visit', feb(5), { createdAt: feb(1), where: NORTH });
  await delivered(a, feb(8));
  await evaluation(a, 3, feb(12));
  // B — eID at the counter twice: invited 13 days before booking, delivered 18 days after booking, closed after 20 days; evaluated after the period.
  const b = await kase('eid', feb(2), feb(22));
  await invitation(b, 'eid', { sentAt: at(1, 20, 9), usedAt: feb(2) });
  await appointment(b, 'eid', 'counter', feb(6, 10), { createdAt: feb(2) });
  await appointment(b, 'eid', 'counter', feb(13, 10), { createdAt: feb(2) });
  await delivered(b, feb(20));
  await evaluation(b, 2, at(3, 2, 9));
  // C — eID, neighbourhood office, still open; invited (reduced mobility), code not used.
  const c = await kase('eid', feb(3));
  await invitation(c, 'eid', { sentAt: feb(1), reducedMobility: true });
  await appointment(c, 'eid', 'neighbourhood_office', feb(10));
  await callEnded(c, 'no-show', feb(10, 10));
  // D — eID opened before the period, still open; its one appointment was cancelled.
  const d = await kase('eid', at(1, 10, 9));
  await appointment(d, 'eid', 'counter', feb(7, 10), { status: 'cancelled' });
  // G — eID closed after 2 days without any appointment.
  await kase('eid', feb(10), feb(12));
  // H — eID opened in the period, closed after it (so open at its end); its appointment is after the period.
  const h = await kase('eid', feb(20), at(3, 2, 9));
  await appointment(h, 'eid', 'counter', at(3, 1, 10));
  // I — eID opened after the period.
  await kase('eid', at(3, 3, 9));
  // E — travel permit by video, no address known; closed after 1 day, satisfaction 4.
  const e = await kase('travel_permit_minor', feb(4), feb(5));
  await appointment(e, 'travel_permit_minor', 'video', feb(5, 8));
  await callEnded(e, 'completed', feb(5, 8));
  await evaluation(e, 4, feb(6));
  // F — care-giver allowance by video; the invitation (used after 2 days) has the address 0.1° south; closed after 3 days, satisfaction 5.
  const f = await kase('caregiver_allowance', feb(1, 12), feb(4, 12));
  await invitation(f, 'caregiver_allowance', { sentAt: at(1, 30, 12), usedAt: feb(1, 12), where: SOUTH });
  await appointment(f, 'caregiver_allowance', 'video', feb(3));
  await callEnded(f, 'follow-up', feb(3, 10));
  await callEnded(f, 'completed', at(3, 1, 9)); // after the period
  await evaluation(f, 5, feb(5));
}

const none = { count: 0, p50Days: null, p90Days: null };
const zeroContacts = { video: 0, counter: 0, home_visit: 0, neighbourhood_office: 0 };

/** The hand-computed figures (percentiles: percentile_cont, linear between the sorted values; rounded to 0.1). */
export const impactExpected: { products: Record<string, ImpactFigures>; total: ImpactFigures; empty: ImpactFigures } = {
  products: {
    eid: {
      contacts: { video: 0, counter: 2, home_visit: 1, neighbourhood_office: 1 }, // D's cancelled and H's March appointments do not count
      callOutcomes: { completed: 0, 'follow-up': 0, 'no-show': 1 }, // C
      closedWithContact: 2, // A, B (G had none)
      closedInOneContact: 1, // A
      oneContactPercent: 50,
      leadTime: { count: 3, p50Days: 10, p90Days: 18 }, // G 2, A 10, B 20: p90 at 1.8 → 10 + 0.8 × 10
      invitationToBooking: { count: 2, p50Days: 10, p90Days: 12.4 }, // A 7, B 13: 7 + 0.9 × 6
      bookingToDelivery: { count: 2, p50Days: 12.5, p90Days: 16.9 }, // A 7, B 18: 7 + 0.9 × 11
      travelAvoided: { trips: 1, withoutAddress: 0, km: 22.2, kgCo2: 4.4 }, // A: 22.239 km × 0.2 kg/km = 4.45 → 4.4
      satisfaction: { count: 1, mean: 3 }, // A (B's came after the period)
      openCases: { reducedMobility: 1, others: 2 }, // C reduced; D, H others; I opened later
    },
    travel_permit_minor: {
      contacts: { ...zeroContacts, video: 1 },
      callOutcomes: { completed: 1, 'follow-up': 0, 'no-show': 0 },
      closedWithContact: 1,
      closedInOneContact: 1,
      oneContactPercent: 100,
      leadTime: { count: 1, p50Days: 1, p90Days: 1 },
      invitationToBooking: none,
      bookingToDelivery: none,
      travelAvoided: { trips: 0, withoutAddress: 1, km: 0, kgCo2: 0 },
      satisfaction: { count: 1, mean: 4 },
      openCases: { reducedMobility: 0, others: 0 },
    },
    caregiver_allowance: {
      contacts: { ...zeroContacts, video: 1 },
      callOutcomes: { completed: 0, 'follow-up': 1, 'no-show': 0 }, // F's completed call came after the period
      closedWithContact: 1,
      closedInOneContact: 1,
      oneContactPercent: 100,
      leadTime: { count: 1, p50Days: 3, p90Days: 3 },
      invitationToBooking: { count: 1, p50Days: 2, p90Days: 2 },
      bookingToDelivery: none,
      travelAvoided: { trips: 1, withoutAddress: 0, km: 22.2, kgCo2: 4.4 },
      satisfaction: { count: 1, mean: 5 },
      openCases: { reducedMobility: 0, others: 0 },
    },
  },
  total: {
    contacts: { video: 2, counter: 2, home_visit: 1, neighbourhood_office: 1 },
    callOutcomes: { completed: 1, 'follow-up': 1, 'no-show': 1 },
    closedWithContact: 4,
    closedInOneContact: 3,
    oneContactPercent: 75,
    leadTime: { count: 5, p50Days: 3, p90Days: 16 }, // 1, 2, 3, 10, 20: p90 at 3.6 → 10 + 0.6 × 10
    invitationToBooking: { count: 3, p50Days: 7, p90Days: 11.8 }, // 2, 7, 13: p90 at 1.8 → 7 + 0.8 × 6
    bookingToDelivery: { count: 2, p50Days: 12.5, p90Days: 16.9 },
    travelAvoided: { trips: 2, withoutAddress: 1, km: 44.5, kgCo2: 8.9 }, // 44.478 km; × 0.2 = 8.896
    satisfaction: { count: 3, mean: 4 },
    openCases: { reducedMobility: 1, others: 2 },
  },
  empty: {
    contacts: zeroContacts,
    callOutcomes: { completed: 0, 'follow-up': 0, 'no-show': 0 },
    closedWithContact: 0,
    closedInOneContact: 0,
    oneContactPercent: null,
    leadTime: none,
    invitationToBooking: none,
    bookingToDelivery: none,
    travelAvoided: { trips: 0, withoutAddress: 0, km: 0, kgCo2: 0 },
    satisfaction: { count: 0, mean: null },
    openCases: { reducedMobility: 0, others: 0 },
  },
};
