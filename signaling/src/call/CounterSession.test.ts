import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@videoloket/contracts';
import { CounterSession } from './CounterSession';

const clerk = { role: 'clerk' as const, clerkId: 'clerk-1', displayName: 'An Balie' };
const citizen = (name = 'Jan Peeters') => ({ role: 'citizen' as const, linkId: 'link-1', displayName: name });

function session() {
  return new CounterSession({ title: 'Reistoestemming', createdByClerkId: 'clerk-1', waitingSeatGraceMs: 1000 });
}

describe('CounterSession', () => {
  it('admits a clerk at once and puts a citizen in the waiting room', () => {
    const s = session();
    expect(s.join(clerk, 'c1').seat.status).toBe('admitted');
    expect(s.join(citizen(), 'z1').seat.status).toBe('waiting');
  });

  it('shows a waiting citizen only themselves and the clerk, without media', () => {
    const s = session();
    const clerkSeat = s.join(clerk, 'c1').seat;
    s.setProducer(clerkSeat.participantId, { id: 'p1', kind: 'video', source: 'camera', paused: false });
    s.join({ ...citizen('Other'), linkId: 'link-2' }, 'z2');
    const waiting = s.join(citizen(), 'z1').seat;
    const view = s.view(waiting);
    expect(view.participants.map((p) => p.displayName).sort()).toEqual(['An Balie', 'Jan Peeters']);
    expect(view.participants.every((p) => p.producers.length === 0)).toBe(true);
    expect(s.view(clerkSeat).participants).toHaveLength(3);
  });

  it('brings an admitted citizen back to the same admitted seat with the resume key', () => {
    const s = session();
    s.join(clerk, 'c1');
    const first = s.join(citizen(), 'z1').seat;
    s.admit(first.participantId);
    s.disconnect('z1');
    expect(s.seat(first.participantId)?.connectionId).toBeUndefined();
    const back = s.join(citizen(), 'z2', first.resumeKey);
    expect(back.seat.participantId).toBe(first.participantId);
    expect(back.seat.status).toBe('admitted');
  });

  it('puts a forwarded link (no or wrong resume key) in the waiting room as a new seat', () => {
    const s = session();
    const first = s.join(citizen(), 'z1').seat;
    s.admit(first.participantId);
    const forwarded = s.join(citizen('Someone else'), 'x1', 'not-the-key');
    expect(forwarded.seat.participantId).not.toBe(first.participantId);
    expect(forwarded.seat.status).toBe('waiting');
    // A resume key only works for the link it was issued under.
    const otherLink = s.join({ ...citizen(), linkId: 'link-2' }, 'x2', first.resumeKey);
    expect(otherLink.seat.participantId).not.toBe(first.participantId);
  });

  it('reports the replaced connection when the same seat connects twice', () => {
    const s = session();
    const seat = s.join(citizen(), 'z1').seat;
    expect(s.join(citizen(), 'z2', seat.resumeKey).replacedConnectionId).toBe('z1');
    expect(s.disconnect('z1')).toBeUndefined();
    expect(s.seat(seat.participantId)?.connectionId).toBe('z2');
  });

  it('drops a waiting seat whose browser stays away past the grace period', () => {
    vi.useFakeTimers();
    try {
      const s = session();
      const removed = vi.fn();
      s.on('seatRemoved', removed);
      const seat = s.join(citizen(), 'z1').seat;
      s.disconnect('z1');
      vi.advanceTimersByTime(999);
      expect(s.seat(seat.participantId)).toBeDefined();
      vi.advanceTimersByTime(2);
      expect(s.seat(seat.participantId)).toBeUndefined();
      expect(removed).toHaveBeenCalledWith(seat, 'abandoned');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a waiting seat that reconnects within the grace period', () => {
    vi.useFakeTimers();
    try {
      const s = session();
      const seat = s.join(citizen(), 'z1').seat;
      s.disconnect('z1');
      vi.advanceTimersByTime(500);
      s.join(citizen(), 'z2', seat.resumeKey);
      vi.advanceTimersByTime(5000);
      expect(s.seat(seat.participantId)?.status).toBe('waiting');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses only waiting seats and never removes a clerk', () => {
    const s = session();
    const c = s.join(clerk, 'c1').seat;
    const z = s.join(citizen(), 'z1').seat;
    s.admit(z.participantId);
    expect(() => s.refuse(z.participantId)).toThrow(AppError);
    expect(() => s.remove(c.participantId)).toThrow(/cannot be removed/);
    s.remove(z.participantId);
    expect(s.seat(z.participantId)).toBeUndefined();
  });

  it('ends once: emits ended and close, then refuses joins with GONE', () => {
    const s = session();
    const ended = vi.fn();
    const closed = vi.fn();
    s.on('ended', ended).on('close', closed);
    s.end();
    s.end();
    expect(ended).toHaveBeenCalledTimes(1);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(() => s.join(citizen(), 'z1')).toThrow(expect.objectContaining({ code: 'GONE' }));
  });

  it('caps new waiting seats per link and per address; returning seats and other links are not affected', () => {
    const s = new CounterSession({ title: 'x', createdByClerkId: 'clerk-1', limits: { maxWaitingSeatsPerLink: 2, maxWaitingSeatsPerAddress: 3 } });
    const first = s.join(citizen(), 'z1', undefined, '10.0.0.1').seat;
    s.join(citizen(), 'z2', undefined, '10.0.0.2');
    expect(() => s.join(citizen(), 'z3', undefined, '10.0.0.3')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    // The seat's own browser comes back with its key: no new seat, no refusal.
    expect(s.join(citizen(), 'z4', first.resumeKey, '10.0.0.1').seat).toBe(first);
    // Per address, across links.
    s.join({ ...citizen(), linkId: 'link-2' }, 'y1', undefined, '10.0.0.1');
    s.join({ ...citizen(), linkId: 'link-3' }, 'y2', undefined, '10.0.0.1');
    expect(() => s.join({ ...citizen(), linkId: 'link-4' }, 'y3', undefined, '10.0.0.1')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(s.join({ ...citizen(), linkId: 'link-4' }, 'y4', undefined, '10.0.0.9').seat.status).toBe('waiting');
    // Admitting frees a place on the link.
    s.admit(first.participantId);
    expect(s.join(citizen(), 'z5', undefined, '10.0.0.5').seat.status).toBe('waiting');
  });

  it('shows link ids to clerks only, and marks a clerk-like name', () => {
    const s = session();
    const c = s.join(clerk, 'c1').seat;
    const z = s.join({ ...citizen('Εls'), nameResemblesClerk: true }, 'z1').seat;
    s.admit(z.participantId);
    expect(s.view(c).participants.find((p) => p.id === z.participantId)).toMatchObject({ linkId: 'link-1', nameResemblesClerk: true });
    const own = s.view(z).participants.find((p) => p.id === z.participantId)!;
    expect(own.linkId).toBeUndefined();
  });

  it('stops a withdrawn link: its seats go, it cannot join again, and says so', () => {
    const s = session();
    const withdrawn = vi.fn();
    s.on('linkWithdrawn', withdrawn);
    const seat = s.join(citizen(), 'z1').seat;
    expect(s.withdrawLink('link-1')).toEqual([seat]);
    expect(withdrawn).toHaveBeenCalledWith('link-1');
    expect(s.seat(seat.participantId)).toBeUndefined();
    expect(() => s.join(citizen(), 'z2', seat.resumeKey)).toThrow(expect.objectContaining({ code: 'GONE' }));
  });

  it('keeps chat history with the sender name and caps it', () => {
    const s = session();
    const c = s.join(clerk, 'c1').seat;
    for (let i = 0; i < 510; i++) s.addChatMessage(c.participantId, `m${i}`);
    const history = s.chat(c);
    expect(history).toHaveLength(500);
    expect(history[0]?.text).toBe('m10');
    expect(history.at(-1)).toMatchObject({ fromName: 'An Balie', text: 'm509' });
  });
});
