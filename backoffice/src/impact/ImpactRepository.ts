import { CHANNEL_NAMES, CallOutcome, type AppointmentChannel, type DurationFigures, type ImpactFigures } from '@videoloket/contracts';
import type { Queryable } from '../db/Database';
import { EARTH_RADIUS_KM, type Point } from '../mobile/routePlanner';

// The impact figures (issue 15 item 6), each one SQL statement over the back office's tables,
// grouped per product and in total at once (grouping sets: a row whose product_id is null is
// the total). Plain PostgreSQL that PGlite runs unchanged. Definitions: docs/impact.md.

export interface ImpactPeriod {
  /** Inclusive start of the period. */
  start: Date;
  /** Exclusive end: the end of the last day, or now when that is earlier. */
  end: Date;
}

/** Where a figure's row belongs: a product's id, or TOTAL for the row over every product. */
export const TOTAL = '';

type Keyed<T> = Map<string, T>;

const durations = (expr: string) => /* sql */ `
  count(*)::int as count,
  round((percentile_cont(0.5) within group (order by ${expr}) / 86400)::numeric, 1)::float8 as p50,
  round((percentile_cont(0.9) within group (order by ${expr}) / 86400)::numeric, 1)::float8 as p90`;

interface DurationRow {
  product_id: string | null;
  count: number;
  p50: number | null;
  p90: number | null;
}

function byProduct<R extends { product_id: string | null }, T>(rows: R[], map: (r: R) => T): Keyed<T> {
  return new Map(rows.map((r) => [r.product_id ?? TOTAL, map(r)]));
}

const durationFigures = (r: DurationRow): DurationFigures => ({ count: r.count, p50Days: r.p50, p90Days: r.p90 });
export const NO_DURATIONS: DurationFigures = { count: 0, p50Days: null, p90Days: null };
export const noOutcomes = (): ImpactFigures['callOutcomes'] => Object.fromEntries(CallOutcome.options.map((o) => [o, 0])) as ImpactFigures['callOutcomes'];

export class ImpactRepository {
  constructor(private readonly q: Queryable) {}

  /** Booked appointments that started in the period, per product and channel. */
  async contacts(p: ImpactPeriod): Promise<Keyed<Record<AppointmentChannel, number>>> {
    const rows = await this.q.query<{ product_id: string | null; channel: AppointmentChannel; n: number }>(
      `select product_id, channel, count(*)::int as n from appointments
        where status = 'booked' and starts_at >= $1 and starts_at < $2
        group by grouping sets ((product_id, channel), (channel))`,
      [p.start, p.end],
    );
    const out: Keyed<Record<AppointmentChannel, number>> = new Map();
    for (const r of rows) {
      const key = r.product_id ?? TOTAL;
      const counts = out.get(key) ?? (Object.fromEntries(CHANNEL_NAMES.map((c) => [c, 0])) as Record<AppointmentChannel, number>);
      counts[r.channel] = r.n;
      out.set(key, counts);
    }
    return out;
  }

  /** Outcomes the clerks recorded when their calls ended in the period (case_events kind 'call'). */
  async callOutcomes(p: ImpactPeriod): Promise<Keyed<ImpactFigures['callOutcomes']>> {
    const rows = await this.q.query<{ product_id: string | null; outcome: string; n: number }>(
      `select c.product_id, e.status as outcome, count(*)::int as n
         from case_events e join cases c on c.id = e.case_id
        where e.kind = 'call' and e.at >= $1 and e.at < $2
        group by grouping sets ((c.product_id, e.status), (e.status))`,
      [p.start, p.end],
    );
    const out: Keyed<ImpactFigures['callOutcomes']> = new Map();
    for (const r of rows) {
      const key = r.product_id ?? TOTAL;
      const counts = out.get(key) ?? noOutcomes();
      const outcome = CallOutcome.safeParse(r.outcome);
      if (outcome.success) counts[outcome.data] = r.n;
      out.set(key, counts);
    }
    return out;
  }

  /** Cases closed in the period: with how many contacts (booked appointments up to the closing), and the lead time. */
  async closedCases(p: ImpactPeriod): Promise<Keyed<Pick<ImpactFigures, 'closedWithContact' | 'closedInOneContact' | 'oneContactPercent' | 'leadTime'>>> {
    const rows = await this.q.query<DurationRow & { with_contact: number; one_contact: number; one_contact_percent: number | null }>(
      `with closed as (
         select c.product_id, c.created_at, c.closed_at,
                (select count(*) from appointments a where a.case_id = c.id and a.status = 'booked' and a.starts_at <= c.closed_at) as contacts
           from cases c where c.closed_at >= $1 and c.closed_at < $2)
       select product_id,
              count(*) filter (where contacts >= 1)::int as with_contact,
              count(*) filter (where contacts = 1)::int as one_contact,
              round(100.0 * count(*) filter (where contacts = 1) / nullif(count(*) filter (where contacts >= 1), 0), 1)::float8 as one_contact_percent,
              ${durations('extract(epoch from closed_at - created_at)')}
         from closed group by grouping sets ((product_id), ())`,
      [p.start, p.end],
    );
    return byProduct(rows, (r) => ({ closedWithContact: r.with_contact, closedInOneContact: r.one_contact, oneContactPercent: r.one_contact_percent, leadTime: durationFigures(r) }));
  }

