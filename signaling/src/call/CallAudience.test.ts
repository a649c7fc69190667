import { describe, expect, it } from 'vitest';
import type { DocumentSummary } from '@videoloket/contracts';
import { CallAudience } from './CallAudience';
import { CounterSession } from './CounterSession';

// The one answer to "who in this call may see this" (issue 10, item 3).

function call() {
  const session = new CounterSession({ callId: 'call-1', title: 'Gezinshereniging', createdByClerkId: 'clerk-1' });
  const clerk = session.join({ role: 'clerk', clerkId: 'clerk-1', displayName: 'An Balie' }, 'c1').seat;
  const citizen = session.join({ role: 'citizen', linkId: 'link-1', displayName: 'Jan Peeters' }, 'z1').seat;
  const interpreter = session.join({ role: 'interpreter', linkId: 'tolk-1', displayName: 'Samira', admitDirectly: true }, 'i1').seat;
  const waiting = session.join({ role: 'citizen', linkId: 'link-2', displayName: 'Onbekend' }, 'w1').seat;
  session.admit(citizen.participantId);
  const audience = new CallAudience(session, () => []);
  return { session, audience, clerk, citizen, interpreter, waiting };
}

const ids = (seats: { participantId: string }[]) => seats.map((s) => s.participantId).sort();

function doc(over: Partial<DocumentSummary>): DocumentSummary {
  return {
    documentId: 'd1',
    callId: 'call-1',
    fileName: 'paspoort.jpg',
    contentType: 'image/jpeg',
    size: 10,
    receivedBytes: 10,
    state: 'ready',
    uploadedBy: { participantId: 'nobody', role: 'citizen', displayName: 'x' },
    sharedWith: [],
    createdAt: new Date(0).toISOString(),
    ...over,
  };
}

describe('CallAudience', () => {
  it('chat and media go to admitted seats only; the form to admitted clerks and citizens, never interpreters', () => {
    const { audience, clerk, citizen, interpreter, waiting } = call();
    expect(ids(audience.connected())).toEqual(ids([clerk, citizen, interpreter, waiting]));
    expect(ids(audience.admitted())).toEqual(ids([clerk, citizen, interpreter]));
    expect(ids(audience.formParties())).toEqual(ids([clerk, citizen]));
  });

  it('a citizen document: its uploader and the clerk; the interpreter only once the clerk shared it; never a waiting seat', () => {
    const { audience, clerk, citizen, interpreter } = call();
    const upload = doc({ uploadedBy: { participantId: citizen.participantId, role: 'citizen', displayName: 'Jan Peeters' } });
    expect(ids(audience.documentAudience(upload))).toEqual(ids([clerk, citizen]));
    expect(ids(audience.documentAudience({ ...upload, sharedWith: [interpreter.participantId] }))).toEqual(ids([clerk, citizen, interpreter]));
    // While it is being scanned, only the uploader and the clerk follow it, shared or not.
    expect(ids(audience.documentAudience({ ...upload, state: 'scanning', sharedWith: [interpreter.participantId] }))).toEqual(ids([clerk, citizen]));
  });

  it('documents over HTTP: only an admitted seat of its own role in this call', () => {
    const { audience, citizen, waiting } = call();
    const principal = (seat: typeof citizen, role = seat.role, callId = 'call-1') => ({ role, participantId: seat.participantId, displayName: seat.displayName, callId });
    expect(audience.admitsDocumentsFor(principal(citizen))).toBe(true);
    expect(audience.admitsDocumentsFor(principal(waiting))).toBe(false);
    expect(audience.admitsDocumentsFor(principal(citizen, 'clerk'))).toBe(false);
    expect(audience.admitsDocumentsFor(principal(citizen, 'citizen', 'call-2'))).toBe(false);
  });

  it('a waiting seat sees itself and the clerks, without anyone’s media; the clerk sees every seat with its link', () => {
    const { session, clerk, waiting } = call();
    const producers = { [clerk.participantId]: [{ id: 'p1', kind: 'video' as const, source: 'camera' as const, paused: false }] };
    const audience = new CallAudience(session, (id) => producers[id] ?? []);
    const seen = audience.view(waiting).participants;
    expect(seen.map((p) => p.displayName).sort()).toEqual(['An Balie', 'Onbekend']);
    expect(seen.every((p) => p.producers.length === 0 && p.linkId === undefined)).toBe(true);
    const forClerk = audience.view(clerk).participants;
    expect(forClerk).toHaveLength(4);
    expect(forClerk.find((p) => p.id === clerk.participantId)?.producers).toEqual(producers[clerk.participantId]);
    expect(forClerk.find((p) => p.id === waiting.participantId)?.linkId).toBe('link-2');
  });

  it('the clerk sees since when each seat waits; the waiting seat itself and admitted seats do not (issue 12)', () => {
    let now = Date.parse('2026-12-07T09:00:00Z');
    const session = new CounterSession({ callId: 'call-1', title: 'Rijbewijs', createdByClerkId: 'clerk-1', now: () => now });
    const clerk = session.join({ role: 'clerk', clerkId: 'clerk-1', displayName: 'An Balie' }, 'c1').seat;
    now += 60_000;
    const waiting = session.join({ role: 'citizen', linkId: 'link-1', displayName: 'Jan Peeters' }, 'w1').seat;
    const audience = new CallAudience(session, () => []);
    const waitingFor = (viewer: typeof clerk) => audience.view(viewer).participants.find((p) => p.id === waiting.participantId)?.waitingSince;
    expect(waitingFor(clerk)).toBe('2026-12-07T09:01:00.000Z');
    expect(waitingFor(waiting)).toBeUndefined();
    // A reconnect keeps the place in the queue, and the time it started.
    now += 30_000;
    session.disconnect('w1');
    session.join({ role: 'citizen', linkId: 'link-1', displayName: 'Jan Peeters' }, 'w2', waiting.resumeKey);
    expect(waitingFor(clerk)).toBe('2026-12-07T09:01:00.000Z');
    session.admit(waiting.participantId);
    expect(waitingFor(clerk)).toBeUndefined();
    expect(audience.view(clerk).participants.every((p) => p.waitingSince === undefined)).toBe(true);
  });
});
