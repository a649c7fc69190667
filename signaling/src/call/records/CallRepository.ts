import { ConflictError, NotFoundError, type CallOutcome, type CallRecordStatus } from '@videoloket/contracts';
import { SQLSTATE, sqlState, type Database, type Queryable } from '@videoloket/backoffice';
import type { EndedCallEntry, EndedSeatStore, RememberedSeat } from '../EndedCallSeats';

// The calls' records on the project database (tables: ./migrations.ts). The only code that
// queries them. Timestamps are given by the caller, so tests and the clock agree.

export interface CallRecord {
  id: string;
  title: string;
  status: CallRecordStatus;
  appointmentId: string | null;
  caseId: string | null;
  /** Clerk account ids. */
  createdBy: string | null;
  endedBy: string | null;
  /** What the clerk said came of it, when they said so on ending it. */
  outcome: CallOutcome | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  expiresAt: Date | null;
}

export interface CallStatusChange {
  status: CallRecordStatus;
  at: Date;
  actor: string | null;
  reason: string | null;
}

export const FINAL_STATUSES: readonly CallRecordStatus[] = ['completed', 'ended', 'expired'];
export const isFinal = (status: CallRecordStatus) => FINAL_STATUSES.includes(status);

/**
 * Which status may follow which. `waiting`/`active` → `scheduled`: an appointment's call cut
 * off by a restart waits for its citizen again (the link in the mail still leads there).
 */
const NEXT: Readonly<Record<CallRecordStatus, readonly CallRecordStatus[]>> = {
  scheduled: ['waiting', 'expired'],
  waiting: ['active', 'ended', 'expired', 'scheduled'],
  active: ['completed', 'ended', 'scheduled'],
  completed: [],
  ended: [],
  expired: [],
};

/** A status change the lifecycle does not allow (e.g. a completed call back to active). */
export class CallTransitionError extends ConflictError {
  constructor(from: CallRecordStatus, to: CallRecordStatus) {
    super(`A ${from} call cannot become ${to}`);
  }
}

/** The appointment or case a new call names is not in the database. */
export class CallTargetNotFoundError extends NotFoundError {
  constructor() {
    super('The appointment or case of this call does not exist');
  }
}

export interface NewCall {
  id: string;
  title: string;
  status: 'scheduled' | 'waiting';
  appointmentId?: string;
  caseId?: string;
  createdBy?: string;
  expiresAt?: Date;
  at: Date;
}

interface CallRow {
  id: string;
  title: string;
  status: CallRecordStatus;
  appointment_id: string | null;
  case_id: string | null;
  created_by: string | null;
  ended_by: string | null;
  outcome: CallOutcome | null;
  created_at: Date | string;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  expires_at: Date | string | null;
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function toRecord(row: CallRow): CallRecord {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    appointmentId: row.appointment_id,
    caseId: row.case_id,
    createdBy: row.created_by,
    endedBy: row.ended_by,
    outcome: row.outcome,
    createdAt: date(row.created_at)!,
    startedAt: date(row.started_at),
    endedAt: date(row.ended_at),
    expiresAt: date(row.expires_at),
  };
}

