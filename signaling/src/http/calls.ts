import { randomUUID } from 'node:crypto';
import { addDays, localDate, zonedToUtc } from '@videoloket/backoffice';
import type { PastCall } from '@videoloket/contracts';
import { bookableClerkId, type ClerkDirectory } from '../auth/ClerkDirectory';
import type { CallLinks } from '../call/CallLinks';
import type { CallRegistry } from '../call/CallRegistry';
import type { CallRecords } from '../call/records/CallRecords';
import type { CallRecord } from '../call/records/CallRepository';
import { clerkOf } from './clerkAuth';
import { callSummary } from './supervisor';
import type { RouteHandlers } from './register';

/** The past-calls list: today and the 30 days before. */
const HISTORY_DAYS = 30;

export function callHandlers(deps: {
  registry: CallRegistry;
  links: CallLinks;
  calls: CallRecords;
  clerks: ClerkDirectory;
  timeZone: string;
}): RouteHandlers<'listCalls' | 'pastCalls' | 'createCall' | 'withdrawLink' | 'startAppointmentCall'> {
  return {
    listCalls: () => deps.registry.list().map((call) => callSummary(call, deps.clerks)),

    // Issue 10 item 2: the desk's past calls, from the records (they outlive the process).
    async pastCalls() {
      const since = zonedToUtc(addDays(localDate(new Date(), deps.timeZone), -HISTORY_DAYS), '00:00', deps.timeZone);
      const records = await deps.calls.since(since);
      return { since: since.toISOString(), calls: records.map((r) => pastCall(r, deps.clerks)) };
    },

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
    // in the call the same happens over call:withdrawLink. Recorded, so it stays withdrawn.
    async withdrawLink({ params: { callId, linkId }, req }) {
      const removed = deps.registry.get(callId).session.withdrawLink(linkId, clerkOf(req).clerkId);
      await deps.calls.settled();
      return { withdrawn: true, removed: removed.length };
    },

    // The appointment's call may already be open (the citizen arrived first): same call.
    async startAppointmentCall({ params: { appointmentId }, body: { title }, req }) {
      const clerk = clerkOf(req);
      // Only a booked video appointment of this clerk gets a call; the citizen's join link leads to the same record.
      const account = deps.clerks.findById(clerk.clerkId);
      const callId = await deps.calls.startForAppointment(appointmentId, { id: clerk.clerkId, backofficeClerkId: account && bookableClerkId(account) }, title);
      const call = await deps.registry.openScheduled(callId, title, clerk.clerkId, appointmentId);
      call.session.title = title;
      call.session.identityVerified = await deps.calls.identityVerifiedFor(appointmentId);
      call.stateChanged();
      return call.summary();
    },
  };
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
    ...(r.outcome ? { outcome: r.outcome } : {}),
  };
}
