import { describe, expect, it } from 'vitest';
import { CounterSession } from './CounterSession';
import { EndedCallSeats, type EndedCallEntry, type EndedSeatStore } from './EndedCallSeats';

function endedCall() {
  const session = new CounterSession({ title: 'Test', createdByClerkId: 'k1' });
  session.join({ role: 'clerk', clerkId: 'k1', displayName: 'An' }, 'c-clerk');
  const admitted = session.join({ role: 'citizen', linkId: 'link-1', displayName: 'Jan' }, 'c-1').seat;
  session.admit(admitted.participantId);
  const waiting = session.join({ role: 'citizen', linkId: 'link-1', displayName: 'Doorgestuurd' }, 'c-2').seat;
  const interpreter = session.join({ role: 'interpreter', linkId: 'link-2', displayName: 'Samira', admitDirectly: true }, 'c-3').seat;
  return { session, admitted, waiting, interpreter };
}

describe('EndedCallSeats', () => {
  it('remembers admitted citizen seats: the right link and key find the seat, nothing else does', () => {
    const seats = new EndedCallSeats({ retentionMs: 60_000 });
    const { session, admitted, waiting, interpreter } = endedCall();
    seats.remember(session);
    expect(seats.find(session.callId, 'link-1', admitted.resumeKey)).toEqual({ callId: session.callId, participantId: admitted.participantId, role: 'citizen', displayName: 'Jan' });
    expect(seats.find(session.callId, 'link-1', waiting.resumeKey)).toBeUndefined();
    expect(seats.find(session.callId, 'link-2', interpreter.resumeKey)).toBeUndefined();
    expect(seats.find(session.callId, 'link-2', admitted.resumeKey)).toBeUndefined();
    expect(seats.find('another-call', 'link-1', admitted.resumeKey)).toBeUndefined();
    expect(seats.has(session.callId, admitted.participantId, 'citizen')).toBe(true);
    expect(seats.has(session.callId, admitted.participantId, 'clerk')).toBe(false);
  });

  it('forgets calls after the retention period and beyond the most it keeps', () => {
    let now = 0;
    const seats = new EndedCallSeats({ retentionMs: 1000, maxCalls: 2, now: () => now });
    const calls = [endedCall(), endedCall(), endedCall()];
    seats.remember(calls[0]!.session);
    now = 500;
    seats.remember(calls[1]!.session);
    seats.remember(calls[2]!.session);
    const found = (i: number) => seats.find(calls[i]!.session.callId, 'link-1', calls[i]!.admitted.resumeKey) !== undefined;
    expect([found(0), found(1), found(2)]).toEqual([false, true, true]);
    now = 1600;
    expect([found(1), found(2)]).toEqual([false, false]);
  });
});

describe('EndedCallSeats with a store (calls records)', () => {
  it('writes each ended call through to the store; a fresh instance restored from it finds the seat (a restart)', async () => {
    const saved: Parameters<EndedSeatStore['saveEndedSeats']>[] = [];
    const store: EndedSeatStore = { saveEndedSeats: async (...args) => void saved.push(args) };
    const { session, admitted } = endedCall();
    new EndedCallSeats({ retentionMs: 60_000, store }).remember(session);
    await Promise.resolve();
    expect(saved).toHaveLength(1);
    const [callId, endedAt, seats] = saved[0]!;
    expect(seats.map((s) => s.participantId)).toEqual([admitted.participantId]);
    expect(JSON.stringify(seats)).not.toContain(admitted.resumeKey);

    const restarted = new EndedCallSeats({ retentionMs: 60_000 });
    restarted.restore([{ callId, endedAt, seats: [...seats] }]);
    expect(restarted.find(session.callId, 'link-1', admitted.resumeKey)).toMatchObject({ participantId: admitted.participantId });
  });

  it('a node that did not see the call end reads its seats from the store before it answers (issue 13)', async () => {
    const entries = new Map<string, EndedCallEntry>();
    const asked: string[] = [];
    const store: EndedSeatStore = {
      saveEndedSeats: async (callId, endedAt, seats) => void entries.set(callId, { callId, endedAt, seats: [...seats] }),
      endedSeatsOf: async (callId) => (asked.push(callId), entries.get(callId)),
    };
    const { session, admitted } = endedCall();
    new EndedCallSeats({ retentionMs: 60_000, store }).remember(session);
    await Promise.resolve();

    const otherNode = new EndedCallSeats({ retentionMs: 60_000, store });
    expect(otherNode.has(session.callId, admitted.participantId, 'citizen')).toBe(false);
    await otherNode.load(session.callId);
    expect(otherNode.find(session.callId, 'link-1', admitted.resumeKey)).toMatchObject({ participantId: admitted.participantId });
    expect(otherNode.has(session.callId, admitted.participantId, 'citizen')).toBe(true);
    // Remembered now: the store is not asked again; an unknown call is asked for and stays unknown.
    await otherNode.load(session.callId);
    await otherNode.load('running-call');
    expect(asked).toEqual([session.callId, 'running-call']);
    expect(otherNode.has('running-call', admitted.participantId, 'citizen')).toBe(false);
  });

  it('a failing store is reported and the seats stay remembered', async () => {
    const failures: string[] = [];
    const seats = new EndedCallSeats({
      retentionMs: 60_000,
      store: { saveEndedSeats: () => Promise.reject(new Error('database down')) },
      onStoreError: (err, callId) => failures.push(`${callId}: ${(err as Error).message}`),
    });
    const { session, admitted } = endedCall();
    seats.remember(session);
    await new Promise((r) => setImmediate(r));
    expect(failures).toEqual([`${session.callId}: database down`]);
    expect(seats.has(session.callId, admitted.participantId, 'citizen')).toBe(true);
  });
});
