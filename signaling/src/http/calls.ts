import { randomUUID } from 'node:crypto';
import { appointmentCallId } from '../backoffice';
import type { CallLinks } from '../call/CallLinks';
import type { CallRegistry } from '../call/CallRegistry';
import { clerkOf } from './clerkAuth';
import type { RouteHandlers } from './register';

/** The back office's answer to "may this appointment have a call?": throws NotFound/Conflict when not. */
export interface AppointmentCalls {
  forVideoCall(appointmentId: string): Promise<unknown>;
}

export function callHandlers(deps: {
  registry: CallRegistry;
  links: CallLinks;
  appointments: AppointmentCalls;
}): RouteHandlers<'listCalls' | 'createCall' | 'withdrawLink' | 'startAppointmentCall'> {
  return {
    listCalls: () => deps.registry.list().map((s) => s.summary()),

    async createCall({ body: input, req, res }) {
      const clerk = clerkOf(req);
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
      res.status(201);
      return { call: call.summary(), citizenLink: link.url, citizenLinkExpiresAt: expiresAt.toISOString(), citizenLinkId: linkId };
    },

    // Issue 9, finding 5: the clerk withdraws a link before anyone used it (from the call list);
    // in the call the same happens over call:withdrawLink.
    withdrawLink({ params: { callId, linkId } }) {
      const removed = deps.registry.get(callId).session.withdrawLink(linkId);
      return { withdrawn: true, removed: removed.length };
    },

    // The appointment's call may already be open (the citizen arrived first): same call.
    async startAppointmentCall({ params: { appointmentId }, body: { title }, req }) {
      const clerk = clerkOf(req);
      // Only a booked video appointment gets a call; the citizen's join link leads to this same call id.
      await deps.appointments.forVideoCall(appointmentId);
      const call = await deps.registry.openScheduled(appointmentCallId(appointmentId), title, clerk.clerkId, appointmentId);
      call.session.title = title;
      return call.summary();
    },
  };
}
