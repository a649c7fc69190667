import { z } from 'zod';
import type { BankAccount } from '../bankTransfer';

// HTTP shapes of the back office: appointments, cases, the mobile counter, invitations,
// payments. Request bodies are zod schemas (validated at the edge with parseOrThrow and
// again inside the services); responses are plain interfaces.

export const AppointmentChannel = z.enum(['video', 'counter', 'home_visit', 'neighbourhood_office']);
export type AppointmentChannel = z.infer<typeof AppointmentChannel>;

export const BookingLanguage = z.enum(['nl', 'fr', 'en']);
export type BookingLanguage = z.infer<typeof BookingLanguage>;

// Dates and instants outside these years are refused at the edge (issue 9: a far-future date
// from an anonymous caller reached the database and the error log). Generous on both sides:
// clerks look back at past days, citizens book at most a few months ahead.
const EARLIEST_YEAR = 2000;
const LATEST_YEAR = 2100;
const yearInBounds = (year: number) => year >= EARLIEST_YEAR && year <= LATEST_YEAR;
const OUT_OF_BOUNDS = `must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}`;

/** Calendar date in the municipality's time zone, e.g. 2026-03-14. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date')
  .refine((s) => yearInBounds(Number(s.slice(0, 4))), OUT_OF_BOUNDS);

/** An instant with an explicit offset (ISO 8601), e.g. 2026-03-14T09:30:00+01:00. */
export const ZonedInstant = z.iso.datetime({ offset: true }).refine((s) => yearInBounds(new Date(s).getUTCFullYear()), OUT_OF_BOUNDS);

/** Ids the back office makes (appointments, cases): random UUIDs. Anything else is refused before the database sees it. */
export const BackofficeId = z.uuid('must be an id (UUID)');

// Free text typed by citizens ends up in mails, calendar invites and the clerk's screen
// (issue 9 finding 4): no control characters (CR/LF would start new lines of "official"
// text), no Unicode line/paragraph separators and no bidirectional overrides (text that
// reads differently from what it is). Multi-line fields keep \n and \t only.
const LINE_BREAKERS = /[\p{Cc}\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;
const CONTROLS_EXCEPT_NEWLINE_TAB = /(?![\n\t])[\p{Cc}\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;
/** Scheme URLs and web addresses: never part of a name or an address line. */
const URL_LIKE = /[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\b(?:https?|javascript|data|mailto):/i;

/** One line of text without control characters, trimmed, 1…max characters. */
export const singleLineText = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => !LINE_BREAKERS.test(s), 'must be one line without control characters');

/** Text of several lines (CR LF becomes LF), without other control characters, trimmed, at most max characters. */
export const multiLineText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s.replace(/\r\n/g, '\n'))
    .refine((s) => !CONTROLS_EXCEPT_NEWLINE_TAB.test(s), 'must not contain control characters');

/**
 * A person's name as typed on the booking page: letters (any script), spaces and . , ' ’ - ( ).
 * No digits, slashes, colons or @: a name cannot carry a phone number, a web address or a
 * mail address into the confirmation mail.
 */
export const PersonName = singleLineText(100)
  .refine((s) => /^[\p{L}\p{M}][\p{L}\p{M} .,'’()-]*$/u.test(s), "may contain letters, spaces and . , ' - only")
  .refine((s) => !URL_LIKE.test(s), 'must not contain a web address');

/**
 * A booking's idempotency key is also a way to ask for the booking back, so it must be
 * unguessable (issue 9 finding 8): at least 22 characters of base64url (128 bits from a
 * random source) or a UUID. The server additionally binds it to the whole request.
 */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'must be a random key of at least 22 characters (letters, digits, _ -), e.g. a UUID');

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
    name: PersonName,
    email: z.email().max(254).optional(),
    /** E.164, e.g. +32470123456. */
    phone: z.string().trim().regex(/^\+[1-9]\d{7,14}$/, 'must be a phone number in international format (+32…)').optional(),
    language: BookingLanguage.default('nl'),
  })
  .refine((c) => c.email !== undefined || c.phone !== undefined, { message: 'give an e-mail address or a phone number', path: ['email'] });
