import { CHANNEL_NAMES, ImpactQuery, parseOrThrow, type AppointmentChannel, type ImpactFigures, type ImpactReport } from '@videoloket/contracts';
import type { BackofficeDeps } from '../context';
import { ProductRepository } from '../repositories/ProductRepository';
import { addDays, zonedToUtc } from '../time';
import { ImpactRepository, NO_DURATIONS, TOTAL, noOutcomes, type ImpactPeriod } from './ImpactRepository';

/** The impact dashboard's figures for a period (supervisors and administrators; the route checks). */
export class ImpactService {
  constructor(private readonly deps: BackofficeDeps) {}

  async report(input: unknown): Promise<ImpactReport> {
    const query = parseOrThrow(ImpactQuery, input, 'impact figures');
    const { db, options, now } = this.deps;
    const { timeZone } = options;
    const start = zonedToUtc(query.from, '00:00', timeZone);
    const endOfPeriod = zonedToUtc(addDays(query.to, 1), '00:00', timeZone);
    // Nothing after now has happened yet: a period that runs on into the future ends now.
    const period: ImpactPeriod = { start, end: new Date(Math.max(start.getTime(), Math.min(endOfPeriod.getTime(), now().getTime()))) };
    const { co2KgPerKm } = options.impact;
    const townHall = options.mobile.depot;

    const r = new ImpactRepository(db);
    const [contacts, outcomes, closed, invitation, delivery, travel, satisfaction, open, products] = await Promise.all([
      r.contacts(period),
      r.callOutcomes(period),
      r.closedCases(period),
      r.invitationToBooking(period),
      r.bookingToDelivery(period),
      r.travelAvoided(period, townHall, co2KgPerKm),
      r.satisfaction(period),
      r.openCases(period),
      new ProductRepository(db).all(),
    ]);
    const figures = (key: string): ImpactFigures => {
      const c = closed.get(key);
      return {
        contacts: contacts.get(key) ?? (Object.fromEntries(CHANNEL_NAMES.map((ch) => [ch, 0])) as Record<AppointmentChannel, number>),
        callOutcomes: outcomes.get(key) ?? noOutcomes(),
        closedWithContact: c?.closedWithContact ?? 0,
        closedInOneContact: c?.closedInOneContact ?? 0,
        oneContactPercent: c?.oneContactPercent ?? null,
        leadTime: c?.leadTime ?? NO_DURATIONS,
        invitationToBooking: invitation.get(key) ?? NO_DURATIONS,
        bookingToDelivery: delivery.get(key) ?? NO_DURATIONS,
        travelAvoided: travel.get(key) ?? { trips: 0, withoutAddress: 0, km: 0, kgCo2: 0 },
        satisfaction: satisfaction.get(key) ?? { count: 0, mean: null },
        openCases: open.get(key) ?? { reducedMobility: 0, others: 0 },
      };
    };
    return {
      from: query.from,
      to: query.to,
      timeZone,
      co2KgPerKm,
      townHall,
      products: products.map((p) => ({ productId: p.id, name: p.name, figures: figures(p.id) })),
      total: figures(TOTAL),
    };
  }
}
