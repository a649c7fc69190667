import { z } from 'zod';
import { AppointmentChannel, LocalDate } from './backoffice';
import { CallOutcome } from './calls';

// The impact dashboard (issue 15 item 6): per product and in total, the figures a municipality
// reports for a period. Every figure is computed by SQL in the back office
// (backoffice/src/impact/ImpactRepository.ts); how each is defined is in docs/impact.md.

/** The longest period one request covers. */
export const MAX_IMPACT_DAYS = 366;

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** GET /api/backoffice/impact?from=&to= — calendar dates in the municipality's time zone, both included. */
export const ImpactQuery = z
  .strictObject({ from: LocalDate, to: LocalDate })
  .refine((q) => q.to >= q.from, { message: 'to must not be before from', path: ['to'] })
  .refine((q) => dayNumber(q.to) - dayNumber(q.from) < MAX_IMPACT_DAYS, { message: `at most ${MAX_IMPACT_DAYS} days`, path: ['to'] });
export type ImpactQuery = z.infer<typeof ImpactQuery>;

/** p50/p90 in days (one decimal) over `count` cases; null when there are none. */
export const DurationFigures = z.object({ count: z.number().int(), p50Days: z.number().nullable(), p90Days: z.number().nullable() });
export type DurationFigures = z.infer<typeof DurationFigures>;

export const ImpactFigures = z.object({
  /** Booked appointments that started in the period, per channel. */
  contacts: z.record(AppointmentChannel, z.number().int()),
  /** Calls whose clerk recorded their outcome in the period (the case's 'call' events), per outcome. */
  callOutcomes: z.record(CallOutcome, z.number().int()),
  /** Cases closed in the period after at least one contact, and those with exactly one. */
  closedWithContact: z.number().int(),
  closedInOneContact: z.number().int(),
  /** closedInOneContact / closedWithContact in percent, one decimal; null without closed cases. */
  oneContactPercent: z.number().nullable(),
  /** From the request (case opened) to handled (case closed), cases closed in the period. */
  leadTime: DurationFigures,
  /** From the invitation sent to the booking made with its code, bookings in the period. */
  invitationToBooking: DurationFigures,
  /** From the booking to the case's "delivered" status, deliveries in the period. */
  bookingToDelivery: DurationFigures,
  /** Video calls and home visits: the citizen's trip to the town hall and back, not made. */
  travelAvoided: z.object({
    trips: z.number().int(),
    /** Video calls and home visits whose citizen's address has no stored coordinates: not counted in km. */
    withoutAddress: z.number().int(),
    km: z.number(),
    kgCo2: z.number(),
  }),
  /** Evaluations submitted in the period: how many, and their mean satisfaction (1–5, two decimals). */
  satisfaction: z.object({ count: z.number().int(), mean: z.number().nullable() }),
  /** Cases open at the end of the period, for citizens with reduced mobility and the others. */
  openCases: z.object({ reducedMobility: z.number().int(), others: z.number().int() }),
});
export type ImpactFigures = z.infer<typeof ImpactFigures>;

export const ImpactReport = z.object({
  from: LocalDate,
  to: LocalDate,
  timeZone: z.string(),
  /** kg CO2 per km travelled by car (IMPACT_CO2_KG_PER_KM), stated on the page. */
  co2KgPerKm: z.number(),
  /** The town hall the trips are measured to (the mobile counter's depot). */
  townHall: z.object({ lat: z.number(), lon: z.number() }),
  products: z.array(z.object({ productId: z.string(), name: z.object({ nl: z.string(), fr: z.string(), en: z.string() }), figures: ImpactFigures })),
  total: ImpactFigures,
});
export type ImpactReport = z.infer<typeof ImpactReport>;
