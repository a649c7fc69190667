import { z } from 'zod';
import { Id } from '../roles';
import { ClerkLoginOptions, LoginRequest, LoginResponse } from './auth';
import {
  AddCaseNoteRequest,
  AppointmentListQuery,
  AppointmentView,
  AttachDocumentRequest,
  BackofficeId,
  BookingChallengeView,
  BookingResponse,
  CancelRequest,
  CancelResponse,
  CaseStatusPageView,
  CaseView,
  ChecklistState,
  ChecklistUpdateRequest,
  ChooseDeliveryRequest,
  DeliveryRouteView,
  MarkDeliveredRequest,
  DayPlanQuery,
  DayPlanView,
  EvaluationRequest,
  InvitationCode,
  InvitationPrefill,
  OutboxEntryView,
  OutboxListQuery,
  PrivateLinkToken,
  ProductView,
  PublicBookAppointmentRequest,
  RescheduleRequest,
  SetCaseStatusRequest,
  SlotSearchQuery,
  SlotView,
} from './backoffice';
import { AfterCallDocumentsResponse, CallDocumentsResponse } from './callDocuments';
import { ImpactQuery, ImpactReport } from './impact';
import { RegisterLookupRequest, RegisterLookupResponse } from './personRegister';
import { CitizenLoginSessionView } from './citizenLogin';
import { CallSummary, CreateCallRequest, CreateCallResponse, HandoverRequest, PastCallsResponse, StartAppointmentCallRequest, SupervisorOverview, WithdrawLinkResponse } from './calls';

// The HTTP API as one table, like the Socket.IO events (events/): per route its method, path,
// who may call it, and zod schemas for path parameters, query, body and response. The server
// registers its routes from this table (signaling/src/http/register.ts) and the browsers call
// them through the client built from it (client.ts); a test checks that the server registers
// exactly these. Tus uploads and signed downloads stream bytes and stay outside (streamingPaths).

export type HttpMethod = 'GET' | 'POST' | 'DELETE';
/** `clerk`: a signed-in clerk (Authorization: Bearer). `admin`: a signed-in clerk whose account administers. `public`: anyone; private-link routes carry their token in the path. */
export type RouteAccess = 'public' | 'clerk' | 'supervisor' | 'admin';

export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express-style, from the origin: `/api/calls/:callId/links/:linkId`. */
  path: string;
  access: RouteAccess;
  params: P;
  query: Q;
  body: B;
  /** What a success carries; `z.void()` for 204 No Content. */
  response: R;
  /** Named in validation errors: "Invalid <what>". */
  what: string;
}

const None = z.strictObject({});
/** No body, or an empty JSON object (what browsers send for a bodiless POST through the client). */
const NoBody = z.strictObject({}).optional();

function route<P extends z.ZodType = typeof None, Q extends z.ZodType = typeof None, B extends z.ZodType = typeof NoBody, R extends z.ZodType = z.ZodType>(def: {
  method: HttpMethod;
  path: string;
  access: RouteAccess;
  what: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
}): RouteContract<P, Q, B, R> {
  return { ...def, params: (def.params ?? None) as P, query: (def.query ?? None) as Q, body: (def.body ?? NoBody) as B };
}

const CallParams = z.strictObject({ callId: Id });
const CaseParams = z.strictObject({ caseId: BackofficeId });
const LinkParams = z.strictObject({ token: PrivateLinkToken });

