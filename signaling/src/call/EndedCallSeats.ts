import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '@videoloket/contracts';
import type { CounterSession } from './CounterSession';

// Issue 17: "documents outlive the call" — after the clerk ends a call, a citizen reopens
// the same link and sees the documents of that call their seat could see. The link alone
// is not enough (a forwarded link never got past the waiting room): the browser also shows
// its seat's resume key, which only the admitted browser holds. Read from memory (the
// documents' policy asks synchronously); with a `store` each ended call's seats are also
// written to the calls' records and restored at start, so a restart forgets nothing, and a
// node that did not see a call end reads its seats from there (`load`) before it asks.

export interface EndedSeat {
  callId: string;
  participantId: string;
  role: Role;
  displayName: string;
}

/** A seat as remembered: the resume key only as its SHA-256. */
export interface RememberedSeat extends EndedSeat {
  linkId: string;
  keyHash: Buffer;
}

export interface EndedCallEntry {
  callId: string;
  endedAt: Date;
  seats: RememberedSeat[];
}

/** Where ended calls' seats are kept across restarts and nodes (CallRecords). */
export interface EndedSeatStore {
  saveEndedSeats(callId: string, endedAt: Date, seats: readonly RememberedSeat[]): Promise<void>;
  /** One call's seats if it ended since `since`; without it only this process's memory counts. */
  endedSeatsOf?(callId: string, since: Date): Promise<EndedCallEntry | undefined>;
}

export interface EndedCallSeatsOptions {
  /** How long after the end the seats are remembered (the documents' retention period). */
  retentionMs: number;
  /** Most ended calls remembered at once; the oldest are forgotten first. */
  maxCalls?: number;
  now?: () => number;
  store?: EndedSeatStore;
  /** A failed write to the store: the seats stay remembered in memory. */
  onStoreError?: (err: unknown, callId: string) => void;
}

const hash = (resumeKey: string) => createHash('sha256').update(resumeKey).digest();

export class EndedCallSeats {
  private readonly calls = new Map<string, { endedAt: number; seats: RememberedSeat[] }>();
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
    const endedAt = this.now();
    this.add(session.callId, endedAt, seats);
    this.options.store?.saveEndedSeats(session.callId, new Date(endedAt), seats).catch((err: unknown) => this.options.onStoreError?.(err, session.callId));
  }

  /** At start: the seats of calls that ended before, from the store, oldest first. */
  restore(entries: readonly EndedCallEntry[]): void {
    for (const entry of entries) this.add(entry.callId, entry.endedAt.getTime(), entry.seats);
  }

  /**
   * Before `find`/`has` for a call this process may not have seen end (several signalling
   * nodes, issue 13): reads its seats from the store unless they are remembered already.
   */
  async load(callId: string): Promise<void> {
    this.prune();
    if (this.calls.has(callId) || !this.options.store?.endedSeatsOf) return;
    const entry = await this.options.store.endedSeatsOf(callId, new Date(this.now() - this.options.retentionMs));
    if (entry && !this.calls.has(callId)) this.add(entry.callId, entry.endedAt.getTime(), entry.seats);
  }

  private add(callId: string, endedAt: number, seats: RememberedSeat[]): void {
    this.calls.delete(callId);
    this.calls.set(callId, { endedAt, seats });
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
