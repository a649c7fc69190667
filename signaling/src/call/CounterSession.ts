import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  type CallStatus,
  type CallSummary,
  type CallView,
  type ChatMessage,
  type ParticipantView,
  type ProducerInfo,
} from '@videoloket/contracts';
import { TypedEmitter } from '../TypedEmitter';
import type { Seat, SeatIdentity } from './Seat';

export interface CounterSessionOptions {
  callId?: string;
  title: string;
  createdByClerkId: string;
  /** Waiting seats whose browser went away are dropped after this long (ms). */
  waitingSeatGraceMs?: number;
  now?: () => number;
}

export type SeatRemovalReason = 'refused' | 'removed' | 'left' | 'abandoned';

export type CounterSessionEvents = {
  /** Anything participants can see changed: push a fresh call:state. */
  changed: [];
  admitted: [seat: Seat];
  seatRemoved: [seat: Seat, reason: SeatRemovalReason];
  chat: [message: ChatMessage];
  ended: [];
  close: [];
};

const CHAT_HISTORY_LIMIT = 500;

/**
 * One counter session (one call): who is waiting, who is admitted, who is connected, and
 * the chat. The only owner of that state; media lives in CallMedia, keyed by the same
 * participant ids. Knows nothing of Socket.IO.
 */
export class CounterSession extends TypedEmitter<CounterSessionEvents> {
  readonly callId: string;
  title: string;
  readonly createdByClerkId: string;
  readonly createdAt: Date;
  private statusValue: CallStatus = 'open';
  private readonly seats = new Map<string, Seat>();
  private readonly chatHistory: ChatMessage[] = [];
  private readonly pruneTimers = new Map<string, NodeJS.Timeout>();
  private readonly revokedLinks = new Set<string>();
  private readonly waitingSeatGraceMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(options: CounterSessionOptions) {
    super();
    this.callId = options.callId ?? randomUUID();
    this.title = options.title;
    this.createdByClerkId = options.createdByClerkId;
    this.waitingSeatGraceMs = options.waitingSeatGraceMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.createdAt = new Date(this.now());
  }

  get status(): CallStatus {
    return this.statusValue;
  }

  seat(participantId: string): Seat | undefined {
    return this.seats.get(participantId);
  }

  seatByConnection(connectionId: string): Seat | undefined {
    for (const seat of this.seats.values()) if (seat.connectionId === connectionId) return seat;
    return undefined;
  }

  /** Admitted seats with a live connection (who receives call-wide pushes). */
  connectedSeats(): Seat[] {
    return [...this.seats.values()].filter((s) => s.connectionId !== undefined);
  }

  /**
   * Seats a connection. A clerk always gets their own (admitted) seat. Others return to
   * their seat when the resume key matches a seat of the same link; otherwise they get a
   * new waiting seat — so a forwarded link can never slip past the waiting room.
   */
  join(identity: SeatIdentity, connectionId: string, resumeKey?: string): { seat: Seat; replacedConnectionId?: string } {
    this.assertOpen();
    let seat: Seat | undefined;
    if (identity.role === 'clerk') {
      seat = [...this.seats.values()].find((s) => s.clerkId === identity.clerkId);
      seat ??= this.addSeat({ role: 'clerk', displayName: identity.displayName, status: 'admitted', clerkId: identity.clerkId });
    } else {
      if (this.revokedLinks.has(identity.linkId)) throw new GoneError('This link has been withdrawn');
      if (resumeKey) seat = this.findByResumeKey(resumeKey, identity.linkId);
      if (seat) {
        // A waiting seat may update its name; an admitted one keeps what the clerk admitted.
        if (seat.status === 'waiting') seat.displayName = identity.displayName;
      } else {
        // An interpreter invited "directly" starts admitted (issue 5); everyone else waits.
        const direct = identity.role === 'interpreter' && identity.admitDirectly === true;
        seat = this.addSeat({ role: identity.role, displayName: identity.displayName, status: direct ? 'admitted' : 'waiting', linkId: identity.linkId });
        if (identity.language) seat.language = identity.language;
      }
    }
    const replacedConnectionId = seat.connectionId !== connectionId ? seat.connectionId : undefined;
    seat.connectionId = connectionId;
    seat.lastSeenAt = this.now();
    this.cancelPrune(seat.participantId);
    this.emit('changed');
    return { seat, replacedConnectionId };
  }

