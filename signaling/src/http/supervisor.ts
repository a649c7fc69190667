import { NotFoundError, type CallSummary, type SupervisedCall } from '@videoloket/contracts';
import type { Logger } from 'pino';
import type { ClerkDirectory } from '../auth/ClerkDirectory';
import type { Call } from '../call/Call';
import type { CallRegistry } from '../call/CallRegistry';
import { clerkOf } from './clerkAuth';
import type { RouteHandlers } from './register';

// Issue 12 item 3, "nobody waits unseen" for a supervisor: every live call with who is in it
// and who waits since when, across clerks; and handing a call, with whoever waits in it, to
// another clerk's desk. Supervisors and administrators only (the route table's access level).

export function supervisorHandlers(deps: { registry: CallRegistry; clerks: ClerkDirectory; logger: Logger }): RouteHandlers<'supervisorOverview' | 'handOverCall'> {
  return {
    supervisorOverview: () => ({
      calls: deps.registry
        .list()
        .filter((call) => call.status === 'open')
        .map((call) => supervisedCall(call, deps.clerks)),
      clerks: deps.clerks.list(),
    }),

    handOverCall({ params: { callId }, body: { toClerkId }, req }) {
      const call = deps.registry.get(callId);
      const to = deps.clerks.findById(toClerkId);
      if (!to) throw new NotFoundError('Unknown clerk account');
      call.session.assignTo(to.id);
      deps.logger.info({ callId, by: clerkOf(req).clerkId, to: to.id }, 'call handed over');
      return callSummary(call, deps.clerks);
    },
  };
}

/** A live call's summary with the clerk it was handed to, by name. */
export function callSummary(call: Call, clerks: ClerkDirectory): CallSummary {
  const assignee = call.session.assignedClerkId ? clerks.findById(call.session.assignedClerkId) : undefined;
  return { ...call.summary(), ...(assignee ? { assignedTo: { clerkId: assignee.id, displayName: assignee.displayName } } : {}) };
}

function supervisedCall(call: Call, clerks: ClerkDirectory): SupervisedCall {
  const seats = call.session.allSeats();
  const summary = callSummary(call, clerks);
  return {
    callId: summary.callId,
    title: summary.title,
    createdAt: summary.createdAt,
    clerks: seats.filter((s) => s.role === 'clerk' && s.connectionId !== undefined).map((s) => s.displayName),
    admitted: seats.flatMap((s) => (s.role !== 'clerk' && s.status === 'admitted' ? [{ name: s.displayName, role: s.role }] : [])),
    waiting: seats.flatMap((s) =>
      s.role !== 'clerk' && s.status === 'waiting'
        ? [{ participantId: s.participantId, name: s.displayName, role: s.role, ...(s.waitingSince !== undefined ? { waitingSince: new Date(s.waitingSince).toISOString() } : {}) }]
        : [],
    ),
    ...(summary.assignedTo ? { assignedTo: summary.assignedTo } : {}),
  };
}