export type CitizenContact = z.infer<typeof CitizenContact>;

export const HomeAddress = z.strictObject({
  /** Street, number, postcode and town as one line, shown to the mobile clerk. */
  line: singleLineText(200).refine((s) => s.length >= 5, 'must be a full address').refine((s) => !URL_LIKE.test(s), 'must not contain a web address'),
  /** From the address register on the booking page; no external map service is used. */
  location: GeoPoint,
  /** Where to ring, floor, parking: for the mobile clerk. */
  instructions: multiLineText(500).optional(),
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
  remarks: multiLineText(1000).optional(),
  /** From a proactive invitation: attaches the booking to the case the invitation opened. */
  invitationCode: InvitationCode.optional(),
  /**
   * Client-chosen, random; the same request sent again with the same key (double click, retry
   * after a timeout) returns the first booking. A key sent with a different request is refused.
   */
  idempotencyKey: IdempotencyKey,
});
export type BookAppointmentRequest = z.infer<typeof BookAppointmentRequest>;

// GET /api/backoffice/booking-challenge → BookingChallengeView
// The booking page's proof of work (issue 9 finding 4): no third-party service. The server
// signs a challenge; the page finds a nonce such that
//   SHA-256("<challenge>.<idempotencyKey>.<nonce>")
// starts with `difficulty` zero bits (contracts/src/proofOfWork.ts), and sends it along.
export interface BookingChallengeView {
  challenge: string;
  /** Leading zero bits the digest must have: about 2^difficulty hashes of work. */
  difficulty: number;
  expiresAt: string;
}

export const BookingProof = z.strictObject({
  challenge: z.string().min(20).max(300).regex(/^[A-Za-z0-9_.-]+$/, 'must be a challenge from /booking-challenge'),
  nonce: z.string().regex(/^\d{1,15}$/, 'must be the decimal nonce that solves the challenge'),
});
export type BookingProof = z.infer<typeof BookingProof>;

// POST /api/backoffice/appointments: what the public page sends, the booking plus its proof.
export const PublicBookAppointmentRequest = BookAppointmentRequest.extend({ proof: BookingProof });
export type PublicBookAppointmentRequest = z.infer<typeof PublicBookAppointmentRequest>;

// POST /api/backoffice/manage/:token/reschedule
export const RescheduleRequest = z.strictObject({ startsAt: ZonedInstant });
export type RescheduleRequest = z.infer<typeof RescheduleRequest>;

// POST /api/backoffice/manage/:token/cancel
export const CancelRequest = z.strictObject({ reason: multiLineText(500).optional() });
export type CancelRequest = z.infer<typeof CancelRequest>;

// Clerk: POST /api/backoffice/cases/:caseId/status
export const SetCaseStatusRequest = z.strictObject({
  status: z.string().min(1).max(40),
  /** Shown to the citizen on the status page and in the notification. */
  message: multiLineText(1000).optional(),
  notify: z.boolean().default(true),
});
export type SetCaseStatusRequest = z.infer<typeof SetCaseStatusRequest>;

// Clerk: POST /api/backoffice/cases/:caseId/notes
export const AddCaseNoteRequest = z.strictObject({ text: multiLineText(5000).refine((s) => s.length > 0, 'must not be empty') });
export type AddCaseNoteRequest = z.infer<typeof AddCaseNoteRequest>;

// Clerk: POST /api/backoffice/cases/:caseId/documents
export const AttachDocumentRequest = z.strictObject({
  documentId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'must be a document id'),
  title: singleLineText(200),
});
export type AttachDocumentRequest = z.infer<typeof AttachDocumentRequest>;

// Citizen: POST /api/backoffice/status/:token/evaluation
export const EvaluationRequest = z.strictObject({
  /** 1 (very unhappy) … 5 (very happy). */
  satisfaction: z.number().int().min(1).max(5),
  /** How easy was it: 1 … 5. */
  ease: z.number().int().min(1).max(5),
  wouldUseVideoAgain: z.boolean().optional(),
  comment: multiLineText(2000).optional(),
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
  /** Where to transfer to (when the municipality configured its account), with the EPC QR payload. */
  transfer?: BankAccount & { epcQr: string };
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
