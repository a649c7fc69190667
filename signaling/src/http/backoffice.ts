import express, { Router, type RequestHandler } from 'express';
import { AppointmentListQuery, BackofficeId, parseOrThrow, PrivateLinkToken, PublicBookAppointmentRequest } from '@videoloket/contracts';
import type { Backoffice } from '@videoloket/backoffice';
import type { BookingChallenges } from '../abuse/BookingChallenges';
import type { BookingGuard } from '../abuse/BookingGuard';
import { clientAddress } from './clientAddress';
import { clerkOf } from './clerkAuth';

/**
 * Back-office HTTP API (mounted at /api/backoffice). Citizen routes are reached through
 * private-link tokens in the path; clerk routes sit behind `requireClerk`. Services validate
 * again and throw AppErrors; the app's error middleware maps them to statuses.
 */
export function backofficeRoutes(deps: { backoffice: Backoffice; challenges: BookingChallenges; guard: BookingGuard; requireClerk: RequestHandler }): Router {
  const bo = deps.backoffice;
  const router = Router();
  router.use(express.json({ limit: '64kb', strict: true }));
  const token = (raw: unknown) => parseOrThrow(PrivateLinkToken, raw, 'link');
  const id = (raw: unknown, what: string) => parseOrThrow(BackofficeId, raw, what);
  // Private links must not be cached by shared caches or leak through Referer.
  const privateNoStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };

  // --- public: the citizen's booking page ---
  router.get('/products', async (_req, res) => {
    res.json(await bo.products.list());
  });
  router.get('/slots', async (req, res) => {
    res.json(await bo.slots.search(req.query));
  });
  router.get('/booking-challenge', privateNoStore, (_req, res) => {
    res.json(deps.challenges.issue());
  });
  router.post('/appointments', privateNoStore, async (req, res) => {
    const { proof, ...booking } = parseOrThrow(PublicBookAppointmentRequest, req.body, 'booking');
    const admission = await deps.guard.admit(booking, proof, clientAddress(req));
    // Only a new booking sends a confirmation, so only a new booking counts for its contact.
    const out = await bo.bookings.book(booking).catch(async (err: unknown) => {
      await admission.release();
      throw err;
    });
    if (out.replayed) await admission.release();
    res.status(out.replayed ? 200 : 201).json(out);
  });
  router.get('/invitations/:code', privateNoStore, async (req, res) => {
    res.json(await bo.invitations.prefill(req.params.code));
  });

  // --- public, private-link: manage an appointment, follow a case ---
  router.get('/manage/:token', privateNoStore, async (req, res) => {
    res.json(await bo.bookings.byManageToken(token(req.params.token)));
  });
  router.post('/manage/:token/reschedule', privateNoStore, async (req, res) => {
    res.json(await bo.bookings.reschedule(token(req.params.token), req.body));
  });
  router.post('/manage/:token/cancel', privateNoStore, async (req, res) => {
    res.json(await bo.bookings.cancel(token(req.params.token), req.body ?? {}));
  });
  router.get('/status/:token', privateNoStore, async (req, res) => {
    res.json(await bo.cases.statusPage(token(req.params.token)));
  });
  router.post('/status/:token/evaluation', privateNoStore, async (req, res) => {
    await bo.cases.submitEvaluation(token(req.params.token), req.body);
    res.status(204).end();
  });

  // --- clerks ---
  const clerk = Router();
  clerk.use(deps.requireClerk);
  clerk.get('/appointments', async (req, res) => {
    const q = parseOrThrow(AppointmentListQuery, req.query, 'appointment list');
    res.json(await bo.bookings.listForDay(q.date, q.clerkId));
  });
  clerk.get('/cases/:caseId', async (req, res) => {
    res.json(await bo.cases.get(id(req.params.caseId, 'case id')));
  });
  clerk.post('/cases/:caseId/status', async (req, res) => {
    res.json(await bo.cases.setStatus(id(req.params.caseId, 'case id'), req.body, clerkOf(req).clerkId));
  });
  clerk.post('/cases/:caseId/notes', async (req, res) => {
    res.json(await bo.cases.addNote(id(req.params.caseId, 'case id'), req.body, clerkOf(req).clerkId));
  });
  clerk.post('/cases/:caseId/documents', async (req, res) => {
    res.json(await bo.cases.attachDocument(id(req.params.caseId, 'case id'), req.body, clerkOf(req).clerkId));
  });
  clerk.post('/cases/:caseId/payment/paid', async (req, res) => {
    res.json(await bo.cases.markPaid(id(req.params.caseId, 'case id'), clerkOf(req).clerkId));
  });
  clerk.get('/mobile/day-plan', async (req, res) => {
    res.json(await bo.mobile.dayPlan(req.query));
  });
  clerk.post('/visits/:appointmentId/checklist', async (req, res) => {
    res.json(await bo.mobile.setChecklistItem(id(req.params.appointmentId, 'appointment id'), req.body, clerkOf(req).clerkId));
  });
  router.use(clerk);
  return router;
}
