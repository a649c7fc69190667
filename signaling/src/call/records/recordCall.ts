import type { Call } from '../Call';
import type { CallRecords } from './CallRecords';

/**
 * The one place a live call's lifecycle reaches its record: the Call's events turned into
 * CallRecords' writes (queued per call, so `opened` is written before any later event). Nobody
 * waits for `opened`: a link of a call without a record yet passes the handshake check, and
 * only the link withdrawal route waits for its write (`calls.settled()`).
 */
export function recordCall(records: CallRecords, call: Call, origin: { rehydrated: boolean } = { rehydrated: false }): void {
  // A call carried on from another process (issue 13) was opened there.
  if (!origin.rehydrated) void records.opened({ id: call.id, title: call.session.title, createdByClerkId: call.session.createdByClerkId });
  call.on('active', () => void records.active(call.id));
  call.on('linkRevoked', (linkId, by) => void records.linkRevoked(call.id, linkId, by));
  call.on('ended', (reason, by) => void records.ended(call.id, reason, by));
}
