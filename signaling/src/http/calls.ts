import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { BackofficeId, CreateCallRequest, Id, parseOrThrow, StartAppointmentCallRequest, type CreateCallResponse, type WithdrawLinkResponse } from '@videoloket/contracts';
import { appointmentCallId } from '../backoffice';
import type { CallLinks } from '../call/CallLinks';
import type { CallRegistry } from '../call/CallRegistry';
import { clerkOf } from './clerkAuth';

/** The back office's answer to "may this appointment have a call?": throws NotFound/Conflict when not. */
export interface AppointmentCalls {
  forVideoCall(appointmentId: string): Promise<unknown>;
}

export function callRoutes(deps: { registry: CallRegistry; links: CallLinks; appointments: AppointmentCalls }): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json(deps.registry.list().map((s) => s.summary()));
  });

  router.post('/', async (req, res) => {
    const clerk = clerkOf(req);
    const input = parseOrThrow(CreateCallRequest, req.body, 'new call');
    const call = await deps.registry.create({ title: input.title, createdByClerkId: clerk.clerkId });
    const expiresAt = new Date(Date.now() + (input.linkValidityMinutes ?? 240) * 60_000);
    const linkId = randomUUID();
    const link = await deps.links.create({
      callId: call.id,
      linkId,
      role: 'citizen',
      suggestedName: input.citizenName,
      expiresAt,
    });
    const body: CreateCallResponse = { call: call.summary(), citizenLink: link.url, citizenLinkExpiresAt: expiresAt.toISOString(), citizenLinkId: linkId };
    res.status(201).json(body);
  });

  // Issue 9, finding 5: the clerk withdraws a link before anyone used it (from the call list);
  // in the call the same happens over call:withdrawLink.
  router.delete('/:callId/links/:linkId', (req, res) => {
    const callId = parseOrThrow(Id, req.params.callId, 'call id');
    const linkId = parseOrThrow(Id, req.params.linkId, 'link id');
    const removed = deps.registry.get(callId).session.withdrawLink(linkId);
    const body: WithdrawLinkResponse = { withdrawn: true, removed: removed.length };
    res.json(body);
  });

  // The appointment's call may already be open (the citizen arrived first): same session.
  router.post('/appointments/:appointmentId', async (req, res) => {
    const clerk = clerkOf(req);
    const appointmentId = parseOrThrow(BackofficeId, req.params.appointmentId, 'appointment id');
    const { title } = parseOrThrow(StartAppointmentCallRequest, req.body, 'appointment call');
    // Only a booked video appointment gets a call; the citizen's join link leads to this same call id.
    await deps.appointments.forVideoCall(appointmentId);
    const call = await deps.registry.openScheduled(appointmentCallId(appointmentId), title, clerk.clerkId, appointmentId);
    call.session.title = title;
    res.json(call.summary());
  });

  return router;
}
