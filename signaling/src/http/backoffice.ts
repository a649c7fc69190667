import express, { Router, type RequestHandler } from 'express';
import { AppointmentListQuery, parseOrThrow, PrivateLinkToken } from '@videoloket/contracts';
import type { Backoffice } from '@videoloket/backoffice';
import { clerkOf } from './clerkAuth';

/**
 * Back-office HTTP API (mounted at /api/backoffice). Citizen routes are reached through
 * private-link tokens in the path; clerk routes sit behind `requireClerk`. Services validate
 * again and throw AppErrors; the app's error middleware maps them to statuses.
 */
export function backofficeRoutes(deps: { backoffice: Backoffice; requireClerk: RequestHandler }): Router {
  const bo = deps.backoffice;
  const router = Router();
  router.use(express.json({ limit: '64kb', strict: true }));
  const token = (raw: unknown) => parseOrThrow(PrivateLinkToken, raw, 'link');
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
  router.post('/appointments', async (req, res) => {
    const out = await bo.bookings.book(req.body);
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
    res.json(await bo.cases.get(String(req.params.caseId)));
  });
  clerk.post('/cases/:caseId/status', async (req, res) => {
    res.json(await bo.cases.setStatus(String(req.params.caseId), req.body, clerkOf(req).clerkId));
  });
  clerk.post('/cases/:caseId/notes', async (req, res) => {
    res.json(await bo.cases.addNote(String(req.params.caseId), req.body, clerkOf(req).clerkId));
  });
  clerk.post('/cases/:caseId/documents', async (req, res) => {
    res.json(await bo.cases.attachDocument(String(req.params.caseId), req.body, clerkOf(req).clerkId));
  });
  clerk.post('/cases/:caseId/payment/paid', async (req, res) => {
    res.json(await bo.cases.markPaid(String(req.params.caseId), clerkOf(req).clerkId));
  });
  clerk.get('/mobile/day-plan', async (req, res) => {
    res.json(await bo.mobile.dayPlan(req.query));
  });
  clerk.post('/visits/:appointmentId/checklist', async (req, res) => {
    res.json(await bo.mobile.setChecklistItem(String(req.params.appointmentId), req.body, clerkOf(req).clerkId));
  });
  router.use(clerk);
  return router;
}
