import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { CreateCallRequest, parseOrThrow, type CreateCallResponse } from '@videoloket/contracts';
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

  return router;
}
