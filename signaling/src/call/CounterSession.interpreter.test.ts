import { describe, expect, it } from 'vitest';
import { AppError } from '@videoloket/contracts';
import { CallAudience } from './CallAudience';
import { CounterSession } from './CounterSession';
import type { Seat } from './Seat';

// Issue 5: interpreter seats (direct or via the waiting room) and the screen-share permission.

const clerk = { role: 'clerk' as const, clerkId: 'clerk-1', displayName: 'An Balie' };
const interpreter = (admitDirectly: boolean, linkId = 'tolk-1') => ({
  role: 'interpreter' as const,
  linkId,
  displayName: 'Samira',
  language: 'Arabisch',
  ...(admitDirectly ? { admitDirectly: true } : {}),
});

const view = (s: CounterSession, viewer: Seat) => new CallAudience(s, () => []).view(viewer);

function session() {
  return new CounterSession({ title: 'Gezinshereniging', createdByClerkId: 'clerk-1' });
}

describe('CounterSession with an interpreter', () => {
  it('seats a direct interpreter admitted, labelled with the language', () => {
    const s = session();
    const clerkSeat = s.join(clerk, 'c1').seat;
    const seat = s.join(interpreter(true), 'i1').seat;
    expect(seat.status).toBe('admitted');
    expect(view(s, clerkSeat).participants.find((p) => p.id === seat.participantId)).toMatchObject({ role: 'interpreter', language: 'Arabisch' });
  });

  it('admits only the first seat of a direct link; later seats wait, marked for the clerk only', () => {
    const s = session();
    const clerkSeat = s.join(clerk, 'c1').seat;
    const [a, b, c] = ['i1', 'i2', 'i3'].map((conn) => s.join(interpreter(true), conn).seat);
    expect([a, b, c].map((x) => x!.status)).toEqual(['admitted', 'waiting', 'waiting']);
    const seen = view(s, clerkSeat).participants;
    expect(seen.find((p) => p.id === a!.participantId)?.linkAlreadyUsed).toBeUndefined();
    expect(seen.find((p) => p.id === b!.participantId)?.linkAlreadyUsed).toBe(true);
    // Another direct link has its own first seat.
    expect(s.join(interpreter(true, 'tolk-2'), 'i4').seat.status).toBe('admitted');
    // The first seat coming back with its key is still admitted.
    expect(s.join(interpreter(true), 'i5', a!.resumeKey).seat).toBe(a);
  });

  it('puts an interpreter invited via the waiting room in the waiting room; a citizen never skips it', () => {
    const s = session();
    s.join(clerk, 'c1');
    expect(s.join(interpreter(false), 'i1').seat.status).toBe('waiting');
    const citizen = { role: 'citizen' as const, linkId: 'c-link', displayName: 'Jan', admitDirectly: true };
    expect(s.join(citizen, 'z1').seat.status).toBe('waiting');
  });

  it('revoking the link removes the interpreter and refuses the link afterwards', () => {
    const s = session();
    s.join(clerk, 'c1');
    const seat = s.join(interpreter(true), 'i1').seat;
    expect(s.withdrawLink('tolk-1').map((x) => x.participantId)).toEqual([seat.participantId]);
    expect(s.seat(seat.participantId)).toBeUndefined();
    expect(() => s.join(interpreter(true), 'i2')).toThrow(AppError);
  });

  it('keeps the screen-share permission per seat, shown in the view, never for clerks', () => {
    const s = session();
    const clerkSeat = s.join(clerk, 'c1').seat;
    const citizen = s.join({ role: 'citizen', linkId: 'c-link', displayName: 'Jan' }, 'z1').seat;
    s.admit(citizen.participantId);
    expect(view(s, clerkSeat).participants.find((p) => p.id === citizen.participantId)?.screenShareAllowed).toBeUndefined();
    s.setScreenShareAllowed(citizen.participantId, true);
    expect(view(s, citizen).participants.find((p) => p.id === citizen.participantId)?.screenShareAllowed).toBe(true);
    s.setScreenShareAllowed(citizen.participantId, false);
    expect(citizen.screenShareAllowed).toBe(false);
    expect(() => s.setScreenShareAllowed(clerkSeat.participantId, true)).toThrow(AppError);
  });
});
