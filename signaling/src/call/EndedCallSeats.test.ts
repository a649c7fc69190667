import { describe, expect, it } from 'vitest';
import { CounterSession } from './CounterSession';
import { EndedCallSeats } from './EndedCallSeats';

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
