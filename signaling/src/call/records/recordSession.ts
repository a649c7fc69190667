import type { CounterSession } from '../CounterSession';
import type { CallRecords } from './CallRecords';

/**
 * The one place a live call's lifecycle reaches its record: today's CounterSession events
 * turned into CallRecords' lifecycle calls. Resolves once the call is recorded as opened.
 */
export function recordSession(records: CallRecords, session: CounterSession): Promise<void> {
  const callId = session.callId;
  let active = false;
  let endedBy: { clerkId: string } | undefined;
  let endedByClerk = false;
  // Admission has more than one path (call:admit, an interpreter link straight in): watch the count.
  session.on('changed', () => {
    if (active || session.summary().admitted === 0) return;
    active = true;
    void records.active(callId);
  });
  session.on('linkWithdrawn', (linkId, byClerkId) => void records.linkRevoked(callId, linkId, byClerkId ? { clerkId: byClerkId } : undefined));
  session.on('ended', (byClerkId) => {
    endedByClerk = true;
    endedBy = byClerkId ? { clerkId: byClerkId } : undefined;
  });
  // Closed without a clerk ending it: the process is stopping.
  session.on('close', () => void records.ended(callId, endedByClerk ? 'ended-by-clerk' : 'shutdown', endedBy));
  return records.opened({ id: callId, title: session.title, createdByClerkId: session.createdByClerkId });
}
