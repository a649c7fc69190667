import { z } from 'zod';

// HTTP shapes of the back office: appointments, cases, the mobile counter, invitations,
// payments. Request bodies are zod schemas (validated at the edge with parseOrThrow and
// again inside the services); responses are plain interfaces.

export const AppointmentChannel = z.enum(['video', 'counter', 'home_visit', 'neighbourhood_office']);
export type AppointmentChannel = z.infer<typeof AppointmentChannel>;

export const BookingLanguage = z.enum(['nl', 'fr', 'en']);
export type BookingLanguage = z.infer<typeof BookingLanguage>;

/** Calendar date in the municipality's time zone, e.g. 2026-03-14. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

/** An instant with an explicit offset (ISO 8601), e.g. 2026-03-14T09:30:00+01:00. */
export const ZonedInstant = z.iso.datetime({ offset: true });

export const ProductId = z.string().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'must be a product id');
export const PrivateLinkToken = z.string().min(20).max(128).regex(/^[A-Za-z0-9_-]+$/, 'must be a token');
export const InvitationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{4}-?[A-Z0-9]{4}-?[A-Z0-9]{2}$/, 'must be an invitation code like ABCD-EFGH-JK');

export const GeoPoint = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

export const CitizenContact = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    email: z.email().max(254).optional(),
    /** E.164, e.g. +32470123456. */
    phone: z.string().trim().regex(/^\+[1-9]\d{7,14}$/, 'must be a phone number in international format (+32…)').optional(),
    language: BookingLanguage.default('nl'),
  })
  .refine((c) => c.email !== undefined || c.phone !== undefined, { message: 'give an e-mail address or a phone number', path: ['email'] });
export type CitizenContact = z.infer<typeof CitizenContact>;

export const HomeAddress = z.strictObject({
  /** Street, number, postcode and town as one line, shown to the mobile clerk. */
  line: z.string().trim().min(5).max(200),
  /** From the address register on the booking page; no external map service is used. */
  location: GeoPoint,
  /** Where to ring, floor, parking: for the mobile clerk. */
  instructions: z.string().trim().max(500).optional(),
});
export type HomeAddress = z.infer<typeof HomeAddress>;

// GET /api/backoffice/slots?productId=&channel=&from=&to=[&lat=&lon=]
export const SlotSearchQuery = z.strictObject({
  productId: ProductId,
  channel: AppointmentChannel,
  from: LocalDate,
  to: LocalDate,
  /** Home visits only: where the visit would be, so capacity can respect travel time. */
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
});
export type SlotSearchQuery = z.infer<typeof SlotSearchQuery>;

// POST /api/backoffice/appointments
export const BookAppointmentRequest = z.strictObject({
  productId: ProductId,
  channel: AppointmentChannel,
  /** Start of the chosen slot (for a home visit: start of the visit window), as returned by slot search. */
  startsAt: ZonedInstant,
  citizen: CitizenContact,
  /** Required for home visits. */
  address: HomeAddress.optional(),
  /** Free text for the clerk: what the citizen needs. */
  remarks: z.string().trim().max(1000).optional(),
  /** From a proactive invitation: attaches the booking to the case the invitation opened. */
  invitationCode: InvitationCode.optional(),
  /** Client-chosen; a repeated submission with the same key returns the first booking. */
  idempotencyKey: z.string().min(8).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'must be a key of letters, digits, _ . : -'),
});
export type BookAppointmentRequest = z.infer<typeof BookAppointmentRequest>;

// POST /api/backoffice/manage/:token/reschedule
export const RescheduleRequest = z.strictObject({ startsAt: ZonedInstant });
export type RescheduleRequest = z.infer<typeof RescheduleRequest>;

// POST /api/backoffice/manage/:token/cancel
export const CancelRequest = z.strictObject({ reason: z.string().trim().max(500).optional() });
export type CancelRequest = z.infer<typeof CancelRequest>;

// Clerk: POST /api/backoffice/cases/:caseId/status
export const SetCaseStatusRequest = z.strictObject({
  status: z.string().min(1).max(40),
  /** Shown to the citizen on the status page and in the notification. */
  message: z.string().trim().max(1000).optional(),
  notify: z.boolean().default(true),
});
export type SetCaseStatusRequest = z.infer<typeof SetCaseStatusRequest>;

// Clerk: POST /api/backoffice/cases/:caseId/notes
export const AddCaseNoteRequest = z.strictObject({ text: z.string().trim().min(1).max(5000) });
export type AddCaseNoteRequest = z.infer<typeof AddCaseNoteRequest>;

// Clerk: POST /api/backoffice/cases/:caseId/documents
export const AttachDocumentRequest = z.strictObject({
  documentId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'must be a document id'),
  title: z.string().trim().min(1).max(200),
});
export type AttachDocumentRequest = z.infer<typeof AttachDocumentRequest>;

