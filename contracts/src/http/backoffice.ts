import { z } from 'zod';
import { CHANNEL_NAMES } from '../channels';
import { CallOutcome } from './calls';

// HTTP shapes of the back office: appointments, cases, the mobile counter, invitations,
// payments. Request bodies are strict zod schemas (validated at the edge by the route table,
// routes.ts, and again inside the services); so are the responses.

/** Where the appointment happens; each channel's traits are in channels.ts. */
export const AppointmentChannel = z.enum(CHANNEL_NAMES);
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
export const BookingChallengeView = z.object({
  challenge: z.string(),
  /** Leading zero bits the digest must have: about 2^difficulty hashes of work. */
  difficulty: z.number().int(),
  expiresAt: z.string(),
});
export type BookingChallengeView = z.infer<typeof BookingChallengeView>;

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

// --- deliveries (issue 15 item 5) ---

// Citizen: POST /api/backoffice/status/:token/delivery — one of the proposed dates, and where.
export const ChooseDeliveryRequest = z.strictObject({ date: LocalDate, address: HomeAddress });
export type ChooseDeliveryRequest = z.infer<typeof ChooseDeliveryRequest>;

/** The drawn signature as signature_pad hands it over: a PNG data URL, at most ~300 KB. */
export const SignaturePng = z
  .string()
  .max(400_000)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG data URL');

// Driver: POST /api/backoffice/deliveries/:deliveryId/delivered
export const MarkDeliveredRequest = z.strictObject({ signature: SignaturePng });
export type MarkDeliveredRequest = z.infer<typeof MarkDeliveredRequest>;

// Clerk: GET /api/backoffice/mobile/day-plan?clerkId=&date=
export const DayPlanQuery = z.strictObject({ clerkId: z.string().min(1).max(64), date: LocalDate });
export type DayPlanQuery = z.infer<typeof DayPlanQuery>;

// Clerk: GET /api/backoffice/appointments?date=
export const AppointmentListQuery = z.strictObject({ date: LocalDate, clerkId: z.string().min(1).max(64).optional() });
export type AppointmentListQuery = z.infer<typeof AppointmentListQuery>;

// --- responses ---
// Response schemas are z.object (unknown keys stripped, not refused): the server sends its
// answers through them, so nothing outside the contract leaves it, and the browser client
// checks every answer against the same schema (routes.ts).

const Instant = z.string();
const LocalizedName = z.object({ nl: z.string(), fr: z.string(), en: z.string() });

export const ProductView = z.object({
  id: z.string(),
  name: LocalizedName,
  channels: z.array(AppointmentChannel),
  durationMinutes: z.number(),
  feeCents: z.number(),
  kit: z.array(z.string()),
  timeline: z.array(z.string()),
  /** Fulfilled by delivery at the citizen's door (issue 15 item 5): the status page offers delivery dates. */
  delivery: z.boolean().optional(),
});
export type ProductView = z.infer<typeof ProductView>;

export const SlotView = z.object({
  startsAt: Instant,
  endsAt: Instant,
  channel: AppointmentChannel,
  /** For home visits the slot is a window; the visit's arrival time comes from the day's route. */
  kind: z.enum(['fixed', 'window']),
});
export type SlotView = z.infer<typeof SlotView>;

/** Booked after signing in with the government login (issue 15 item 1): the name it vouched for (never the national number). */
export const IdentityVerified = z.object({ via: z.literal('government_login'), name: z.string() });
export type IdentityVerified = z.infer<typeof IdentityVerified>;

export const AppointmentView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  productId: z.string(),
  channel: AppointmentChannel,
  clerkId: z.string(),
  startsAt: Instant,
  endsAt: Instant,
  status: z.enum(['booked', 'cancelled']),
  citizenName: z.string(),
  /** Increments on every change; the iCalendar SEQUENCE. */
  sequence: z.number().int(),
  address: z.string().optional(),
  /** The citizen signed in with the government login when booking (issue 15 item 1): the name it vouched for. */
  identityVerified: IdentityVerified.optional(),
});
export type AppointmentView = z.infer<typeof AppointmentView>;