export class CallRepository implements EndedSeatStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Records a new call and its first status. Same id twice: ConflictError; unknown appointment or case: CallTargetNotFoundError. */
  async create(call: NewCall): Promise<CallRecord> {
    try {
      return await this.#db.transaction(async (tx) => {
        const [row] = await tx.query<CallRow>(
          `insert into calls (id, title, status, appointment_id, case_id, created_by, created_at, started_at, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
          [
            call.id,
            call.title,
            call.status,
            call.appointmentId ?? null,
            call.caseId ?? null,
            call.createdBy ?? null,
            call.at,
            call.status === 'waiting' ? call.at : null,
            call.expiresAt ?? null,
          ],
        );
        await appendHistory(tx, call.id, { status: call.status, at: call.at, actor: call.createdBy ?? null, reason: null });
        return toRecord(row!);
      });
    } catch (err) {
      if (sqlState(err) === SQLSTATE.uniqueViolation) throw new ConflictError(`A call ${call.id} or a call for this appointment already exists`);
      if (sqlState(err) === SQLSTATE.foreignKeyViolation) throw new CallTargetNotFoundError();
      throw err;
    }
  }

  /**
   * The call an appointment's link leads to: created as `scheduled` on first ask, the same
   * record after (a later link, e.g. after rescheduling, moves its expiry while it is still
   * scheduled).
   */
  async scheduleForAppointment(input: { id: string; appointmentId: string; caseId: string; title: string; expiresAt: Date; at: Date }): Promise<CallRecord> {
    const existing = await this.byAppointment(input.appointmentId);
    if (existing) return this.#extendScheduled(existing, input.expiresAt);
    try {
      return await this.create({ ...input, status: 'scheduled' });
    } catch (err) {
      // Two asks for one appointment at once: the unique appointment_id let one in.
      const winner = err instanceof ConflictError ? await this.byAppointment(input.appointmentId) : null;
      if (!winner) throw err;
      return this.#extendScheduled(winner, input.expiresAt);
    }
  }

  async get(id: string): Promise<CallRecord | null> {
    const [row] = await this.#db.query<CallRow>('select * from calls where id = $1', [id]);
    return row ? toRecord(row) : null;
  }

  async byAppointment(appointmentId: string): Promise<CallRecord | null> {
    const [row] = await this.#db.query<CallRow>('select * from calls where appointment_id = $1', [appointmentId]);
    return row ? toRecord(row) : null;
  }

  /**
   * Moves a call to its next status (NEXT above) under a row lock, with who did it. The first
   * `waiting` sets startedAt; a final status sets endedAt, endedBy and the outcome. Moving to the status it
   * already has changes nothing and returns the record.
   */
  async transition(id: string, to: CallRecordStatus, change: { at: Date; actor?: string; reason?: string; outcome?: CallOutcome }): Promise<CallRecord> {
    return this.#db.transaction(async (tx) => {
      const [row] = await tx.query<CallRow>('select * from calls where id = $1 for update', [id]);
      if (!row) throw new NotFoundError(`No call ${id}`);
      if (row.status === to) return toRecord(row);
      if (!NEXT[row.status].includes(to)) throw new CallTransitionError(row.status, to);
      const final = isFinal(to);
      const [next] = await tx.query<CallRow>(
        `update calls set status = $2,
           started_at = case when $2 = 'waiting' then coalesce(started_at, $3) else started_at end,
           ended_at = case when $4 then $3 else null end,
           ended_by = case when $4 then $5 else null end,
           outcome = case when $4 then $6 else null end
         where id = $1 returning *`,
        [id, to, change.at, final, final ? (change.actor ?? null) : null, final ? (change.outcome ?? null) : null],
      );
      await appendHistory(tx, id, { status: to, at: change.at, actor: change.actor ?? null, reason: change.reason ?? null });
      return toRecord(next!);
    });
  }

  /** The clerk starting an appointment's call names it; the first clerk to do so is its creator. */
  async claim(id: string, input: { title: string; clerkId: string }): Promise<CallRecord> {
    const [row] = await this.#db.query<CallRow>('update calls set title = $2, created_by = coalesce(created_by, $3) where id = $1 returning *', [
      id,
      input.title,
      input.clerkId,
    ]);
    if (!row) throw new NotFoundError(`No call ${id}`);
    return toRecord(row);
  }

  async history(id: string): Promise<CallStatusChange[]> {
    const rows = await this.#db.query<{ status: CallRecordStatus; at: Date | string; actor: string | null; reason: string | null }>(
      'select status, at, actor, reason from call_status_history where call_id = $1 order by id',
      [id],
    );
    return rows.map((r) => ({ status: r.status, at: new Date(r.at), actor: r.actor, reason: r.reason }));
  }

  /** Withdraws a link of a call for good; withdrawing it again keeps the first time and actor. */
  async revokeLink(callId: string, linkId: string, change: { at: Date; actor?: string }): Promise<void> {
    try {
      await this.#db.query(
        'insert into call_link_revocations (call_id, link_id, revoked_at, revoked_by) values ($1, $2, $3, $4) on conflict (call_id, link_id) do nothing',
        [callId, linkId, change.at, change.actor ?? null],
      );
    } catch (err) {
      if (sqlState(err) === SQLSTATE.foreignKeyViolation) throw new NotFoundError(`No call ${callId}`);
      throw err;
    }
  }

  async isLinkRevoked(callId: string, linkId: string): Promise<boolean> {
    const rows = await this.#db.query('select 1 from call_link_revocations where call_id = $1 and link_id = $2', [callId, linkId]);
    return rows.length > 0;
  }

  /**
   * Calls made, opened or ended at or after `since` (an appointment's call is made at booking,
   * maybe weeks before), the latest opened first (at most `limit`).
   */
  async listSince(since: Date, limit = 500): Promise<CallRecord[]> {
    const rows = await this.#db.query<CallRow>(
      'select * from calls where greatest(created_at, started_at, ended_at) >= $1 order by coalesce(started_at, created_at) desc, id limit $2',
      [since, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * After a restart nothing is live: calls recorded as waiting or active were cut off. An
   * appointment's call waits for its citizen again (`scheduled`); any other call `ended`.
   * Returns how many calls it changed.
   */
  async interruptOpen(at: Date, carriedOn: (callId: string) => Promise<boolean> = async () => false): Promise<number> {
    const open = await this.#db.query<{ id: string; appointment_id: string | null }>("select id, appointment_id from calls where status in ('waiting', 'active')");
    let interrupted = 0;
    for (const call of open) {
      if (await carriedOn(call.id)) continue;
      await this.transition(call.id, call.appointment_id ? 'scheduled' : 'ended', { at, reason: 'interrupted' });
      interrupted++;
    }
    return interrupted;
  }

  /** Scheduled calls whose link ran out before anyone opened them become `expired`. */
  async expireScheduled(now: Date): Promise<number> {
    const due = await this.#db.query<{ id: string }>("select id from calls where status = 'scheduled' and expires_at < $1", [now]);
    for (const call of due) await this.transition(call.id, 'expired', { at: now, reason: 'link expired' });
    return due.length;
  }

  /** Remembers an ended call's admitted citizen seats (documents after the call); again for the same call replaces them. */
  async saveEndedSeats(callId: string, endedAt: Date, seats: readonly RememberedSeat[]): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query('delete from call_ended_seats where call_id = $1', [callId]);
      for (const s of seats) {
        await tx.query(
          'insert into call_ended_seats (call_id, participant_id, role, display_name, link_id, key_sha256, ended_at) values ($1, $2, $3, $4, $5, $6, $7)',
          [callId, s.participantId, s.role, s.displayName, s.linkId, s.keyHash.toString('hex'), endedAt],
        );
      }
    });
  }

  /** Ended calls' seats since `since`, per call, in the order the calls ended. */
  endedSeatsSince(since: Date): Promise<EndedCallEntry[]> {
    return this.#endedSeats('ended_at >= $1', [since]);
  }

  /** One ended call's seats, if it ended since `since` (a node that did not see it end asks). */
  async endedSeatsOf(callId: string, since: Date): Promise<EndedCallEntry | undefined> {
    return (await this.#endedSeats('call_id = $1 and ended_at >= $2', [callId, since]))[0];
  }

  async #endedSeats(where: string, params: (string | Date)[]): Promise<EndedCallEntry[]> {
    const rows = await this.#db.query<{ call_id: string; participant_id: string; role: RememberedSeat['role']; display_name: string; link_id: string; key_sha256: string; ended_at: Date | string }>(
      `select * from call_ended_seats where ${where} order by ended_at, call_id, participant_id`,
      params,
    );
    const calls = new Map<string, EndedCallEntry>();
    for (const r of rows) {
      const entry = calls.get(r.call_id) ?? { callId: r.call_id, endedAt: new Date(r.ended_at), seats: [] };
      entry.seats.push({ callId: r.call_id, participantId: r.participant_id, role: r.role, displayName: r.display_name, linkId: r.link_id, keyHash: Buffer.from(r.key_sha256, 'hex') });
      calls.set(r.call_id, entry);
    }
    return [...calls.values()];
  }

  async #extendScheduled(call: CallRecord, expiresAt: Date): Promise<CallRecord> {
    if (call.status !== 'scheduled' || call.expiresAt?.getTime() === expiresAt.getTime()) return call;
    const [row] = await this.#db.query<CallRow>("update calls set expires_at = $2 where id = $1 and status = 'scheduled' returning *", [call.id, expiresAt]);
    return row ? toRecord(row) : ((await this.get(call.id)) ?? call);
  }
}

async function appendHistory(tx: Queryable, callId: string, change: CallStatusChange): Promise<void> {
  await tx.query('insert into call_status_history (call_id, status, at, actor, reason) values ($1, $2, $3, $4, $5)', [
    callId,
    change.status,
    change.at,
    change.actor,
    change.reason,
  ]);
}
