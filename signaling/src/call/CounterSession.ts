import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  type CallStatus,
  type CallSummary,
  type ChatMessage,
  type ConnectionQuality,
  type IdentityVerified,
} from '@videoloket/contracts';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { Seat, SeatIdentity } from './Seat';
import { storedSeat, type StoredCall, type StoredCallState, type StoredSeat } from './store/CallStateStore';

export interface CounterSessionOptions {
  callId?: string;
  title: string;
  createdByClerkId: string;
  /** Waiting seats whose browser went away are dropped after this long (ms). */
  waitingSeatGraceMs?: number;
  limits?: Partial<SeatLimits>;
  now?: () => number;
  /** Carries on a call another process held (issue 13): its fields, seats and chat as stored. */
  restored?: StoredCallState;
}

/**
 * Issue 9, finding 7: one link opened by 300 sockets must not give the clerk 300 waiting
 * seats. Knocks beyond these are refused (RATE_LIMITED); a returning seat (resume key)
 * never counts twice.
 */
export interface SeatLimits {
  maxWaitingSeatsPerLink: number;
  /** Per call, across its links: one address cannot fill the waiting room through several. */
  maxWaitingSeatsPerAddress: number;
}

export const DEFAULT_SEAT_LIMITS: SeatLimits = { maxWaitingSeatsPerLink: 3, maxWaitingSeatsPerAddress: 4 };

export type SeatRemovalReason = 'refused' | 'removed' | 'left' | 'abandoned';

export type CounterSessionEvents = {
  /** Anything participants can see changed: push a fresh call:state. */
  changed: [];
  /** A new seat entered the waiting room. */
  waiting: [seat: Seat];
  admitted: [seat: Seat];
  /** A seat got a new connection or lost its connection: whatever media it had is stale. */
  connectionChanged: [seat: Seat];
  /** A newer connection of the same seat took over from `connectionId`. */
  replaced: [connectionId: string];
  seatRemoved: [seat: Seat, reason: SeatRemovalReason];
  /** An invitation link was withdrawn (by that clerk account): connections that opened it and have no seat go too. */
  linkWithdrawn: [linkId: string, byClerkId: string | undefined];
  chat: [message: ChatMessage];
  /** The clerk shared the chat from before `seat` (an interpreter) joined: these messages. */
  chatShared: [seat: Seat, messages: ChatMessage[]];
};

const CHAT_HISTORY_LIMIT = 500;

/**
 * The people of one call: who is waiting, who is admitted, who is connected, the chat and
 * the withdrawn links. Part of a Call (call/Call.ts), which owns it with the call's media,
 * form and phone lines; media is keyed by the same participant ids. Knows nothing of
 * Socket.IO.
 */
export class CounterSession extends TypedEmitter<CounterSessionEvents> {
  readonly callId: string;
  title: string;
  /** An appointment's call: the citizen booked signed in with the government login (set when the clerk starts it). */
  identityVerified: IdentityVerified | undefined;
  readonly createdByClerkId: string;
  readonly createdAt: Date;
  private statusValue: CallStatus = 'open';
  private readonly seats = new Map<string, Seat>();
  /** Chat so far, each message with its sequence number (what `Seat.chatFrom` counts). */
  private readonly chatHistory: { seq: number; message: ChatMessage }[] = [];
  private chatSeq = 0;
  private readonly pruneTimers = new Map<string, NodeJS.Timeout>();
  private readonly withdrawnLinks = new Set<string>();
  /** Interpreter links "straight into the call" whose one direct admission has been used. */
  private readonly usedDirectLinks = new Set<string>();
  private readonly waitingSeatGraceMs: number;
  private readonly limits: SeatLimits;
  private readonly now: () => number;
  private closed = false;
  /** The clerk account a supervisor handed the call to (assignTo). */
  private assignedTo: string | undefined;