export const PaymentView = z.object({
  id: z.string(),
  amountCents: z.number().int(),
  /** Belgian structured communication, +++123/4567/89012+++. */
  structuredReference: z.string(),
  status: z.enum(['open', 'paid']),
  paidAt: Instant.optional(),
  /** Where to transfer to (when the municipality configured its account), with the EPC QR payload. */
  transfer: z.object({ beneficiary: z.string(), iban: z.string(), bic: z.string().optional(), epcQr: z.string() }).optional(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const BookingResponse = z.object({
  appointment: AppointmentView,
  /** Private link to reschedule or cancel (also in the mail). */
  manageUrl: z.string(),
  /** Private link to the case status page (also in the mail). */
  statusUrl: z.string(),
  /** Video appointments: the join link, valid from validFrom. */
  joinLink: z.object({ url: z.string(), validFrom: Instant }).optional(),
  payment: PaymentView.optional(),
  /** True when an earlier submission with the same idempotency key was returned. */
  replayed: z.boolean(),
});
export type BookingResponse = z.infer<typeof BookingResponse>;

export const CancelResponse = z.object({ appointmentId: z.string(), status: z.literal('cancelled'), alreadyCancelled: z.boolean() });
export type CancelResponse = z.infer<typeof CancelResponse>;

export const CaseEventView = z.object({
  at: Instant,
  kind: z.enum(['status', 'note', 'document', 'checklist', 'payment', 'appointment', 'evaluation', 'call', 'delivery']),
  status: z.string().optional(),
  /** A `call` event: what the clerk said came of the appointment's call. */
  outcome: CallOutcome.optional(),
  text: z.string().optional(),
  documentId: z.string().optional(),
  actor: z.string().optional(),
});
export type CaseEventView = z.infer<typeof CaseEventView>;

export const EvaluationView = z.object({
  satisfaction: z.number().int(),
  ease: z.number().int(),
  wouldUseVideoAgain: z.boolean().optional(),
  comment: z.string().optional(),
  submittedAt: Instant,
});
export type EvaluationView = z.infer<typeof EvaluationView>;

export const CaseView = z.object({
  id: z.string(),
  reference: z.string(),
  productId: z.string(),
  status: z.string(),
  timeline: z.array(z.string()),
  citizenName: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  createdAt: Instant,
  closedAt: Instant.optional(),
  events: z.array(CaseEventView),
  appointments: z.array(AppointmentView),
  payment: PaymentView.optional(),
  paid: z.boolean().nullable(),
  evaluation: EvaluationView.optional(),
});
export type CaseView = z.infer<typeof CaseView>;

/** What the citizen sees of the delivery: `choose` (no date yet), `planned` (a date, still changeable), `delivered`. */
export const DeliveryStatusView = z.object({
  state: z.enum(['choose', 'planned', 'delivered']),
  /** Dates the citizen may choose (empty once delivered). */
  proposedDates: z.array(z.string()),
  date: z.string().optional(),
  address: z.string().optional(),
  deliveredAt: Instant.optional(),
});
export type DeliveryStatusView = z.infer<typeof DeliveryStatusView>;

/** What the citizen sees on the private status page: no clerk notes. */
/** A message to the citizen's inbox (issue 15 item 2), in the language they chose when booking. */
export const CitizenMessageView = z.object({
  type: z.enum(['status', 'payment']),
  language: BookingLanguage,
  subject: z.string(),
  body: z.string(),
  at: Instant,
});
export type CitizenMessageView = z.infer<typeof CitizenMessageView>;

export const CaseStatusPageView = z.object({
  reference: z.string(),
  product: ProductView,
  status: z.string(),
  timeline: z.array(z.object({ status: z.string(), reachedAt: Instant.optional(), message: z.string().optional() })),
  nextAppointment: z.object({ startsAt: Instant, endsAt: Instant, channel: AppointmentChannel }).optional(),
  payment: PaymentView.optional(),
  evaluation: z.enum(['not_yet', 'open', 'submitted']),
  /** The citizen inbox's messages of the embedded default (empty when a government profile receives them). */
  messages: z.array(CitizenMessageView),
  /** A delivery product's delivery: dates to choose from until it is delivered. */
  delivery: DeliveryStatusView.optional(),
});
export type CaseStatusPageView = z.infer<typeof CaseStatusPageView>;

export const ChecklistState = z.record(ChecklistItem, z.boolean());
export type ChecklistState = z.infer<typeof ChecklistState>;

export const DayPlanVisit = z.object({
  order: z.number().int(),
  appointmentId: z.string(),
  caseId: z.string(),
  productId: z.string(),
  citizenName: z.string(),
  address: z.string(),
  instructions: z.string().optional(),
  location: GeoPoint,
  /** Planned arrival and departure from the route. */
  arriveAt: Instant,
  leaveAt: Instant,
  travelMinutesBefore: z.number(),
  distanceKmBefore: z.number(),
  kit: z.array(z.string()),
  checklist: ChecklistState,
});
export type DayPlanVisit = z.infer<typeof DayPlanVisit>;

export const DayPlanWindow = z.object({
  startsAt: Instant,
  endsAt: Instant,
  visits: z.array(DayPlanVisit),
  plannedKm: z.number(),
  /** Distance when visiting in booking order, for comparison. */
  bookingOrderKm: z.number(),
  fits: z.boolean(),
});
export type DayPlanWindow = z.infer<typeof DayPlanWindow>;

export const DayPlanView = z.object({
  clerkId: z.string(),
  date: z.string(),
  windows: z.array(DayPlanWindow),
  kit: z.array(z.string()),
});
export type DayPlanView = z.infer<typeof DayPlanView>;


export const DeliveryStop = z.object({
  order: z.number().int(),
  deliveryId: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  productId: z.string(),
  citizenName: z.string(),
  address: z.string(),
  instructions: z.string().optional(),
  location: GeoPoint,
  distanceKmBefore: z.number(),
  travelMinutesBefore: z.number(),
  status: z.enum(['planned', 'delivered']),
  deliveredAt: Instant.optional(),
});
export type DeliveryStop = z.infer<typeof DeliveryStop>;

/** A driver's deliveries of one day in planned route order (the mobile counter's planner). */
export const DeliveryRouteView = z.object({
  clerkId: z.string(),
  date: z.string(),
  stops: z.array(DeliveryStop),
  plannedKm: z.number(),
  /** Minutes from leaving the depot to the last door, stops included. */
  plannedMinutes: z.number(),
});
export type DeliveryRouteView = z.infer<typeof DeliveryRouteView>;

export const InvitationPrefill = z.object({
  productId: z.string(),
  channels: z.array(AppointmentChannel),
  citizen: z.object({ name: z.string(), email: z.string().optional(), phone: z.string().optional(), language: BookingLanguage }),
  address: z.object({ line: z.string(), location: GeoPoint.optional() }).optional(),
  reducedMobility: z.boolean(),
  expiresOn: z.string(),
});
export type InvitationPrefill = z.infer<typeof InvitationPrefill>;

// --- the outbox (issue 15 item 3): every push to an outside system, as administrators see it ---

export const OutboxState = z.enum(['pending', 'delivered', 'dead', 'discarded']);
export type OutboxState = z.infer<typeof OutboxState>;
export const OutboxKind = z.enum(['mail', 'sms', 'inbox', 'case.create', 'case.status', 'case.document', 'status.push']);

/** Which messages to list: the dead ones (default) wait for an administrator. */
export const OutboxListQuery = z.strictObject({ state: z.enum(['pending', 'dead']).default('dead') });
export type OutboxListQuery = z.infer<typeof OutboxListQuery>;

/** A message without its content (addresses, texts): what went wrong, how often, for which case. */
export const OutboxEntryView = z.object({
  id: z.string(),
  kind: OutboxKind,
  state: OutboxState,
  attempts: z.number().int(),
  lastError: z.string().optional(),
  caseReference: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nextAttemptAt: z.string().optional(),
});
export type OutboxEntryView = z.infer<typeof OutboxEntryView>;
