import { randomUUID } from 'node:crypto';
import { AppointmentCancelledError, AppointmentOfAnotherClerkError, GoneError, type CallOutcome, type CallRecordStatus, type IdentityVerified } from '@videoloket/contracts';
import type { Logger } from 'pino';
import type { EndedCallEntry, EndedSeatStore, RememberedSeat } from '../EndedCallSeats';
import { isFinal, type CallRecord, type CallRepository } from './CallRepository';
import type { CallEndReason, EndedBy } from '../Call';

/** What calls need of the back office's appointments and cases. */
export interface AppointmentsForCalls {
  /** An appointment's call: throws UnknownAppointmentError / AppointmentCancelledError when there is none. */
  forVideoCall(appointmentId: string): Promise<{ id: string; caseId: string; clerkId: string; identityVerified?: IdentityVerified }>;
  /** What came of an appointment's call, on its case's timeline. */
  recordCallOutcome(caseId: string, outcome: CallOutcome, clerkId: string): Promise<void>;
}

/** A live call as the recorder needs it. */
export interface OpenedCall {
  id: string;
  title: string;
  createdByClerkId: string;
}

export interface CallRecordsDeps {
  repository: CallRepository;
  appointments: AppointmentsForCalls;
  logger: Logger;
  now?: () => Date;
}

/**
 * Calls as records (issue 10 item 2): the rules around CallRepository, and the subscriber that
 * records a live call's lifecycle (opened, someone admitted, ended, a link withdrawn). Its
 * lifecycle methods never throw: a failed write is logged and the call goes on; the ones a
 * later check depends on (opened, link withdrawn) are awaited by `settled()` before shutdown.
 */
export class CallRecords implements EndedSeatStore {
  readonly #repo: CallRepository;
  readonly #appointments: AppointmentsForCalls;
  readonly #log: Logger;
  readonly #now: () => Date;
  /** Writes in flight, per call in order: an `ended` never overtakes the `opened` before it. */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(deps: CallRecordsDeps) {
    this.#repo = deps.repository;
    this.#appointments = deps.appointments;
    this.#log = deps.logger;
    this.#now = deps.now ?? (() => new Date());
  }

  get repository(): CallRepository {
    return this.#repo;
  }