  /** The connection went away. The seat stays (reconnects come back to it); an abandoned waiting seat is dropped later. */
  disconnect(connectionId: string): Seat | undefined {
    const seat = this.seatByConnection(connectionId);
    if (!seat) return undefined;
    seat.connectionId = undefined;
    seat.lastSeenAt = this.now();
    seat.producers.clear();
    if (seat.status === 'waiting') {
      this.pruneTimers.set(
        seat.participantId,
        setTimeout(() => this.removeSeat(seat.participantId, 'abandoned'), this.waitingSeatGraceMs).unref(),
      );
    }
    this.emit('changed');
    return seat;
  }

  admit(participantId: string): Seat {
    this.assertOpen();
    const seat = this.requireSeat(participantId);
    if (seat.status === 'admitted') throw new ConflictError('Already admitted');
    seat.status = 'admitted';
    this.emit('admitted', seat);
    this.emit('changed');
    return seat;
  }

  refuse(participantId: string): Seat {
    const seat = this.requireSeat(participantId);
    if (seat.status !== 'waiting') throw new ConflictError('Only a waiting participant can be refused; remove them instead');
    return this.removeSeat(participantId, 'refused');
  }

  /** Removes a participant from the call (clerk action). Clerks cannot remove clerks. */
  remove(participantId: string): Seat {
    const seat = this.requireSeat(participantId);
    if (seat.role === 'clerk') throw new ForbiddenError('A clerk cannot be removed');
    return this.removeSeat(participantId, 'removed');
  }

  leave(participantId: string): Seat {
    return this.removeSeat(participantId, 'left');
  }

  /** Stops an invitation link: its seats are removed and it can no longer join. */
  revokeLink(linkId: string): Seat[] {
    this.revokedLinks.add(linkId);
    const seats = [...this.seats.values()].filter((s) => s.linkId === linkId);
    for (const seat of seats) this.removeSeat(seat.participantId, 'removed');
    return seats;
  }

  isLinkRevoked(linkId: string): boolean {
    return this.revokedLinks.has(linkId);
  }

  end(): void {
    if (this.statusValue === 'ended') return;
    this.statusValue = 'ended';
    this.emit('ended');
    this.close();
  }

  addChatMessage(participantId: string, text: string): ChatMessage {
    this.assertOpen();
    const seat = this.requireSeat(participantId);
    const message: ChatMessage = {
      id: randomUUID(),
      fromParticipantId: seat.participantId,
      fromName: seat.displayName,
      text,
      sentAt: new Date(this.now()).toISOString(),
    };
    this.chatHistory.push(message);
    if (this.chatHistory.length > CHAT_HISTORY_LIMIT) this.chatHistory.shift();
    this.emit('chat', message);
    return message;
  }

  chat(): ChatMessage[] {
    return [...this.chatHistory];
  }

  /**
   * A phone interpreter (SIP bridge leg) as an admitted interpreter seat: no connection of
   * its own, so it gets no pushes; its audio producer is listed so browsers consume it.
   */
  addPhoneSeat(participantId: string, displayName: string, producer?: ProducerInfo): Seat {
    this.assertOpen();
    const seat: Seat = {
      participantId,
      role: 'interpreter',
      displayName,
      status: 'admitted',
      resumeKey: randomBytes(24).toString('base64url'),
      lastSeenAt: this.now(),
      producers: new Map(producer ? [[producer.id, producer]] : []),
      phone: true,
    };
    this.seats.set(participantId, seat);
    this.emit('changed');
    return seat;
  }