  constructor(options: CounterSessionOptions) {
    super();
    this.callId = options.restored?.call.callId ?? options.callId ?? randomUUID();
    this.title = options.title;
    this.createdByClerkId = options.createdByClerkId;
    this.waitingSeatGraceMs = options.waitingSeatGraceMs ?? 60_000;
    this.limits = { ...DEFAULT_SEAT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.createdAt = new Date(options.restored?.call.createdAt ?? this.now());
    if (options.restored) this.restore(options.restored);
  }

  /** What the call state store keeps of this session (issue 13): everything but live connections. */
  snapshot(): { call: Omit<StoredCall, 'appointmentId'>; seats: StoredSeat[] } {
    return {
      call: {
        callId: this.callId,
        title: this.title,
        createdByClerkId: this.createdByClerkId,
        createdAt: this.createdAt.toISOString(),
        status: this.statusValue,
        ...(this.assignedTo ? { assignedTo: this.assignedTo } : {}),
        ...(this.identityVerified ? { identityVerified: this.identityVerified } : {}),
        withdrawnLinks: [...this.withdrawnLinks],
        usedDirectLinks: [...this.usedDirectLinks],
        chatSeq: this.chatSeq,
      },
      seats: [...this.seats.values()].map(storedSeat),
    };
  }

  /** The sequence number of the last chat message (the one a 'chat' event just announced). */
  get lastChatSeq(): number {
    return this.chatSeq - 1;
  }

  /** Nobody is connected to a restored call: its waiting seats are dropped unless their browsers come back. */
  private restore({ call, seats, chat }: StoredCallState): void {
    this.title = call.title;
    this.statusValue = call.status;
    this.assignedTo = call.assignedTo;
    this.identityVerified = call.identityVerified;
    for (const linkId of call.withdrawnLinks) this.withdrawnLinks.add(linkId);
    for (const linkId of call.usedDirectLinks) this.usedDirectLinks.add(linkId);
    this.chatSeq = call.chatSeq;
    this.chatHistory.push(...chat);
    for (const seat of seats) {
      this.seats.set(seat.participantId, { ...seat });
      if (seat.status === 'waiting') this.schedulePrune(seat.participantId);
    }
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

  private seatByObserver(connectionId: string): Seat | undefined {
    for (const seat of this.seats.values()) if (seat.observerConnectionId === connectionId) return seat;
    return undefined;
  }

  /** Every admitted seat, connected or not. */
  admittedSeats(): Seat[] {
    return [...this.seats.values()].filter((s) => s.status === 'admitted');
  }

  /** Seats with a live connection, call or case window (who receives call-wide pushes). */
  connectedSeats(): Seat[] {
    return [...this.seats.values()].filter((s) => s.connectionId !== undefined || s.observerConnectionId !== undefined);
  }

  /**
   * Seats a connection. A clerk always gets their own (admitted) seat. Others return to
   * their seat when the resume key matches a seat of the same link; otherwise they get a
   * new waiting seat — so a forwarded link can never slip past the waiting room. `address`
   * is the connection's client address, for the per-address cap.
   */
  join(identity: SeatIdentity, connectionId: string, resumeKey?: string, address?: string): { seat: Seat; replacedConnectionId?: string } {
    this.assertOpen();
    let seat: Seat | undefined;
    let knocked = false;
    if (identity.role === 'clerk') {
      seat = [...this.seats.values()].find((s) => s.clerkId === identity.clerkId);
      seat ??= this.addSeat({ role: 'clerk', displayName: identity.displayName, status: 'admitted', clerkId: identity.clerkId });
    } else {
      if (this.withdrawnLinks.has(identity.linkId)) throw new GoneError('This link has been withdrawn');
      if (resumeKey) seat = this.findByResumeKey(resumeKey, identity.linkId);
      if (seat) {
        // A waiting seat may update its name; an admitted one keeps what the clerk admitted.
        if (seat.status === 'waiting') {
          seat.displayName = identity.displayName;
          seat.nameResemblesClerk = identity.nameResemblesClerk;
        }
      } else {
        this.assertRoomToKnock(identity.linkId, address);
        // An interpreter invited "directly" skips the waiting room (issue 5) — but only the
        // first seat that opens the link (issue 9, finding 5): a forwarded or copied link
        // waits like everyone else, marked for the clerk.
        const direct = identity.role === 'interpreter' && identity.admitDirectly === true;
        const firstDirect = direct && !this.usedDirectLinks.has(identity.linkId);
        if (firstDirect) this.usedDirectLinks.add(identity.linkId);
        seat = this.addSeat({
          role: identity.role,
          displayName: identity.displayName,
          status: firstDirect ? 'admitted' : 'waiting',
          linkId: identity.linkId,
          ...(address ? { address } : {}),
        });
        knocked = seat.status === 'waiting';
        if (direct && !firstDirect) seat.linkAlreadyUsed = true;
        if (identity.nameResemblesClerk) seat.nameResemblesClerk = true;
        if (identity.language) seat.language = identity.language;
        if (direct) this.startChatAtNow(seat);
      }
    }
    const replacedConnectionId = seat.connectionId !== connectionId ? seat.connectionId : undefined;
    if (seat.connectionId !== connectionId) delete seat.connectionQuality;
    seat.connectionId = connectionId;
    seat.lastSeenAt = this.now();
    this.cancelPrune(seat.participantId);
    this.emit('connectionChanged', seat);
    if (replacedConnectionId) this.emit('replaced', replacedConnectionId);
    if (knocked) this.emit('waiting', seat);
    this.emit('changed');
    return { seat, replacedConnectionId };
  }

  /**
   * The clerk's case window (issue 12) attaches to the seat the clerk's call window made:
   * only that clerk account, only once the seat exists, and never in the seat's media. A
   * newer case window replaces an older one; the call window is not touched.
   */
  observe(clerkId: string, connectionId: string): { seat: Seat; replacedConnectionId?: string } {
    this.assertOpen();
    const seat = [...this.seats.values()].find((s) => s.role === 'clerk' && s.clerkId === clerkId);
    if (!seat) throw new ForbiddenError('Open the call window of this call first');
    if (seat.connectionId === connectionId) throw new ConflictError('This connection is the call window');
    const replacedConnectionId = seat.observerConnectionId !== connectionId ? seat.observerConnectionId : undefined;
    seat.observerConnectionId = connectionId;
    if (replacedConnectionId) this.emit('replaced', replacedConnectionId);
    this.emit('changed');
    return { seat, ...(replacedConnectionId ? { replacedConnectionId } : {}) };
  }

  /** The connection went away. The seat stays (reconnects come back to it); an abandoned waiting seat is dropped later. */
  disconnect(connectionId: string): Seat | undefined {
    const observed = this.seatByObserver(connectionId);
    if (observed) {
      // A case window closing changes nothing of the call: it only stops receiving.
      observed.observerConnectionId = undefined;
      this.emit('changed');
      return observed;
    }
    const seat = this.seatByConnection(connectionId);
    if (!seat) return undefined;
    seat.connectionId = undefined;
    delete seat.connectionQuality;
    seat.lastSeenAt = this.now();
    this.emit('connectionChanged', seat);
    if (seat.status === 'waiting') this.schedulePrune(seat.participantId);
    this.emit('changed');
    return seat;
  }

  private schedulePrune(participantId: string): void {
    this.pruneTimers.set(
      participantId,
      setTimeout(() => this.removeSeat(participantId, 'abandoned'), this.waitingSeatGraceMs).unref(),
    );
  }

  admit(participantId: string): Seat {
    this.assertOpen();
    const seat = this.requireSeat(participantId);
    if (seat.status === 'admitted') throw new ConflictError('Already admitted');
    seat.status = 'admitted';
    delete seat.waitingSince;
    this.startChatAtNow(seat);
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

  /** Withdraws an invitation link (citizen or interpreter): its seats are removed and it can no longer join. */
  withdrawLink(linkId: string, byClerkId?: string): Seat[] {
    this.withdrawnLinks.add(linkId);
    const seats = [...this.seats.values()].filter((s) => s.linkId === linkId);
    for (const seat of seats) this.removeSeat(seat.participantId, 'removed');
    this.emit('linkWithdrawn', linkId, byClerkId);
    return seats;
  }

  isLinkWithdrawn(linkId: string): boolean {
    return this.withdrawnLinks.has(linkId);
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
    this.chatHistory.push({ seq: this.chatSeq++, message });
    if (this.chatHistory.length > CHAT_HISTORY_LIMIT) this.chatHistory.shift();
    this.emit('chat', message);
    return message;
  }

  /** The chat as `viewer` may read it: an interpreter from when they joined, unless the clerk shared the earlier part. */
  chat(viewer: Seat): ChatMessage[] {
    const from = viewer.chatFrom ?? 0;
    return this.chatHistory.filter((m) => m.seq >= from).map((m) => m.message);
  }

  /** The clerk shares the chat from before an interpreter joined; returns what they could not read until now. */
  shareChatHistory(participantId: string): ChatMessage[] {
    const seat = this.requireSeat(participantId);
    if (seat.role !== 'interpreter') throw new ConflictError('Only an interpreter joins the chat part-way');
    const hidden = this.chatHistory.filter((m) => m.seq < (seat.chatFrom ?? 0)).map((m) => m.message);
    seat.chatFrom = 0;
    if (hidden.length) this.emit('chatShared', seat, hidden);
    return hidden;
  }

  /** Interpreters read the chat from the moment they are in the call (issue 17). */
  private startChatAtNow(seat: Seat): void {
    if (seat.role === 'interpreter') seat.chatFrom = this.chatSeq;
  }

  /**
   * A phone interpreter (SIP bridge leg) as an admitted interpreter seat: no connection of
   * its own, so it gets no pushes; its audio producer (in the call's media room under the
   * same id) is listed so browsers consume it.
   */
  addPhoneSeat(participantId: string, displayName: string): Seat {
    this.assertOpen();
    const seat: Seat = {
      participantId,
      role: 'interpreter',
      displayName,
      status: 'admitted',
      resumeKey: randomBytes(24).toString('base64url'),
      lastSeenAt: this.now(),
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

  /** The seat's browser reports how its connection does; the others hear of a change only. */
  setConnectionQuality(participantId: string, quality: ConnectionQuality): void {
    const seat = this.requireSeat(participantId);
    if (seat.connectionQuality === quality) return;
    seat.connectionQuality = quality;
    this.emit('changed');
  }

  /** Every seat, in the order they came (the call's audience picks who sees which). */
  allSeats(): Seat[] {
    return [...this.seats.values()];
  }

  /** The clerk account a supervisor handed this call to (issue 12 item 3), if any. */
  get assignedClerkId(): string | undefined {
    return this.assignedTo;
  }

  /** A supervisor hands the call, and whoever waits in it, to another clerk's desk. */
  assignTo(clerkId: string): void {
    this.assertOpen();
    this.assignedTo = clerkId;
    this.emit('changed');
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

  /** The call ended (Call.close): no more joins, no pending timers. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.pruneTimers.values()) clearTimeout(timer);
    this.pruneTimers.clear();
    this.statusValue = 'ended';
  }

  private assertRoomToKnock(linkId: string, address: string | undefined): void {
    const waiting = [...this.seats.values()].filter((s) => s.status === 'waiting');
    if (waiting.filter((s) => s.linkId === linkId).length >= this.limits.maxWaitingSeatsPerLink) {
      throw new AppError('RATE_LIMITED', 'Too many people are already waiting with this link. Please wait for the clerk.');
    }
    if (address && waiting.filter((s) => s.address === address).length >= this.limits.maxWaitingSeatsPerAddress) {
      throw new AppError('RATE_LIMITED', 'Too many people are already waiting from your connection. Please wait for the clerk.');
    }
  }

  private addSeat(init: Pick<Seat, 'role' | 'displayName' | 'status'> & Partial<Pick<Seat, 'linkId' | 'clerkId' | 'address'>>): Seat {
    const seat: Seat = {
      ...init,
      participantId: randomUUID(),
      resumeKey: randomBytes(24).toString('base64url'),
      lastSeenAt: this.now(),
      ...(init.status === 'waiting' ? { waitingSince: this.now() } : {}),
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
