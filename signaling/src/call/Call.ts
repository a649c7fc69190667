import { randomUUID } from 'node:crypto';
import { UnavailableError, type CallOutcome, type CallSummary } from '@videoloket/contracts';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { Sfu } from '@videoloket/sfu';
import type { TelephonyAdapter } from '@videoloket/sip-bridge';
import type { Logger } from 'pino';
import type { FormRoom, FormService } from '../forms';
import { PhoneLines } from '../telephony';
import { CallAudience } from './CallAudience';
import { CallMedia } from './CallMedia';
import { CounterSession, type SeatLimits } from './CounterSession';
import type { Seat } from './Seat';
import { CallWriteThrough, type CallOwnership } from './store/CallWriteThrough';
import type { StoredCallState } from './store/CallStateStore';

/** Why a call ended; 'expired': everyone had left for the idle time. */
export type CallEndReason = 'ended-by-clerk' | 'expired' | 'media-lost' | 'shutdown';
/** The clerk who ended a call, and what they said came of it. */
export interface EndedBy {
  clerkId: string;
  outcome?: CallOutcome;
}

/**
 * A call's lifecycle, for whoever keeps records of calls (and the pushes). Each is emitted
 * after the change it names; 'ended' exactly once, after every part of the call is closed.
 */
export type CallEvents = {
  /** A new seat entered the waiting room. */
  waiting: [seat: Seat];
  /** The first non-clerk was admitted (once per call). */
  active: [];
  /** An invitation link was withdrawn. */
  linkRevoked: [linkId: string, by: { clerkId: string } | undefined];
  ended: [reason: CallEndReason, by?: EndedBy];
};

export interface CallInit {
  /** Given for scheduled calls (an appointment's call id); new calls get a random one. */
  callId?: string;
  title: string;
  createdByClerkId: string;
  appointmentId?: string;
}

/** What every call needs from the process: the SFU, the phone bridge, forms, settings. */
export interface CallDeps {
  sfu: Sfu;
  forms: FormService;
  telephony?: TelephonyAdapter;
  logger: Logger;
  seatLimits?: Partial<SeatLimits>;
  /** The call ends ('expired') when everyone has left it for this long. */
  idleTimeoutMs: number;
  waitingSeatGraceMs?: number;
  now?: () => number;
  /** Where the call's state is written through, under this process's lease (issue 13). */
  ownership?: CallOwnership;
}

/** Another node holds this call's lease (issue 13): it carries the call; try again (cross-node forwarding comes later). */
export class CallOwnedElsewhereError extends UnavailableError {
  constructor() {
    super('This call is being carried by another server; try again in a moment');
  }
}

/**
 * One call and everything of it: its seats and chat (session), its media room, its form,
 * its phone lines, and who may see what (audience). Whatever ends it — the clerk, expiry,
 * a lost media worker, the process shutting down — ends it through close(), which closes
 * every part once, in order.
 */
export class Call extends TypedEmitter<CallEvents> {
  readonly id: string;
  readonly appointmentId: string | undefined;
  readonly session: CounterSession;
  readonly media: CallMedia;
  readonly forms: FormRoom;
  readonly phone: PhoneLines;
  readonly audience: CallAudience;
  #endReason: CallEndReason | undefined;
  #active = false;
  #idleTimer: NodeJS.Timeout | undefined;
  /** Someone has been connected: from then on an empty call can expire. */
  #everConnected = false;
  readonly #log: Logger;

  /** Takes the call's lease, opens its media room, then the call; its first state is written before anyone can join. */
  static async open(init: CallInit, deps: CallDeps): Promise<Call> {
    return Call.#start({ ...init, callId: init.callId ?? randomUUID() }, deps);
  }

  /**
   * Carries on a call another process held and left (issue 13): its seats and chat from the
   * store, a fresh media room (the browsers' media restarts as after a lost worker).
   */
  static async rehydrate(state: StoredCallState, deps: CallDeps): Promise<Call> {
    const { call } = state;
    return Call.#start({ callId: call.callId, title: call.title, createdByClerkId: call.createdByClerkId, ...(call.appointmentId ? { appointmentId: call.appointmentId } : {}) }, deps, state);
  }

