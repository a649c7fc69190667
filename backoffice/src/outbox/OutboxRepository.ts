import { randomUUID } from 'node:crypto';
import type { OutboxEntryView, OutboxState } from '@videoloket/contracts';
import type { Queryable, SqlParam } from '../db/Database';
import type { OutboxMessage } from './messages';

/** A claimed row: its id is the idempotency key every receiver gets. */
export interface OutboxRow {
  id: string;
  kind: OutboxMessage['kind'];
  payload: unknown;
  attempts: number;
  /** The claim's lease; with `attempts` it fences the claim's outcome. */
  leaseUntil: Date;
  caseId?: string;
}

interface Row {
  id: string;
  seq: string;
  kind: OutboxMessage['kind'];
  payload: unknown;
  attempts: number;
  case_id: string | null;
}

interface ViewRow {
  id: string;
  kind: OutboxMessage['kind'];
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  case_reference: string | null;
  created_at: Date;
  updated_at: Date;
  next_attempt_at: Date;
}

/**
 * The outbox table (migration 3). Rows are inserted in the caller's transaction; claiming
 * takes a lease (locked_until) so a worker that dies mid-delivery leaves the row to be
 * claimed again once the lease ran out: delivery is at least once, and the idempotency key
 * lets receivers make it exactly once.
 */
export class OutboxRepository {
  constructor(private readonly q: Queryable) {}

  async enqueue(m: OutboxMessage, now: Date): Promise<string> {
    const id = randomUUID();
    await this.q.query(
      `insert into outbox (id, kind, ordering_key, case_id, payload, next_attempt_at, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $6, $6)`,
      [id, m.kind, `${m.kind}:${m.caseId}`, m.caseId, m.payload as unknown as Record<string, unknown>, now],
    );
    return id;
  }

  /**
   * Claims up to `limit` due rows (only `ids` when given): pending, not leased, and first of
   * their ordering key, so a case's pushes to one system arrive in the order they were made.
   */
  async claim(now: Date, leaseUntil: Date, limit: number, ids?: string[]): Promise<OutboxRow[]> {
    const rows = await this.q.query<Row>(
      `update outbox set attempts = attempts + 1, locked_until = $2, updated_at = $1
       where id in (
         select o.id from outbox o
         where o.state = 'pending' and o.next_attempt_at <= $1 and (o.locked_until is null or o.locked_until <= $1)
           and ($4::uuid[] is null or o.id = any($4::uuid[]))
           and not exists (select 1 from outbox p where p.ordering_key = o.ordering_key and p.state = 'pending' and p.seq < o.seq)
         order by o.seq
         limit $3
         for update skip locked)
       returning id, seq, kind, payload, attempts, case_id`,
      [now, leaseUntil, limit, (ids ?? null) as SqlParam],
    );
    // UPDATE … RETURNING has no order: delivered oldest first.
    rows.sort((a, b) => Number(a.seq) - Number(b.seq));
    return rows.map((r) => ({ id: r.id, kind: r.kind, payload: r.payload, attempts: r.attempts, leaseUntil, ...(r.case_id ? { caseId: r.case_id } : {}) }));
  }

  // The outcome of a claim is recorded only while that claim holds the row (same attempt,
  // still pending): a worker whose lease ran out and whose row another worker claimed since
  // must not overwrite what that one recorded.

  /** Delivered: the payload (which may hold an invitation code or a mail's text) is dropped. */
  async delivered(row: OutboxRow, now: Date): Promise<void> {
    await this.q.query(
      `update outbox set state = 'delivered', payload = null, locked_until = null, last_error = null, delivered_at = $3, updated_at = $3
       where id = $1 and attempts = $2 and locked_until = $4 and state = 'pending'`,
      [row.id, row.attempts, now, row.leaseUntil],
    );
  }

  /** Failed: due again at `retryAt`, or dead when undefined. */
  async failed(row: OutboxRow, error: string, now: Date, retryAt: Date | undefined): Promise<void> {
    await this.q.query(
      `update outbox set state = $4, next_attempt_at = coalesce($5, next_attempt_at), locked_until = null, last_error = $6, updated_at = $3
       where id = $1 and attempts = $2 and locked_until = $7 and state = 'pending'`,
      [row.id, row.attempts, now, retryAt ? 'pending' : 'dead', retryAt ?? null, error.slice(0, 1000), row.leaseUntil],
    );
  }

  /** The state of a case's pushes of one kind that came first (used to tell "not yet created" from "not mapped"). */
  async statesOf(kind: OutboxMessage['kind'], caseId: string): Promise<OutboxState[]> {
    const rows = await this.q.query<{ state: OutboxState }>('select state from outbox where ordering_key = $1 order by seq', [`${kind}:${caseId}`]);
    return rows.map((r) => r.state);
  }

  async list(state: OutboxState, limit: number): Promise<OutboxEntryView[]> {
    return (await this.q.query<ViewRow>(`${VIEW_SELECT} where o.state = $1 order by o.seq desc limit $2`, [state, limit])).map(entryView);
  }

  async get(id: string): Promise<OutboxEntryView | undefined> {
    const [row] = await this.q.query<ViewRow>(`${VIEW_SELECT} where o.id = $1`, [id]);
    return row && entryView(row);
  }

  /** A dead row back to pending with a fresh count of attempts; false when it is not dead. */
  async retry(id: string, now: Date): Promise<boolean> {
    const rows = await this.q.query(`update outbox set state = 'pending', attempts = 0, next_attempt_at = $2, locked_until = null, updated_at = $2 where id = $1 and state = 'dead' returning id`, [id, now]);
    return rows.length > 0;
  }

  /** A dead row given up for good; its payload is dropped. */
  async discard(id: string, now: Date): Promise<boolean> {
    const rows = await this.q.query(`update outbox set state = 'discarded', payload = null, updated_at = $2 where id = $1 and state = 'dead' returning id`, [id, now]);
    return rows.length > 0;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.q.query('select 1 from outbox where id = $1', [id])).length > 0;
  }
}

const VIEW_SELECT = `select o.id, o.kind, o.state, o.attempts, o.last_error, c.reference as case_reference, o.created_at, o.updated_at, o.next_attempt_at
  from outbox o left join cases c on c.id = o.case_id`;

function entryView(r: ViewRow): OutboxEntryView {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.case_reference ? { caseReference: r.case_reference } : {}),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    ...(r.state === 'pending' ? { nextAttemptAt: r.next_attempt_at.toISOString() } : {}),
  };
}
