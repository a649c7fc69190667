import { channelTraits, ChecklistItem, ChecklistUpdateRequest, DayPlanQuery, NotFoundError, UnprocessableError, parseOrThrow, type DayPlanView, type DayPlanWindow } from '@videoloket/contracts';
import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import { pathKm, planRoute } from '../mobile/routePlanner';
import { addDays, addMinutes, zonedToUtc } from '../time';

const ITEMS = ChecklistItem.options;

/** The mobile counter: a clerk's day in route order, kit, and the per-visit checklist. */
export class MobileCounterService {
  constructor(private readonly deps: BackofficeDeps) {}

  async dayPlan(input: unknown): Promise<DayPlanView> {
    const q = parseOrThrow(DayPlanQuery, input, 'day plan');
    const { timeZone, mobile } = this.deps.options;
    const r = repos(this.deps.db);
    const clerk = await r.schedule.getClerk(q.clerkId);
    if (!clerk) throw new NotFoundError('Unknown clerk');
    const visits = (await r.appointments.booked(zonedToUtc(q.date, '00:00', timeZone), zonedToUtc(addDays(q.date, 1), '00:00', timeZone), clerk.id)).filter(
      (a) => channelTraits(a.channel).mobileCounter,
    );
    const products = new Map((await r.products.list()).map((p) => [p.id, p]));
    const checklists = await r.appointments.checklist(visits.map((v) => v.id));
    const windows = new Map<number, typeof visits>();
    for (const v of visits) windows.set(v.startsAt.getTime(), [...(windows.get(v.startsAt.getTime()) ?? []), v]);

    const out: DayPlanWindow[] = [];
    const kit = new Set<string>();
    for (const [, group] of [...windows.entries()].sort((a, b) => a[0] - b[0])) {
      const start = group[0]!.startsAt;
      const end = group[0]!.endsAt;
      const stops = group.map((v) => ({ lat: v.lat!, lon: v.lon!, durationMinutes: products.get(v.productId)?.durationMinutes ?? 30 }));
      const route = planRoute(mobile.depot, stops, { speedKmh: mobile.speedKmh, bufferMinutes: mobile.bufferMinutes });
      out.push({
        startsAt: start.toISOString(),
        endsAt: end.toISOString(),
        plannedKm: round(route.totalKm),
        bookingOrderKm: round(pathKm(mobile.depot, stops, stops.map((_, i) => i))),
        fits: route.totalMinutes <= (end.getTime() - start.getTime()) / 60_000,
        visits: route.stops.map((s, n) => {
          const v = group[s.index]!;
          const product = products.get(v.productId);
          for (const k of product?.kit ?? []) kit.add(k);
          const done = checklists.get(v.id);
          return {
            order: n + 1,
            appointmentId: v.id,
            caseId: v.caseId,
            productId: v.productId,
            citizenName: v.citizenName,
            address: v.address ?? '',
            ...(v.addressInstructions ? { instructions: v.addressInstructions } : {}),
            location: { lat: v.lat!, lon: v.lon! },
            arriveAt: addMinutes(start, s.arriveAfterMinutes).toISOString(),
            leaveAt: addMinutes(start, s.leaveAfterMinutes).toISOString(),
            travelMinutesBefore: s.travelMinutesBefore,
            distanceKmBefore: round(s.distanceKmBefore),
            kit: product?.kit ?? [],
            checklist: Object.fromEntries(ITEMS.map((i) => [i, done?.get(i) ?? false])) as Record<ChecklistItem, boolean>,
          };
        }),
      });
    }
    return { clerkId: clerk.id, date: q.date, windows: out, kit: [...kit].sort() };
  }

  /** Ticks one checklist item of a visit and records it on the case. */
  async setChecklistItem(appointmentId: string, input: unknown, actor: string): Promise<Record<ChecklistItem, boolean>> {
    const req = parseOrThrow(ChecklistUpdateRequest, input, 'checklist update');
    return this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      const a = await t.appointments.get(appointmentId);
      if (!a) throw new NotFoundError('Unknown visit');
      if (!channelTraits(a.channel).mobileCounter) throw new UnprocessableError('Only mobile-counter visits have a checklist');
      await t.appointments.setChecklistItem(appointmentId, req.item, req.done, actor);
      await t.cases.addEvent(a.caseId, { kind: 'checklist', text: `${req.item}: ${req.done ? 'gedaan' : 'niet gedaan'}`, actor });
      const done = (await t.appointments.checklist([appointmentId])).get(appointmentId);
      return Object.fromEntries(ITEMS.map((i) => [i, done?.get(i) ?? false])) as Record<ChecklistItem, boolean>;
    });
  }
}

function round(km: number): number {
  return Math.round(km * 100) / 100;
}