  /** The call an appointment's join link leads to (made when the link is): recorded as scheduled, bound to the appointment and its case. */
  async scheduleForAppointment(appointment: { id: string; caseId: string }, linkExpiresAt: Date): Promise<string> {
    const record = await this.#repo.scheduleForAppointment({
      id: randomUUID(),
      appointmentId: appointment.id,
      caseId: appointment.caseId,
      title: 'Afspraak',
      expiresAt: linkExpiresAt,
      at: this.#now(),
    });
    return record.id;
  }

  /**
   * A clerk starts an appointment's call: the appointment must exist and be booked
   * (the back office throws UnknownAppointmentError / AppointmentCancelledError), and be
   * theirs when their account is tied to a back-office clerk (AppointmentOfAnotherClerkError).
   * Returns the id of the appointment's call; one that has ended stays ended (GONE).
   */
  async startForAppointment(appointmentId: string, clerk: { id: string; backofficeClerkId?: string }, title: string): Promise<string> {
    const appointment = await this.#appointments.forVideoCall(appointmentId);
    if (clerk.backofficeClerkId !== undefined && appointment.clerkId !== clerk.backofficeClerkId) throw new AppointmentOfAnotherClerkError();
    const scheduled = await this.#repo.scheduleForAppointment({
      id: randomUUID(),
      appointmentId: appointment.id,
      caseId: appointment.caseId,
      title,
      // Appointments booked before calls were records have a record from the migration; this is a fallback.
      expiresAt: new Date(this.#now().getTime() + 4 * 3600_000),
      at: this.#now(),
    });
    if (isFinal(scheduled.status)) throw new GoneError('This call has ended');
    await this.#repo.claim(scheduled.id, { title, clerkId: clerk.id });
    return scheduled.id;
  }

  /** Whom the government login vouched for when the appointment was booked (issue 15 item 1), if anyone. */
  async identityVerifiedFor(appointmentId: string): Promise<IdentityVerified | undefined> {
    return (await this.#appointments.forVideoCall(appointmentId)).identityVerified;
  }

  /**
   * Before a link-holder connects: a call that is over, a withdrawn link, or an appointment
   * link whose appointment was cancelled (or has no call) is refused — also after a restart.
   */
  async assertLinkUsable(callId: string, linkId: string, link: { scheduled: boolean }): Promise<void> {
    const record = await this.#repo.get(callId);
    if (record && isFinal(record.status)) throw new GoneError('This call has ended');
    // Every appointment link made since calls are records has one; older ones got theirs from the migration unless cancelled.
    if (link.scheduled && !record) throw new GoneError('This appointment was cancelled');
    if (await this.#repo.isLinkRevoked(callId, linkId)) throw new GoneError('This link has been withdrawn');
    if (record?.appointmentId) {
      await this.#appointments.forVideoCall(record.appointmentId).catch((err: unknown) => {
        throw err instanceof AppointmentCancelledError ? new GoneError('This appointment was cancelled') : err;
      });
    }
  }

  /**
   * At start: what the last process left open was cut off — unless `carriedOn` says the call
   * lives on in the call state store (issue 13); scheduled calls past their link are expired.
   */
  async recover(carriedOn: (callId: string) => Promise<boolean> = async () => false): Promise<void> {
    const at = this.#now();
    const interrupted = await this.#repo.interruptOpen(at, carriedOn);
    const expired = await this.#repo.expireScheduled(at);
    if (interrupted + expired > 0) this.#log.info({ interrupted, expired }, 'call records brought up to date after start');
  }

  async expireScheduled(): Promise<number> {
    return this.#repo.expireScheduled(this.#now());
  }

  /** Calls made, opened or ended since `since`, the latest opened first. */
  async since(since: Date): Promise<CallRecord[]> {
    return this.#repo.listSince(since);
  }

  // ---- lifecycle subscriber ------------------------------------------------------------

  /** A live call was opened (before anyone joins): a new record, or its scheduled record now waiting. */
  opened(call: OpenedCall): Promise<void> {
    return this.#enqueue(call.id, 'opened', async () => {
      const at = this.#now();
      const existing = await this.#repo.get(call.id);
      if (existing) await this.#repo.transition(call.id, 'waiting', { at });
      else await this.#repo.create({ id: call.id, title: call.title, status: 'waiting', createdBy: call.createdByClerkId, at });
    });
  }

  /** The first citizen or interpreter was admitted. */
  active(callId: string): Promise<void> {
    return this.#enqueue(callId, 'active', () => this.#repo.transition(callId, 'active', { at: this.#now() }));
  }

  ended(callId: string, reason: CallEndReason, by?: EndedBy): Promise<void> {
    return this.#enqueue(callId, 'ended', async () => {
      const record = await this.#repo.get(callId);
      if (!record || isFinal(record.status)) return;
      const to = endStatus(record, reason);
      const ended = await this.#repo.transition(callId, to, { at: this.#now(), actor: by?.clerkId, reason, ...(by?.outcome ? { outcome: by.outcome } : {}) });
      if (ended.caseId && ended.outcome && by) await this.#appointments.recordCallOutcome(ended.caseId, ended.outcome, by.clerkId);
    });
  }

  /** An ended call's admitted citizen seats (EndedCallSeats' store): queued with the call's other writes, awaited by settled(). */
  saveEndedSeats(callId: string, endedAt: Date, seats: readonly RememberedSeat[]): Promise<void> {
    return this.#enqueue(callId, 'ended seats', () => this.#repo.saveEndedSeats(callId, endedAt, seats));
  }

  /** An ended call's seats from the records (a call that ended on another node). */
  endedSeatsOf(callId: string, since: Date): Promise<EndedCallEntry | undefined> {
    return this.#repo.endedSeatsOf(callId, since);
  }

  linkRevoked(callId: string, linkId: string, by?: { clerkId: string }): Promise<void> {
    return this.#enqueue(callId, 'link withdrawn', () => this.#repo.revokeLink(callId, linkId, { at: this.#now(), actor: by?.clerkId }));
  }

  /** Resolves when every write started so far has finished (before the database closes). */
  async settled(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all(this.#queues.values());
  }

  #enqueue(callId: string, what: string, write: () => Promise<unknown>): Promise<void> {
    const previous = this.#queues.get(callId) ?? Promise.resolve();
    const next = previous
      .then(write)
      .then(
        () => undefined,
        (err: unknown) => this.#log.error({ err, callId }, `recording "${what}" of a call failed`),
      );
    this.#queues.set(callId, next);
    void next.then(() => {
      if (this.#queues.get(callId) === next) this.#queues.delete(callId);
    });
    return next;
  }
}

/** How a live call's end is recorded: after a conversation or not, cut off or closed. */
function endStatus(record: CallRecord, reason: CallEndReason): CallRecordStatus {
  const talked = record.status === 'active';
  switch (reason) {
    case 'ended-by-clerk':
      return talked ? 'completed' : 'ended';
    case 'expired':
      return talked ? 'ended' : 'expired';
    case 'media-lost':
      return 'ended';
    case 'shutdown':
      // The next start would find it open and cut off (recover()); record that now.
      return record.appointmentId ? 'scheduled' : 'ended';
  }
}
