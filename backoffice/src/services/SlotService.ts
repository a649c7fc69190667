import { channelTraits, NotFoundError, UnprocessableError, parseOrThrow, SlotSearchQuery, type AppointmentChannel, type ProductView, type SlotView } from '@videoloket/contracts';
import type { BackofficeDeps, Repos } from '../context';
import { repos } from '../context';
import { planRoute, type Point } from '../mobile/routePlanner';
import type { AppointmentRecord } from '../repositories/AppointmentRepository';
import { addDays, addMinutes, daysBetween, isoWeekday, localDate, localTime, zonedToUtc } from '../time';

export interface CandidateSlot extends SlotView {
  /** Clerks who could take it, best first. Never sent to citizens. */
  clerkIds: string[];
}

interface DayContext {
  product: ProductView;
  channel: AppointmentChannel;
  date: string;
  location?: Point;
  excludeAppointmentId?: string;
}

/**
 * Free slots from opening hours ∩ clerk availability − absences − bookings. Fixed-time
 * channels get slots every `slotStepMinutes`; window channels (home visits; contracts'
 * channels.ts) get the opening-hours blocks as windows whose capacity is checked by planning the route.
 */
export class SlotService {
  constructor(private readonly deps: BackofficeDeps) {}

  async search(input: unknown): Promise<SlotView[]> {
    const q = parseOrThrow(SlotSearchQuery, input, 'slot search');
    const { options } = this.deps;
    const days = daysBetween(q.from, q.to);
    if (days < 0) throw new UnprocessableError('`to` is before `from`');
    if (days >= options.maxSearchDays) throw new UnprocessableError(`Search at most ${options.maxSearchDays} days at once`);
    const r = repos(this.deps.db);
    const product = await r.products.get(q.productId);
    if (!product) throw new NotFoundError(`Unknown product: ${q.productId}`);
    if (!product.channels.includes(q.channel)) throw new UnprocessableError(`${q.productId} cannot be booked as ${q.channel}`);
    const location = q.lat !== undefined && q.lon !== undefined ? { lat: q.lat, lon: q.lon } : undefined;
    const out: SlotView[] = [];
    for (let i = 0; i <= days; i++) {
      const slots = await this.day(r, { product, channel: q.channel, date: addDays(q.from, i), location });
      for (const s of slots) out.push({ startsAt: s.startsAt, endsAt: s.endsAt, channel: s.channel, kind: s.kind });
    }
    return out;
  }

  /** Slots of one local day, with the clerks free for each. Runs on `q` so booking can call it inside its transaction. */
  async day(r: Repos, ctx: DayContext): Promise<CandidateSlot[]> {
    const { options, now } = this.deps;
    const tz = options.timeZone;
    const earliest = addMinutes(now(), options.minLeadMinutes);
    const latest = zonedToUtc(addDays(localDate(now(), tz), options.horizonDays + 1), '00:00', tz);
    const weekday = isoWeekday(ctx.date);
    const blocks = await r.schedule.openingHours(ctx.channel, weekday);
    if (blocks.length === 0) return [];
    // Only the clerks who handle this product (the directory's products; none listed: all).
    const clerks = (await r.schedule.clerks(ctx.channel)).filter((c) => !c.products?.length || c.products.includes(ctx.product.id));
    const availability = await r.schedule.availability(weekday);
    const dayStart = zonedToUtc(ctx.date, '00:00', tz);
    const dayEnd = zonedToUtc(addDays(ctx.date, 1), '00:00', tz);
    const absences = await r.schedule.absences(dayStart, dayEnd);
    const booked = (await r.appointments.booked(dayStart, dayEnd)).filter((a) => a.id !== ctx.excludeAppointmentId);

    const free = (clerkId: string, start: Date, end: Date, localStart: string, localEnd: string) =>
      availability.some((b) => b.clerkId === clerkId && b.starts <= localStart && b.ends >= localEnd) &&
      !absences.some((a) => a.clerkId === clerkId && a.startsAt < end && a.endsAt > start);

    const out: CandidateSlot[] = [];
    if (channelTraits(ctx.channel).slots === 'window') {
      const durations = new Map((await r.products.list()).map((p) => [p.id, p.durationMinutes]));
      for (const b of blocks) {
        const start = zonedToUtc(ctx.date, b.starts, tz);
        const end = zonedToUtc(ctx.date, b.ends, tz);
        if (start < earliest || start >= latest) continue;
        const clerkIds = clerks
          .filter((c) => free(c.id, start, end, b.starts, b.ends))
          .filter((c) => this.windowFits(booked.filter((a) => a.clerkId === c.id && a.startsAt.getTime() === start.getTime()), durations, ctx, start, end))
          .map((c) => c.id);
        if (clerkIds.length > 0) out.push({ startsAt: start.toISOString(), endsAt: end.toISOString(), channel: ctx.channel, kind: 'window', clerkIds });
      }
      return out;
    }

    const step = options.slotStepMinutes;
    const duration = ctx.product.durationMinutes;
    for (const b of blocks) {
      const blockStart = zonedToUtc(ctx.date, b.starts, tz);
      const blockEnd = zonedToUtc(ctx.date, b.ends, tz);
      for (let start = blockStart; addMinutes(start, duration) <= blockEnd; start = addMinutes(start, step)) {
        const end = addMinutes(start, duration);
        if (start < earliest || start >= latest) continue;
        const ls = localTime(start, tz);
        const le = localTime(end, tz);
        const clerkIds = clerks
          .filter((c) => free(c.id, start, end, ls, le))
          .filter((c) => !booked.some((a) => a.clerkId === c.id && channelTraits(a.channel).slots === 'fixed' && a.startsAt < end && a.endsAt > start))
          // Spread the load: the clerk with the fewest bookings that day first.
          .sort((x, y) => countFor(booked, x.id) - countFor(booked, y.id) || x.id.localeCompare(y.id))
          .map((c) => c.id);
        if (clerkIds.length > 0) out.push({ startsAt: start.toISOString(), endsAt: end.toISOString(), channel: ctx.channel, kind: 'fixed', clerkIds });
      }
    }
    return out;
  }

  /**
   * A window still takes a visit at `location` when the route through its visits plus the new
   * one (depot → …, with travel at the configured speed and a buffer before each visit) ends
   * before the window does.
   */
  windowFits(visits: AppointmentRecord[], durations: Map<string, number>, ctx: DayContext, start: Date, end: Date): boolean {
    const { mobile } = this.deps.options;
    // A home visit's record spans its whole window; its own length is its product's duration.
    const stops = visits.map((v) => ({ lat: v.lat ?? mobile.depot.lat, lon: v.lon ?? mobile.depot.lon, durationMinutes: durations.get(v.productId) ?? 30 }));
    const here = ctx.location ?? mobile.depot;
    stops.push({ lat: here.lat, lon: here.lon, durationMinutes: ctx.product.durationMinutes });
    const route = planRoute(mobile.depot, stops, { speedKmh: mobile.speedKmh, bufferMinutes: mobile.bufferMinutes });
    return route.totalMinutes <= (end.getTime() - start.getTime()) / 60_000;
  }
}

function countFor(booked: AppointmentRecord[], clerkId: string): number {
  return booked.filter((a) => a.clerkId === clerkId).length;
}
