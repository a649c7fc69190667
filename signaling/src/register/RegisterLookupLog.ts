import type { Queryable } from '@videoloket/backoffice';
import type { RegisterQuery } from '@videoloket/contracts';

// The audit trail of register lookups on the project database (table: ./migrations.ts).

export interface RegisterLookupEntry {
  id: string;
  at: Date;
  clerkId: string;
  callId: string;
  query: RegisterQuery;
  reason: string;
  /** Which register answered. */
  source: string;
  /** Whom the answer named: the audit says whose data the clerk saw. */
  nationalNumbers: string[];
}

interface Row {
  id: string;
  at: Date | string;
  clerk_id: string;
  call_id: string;
  query: RegisterQuery | string;
  reason: string;
  source: string;
  national_numbers: string[];
}

export class RegisterLookupLog {
  constructor(private readonly db: Queryable) {}

  async record(entry: RegisterLookupEntry): Promise<void> {
    await this.db.query(
      `insert into register_lookups (id, at, clerk_id, call_id, method, query, reason, source, result_count, national_numbers)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [entry.id, entry.at, entry.clerkId, entry.callId, entry.query.by, JSON.stringify(entry.query), entry.reason, entry.source, entry.nationalNumbers.length, entry.nationalNumbers],
    );
  }

  /** Oldest first. */
  async forCall(callId: string): Promise<RegisterLookupEntry[]> {
    const rows = await this.db.query<Row>('select * from register_lookups where call_id = $1 order by at, id', [callId]);
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at),
      clerkId: r.clerk_id,
      callId: r.call_id,
      query: typeof r.query === 'string' ? (JSON.parse(r.query) as RegisterQuery) : r.query,
      reason: r.reason,
      source: r.source,
      nationalNumbers: r.national_numbers,
    }));
  }
}
