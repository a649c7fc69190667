import type { DeliveryStatusView } from '@videoloket/contracts';
import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import type { Queryable } from '../db/Database';
import type { CaseRecord } from '../repositories/CaseRepository';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../time';

export interface ProposedDate {
  date: string;
  /** The driver who gets the delivery when the citizen takes this date: the one with the fewest that day. */
  driverId: string;
}

/**
 * The dates a citizen may choose: from tomorrow, the first `datesOffered` days on which a
 * driver (a clerk of the mobile counter) works, is not absent, and has room for one more.
 * The capacity is a plan, not a lock: two citizens taking the last place at once both get it.
 */
export async function proposedDates(deps: BackofficeDeps, q: Queryable): Promise<ProposedDate[]> {
  const { timeZone, delivery } = deps.options;
  const r = repos(q);
  const drivers = new Set((await r.schedule.clerks('home_visit')).map((c) => c.id));
  const first = addDays(localDate(deps.now(), timeZone), 1);
  const last = addDays(first, delivery.searchDays - 1);
  const planned = await r.deliveries.plannedCounts(first, last);
  const absences = await r.schedule.absences(zonedToUtc(first, '00:00', timeZone), zonedToUtc(addDays(last, 1), '00:00', timeZone));
  const out: ProposedDate[] = [];
  for (let date = first; date <= last && out.length < delivery.datesOffered; date = addDays(date, 1)) {
    const dayStart = zonedToUtc(date, '00:00', timeZone);
    const dayEnd = zonedToUtc(addDays(date, 1), '00:00', timeZone);
    const working = [...new Set((await r.schedule.availability(isoWeekday(date))).map((a) => a.clerkId))]
      .filter((id) => drivers.has(id))
      .filter((id) => !absences.some((a) => a.clerkId === id && a.startsAt < dayEnd && a.endsAt > dayStart))
      .map((id) => ({ id, load: planned.get(`${date}/${id}`) ?? 0 }))
      .filter((d) => d.load < delivery.perDriverPerDay)
      .sort((a, b) => a.load - b.load || a.id.localeCompare(b.id));
    if (working[0]) out.push({ date, driverId: working[0].id });
  }
  return out;
}

/** The delivery part of a delivery product's status page. */
export async function deliveryStatus(deps: BackofficeDeps, q: Queryable, c: CaseRecord): Promise<DeliveryStatusView> {
  const d = await repos(q).deliveries.byCase(c.id);
  if (d?.status === 'delivered') return { state: 'delivered', proposedDates: [], date: d.date, address: d.address, ...(d.deliveredAt ? { deliveredAt: d.deliveredAt.toISOString() } : {}) };
  const dates = c.closedAt ? [] : (await proposedDates(deps, q)).map((p) => p.date);
  return d ? { state: 'planned', proposedDates: dates, date: d.date, address: d.address } : { state: 'choose', proposedDates: dates };
}
