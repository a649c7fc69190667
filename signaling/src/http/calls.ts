import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { addDays, localDate, zonedToUtc } from '@videoloket/backoffice';
import {
  BackofficeId,
  CreateCallRequest,
  Id,
  parseOrThrow,
  StartAppointmentCallRequest,
  type CreateCallResponse,
  type PastCall,
  type PastCallsResponse,
  type WithdrawLinkResponse,
} from '@videoloket/contracts';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { CallLinks } from '../call/CallLinks';
import type { CallRegistry } from '../call/CallRegistry';
import type { CallRecords } from '../call/records/CallRecords';
import type { CallRecord } from '../call/records/CallRepository';
import { clerkOf } from './clerkAuth';

/** The past-calls list: today and the 30 days before. */
const HISTORY_DAYS = 30;

export function callRoutes(deps: { registry: CallRegistry; links: CallLinks; calls: CallRecords; clerks: ClerkDirectory; timeZone: string }): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json(deps.registry.list().map((s) => s.summary()));
  });

  // Issue 10 item 2: the desk's past calls, from the records (they outlive the process).
  router.get('/history', async (_req, res) => {
    const since = zonedToUtc(addDays(localDate(new Date(), deps.timeZone), -HISTORY_DAYS), '00:00', deps.timeZone);
    const records = await deps.calls.since(since);
    const body: PastCallsResponse = { since: since.toISOString(), calls: records.map((r) => pastCall(r, deps.clerks)) };
    res.json(body);
  });

  router.post('/', async (req, res) => {
    const clerk = clerkOf(req);
    const input = parseOrThrow(CreateCallRequest, req.body, 'new call');
    const session = await deps.registry.create({ title: input.title, createdByClerkId: clerk.clerkId });
    const expiresAt = new Date(Date.now() + (input.linkValidityMinutes ?? 240) * 60_000);
    const linkId = randomUUID();
    const link = await deps.links.create({
      callId: session.callId,
      linkId,
      role: 'citizen',
      suggestedName: input.citizenName,
      expiresAt,
    });
    const body: CreateCallResponse = { call: session.summary(), citizenLink: link.url, citizenLinkExpiresAt: expiresAt.toISOString(), citizenLinkId: linkId };
    res.status(201).json(body);
  });

  // Issue 9, finding 5: the clerk withdraws a link before anyone used it (from the call list);
  // in the call the same happens over call:withdrawLink. Recorded, so it stays withdrawn.
  router.delete('/:callId/links/:linkId', async (req, res) => {
    const callId = parseOrThrow(Id, req.params.callId, 'call id');
    const linkId = parseOrThrow(Id, req.params.linkId, 'link id');
    const removed = deps.registry.get(callId).withdrawLink(linkId, clerkOf(req).clerkId);
    await deps.calls.settled();
    const body: WithdrawLinkResponse = { withdrawn: true, removed: removed.length };
    res.json(body);
  });

  // The appointment's call may already be open (the citizen arrived first): same session.
  router.post('/appointments/:appointmentId', async (req, res) => {
    const clerk = clerkOf(req);
    const appointmentId = parseOrThrow(BackofficeId, req.params.appointmentId, 'appointment id');
    const { title } = parseOrThrow(StartAppointmentCallRequest, req.body, 'appointment call');
    // Only a booked video appointment of this clerk gets a call; the citizen's join link leads to the same record.
    const account = deps.clerks.findById(clerk.clerkId);
    const callId = await deps.calls.startForAppointment(appointmentId, { id: clerk.clerkId, backofficeClerkId: account?.backofficeClerkId }, title);
    const session = await deps.registry.openScheduled(callId, title, clerk.clerkId);
    session.title = title;
    res.json(session.summary());
  });

  return router;
}

function pastCall(r: CallRecord, clerks: ClerkDirectory): PastCall {
  const name = (id: string | null) => (id ? clerks.findById(id)?.displayName : undefined);
  const createdBy = name(r.createdBy);
  const endedBy = name(r.endedBy);
  return {
    callId: r.id,
    title: r.title,
    status: r.status,
    ...(r.appointmentId ? { appointmentId: r.appointmentId } : {}),
    ...(r.caseId ? { caseId: r.caseId } : {}),
    createdAt: r.createdAt.toISOString(),
    ...(r.startedAt ? { startedAt: r.startedAt.toISOString() } : {}),
    ...(r.endedAt ? { endedAt: r.endedAt.toISOString() } : {}),
    ...(createdBy ? { createdBy } : {}),
    ...(endedBy ? { endedBy } : {}),
  };
}
