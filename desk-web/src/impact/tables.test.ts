import { describe, expect, it } from 'vitest';
import type { ImpactFigures, ImpactReport } from '@videoloket/contracts';
import { impactCsv, impactTables } from './tables';

const figures = (over: Partial<ImpactFigures> = {}): ImpactFigures => ({
  contacts: { video: 2, counter: 1, home_visit: 0, neighbourhood_office: 0 },
  callOutcomes: { completed: 1, 'follow-up': 0, 'no-show': 1 },
  closedWithContact: 4,
  closedInOneContact: 3,
  oneContactPercent: 75,
  leadTime: { count: 5, p50Days: 3, p90Days: 16.5 },
  invitationToBooking: { count: 0, p50Days: null, p90Days: null },
  bookingToDelivery: { count: 0, p50Days: null, p90Days: null },
  travelAvoided: { trips: 2, withoutAddress: 1, km: 1234.5, kgCo2: 185.2 },
  satisfaction: { count: 3, mean: 4.33 },
  openCases: { reducedMobility: 1, others: 2 },
  ...over,
});
const report: ImpactReport = {
  from: '2026-02-01',
  to: '2026-02-28',
  timeZone: 'Europe/Brussels',
  co2KgPerKm: 0.15,
  townHall: { lat: 51.0543, lon: 3.7251 },
  products: [{ productId: 'eid', name: { nl: 'Elektronische identiteitskaart', fr: "Carte d'identité", en: 'eID, "new"' }, figures: figures() }],
  total: figures(),
};

describe('the impact tables and their CSV', () => {
  it('formats numbers in the page language and shows a dash where there is no figure', () => {
    const [contacts, outcomes, completion, waits, travel] = impactTables(report, 'nl');
    expect(contacts!.columns).toEqual(['Video', 'Loket', 'Huisbezoek', 'Wijkkantoor', 'Alle kanalen']);
    expect(contacts!.rows.map((r) => r.product)).toEqual(['Elektronische identiteitskaart', 'Totaal']);
    expect(contacts!.rows[0]!.cells).toEqual(['2', '1', '0', '0', '3']);
    expect(outcomes!.columns).toEqual(['Afgehandeld', 'Opvolging nodig', 'Burger niet verschenen']);
    expect(outcomes!.rows[0]!.cells).toEqual(['1', '0', '1']);
    expect(completion!.rows[0]!.cells).toEqual(['4', '3', '75', '5', '3', '16,5']);
    expect(waits!.rows[0]!.cells).toEqual(['0', '—', '—', '0', '—', '—']);
    expect(travel!.rows[0]!.cells).toEqual(['2', '1', '1.234,5', '185,2']);
    expect(impactTables(report, 'en')[4]!.rows[0]!.cells).toEqual(['2', '1', '1,234.5', '185.2']);
  });

  it('writes the same cells to the CSV, quoted where they hold a comma or a quote', () => {
    const csv = impactCsv(impactTables(report, 'en'), 'Product');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, eID, total, and the final line break
    expect(lines[0]!.startsWith('Product,Contacts per channel: Video,Contacts per channel: Counter,')).toBe(true);
    expect(lines[1]).toBe('"eID, ""new""",2,1,0,0,3,1,0,1,4,3,75,5,3,16.5,0,—,—,0,—,—,2,1,"1,234.5",185.2,3,4.33,1,2');
    expect(lines[2]!.startsWith('Total,2,1,0,0,3,')).toBe(true);
  });
});
