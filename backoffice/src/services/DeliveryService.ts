import { randomUUID } from 'node:crypto';
import {
  ChooseDeliveryRequest,
  ConflictError,
  DayPlanQuery,
  ForbiddenError,
  MarkDeliveredRequest,
  NotFoundError,
  UnprocessableError,
  parseOrThrow,
  type CaseStatusPageView,
  type DeliveryRouteView,
} from '@videoloket/contracts';
import { PdfLimitsSchema, inspectSignaturePng } from '@videoloket/pdf';
import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import { proposedDates } from '../delivery/deliveryDates';
import { planRoute } from '../mobile/routePlanner';
import { hashSecret } from '../tokens';
import type { CaseService } from './CaseService';

const DELIVERED = 'delivered';
/** The signed forms' rules for a drawn signature: a real PNG, not blank, not a dot in a corner. */
const SIGNATURE_LIMITS = PdfLimitsSchema.parse({});

/**
 * Delivery products (issue 15 item 5): the citizen picks a proposed date on the status page
 * (their private link), the deliveries of a driver's day are planned as a route like the
 * mobile counter's visits, and the driver marks each delivered with the citizen's drawn
 * signature, which moves the case to "delivered" and tells the citizen (CaseService.changeStatus).
 */
export class DeliveryService {
  constructor(
    private readonly deps: BackofficeDeps,
    private readonly cases: CaseService,
  ) {}

  /** The citizen's choice of date and address, through the status link's token; again to change it until delivered. */
  async choose(token: string, input: unknown): Promise<CaseStatusPageView> {
    const req = parseOrThrow(ChooseDeliveryRequest, input, 'delivery choice');
    const c = await repos(this.deps.db).cases.byStatusTokenHash(hashSecret(token));
    if (!c) throw new NotFoundError('Unknown or expired link');
    await this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      const locked = (await t.cases.get(c.id, true))!;
      const product = (await t.products.get(locked.productId))!;
      if (!product.delivery) throw new UnprocessableError('This product is not delivered');
      if (locked.closedAt) throw new ConflictError('This case is closed');
      const existing = await t.deliveries.byCase(locked.id);
      if (existing?.status === 'delivered') throw new ConflictError('This delivery was already made');
      const proposal = (await proposedDates(this.deps, tx)).find((p) => p.date === req.date);
      if (!proposal) throw new UnprocessableError('Choose one of the proposed delivery dates');
      // Unchanged date: keep its driver (the proposal may name another with fewer deliveries now).
      const driverId = existing?.date === req.date ? existing.driverId : proposal.driverId;
      const { line, location, instructions } = req.address;
      await t.deliveries.choose({ id: existing?.id ?? randomUUID(), caseId: locked.id, date: req.date, driverId, address: line, instructions, lat: location.lat, lon: location.lon }, this.deps.now());
      await t.cases.addEvent(locked.id, { kind: 'delivery', text: `${existing ? 'Levering verplaatst naar' : 'Levering gekozen op'} ${req.date}`, actor: 'citizen' });
    });
    return this.cases.statusPage(token);
  }

  /** A driver's deliveries of a day in route order from the depot (the mobile counter's planner). */
  async route(input: unknown): Promise<DeliveryRouteView> {
    const q = parseOrThrow(DayPlanQuery, input, 'delivery route');
    const { mobile, delivery } = this.deps.options;
    const stops = await repos(this.deps.db).deliveries.forDriverDay(q.clerkId, q.date);
    const route = planRoute(mobile.depot, stops.map((s) => ({ lat: s.lat, lon: s.lon, durationMinutes: delivery.stopMinutes })), { speedKmh: mobile.speedKmh, bufferMinutes: mobile.bufferMinutes });
    return {
      clerkId: q.clerkId,
      date: q.date,
      plannedKm: Math.round(route.totalKm * 100) / 100,
      plannedMinutes: route.totalMinutes,
      stops: route.stops.map((p, n) => {
        const s = stops[p.index]!;
        return {
          order: n + 1,
          deliveryId: s.id,
          caseId: s.caseId,
          caseReference: s.caseReference,
          productId: s.productId,
          citizenName: s.citizenName,
          address: s.address,
          ...(s.instructions ? { instructions: s.instructions } : {}),
          location: { lat: s.lat, lon: s.lon },
          distanceKmBefore: Math.round(p.distanceKmBefore * 100) / 100,
          travelMinutesBefore: p.travelMinutesBefore,
          status: s.status,
          ...(s.deliveredAt ? { deliveredAt: s.deliveredAt.toISOString() } : {}),
        };
      }),
    };
  }

  /**
   * Only the delivery's own driver marks it delivered (`driverId`: the back-office clerk the
   * signed-in account works as; none: refused). Marking it again returns the route unchanged,
   * so a retry after a lost answer does no harm.
   */
  async markDelivered(deliveryId: string, input: unknown, driverId: string | undefined): Promise<DeliveryRouteView> {
    const req = parseOrThrow(MarkDeliveredRequest, input, 'delivery');
    const base64 = req.signature.slice(req.signature.indexOf(',') + 1);
    const { delivery, queued } = await this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      const found = await t.deliveries.get(deliveryId);
      if (!found) throw new NotFoundError('Unknown delivery');
      // The case first, then the delivery: the order the citizen's choice takes them in.
      const c = (await t.cases.get(found.caseId, true))!;
      const d = (await t.deliveries.get(deliveryId, true))!;
      if (!driverId || d.driverId !== driverId) throw new ForbiddenError("Only the delivery's driver may mark it delivered");
      if (d.status === 'planned') inspectSignaturePng(Buffer.from(base64, 'base64'), SIGNATURE_LIMITS);
      if (!(await t.deliveries.markDelivered(d.id, driverId, base64, this.deps.now()))) return { delivery: d, queued: [] };
      await t.cases.addEvent(d.caseId, { kind: 'delivery', text: 'Geleverd; handtekening ontvangen', actor: driverId });
      const product = (await t.products.get(c.productId))!;
      // The case's own "delivered" step, with the citizen's notices and the pushes to the case system.
      const moves = product.timeline.includes(DELIVERED) && !c.closedAt && c.status !== DELIVERED;
      return { delivery: d, queued: moves ? await this.cases.changeStatus(tx, c, { status: DELIVERED, notify: true }, driverId) : [] };
    });
    await this.deps.outbox.flush(queued);
    return this.route({ clerkId: delivery.driverId, date: delivery.date });
  }
}