export const httpRoutes = {
  health: route({ method: 'GET', path: '/api/health', access: 'public', what: 'health check', response: z.object({ ok: z.literal(true) }) }),

  // --- clerk sign-in and calls (signaling/src/http/auth.ts, calls.ts, callDocuments.ts) ---
  login: route({ method: 'POST', path: '/api/auth/login', access: 'public', what: 'sign-in', body: LoginRequest, response: LoginResponse }),
  /** The municipality's sign-in (issue 12 item 6): offered at all, and the one-time hand-off after the IdP's callback → the desk's session. */
  clerkLoginOptions: route({ method: 'GET', path: '/api/clerk-login/options', access: 'public', what: 'municipality sign-in options', response: ClerkLoginOptions }),
  clerkLoginSession: route({ method: 'POST', path: '/api/clerk-login/session', access: 'public', what: 'municipality sign-in', body: z.strictObject({}), response: LoginResponse }),
  listCalls: route({ method: 'GET', path: '/api/calls', access: 'clerk', what: 'call list', response: z.array(CallSummary) }),
  createCall: route({ method: 'POST', path: '/api/calls', access: 'clerk', what: 'new call', body: CreateCallRequest, response: CreateCallResponse }),
  withdrawLink: route({
    method: 'DELETE',
    path: '/api/calls/:callId/links/:linkId',
    access: 'clerk',
    what: 'link withdrawal',
    params: z.strictObject({ callId: Id, linkId: Id }),
    response: WithdrawLinkResponse,
  }),
  startAppointmentCall: route({
    method: 'POST',
    path: '/api/calls/appointments/:appointmentId',
    access: 'clerk',
    what: 'appointment call',
    params: z.strictObject({ appointmentId: BackofficeId }),
    body: StartAppointmentCallRequest,
    response: CallSummary,
  }),
  /** Calls of today and the 30 days before, from their records. */
  pastCalls: route({ method: 'GET', path: '/api/calls/history', access: 'clerk', what: 'past calls', response: PastCallsResponse }),
  supervisorOverview: route({ method: 'GET', path: '/api/supervisor/calls', access: 'supervisor', what: 'live calls overview', response: SupervisorOverview }),
  handOverCall: route({ method: 'POST', path: '/api/supervisor/calls/:callId/handover', access: 'supervisor', what: 'handover', params: CallParams, body: HandoverRequest, response: CallSummary }),
  callDocuments: route({ method: 'GET', path: '/api/calls/:callId/documents', access: 'clerk', what: 'past call documents', params: CallParams, response: CallDocumentsResponse }),
  /** The citizen's, after the call: proven by the call link (Bearer) and the seat key (SEAT_KEY_HEADER), checked by the handler. */
  afterCallDocuments: route({ method: 'GET', path: '/api/after-call/documents', access: 'public', what: 'after-call documents', response: AfterCallDocumentsResponse }),

  /** A population register lookup for the call the clerk is in; audited (issue 12, item 5). Never for citizens. */
  registerLookup: route({ method: 'POST', path: '/api/register/lookups', access: 'clerk', what: 'register lookup', body: RegisterLookupRequest, response: RegisterLookupResponse }),

  // --- back office, public: the booking page (signaling/src/http/backoffice.ts) ---
  products: route({ method: 'GET', path: '/api/backoffice/products', access: 'public', what: 'product list', response: z.array(ProductView) }),
  slots: route({ method: 'GET', path: '/api/backoffice/slots', access: 'public', what: 'slot search', query: SlotSearchQuery, response: z.array(SlotView) }),
  bookingChallenge: route({ method: 'GET', path: '/api/backoffice/booking-challenge', access: 'public', what: 'booking challenge', response: BookingChallengeView }),
  /** 201 for a new booking, 200 when the idempotency key returned an earlier one. */
  book: route({ method: 'POST', path: '/api/backoffice/appointments', access: 'public', what: 'booking', body: PublicBookAppointmentRequest, response: BookingResponse }),
  /** The government login (issue 15 item 1): offered at all, and who is signed in (from the HttpOnly cookie). */
  citizenLoginSession: route({ method: 'GET', path: '/api/citizen-login/session', access: 'public', what: 'government login session', response: CitizenLoginSessionView }),
  citizenLogout: route({ method: 'POST', path: '/api/citizen-login/logout', access: 'public', what: 'government logout', response: z.void() }),
  invitation: route({
    method: 'GET',
    path: '/api/backoffice/invitations/:code',
    access: 'public',
    what: 'invitation code',
    params: z.strictObject({ code: InvitationCode }),
    response: InvitationPrefill,
  }),

  // --- back office, private links: manage an appointment, follow a case ---
  manage: route({ method: 'GET', path: '/api/backoffice/manage/:token', access: 'public', what: 'link', params: LinkParams, response: BookingResponse }),
  reschedule: route({ method: 'POST', path: '/api/backoffice/manage/:token/reschedule', access: 'public', what: 'reschedule', params: LinkParams, body: RescheduleRequest, response: BookingResponse }),
  cancel: route({ method: 'POST', path: '/api/backoffice/manage/:token/cancel', access: 'public', what: 'cancellation', params: LinkParams, body: CancelRequest.optional(), response: CancelResponse }),
  caseStatus: route({ method: 'GET', path: '/api/backoffice/status/:token', access: 'public', what: 'link', params: LinkParams, response: CaseStatusPageView }),
  evaluate: route({ method: 'POST', path: '/api/backoffice/status/:token/evaluation', access: 'public', what: 'evaluation', params: LinkParams, body: EvaluationRequest, response: z.void() }),
  /** A delivery product's date (and address), chosen from the proposed dates; again to change it until delivered. */
  chooseDelivery: route({ method: 'POST', path: '/api/backoffice/status/:token/delivery', access: 'public', what: 'delivery choice', params: LinkParams, body: ChooseDeliveryRequest, response: CaseStatusPageView }),

  // --- back office, clerks ---
  appointments: route({ method: 'GET', path: '/api/backoffice/appointments', access: 'clerk', what: 'appointment list', query: AppointmentListQuery, response: z.array(AppointmentView) }),
  getCase: route({ method: 'GET', path: '/api/backoffice/cases/:caseId', access: 'clerk', what: 'case', params: CaseParams, response: CaseView }),
  setCaseStatus: route({ method: 'POST', path: '/api/backoffice/cases/:caseId/status', access: 'clerk', what: 'status change', params: CaseParams, body: SetCaseStatusRequest, response: CaseView }),
  addCaseNote: route({ method: 'POST', path: '/api/backoffice/cases/:caseId/notes', access: 'clerk', what: 'note', params: CaseParams, body: AddCaseNoteRequest, response: CaseView }),
  attachCaseDocument: route({ method: 'POST', path: '/api/backoffice/cases/:caseId/documents', access: 'clerk', what: 'document', params: CaseParams, body: AttachDocumentRequest, response: CaseView }),
  markPaid: route({ method: 'POST', path: '/api/backoffice/cases/:caseId/payment/paid', access: 'clerk', what: 'payment', params: CaseParams, response: CaseView }),
  dayPlan: route({ method: 'GET', path: '/api/backoffice/mobile/day-plan', access: 'clerk', what: 'day plan', query: DayPlanQuery, response: DayPlanView }),
  setChecklistItem: route({
    method: 'POST',
    path: '/api/backoffice/visits/:appointmentId/checklist',
    access: 'clerk',
    what: 'checklist update',
    params: z.strictObject({ appointmentId: BackofficeId }),
    body: ChecklistUpdateRequest,
    response: ChecklistState,
  }),

  /** A driver's deliveries of a day in route order (issue 15 item 5). */
  deliveryRoute: route({ method: 'GET', path: '/api/backoffice/deliveries/route', access: 'clerk', what: 'delivery route', query: DayPlanQuery, response: DeliveryRouteView }),
  /** Only the delivery's own driver (the account's backofficeClerkId) may mark it delivered. */
  markDelivered: route({
    method: 'POST',
    path: '/api/backoffice/deliveries/:deliveryId/delivered',
    access: 'clerk',
    what: 'delivery',
    params: z.strictObject({ deliveryId: BackofficeId }),
    body: MarkDeliveredRequest,
    response: DeliveryRouteView,
  }),

  // --- back office, supervisors and administrators: the impact figures (issue 15 item 6) ---
  impact: route({ method: 'GET', path: '/api/backoffice/impact', access: 'supervisor', what: 'impact figures', query: ImpactQuery, response: ImpactReport }),

  // --- back office, administrators: the outbox's dead letters (issue 15 item 3) ---
  outboxEntries: route({ method: 'GET', path: '/api/backoffice/outbox', access: 'admin', what: 'outbox list', query: OutboxListQuery, response: z.array(OutboxEntryView) }),
  retryOutboxEntry: route({ method: 'POST', path: '/api/backoffice/outbox/:entryId/retry', access: 'admin', what: 'outbox retry', params: z.strictObject({ entryId: BackofficeId }), response: OutboxEntryView }),
  discardOutboxEntry: route({ method: 'POST', path: '/api/backoffice/outbox/:entryId/discard', access: 'admin', what: 'outbox discard', params: z.strictObject({ entryId: BackofficeId }), response: OutboxEntryView }),
} as const;

export type HttpRoutes = typeof httpRoutes;
export type RouteName = keyof HttpRoutes;

/** Mounted beside the table: they stream bytes (tus uploads, signed downloads), not JSON. */
export const streamingPaths = { uploads: '/api/uploads', download: '/api/documents/download' } as const;