  static async #start(init: CallInit & { callId: string }, deps: CallDeps, restored?: StoredCallState): Promise<Call> {
    const log = deps.logger.child({ callId: init.callId });
    const { ownership } = deps;
    if (ownership && !(await ownership.store.acquireLease(init.callId, ownership.nodeId, ownership.leaseMs))) throw new CallOwnedElsewhereError();
    let media: CallMedia;
    try {
      media = await CallMedia.open(deps.sfu, init.callId, log.child({ component: 'media' }));
    } catch (err) {
      await ownership?.store.releaseLease(init.callId, ownership.nodeId).catch(() => undefined);
      throw err;
    }
    const call = new Call(init, deps, media, log, restored);
    await call.#writeThrough?.saveNow();
    return call;
  }

  readonly #writeThrough: CallWriteThrough | undefined;

  private constructor(init: CallInit & { callId: string }, deps: CallDeps, media: CallMedia, log: Logger, restored?: StoredCallState) {
    super();
    this.id = init.callId;
    this.appointmentId = init.appointmentId;
    this.#log = log;
    this.media = media;
    this.session = new CounterSession({
      callId: this.id,
      title: init.title,
      createdByClerkId: init.createdByClerkId,
      limits: deps.seatLimits,
      ...(deps.waitingSeatGraceMs !== undefined ? { waitingSeatGraceMs: deps.waitingSeatGraceMs } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(restored ? { restored } : {}),
    });
    this.#writeThrough = deps.ownership && new CallWriteThrough(this.session, this.appointmentId, deps.ownership, log.child({ component: 'call-state' }));
    if (restored) {
      // Nobody is connected yet: the call expires unless someone comes back; it was active if someone was admitted.
      this.#everConnected = true;
      this.#active = this.session.allSeats().some((s) => s.role !== 'clerk' && s.status === 'admitted');
    }
    this.forms = deps.forms.room(this.id);
    this.phone = new PhoneLines(deps.telephony, media.room, this.session, log.child({ component: 'telephony' }));
    this.audience = new CallAudience(this.session, (participantId) => media.producers(participantId));

    // A seat's media is cleaned up here and only here: a new or lost connection, or the seat gone.
    this.session.on('connectionChanged', (seat) => media.closePeer(seat.participantId));
    this.session.on('seatRemoved', (seat) => media.closePeer(seat.participantId));
    this.session.on('waiting', (seat) => this.emit('waiting', seat));
    this.session.on('linkWithdrawn', (linkId, byClerkId) => this.emit('linkRevoked', linkId, byClerkId ? { clerkId: byClerkId } : undefined));
    this.session.on('changed', () => {
      this.#noticeActive();
      this.#watchIdle(deps.idleTimeoutMs);
    });
    media.on('lost', () => {
      this.#log.error('the call lost its media room (no live media worker)');
      this.close('media-lost');
    });
    if (restored) this.#watchIdle(deps.idleTimeoutMs);
  }

  /** Every change so far is in the call state store (answers wait for it, so an acknowledged change survives a crash). */
  stateWritten(): Promise<void> {
    return this.#writeThrough?.written() ?? Promise.resolve();
  }

  /** A change the session did not announce (the desk set the title or the verified identity): write it. */
  stateChanged(): void {
    this.#writeThrough?.saveSoon();
  }

  get status(): 'open' | 'ended' {
    return this.#endReason ? 'ended' : 'open';
  }

  get endReason(): CallEndReason | undefined {
    return this.#endReason;
  }

  summary(): CallSummary {
    return this.session.summary();
  }

  /**
   * Ends the call: no more joins, every phone leg hung up, the form dropped, the media room
   * closed — then 'ended'. Only the first close counts; later ones do nothing.
   */
  close(reason: CallEndReason, by?: EndedBy): void {
    if (this.#endReason) return;
    this.#endReason = reason;
    clearTimeout(this.#idleTimer);
    this.session.close();
    void this.#writeThrough?.ended();
    this.phone.close();
    this.forms.close();
    this.media.close();
    this.#log.info({ reason, ...(by ? { by: by.clerkId, outcome: by.outcome } : {}) }, 'call ended');
    if (by) this.emit('ended', reason, by);
    else this.emit('ended', reason);
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'call listener threw');
  }

  #noticeActive(): void {
    if (this.#active) return;
    if (!this.session.allSeats().some((s) => s.role !== 'clerk' && s.status === 'admitted')) return;
    this.#active = true;
    this.emit('active');
  }

  /**
   * Everyone has left (phone lines do not count): the call expires after `idleMs` unless
   * someone comes back. A call nobody has joined yet waits for its links (valid up to days).
   */
  #watchIdle(idleMs: number): void {
    if (this.#endReason) return;
    const someone = this.session.connectedSeats().length > 0;
    if (someone) this.#everConnected = true;
    if (!this.#everConnected) return;
    if (someone) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
    } else if (!this.#idleTimer) {
      this.#idleTimer = setTimeout(() => this.close('expired'), idleMs).unref();
    }
  }
}
