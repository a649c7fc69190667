import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '@videoloket/contracts';
import type { CounterSession } from './CounterSession';

// Issue 17: "documents outlive the call" — after the clerk ends a call, a citizen reopens
// the same link and sees the documents of that call their seat could see. The link alone
// is not enough (a forwarded link never got past the waiting room): the browser also shows
// its seat's resume key, which only the admitted browser holds. Kept in process memory,
// like the calls themselves: a restart forgets it (the clerk still has the archive).

export interface EndedSeat {
  callId: string;
  participantId: string;
  role: Role;
  displayName: string;
}

interface Remembered extends EndedSeat {
  linkId: string;
  keyHash: Buffer;
}

export interface EndedCallSeatsOptions {
  /** How long after the end the seats are remembered (the documents' retention period). */
  retentionMs: number;
  /** Most ended calls remembered at once; the oldest are forgotten first. */
  maxCalls?: number;
  now?: () => number;
}

const hash = (resumeKey: string) => createHash('sha256').update(resumeKey).digest();

export class EndedCallSeats {
  private readonly calls = new Map<string, { endedAt: number; seats: Remembered[] }>();
  private readonly maxCalls: number;
  private readonly now: () => number;

  constructor(private readonly options: EndedCallSeatsOptions) {
    this.maxCalls = options.maxCalls ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Call when the clerk ends the call: remembers its admitted citizen seats (hashes of their keys only). */
  remember(session: CounterSession): void {
    const seats = session
      .admittedSeats()
      .filter((s) => s.role === 'citizen' && s.linkId)
      .map((s) => ({ callId: session.callId, participantId: s.participantId, role: s.role, displayName: s.displayName, linkId: s.linkId!, keyHash: hash(s.resumeKey) }));
    if (!seats.length) return;
    this.calls.delete(session.callId);
    this.calls.set(session.callId, { endedAt: this.now(), seats });
    this.prune();
  }

  /** The seat a link + resume key stood for in an ended call, if both match and retention allows. */
  find(callId: string, linkId: string, resumeKey: string): EndedSeat | undefined {
    this.prune();
    const given = hash(resumeKey);
    const seat = this.calls.get(callId)?.seats.find((s) => s.linkId === linkId && timingSafeEqual(s.keyHash, given));
    return seat && { callId: seat.callId, participantId: seat.participantId, role: seat.role, displayName: seat.displayName };
  }

  /** Was this participant an admitted seat of this ended call (still within retention)? */
  has(callId: string, participantId: string, role: Role): boolean {
    this.prune();
    return this.calls.get(callId)?.seats.some((s) => s.participantId === participantId && s.role === role) ?? false;
  }

  private prune(): void {
    const oldest = this.now() - this.options.retentionMs;
    // Map order is insertion order, which is the order calls ended.
    for (const [callId, entry] of this.calls) {
      if (entry.endedAt >= oldest && this.calls.size <= this.maxCalls) break;
      this.calls.delete(callId);
    }
  }
}