// Citizen: POST /api/backoffice/status/:token/evaluation
export const EvaluationRequest = z.strictObject({
  /** 1 (very unhappy) … 5 (very happy). */
  satisfaction: z.number().int().min(1).max(5),
  /** How easy was it: 1 … 5. */
  ease: z.number().int().min(1).max(5),
  wouldUseVideoAgain: z.boolean().optional(),
  comment: z.string().trim().max(2000).optional(),
});
export type EvaluationRequest = z.infer<typeof EvaluationRequest>;

export const ChecklistItem = z.enum(['identity_verified', 'photo', 'fingerprints', 'signature', 'receipt_printed']);
export type ChecklistItem = z.infer<typeof ChecklistItem>;

// Mobile clerk: POST /api/backoffice/visits/:appointmentId/checklist
export const ChecklistUpdateRequest = z.strictObject({ item: ChecklistItem, done: z.boolean() });
export type ChecklistUpdateRequest = z.infer<typeof ChecklistUpdateRequest>;

// Clerk: GET /api/backoffice/mobile/day-plan?clerkId=&date=
export const DayPlanQuery = z.strictObject({ clerkId: z.string().min(1).max(64), date: LocalDate });
export type DayPlanQuery = z.infer<typeof DayPlanQuery>;

// Clerk: GET /api/backoffice/appointments?date=
export const AppointmentListQuery = z.strictObject({ date: LocalDate, clerkId: z.string().min(1).max(64).optional() });
export type AppointmentListQuery = z.infer<typeof AppointmentListQuery>;

// --- responses ---

export interface ProductView {
  id: string;
  name: { nl: string; fr: string; en: string };
  channels: AppointmentChannel[];
  durationMinutes: number;
  feeCents: number;
  kit: string[];
  timeline: string[];
}

export interface SlotView {
  startsAt: string;
  endsAt: string;
  channel: AppointmentChannel;
  /** For home visits the slot is a window; the visit's arrival time comes from the day's route. */
  kind: 'fixed' | 'window';
}

export interface AppointmentView {
  id: string;
  caseId: string;
  caseReference: string;
  productId: string;
  channel: AppointmentChannel;
  clerkId: string;
  startsAt: string;
  endsAt: string;
  status: 'booked' | 'cancelled';
  citizenName: string;
  /** Increments on every change; the iCalendar SEQUENCE. */
  sequence: number;
  address?: string;
}

export interface BookingResponse {
  appointment: AppointmentView;
  /** Private link to reschedule or cancel (also in the mail). */
  manageUrl: string;
  /** Private link to the case status page (also in the mail). */
  statusUrl: string;
  /** Video appointments: the join link, valid from validFrom. */
  joinLink?: { url: string; validFrom: string };
  payment?: PaymentView;
  /** True when an earlier submission with the same idempotency key was returned. */
  replayed: boolean;
}

export interface PaymentView {
  id: string;
  amountCents: number;
  /** Belgian structured communication, +++123/4567/89012+++. */
  structuredReference: string;
  status: 'open' | 'paid';
  paidAt?: string;
}

export interface CaseEventView {
  at: string;
  kind: 'status' | 'note' | 'document' | 'checklist' | 'payment' | 'appointment' | 'evaluation';
  status?: string;
  text?: string;
  documentId?: string;
  actor?: string;
}

export interface CaseView {
  id: string;
  reference: string;
  productId: string;
  status: string;
  timeline: string[];
  citizenName: string;
  email?: string;
  phone?: string;
  createdAt: string;
  closedAt?: string;
  events: CaseEventView[];
  appointments: AppointmentView[];
  payment?: PaymentView;
  paid: boolean | null;
  evaluation?: EvaluationRequest & { submittedAt: string };
}

/** What the citizen sees on the private status page: no clerk notes. */
export interface CaseStatusPageView {
  reference: string;
  product: ProductView;
  status: string;
  timeline: { status: string; reachedAt?: string; message?: string }[];
  nextAppointment?: { startsAt: string; endsAt: string; channel: AppointmentChannel };
  payment?: PaymentView;
  evaluation: 'not_yet' | 'open' | 'submitted';
}

export interface DayPlanVisit {
  order: number;
  appointmentId: string;
  caseId: string;
  productId: string;
  citizenName: string;
  address: string;
  instructions?: string;
  location: GeoPoint;
  /** Planned arrival and departure from the route. */
  arriveAt: string;
  leaveAt: string;
  travelMinutesBefore: number;
  distanceKmBefore: number;
  kit: string[];
  checklist: Record<ChecklistItem, boolean>;
}

export interface DayPlanWindow {
  startsAt: string;
  endsAt: string;
  visits: DayPlanVisit[];
  plannedKm: number;
  /** Distance when visiting in booking order, for comparison. */
  bookingOrderKm: number;
  fits: boolean;
}

export interface DayPlanView {
  clerkId: string;
  date: string;
  windows: DayPlanWindow[];
  kit: string[];
}

export interface InvitationPrefill {
  productId: string;
  channels: AppointmentChannel[];
  citizen: { name: string; email?: string; phone?: string; language: BookingLanguage };
  address?: { line: string; location?: GeoPoint };
  reducedMobility: boolean;
  expiresOn: string;
}