  /** Invitations whose code booked an appointment in the period: from sending to booking. */
  async invitationToBooking(p: ImpactPeriod): Promise<Keyed<DurationFigures>> {
    const rows = await this.q.query<DurationRow>(
      `select product_id, ${durations('extract(epoch from used_at - sent_at)')}
         from invitations where sent_at is not null and used_at >= $1 and used_at < $2
        group by grouping sets ((product_id), ())`,
      [p.start, p.end],
    );
    return byProduct(rows, durationFigures);
  }

  /** Cases that first reached "delivered" in the period: from their first booking (still booked) to that moment. */
  async bookingToDelivery(p: ImpactPeriod): Promise<Keyed<DurationFigures>> {
    const rows = await this.q.query<DurationRow>(
      `with delivered as (
         select c.id, c.product_id, min(e.at) as delivered_at
           from case_events e join cases c on c.id = e.case_id
          where e.kind = 'status' and e.status = 'delivered'
          group by c.id, c.product_id),
       timed as (
         select d.product_id, extract(epoch from d.delivered_at - b.booked_at) as seconds
           from delivered d
           join lateral (select min(a.created_at) as booked_at from appointments a
                          where a.case_id = d.id and a.status = 'booked' and a.created_at <= d.delivered_at) b on b.booked_at is not null
          where d.delivered_at >= $1 and d.delivered_at < $2)
       select product_id, ${durations('seconds')} from timed group by grouping sets ((product_id), ())`,
      [p.start, p.end],
    );
    return byProduct(rows, durationFigures);
  }

  /**
   * Video calls and home visits that started in the period: the citizen's trip from their
   * address (the appointment's coordinates, else their invitation's) to the town hall and
   * back, as the crow flies (haversine, the mobile route planner's distance), times the
   * emission factor.
   */
  async travelAvoided(p: ImpactPeriod, townHall: Point, co2KgPerKm: number): Promise<Keyed<ImpactFigures['travelAvoided']>> {
    const rows = await this.q.query<{ product_id: string | null; trips: number; without_address: number; km: number; kg: number }>(
      `with trips as (
         select a.product_id, coalesce(a.lat, i.lat) as lat, coalesce(a.lon, i.lon) as lon
           from appointments a
           left join lateral (select lat, lon from invitations where case_id = a.case_id and lat is not null and lon is not null limit 1) i on true
          where a.status = 'booked' and a.channel in ('video', 'home_visit') and a.starts_at >= $1 and a.starts_at < $2),
       distances as (
         -- No address, no distance (least() would skip the null and make it half the earth).
         select product_id,
                case when lat is not null and lon is not null then
                  2 * 2 * $5::float8 * asin(least(1, sqrt(
                    power(sin(radians(lat - $3::float8) / 2), 2)
                    + cos(radians($3::float8)) * cos(radians(lat)) * power(sin(radians(lon - $4::float8) / 2), 2))))
                end as km
           from trips)
       select product_id, count(km)::int as trips, (count(*) - count(km))::int as without_address,
              round(coalesce(sum(km), 0)::numeric, 1)::float8 as km,
              round((coalesce(sum(km), 0) * $6::float8)::numeric, 1)::float8 as kg
         from distances group by grouping sets ((product_id), ())`,
      [p.start, p.end, townHall.lat, townHall.lon, EARTH_RADIUS_KM, co2KgPerKm],
    );
    return byProduct(rows, (r) => ({ trips: r.trips, withoutAddress: r.without_address, km: r.km, kgCo2: r.kg }));
  }

  /** Evaluations submitted in the period: how many and their mean satisfaction. */
  async satisfaction(p: ImpactPeriod): Promise<Keyed<ImpactFigures['satisfaction']>> {
    const rows = await this.q.query<{ product_id: string | null; n: number; mean: number | null }>(
      `select c.product_id, count(*)::int as n, round(avg((e.answers->>'satisfaction')::int)::numeric, 2)::float8 as mean
         from evaluations e join cases c on c.id = e.case_id
        where e.submitted_at >= $1 and e.submitted_at < $2
        group by grouping sets ((c.product_id), ())`,
      [p.start, p.end],
    );
    return byProduct(rows, (r) => ({ count: r.n, mean: r.mean }));
  }

  /** Cases open at the end of the period; reduced mobility as the citizen's invitation records it. */
  async openCases(p: ImpactPeriod): Promise<Keyed<ImpactFigures['openCases']>> {
    const rows = await this.q.query<{ product_id: string | null; reduced: number; others: number }>(
      `with open as (
         select c.product_id, exists (select 1 from invitations i where i.case_id = c.id and i.reduced_mobility) as reduced
           from cases c where c.created_at < $1 and (c.closed_at is null or c.closed_at >= $1))
       select product_id, count(*) filter (where reduced)::int as reduced, count(*) filter (where not reduced)::int as others
         from open group by grouping sets ((product_id), ())`,
      [p.end],
    );
    return byProduct(rows, (r) => ({ reducedMobility: r.reduced, others: r.others }));
  }
}

