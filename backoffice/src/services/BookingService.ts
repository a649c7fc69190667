import { createHash, randomUUID } from 'node:crypto';
import {
  AppointmentCancelledError,
  channelTraits,
  BookAppointmentRequest,
  CancelRequest,
  ConflictError,
  GoneError,
  NotFoundError,
  RescheduleRequest,
  UnknownAppointmentError,
  UnprocessableError,
  ValidationError,
  parseOrThrow,
  type AppointmentChannel,
  type AppointmentView,
  type BookingResponse,
  type ProductView,
  type VerifiedCitizen,
} from '@videoloket/contracts';
import type { BackofficeDeps, Repos } from '../context';
import { repos } from '../context';
import { SQLSTATE, sqlState, type Queryable } from '../db/Database';
import { appointmentLinks, withJoinLink } from '../notify/Notifier';
import { appointmentView, type AppointmentRecord } from '../repositories/AppointmentRepository';
import { paymentView } from '../repositories/PaymentRepository';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../time';
import { derivedToken, hashSecret } from '../tokens';
import type { CaseService } from './CaseService';
import { usableInvitation } from './InvitationService';
import type { SlotService } from './SlotService';

/** What binds an idempotency key to its request: SHA-256 over the parsed request (defaults applied, keys sorted), the key itself left out. */
export function bookingRequestHash(req: BookAppointmentRequest): string {
  const { idempotencyKey: _key, ...rest } = req;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Raised inside the transaction when every candidate clerk was taken meanwhile. */
class SlotTaken extends ConflictError {
  constructor() {
    super('This slot was just taken; please pick another one');
  }
}

export class BookingService {
  constructor(
    private readonly deps: BackofficeDeps,
    private readonly slots: SlotService,
    private readonly cases: CaseService,
  ) {}

  /** `verified`: who the government login vouches for behind this booking, recorded with it (issue 15 item 1). */
  async book(input: unknown, verified?: VerifiedCitizen): Promise<BookingResponse> {
    const req = parseOrThrow(BookAppointmentRequest, input, 'booking');
    const { db, now, options } = this.deps;
    const r = repos(db);

    // A repeated submission (double click, retry after a timeout) returns the first booking.
    const requestHash = bookingRequestHash(req);
    const earlier = await r.appointments.byIdempotencyKey(req.idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash);

    const product = await r.products.get(req.productId);
    if (!product) throw new NotFoundError(`Unknown product: ${req.productId}`);
    if (!product.channels.includes(req.channel)) throw new UnprocessableError(`${product.name.en} cannot be booked as ${req.channel}`);
    if (channelTraits(req.channel).needsAddress && !req.address) throw new ValidationError(`A ${req.channel} appointment needs an address`, [{ path: 'address', message: `required for ${req.channel}` }]);
    const startsAt = new Date(req.startsAt);
    if (startsAt.getTime() < now().getTime()) throw new UnprocessableError('That slot is in the past');

    const invitation = req.invitationCode ? await usableInvitation(this.deps, r, req.invitationCode) : undefined;
    if (invitation && invitation.productId !== product.id) throw new NotFoundError('Unknown invitation code for this product');

    const caseId = invitation?.caseId ?? randomUUID();
    const appointmentId = randomUUID();
    let booked: { appointment: AppointmentRecord; queued: string[] };
    try {
      booked = await db.transaction(async (tx) => {
        const t = repos(tx);
        const slot = await this.findSlot(t, product, req.channel, startsAt, req.address?.location);
        const queued: string[] = [];
        if (invitation) {
          // Claimed first: of two bookings racing with one code, the loser rolls back here.
          if (!(await t.invitations.markUsed(invitation.id))) throw new GoneError('This invitation code was already used to book an appointment');
          await this.cases.advanceToPlanned(tx, caseId, product);
        } else {
          queued.push(...await this.cases.open(tx, {
            id: caseId,
            product,
            citizenName: req.citizen.name,
            email: req.citizen.email,
            phone: req.citizen.phone,
            language: req.citizen.language,
            planned: true,
          }));
        }
        await this.insertWithFirstFreeClerk(tx, slot.clerkIds, req.channel, {
          id: appointmentId,
          caseId,
          productId: product.id,
          channel: req.channel,
          clerkId: '',
          startsAt: new Date(slot.startsAt),
          endsAt: new Date(slot.endsAt),
          citizenName: req.citizen.name,
          email: req.citizen.email,
          phone: req.citizen.phone,
          language: req.citizen.language,
          address: req.address?.line,
          addressInstructions: req.address?.instructions,
          lat: req.address?.location.lat,
          lon: req.address?.location.lon,
          remarks: req.remarks,
          idempotencyKey: req.idempotencyKey,
          requestHash,
          manageTokenHash: hashSecret(derivedToken(options.linkSecret, 'manage', appointmentId)),
          ...(verified ? { verifiedIdentity: { via: 'government_login', name: verified.name, ...(verified.nationalNumber ? { nationalNumber: verified.nationalNumber } : {}) } } : {}),
        });
        await t.cases.addEvent(caseId, { kind: 'appointment', text: `Afspraak ${req.channel} op ${slot.startsAt}${verified ? ' (identiteit geverifieerd via overheidslogin)' : ''}`, public: true });
        if (product.feeCents > 0 && !(await t.payments.byCase(caseId))) {
          const { structuredReference } = await this.deps.payments.createRequest({ caseReference: caseId, amountCents: product.feeCents, description: product.name.nl });
          const paymentId = randomUUID();
          await t.payments.insert({ id: paymentId, caseId, amountCents: product.feeCents, structuredReference, provider: this.deps.payments.kind });
          queued.push(...(await this.deps.notifier.queuePayment(tx, caseId, paymentId)));
          await t.cases.addEvent(caseId, { kind: 'payment', text: `Te betalen: € ${(product.feeCents / 100).toFixed(2)} (${structuredReference})`, public: true });
        }
        const appointment = (await t.appointments.get(appointmentId))!;
        queued.push(...(await this.deps.notifier.queueAppointment(tx, 'confirmation', appointment)));
        return { appointment, queued };
      });
    } catch (err) {
      // Two submissions with one key raced past the check above: the unique key let one in.
      if (sqlState(err) === SQLSTATE.uniqueViolation) {
        const winner = await r.appointments.byIdempotencyKey(req.idempotencyKey);
        if (winner) return this.replay(winner, requestHash);
      }
      throw err;
    }
    this.deps.log.info({ appointmentId, caseId, channel: req.channel, productId: product.id, identityVerified: verified !== undefined }, 'appointment booked');
    await this.deps.outbox.flush(booked.queued);
    return this.respond(booked.appointment, product, false);
  }

  async reschedule(token: string, input: unknown): Promise<BookingResponse> {
    const req = parseOrThrow(RescheduleRequest, input, 'reschedule');
    const startsAt = new Date(req.startsAt);
    if (startsAt.getTime() < this.deps.now().getTime()) throw new UnprocessableError('That slot is in the past');
    const hash = hashSecret(token);
    const { moved, product, queued } = await this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      const current = await t.appointments.byManageTokenHash(hash, true);
      if (!current) throw new NotFoundError('Unknown or expired link');
      if (current.status === 'cancelled') throw new GoneError('This appointment was cancelled');
      const product = (await t.products.get(current.productId))!;
      const slot = await this.findSlot(t, product, current.channel, startsAt, current.lat !== undefined && current.lon !== undefined ? { lat: current.lat, lon: current.lon } : undefined, current.id);
      // Keep the same clerk when possible.
      const order = [...slot.clerkIds].sort((a, b) => (a === current.clerkId ? -1 : b === current.clerkId ? 1 : 0));
      await this.moveToFirstFreeClerk(tx, order, current, new Date(slot.startsAt), new Date(slot.endsAt));
      await t.cases.addEvent(current.caseId, { kind: 'appointment', text: `Afspraak verplaatst naar ${slot.startsAt}`, public: true });
      const moved = (await t.appointments.get(current.id))!;
      return { moved, product, queued: await this.deps.notifier.queueAppointment(tx, 'update', moved) };
    });
    await this.deps.outbox.flush(queued);
    return this.respond(moved, product, false);
  }

  async cancel(token: string, input: unknown = {}): Promise<{ appointmentId: string; status: 'cancelled'; alreadyCancelled: boolean }> {
    const req = parseOrThrow(CancelRequest, input, 'cancellation');
    const hash = hashSecret(token);
    const result = await this.deps.db.transaction(async (tx) => {
      const t = repos(tx);
      const a = await t.appointments.byManageTokenHash(hash, true);
      if (!a) throw new NotFoundError('Unknown or expired link');
      if (a.status === 'cancelled') return { a, already: true, queued: [] };
      await t.appointments.cancel(a.id);
      await t.cases.addEvent(a.caseId, { kind: 'appointment', text: `Afspraak geannuleerd${req.reason ? `: ${req.reason}` : ''}`, public: true });
      const cancelled = (await t.appointments.get(a.id))!;
      return { a: cancelled, already: false, queued: await this.deps.notifier.queueAppointment(tx, 'cancellation', cancelled) };
    });
    await this.deps.outbox.flush(result.queued);
    return { appointmentId: result.a.id, status: 'cancelled', alreadyCancelled: result.already };
  }

  /**
   * The appointment behind an appointment call the clerk starts: it must exist, be booked and
   * be a video appointment, or no call is opened (issue 9: any id opened a call nobody could join).
   */
  async forVideoCall(appointmentId: string): Promise<AppointmentView> {
    const a = await repos(this.deps.db).appointments.get(appointmentId);
    if (!a) throw new UnknownAppointmentError();
    if (a.status !== 'booked') throw new AppointmentCancelledError();
    if (!channelTraits(a.channel).joinLink) throw new ConflictError('This is not a video appointment');
    return appointmentView(a);
  }

  async byManageToken(token: string): Promise<BookingResponse> {
    const r = repos(this.deps.db);
    const a = await r.appointments.byManageTokenHash(hashSecret(token));
    if (!a) throw new NotFoundError('Unknown or expired link');
    return this.respond(a, (await r.products.get(a.productId))!, false);
  }

  async listForDay(date: string, clerkId?: string) {
    const { timeZone } = this.deps.options;
    const from = zonedToUtc(date, '00:00', timeZone);
    const to = zonedToUtc(addDays(date, 1), '00:00', timeZone);
    return (await repos(this.deps.db).appointments.booked(from, to, clerkId)).map(appointmentView);
  }

  /**
   * Queues tomorrow's reminders once each: claimed and queued in one transaction, so two runs
   * never both send and a crash never loses one. `sent`/`failed`: the first delivery attempt
   * of each (a failed one is retried by the outbox).
   */
  async sendReminders(): Promise<{ sent: number; failed: number }> {
    const { timeZone } = this.deps.options;
    const tomorrow = addDays(localDate(this.deps.now(), timeZone), 1);
    const queued = await this.deps.db.transaction(async (tx) => {
      const due = await repos(tx).appointments.claimReminders(zonedToUtc(tomorrow, '00:00', timeZone), zonedToUtc(addDays(tomorrow, 1), '00:00', timeZone));
      const ids: string[] = [];
      for (const a of due) ids.push(...(await this.deps.notifier.queueAppointment(tx, 'reminder', a)));
      return ids;
    });
    const out = await this.deps.outbox.flush(queued);
    return { sent: out.delivered, failed: out.failed };
  }

  private async findSlot(t: Repos, product: ProductView, channel: BookingResponse['appointment']['channel'], startsAt: Date, location?: { lat: number; lon: number }, excludeAppointmentId?: string) {
    const { options, now } = this.deps;
    if (startsAt.getTime() < now().getTime() + options.minLeadMinutes * 60_000) throw new UnprocessableError('That slot is too soon or in the past');
    const date = localDate(startsAt, options.timeZone);
    const day = await this.slots.day(t, { product, channel, date, location, excludeAppointmentId });
    const slot = day.find((s) => new Date(s.startsAt).getTime() === startsAt.getTime());
    if (slot) return slot;
    // Distinguish "never a slot" (bad input) from "a slot, but full now" (someone else was faster).
    const blocks = await t.schedule.openingHours(channel, isoWeekday(date));
    const isSlotStart = blocks.some((b) => {
      const open = zonedToUtc(date, b.starts, options.timeZone).getTime();
      const close = zonedToUtc(date, b.ends, options.timeZone).getTime();
      const offset = startsAt.getTime() - open;
      if (channelTraits(channel).slots === 'window') return offset === 0;
      return offset >= 0 && offset % (options.slotStepMinutes * 60_000) === 0 && startsAt.getTime() + product.durationMinutes * 60_000 <= close;
    });
    if (!isSlotStart) throw new UnprocessableError('That time is not a bookable slot (outside opening hours or not on the slot grid)');
    if (startsAt.getTime() >= zonedToUtc(addDays(localDate(now(), options.timeZone), options.horizonDays + 1), '00:00', options.timeZone).getTime()) {
      throw new UnprocessableError(`Appointments can be booked at most ${options.horizonDays} days ahead`);
    }
    throw new ConflictError('This slot is no longer free; please pick another one');
  }

  /**
   * Tries each candidate clerk inside a savepoint: the exclusion constraint (fixed slots) or
   * the clerk row lock + capacity re-check (home visits) decides; a loser tries the next clerk.
   */
  private async insertWithFirstFreeClerk(tx: Queryable, clerkIds: string[], channel: AppointmentChannel, a: Parameters<Repos['appointments']['insert']>[0]): Promise<void> {
    const t = repos(tx);
    for (const clerkId of clerkIds) {
      if (channelTraits(channel).slots === 'window') {
        await t.appointments.lockClerk(clerkId);
        // Re-check under the lock: another booking may have filled the window meanwhile.
        const product = (await t.products.get(a.productId))!;
        const slot = (await this.slots.day(t, { product, channel, date: localDate(a.startsAt, this.deps.options.timeZone), location: a.lat !== undefined && a.lon !== undefined ? { lat: a.lat, lon: a.lon } : undefined }))
          .find((s) => new Date(s.startsAt).getTime() === a.startsAt.getTime());
        if (!slot?.clerkIds.includes(clerkId)) continue;
      }
      await tx.query('savepoint book_try');
      try {
        await t.appointments.insert({ ...a, clerkId });
        await tx.query('release savepoint book_try');
        return;
      } catch (err) {
        if (sqlState(err) !== SQLSTATE.exclusionViolation) throw err;
        await tx.query('rollback to savepoint book_try');
      }
    }
    throw new SlotTaken();
  }

  private async moveToFirstFreeClerk(tx: Queryable, clerkIds: string[], a: AppointmentRecord, startsAt: Date, endsAt: Date): Promise<void> {
    const t = repos(tx);
    for (const clerkId of clerkIds) {
      if (channelTraits(a.channel).slots === 'window') await t.appointments.lockClerk(clerkId);
      await tx.query('savepoint move_try');
      try {
        await t.appointments.move(a.id, clerkId, startsAt, endsAt);
        await tx.query('release savepoint move_try');
        return;
      } catch (err) {
        if (sqlState(err) !== SQLSTATE.exclusionViolation) throw err;
        await tx.query('rollback to savepoint move_try');
      }
    }
    throw new SlotTaken();
  }

  /**
   * Issue 9 finding 8: the key alone must not hand out the booking's private links. A replay
   * answers only the very same request (contact, name, address, remarks included), which only
   * the client that sent it has; anything else with a known key gets a 409 without links.
   */
  private async replay(earlier: AppointmentRecord, requestHash: string): Promise<BookingResponse> {
    if (earlier.requestHash !== requestHash) {
      throw new ConflictError('This idempotency key was already used for a different booking');
    }
    const product = (await repos(this.deps.db).products.get(earlier.productId))!;
    return this.respond(earlier, product, true);
  }

  private async respond(a: AppointmentRecord, product: ProductView, replayed: boolean): Promise<BookingResponse> {
    const links = a.status === 'booked' ? await withJoinLink(this.deps, a, appointmentLinks(this.deps, a)) : appointmentLinks(this.deps, a);
    const record = await repos(this.deps.db).payments.byCase(a.caseId);
    const payment = record && paymentView(record, this.deps.options.bankAccount);
    return {
      appointment: appointmentView(a),
      manageUrl: links.manageUrl,
      statusUrl: links.statusUrl,
      ...(links.joinLink ? { joinLink: { url: links.joinLink.url, validFrom: links.joinLink.validFrom.toISOString() } } : {}),
      ...(payment ? { payment } : {}),
      replayed,
    };
  }
}
