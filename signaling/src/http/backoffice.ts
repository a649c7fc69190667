import type { Request } from 'express';
import type { Backoffice } from '@videoloket/backoffice';
import type { VerifiedCitizen } from '@videoloket/contracts';
import type { BookingChallenges } from '../abuse/BookingChallenges';
import type { BookingGuard } from '../abuse/BookingGuard';
import { bookableClerkId, type ClerkDirectory } from '../auth/ClerkDirectory';
import { clientAddress } from './clientAddress';
import { clerkOf } from './clerkAuth';
import type { RouteHandlers } from './register';

type BackofficeRoute =
  | 'products'
  | 'slots'
  | 'bookingChallenge'
  | 'book'
  | 'invitation'
  | 'manage'
  | 'reschedule'
  | 'cancel'
  | 'caseStatus'
  | 'evaluate'
  | 'chooseDelivery'
  | 'appointments'
  | 'getCase'
  | 'setCaseStatus'
  | 'addCaseNote'
  | 'attachCaseDocument'
  | 'markPaid'
  | 'dayPlan'
  | 'setChecklistItem'
  | 'deliveryRoute'
  | 'markDelivered'
  | 'impact'
  | 'outboxEntries'
  | 'retryOutboxEntry'
  | 'discardOutboxEntry';

/**
 * Back-office HTTP API (/api/backoffice/…, contracts' route table). Citizen routes are reached
 * through private-link tokens in the path; clerk routes require a clerk. Services validate
 * again and throw AppErrors; the app's error middleware maps them to statuses.
 */
export function backofficeHandlers(deps: {
  backoffice: Backoffice;
  challenges: BookingChallenges;
  guard: BookingGuard;
  clerks: ClerkDirectory;
  /** Who the government login vouches for behind this request (issue 15 item 1), if anyone. */
  verifiedCitizen?: (req: Request) => Promise<VerifiedCitizen | undefined>;
}): RouteHandlers<BackofficeRoute> {
  const bo = deps.backoffice;
  return {
    // --- public: the citizen's booking page ---
    products: () => bo.products.list(),
    slots: ({ query }) => bo.slots.search(query),
    bookingChallenge: () => deps.challenges.issue(),
    async book({ body: { proof, ...booking }, req, res }) {
      const admission = await deps.guard.admit(booking, proof, clientAddress(req));
      // Only a new booking sends a confirmation, so only a new booking counts for its contact.
      const verified = await deps.verifiedCitizen?.(req);
      const out = await bo.bookings.book(booking, verified).catch(async (err: unknown) => {
        await admission.release();
        throw err;
      });
      if (out.replayed) await admission.release();
      res.status(out.replayed ? 200 : 201);
      return out;
    },
    invitation: ({ params }) => bo.invitations.prefill(params.code),

    // --- public, private-link: manage an appointment, follow a case ---
    manage: ({ params }) => bo.bookings.byManageToken(params.token),
    reschedule: ({ params, body }) => bo.bookings.reschedule(params.token, body),
    cancel: ({ params, body }) => bo.bookings.cancel(params.token, body ?? {}),
    caseStatus: ({ params }) => bo.cases.statusPage(params.token),
    evaluate: ({ params, body }) => bo.cases.submitEvaluation(params.token, body),
    chooseDelivery: ({ params, body }) => bo.deliveries.choose(params.token, body),

    // --- clerks ---
    appointments: ({ query }) => bo.bookings.listForDay(query.date, query.clerkId),
    getCase: ({ params }) => bo.cases.get(params.caseId),
    setCaseStatus: ({ params, body, req }) => bo.cases.setStatus(params.caseId, body, clerkOf(req).clerkId),
    addCaseNote: ({ params, body, req }) => bo.cases.addNote(params.caseId, body, clerkOf(req).clerkId),
    attachCaseDocument: ({ params, body, req }) => bo.cases.attachDocument(params.caseId, body, clerkOf(req).clerkId),
    markPaid: ({ params, req }) => bo.cases.markPaid(params.caseId, clerkOf(req).clerkId),
    dayPlan: ({ query }) => bo.mobile.dayPlan(query),
    setChecklistItem: ({ params, body, req }) => bo.mobile.setChecklistItem(params.appointmentId, body, clerkOf(req).clerkId),
    deliveryRoute: ({ query }) => bo.deliveries.route(query),
    // The driver is the signed-in clerk; a counter-wide desk (not bookable) marks nothing.
    markDelivered: ({ params, body, req }) => {
      const account = deps.clerks.findById(clerkOf(req).clerkId);
      return bo.deliveries.markDelivered(params.deliveryId, body, account && bookableClerkId(account));
    },

    // --- supervisors and administrators: the impact figures ---
    impact: ({ query }) => bo.impact.report(query),

    // --- administrators: the outbox's dead letters ---
    outboxEntries: ({ query }) => bo.deadLetters.list(query),
    retryOutboxEntry: ({ params, req }) => bo.deadLetters.retry(params.entryId, clerkOf(req).clerkId),
    discardOutboxEntry: ({ params, req }) => bo.deadLetters.discard(params.entryId, clerkOf(req).clerkId),
  };
}