  removePhoneSeat(participantId: string): void {
    if (this.seats.get(participantId)?.phone) this.removeSeat(participantId, 'left');
  }

  /** The clerk allows (or stops) a non-clerk sharing their screen. */
  setScreenShareAllowed(participantId: string, allowed: boolean): Seat {
    const seat = this.requireSeat(participantId);
    if (seat.role === 'clerk') throw new ConflictError('Clerks may always share their screen');
    seat.screenShareAllowed = allowed;
    this.emit('changed');
    return seat;
  }

  setProducer(participantId: string, producer: ProducerInfo): void {
    this.requireSeat(participantId).producers.set(producer.id, producer);
    this.emit('changed');
  }

  removeProducer(participantId: string, producerId: string): void {
    if (this.seats.get(participantId)?.producers.delete(producerId)) this.emit('changed');
  }

  /** The call as `viewer` may see it: a waiting viewer sees only themselves and the clerks' names. */
  view(viewer: Seat): CallView {
    const visible =
      viewer.status === 'admitted'
        ? [...this.seats.values()]
        : [...this.seats.values()].filter((s) => s === viewer || s.role === 'clerk');
    return {
      callId: this.callId,
      title: this.title,
      status: this.statusValue,
      participants: visible.map((s) => this.participantView(s, viewer.status === 'admitted' || s === viewer)),
    };
  }

  summary(): CallSummary {
    const seats = [...this.seats.values()];
    return {
      callId: this.callId,
      title: this.title,
      status: this.statusValue,
      createdAt: this.createdAt.toISOString(),
      waiting: seats.filter((s) => s.status === 'waiting').length,
      admitted: seats.filter((s) => s.status === 'admitted' && s.role !== 'clerk').length,
    };
  }

  /** Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.pruneTimers.values()) clearTimeout(timer);
    this.pruneTimers.clear();
    this.statusValue = 'ended';
    this.emit('close');
  }

  private participantView(seat: Seat, withMedia: boolean): ParticipantView {
    return {
      id: seat.participantId,
      role: seat.role,
      displayName: seat.displayName,
      status: seat.status,
      connected: seat.connectionId !== undefined || seat.phone === true,
      producers: withMedia && seat.status === 'admitted' ? [...seat.producers.values()] : [],
      ...(seat.language ? { language: seat.language } : {}),
      ...(seat.screenShareAllowed ? { screenShareAllowed: true } : {}),
    };
  }

  private addSeat(init: Pick<Seat, 'role' | 'displayName' | 'status'> & Partial<Pick<Seat, 'linkId' | 'clerkId'>>): Seat {
    const seat: Seat = {
      ...init,
      participantId: randomUUID(),
      resumeKey: randomBytes(24).toString('base64url'),
      lastSeenAt: this.now(),
      producers: new Map(),
    };
    this.seats.set(seat.participantId, seat);
    return seat;
  }

  private findByResumeKey(resumeKey: string, linkId: string): Seat | undefined {
    const given = Buffer.from(resumeKey);
    for (const seat of this.seats.values()) {
      const expected = Buffer.from(seat.resumeKey);
      if (seat.linkId === linkId && expected.length === given.length && timingSafeEqual(expected, given)) return seat;
    }
    return undefined;
  }

  private removeSeat(participantId: string, reason: SeatRemovalReason): Seat {
    const seat = this.requireSeat(participantId);
    this.cancelPrune(participantId);
    this.seats.delete(participantId);
    this.emit('seatRemoved', seat, reason);
    this.emit('changed');
    return seat;
  }

  private cancelPrune(participantId: string): void {
    const timer = this.pruneTimers.get(participantId);
    if (timer) clearTimeout(timer);
    this.pruneTimers.delete(participantId);
  }

  private requireSeat(participantId: string): Seat {
    const seat = this.seats.get(participantId);
    if (!seat) throw new NotFoundError('No such participant in this call');
    return seat;
  }

  private assertOpen(): void {
    if (this.statusValue !== 'open') throw new GoneError('This call has ended');
  }
}
