import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { CreateCallRequest, Id, parseOrThrow, StartAppointmentCallRequest, type CreateCallResponse } from '@videoloket/contracts';
import { appointmentCallId } from '../backoffice';
import type { CallLinks } from '../call/CallLinks';
import type { CallRegistry } from '../call/CallRegistry';
import { clerkOf } from './clerkAuth';

export function callRoutes(deps: { registry: CallRegistry; links: CallLinks }): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json(deps.registry.list().map((s) => s.summary()));
  });

  router.post('/', async (req, res) => {
    const clerk = clerkOf(req);
    const input = parseOrThrow(CreateCallRequest, req.body, 'new call');
    const session = await deps.registry.create({ title: input.title, createdByClerkId: clerk.clerkId });
    const expiresAt = new Date(Date.now() + (input.linkValidityMinutes ?? 240) * 60_000);
    const link = await deps.links.create({
      callId: session.callId,
      linkId: randomUUID(),
      role: 'citizen',
      suggestedName: input.citizenName,
      expiresAt,
    });
    const body: CreateCallResponse = { call: session.summary(), citizenLink: link.url, citizenLinkExpiresAt: expiresAt.toISOString() };
    res.status(201).json(body);
  });

  // The appointment's call may already be open (the citizen arrived first): same session.
  router.post('/appointments/:appointmentId', async (req, res) => {
    const clerk = clerkOf(req);
    const appointmentId = parseOrThrow(Id, req.params.appointmentId, 'appointment id');
    const { title } = parseOrThrow(StartAppointmentCallRequest, req.body, 'appointment call');
    const session = await deps.registry.openScheduled(appointmentCallId(appointmentId), title, clerk.clerkId);
    session.title = title;
    res.json(session.summary());
  });

  return router;
}
