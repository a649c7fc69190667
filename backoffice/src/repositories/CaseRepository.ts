import { CallOutcome, type CaseEventView, type CitizenMessageView, type EvaluationRequest } from '@videoloket/contracts';
import type { Queryable } from '../db/Database';

export interface CaseRecord {
  id: string;
  reference: string;
  productId: string;
  status: string;
  citizenName: string;
  email?: string;
  phone?: string;
  language: string;
  externalRef?: string;
  createdAt: Date;
  closedAt?: Date;
}

export interface NewCase {
  id: string;
  productId: string;
  status: string;
  citizenName: string;
  email?: string;
  phone?: string;
  language: string;
  statusTokenHash: string;
}

export interface NewCaseEvent {
  kind: CaseEventView['kind'];
  status?: string;
  text?: string;
  documentId?: string;
  actor?: string;
  /** Shown on the citizen's status page. */
  public?: boolean;
}

export interface CaseEventRecord extends CaseEventView {
  public: boolean;
}

interface Row {
  id: string;
  reference: string;
  product_id: string;
  status: string;
  citizen_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  external_ref: string | null;
  created_at: Date;
  closed_at: Date | null;
}

function toRecord(r: Row): CaseRecord {
  return {
    id: r.id,
    reference: r.reference,
    productId: r.product_id,
    status: r.status,
    citizenName: r.citizen_name,
    email: r.email ?? undefined,
    phone: r.phone ?? undefined,
    language: r.language,
    externalRef: r.external_ref ?? undefined,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : undefined,
  };
}

export class CaseRepository {
  constructor(private readonly q: Queryable) {}

  /** Inserts the case with a readable reference like VL-2026-000042. */
  async insert(c: NewCase, createdAt: Date): Promise<CaseRecord> {
    const rows = await this.q.query<Row>(
      `insert into cases (id, reference, product_id, status, citizen_name, email, phone, language, status_token_hash, created_at, updated_at)
       values ($1, 'VL-' || $2::text || '-' || lpad(nextval('case_number_seq')::text, 6, '0'), $3, $4, $5, $6, $7, $8, $9, $10, $10)
       returning *`,
      [c.id, String(createdAt.getUTCFullYear()), c.productId, c.status, c.citizenName, c.email ?? null, c.phone ?? null, c.language, c.statusTokenHash, createdAt],
    );
    return toRecord(rows[0]!);
  }

  async get(id: string, forUpdate = false): Promise<CaseRecord | undefined> {
    const rows = await this.q.query<Row>(`select * from cases where id = $1${forUpdate ? ' for update' : ''}`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async byStatusTokenHash(hash: string): Promise<CaseRecord | undefined> {
    const rows = await this.q.query<Row>('select * from cases where status_token_hash = $1', [hash]);
    return rows[0] && toRecord(rows[0]);
  }

  async setStatus(id: string, status: string, closed: boolean): Promise<void> {
    await this.q.query(
      `update cases set status = $2, updated_at = now(), closed_at = case when $3 then coalesce(closed_at, now()) else null end where id = $1`,
      [id, status, closed],
    );
  }

  async setExternalRef(id: string, ref: string): Promise<void> {
    await this.q.query('update cases set external_ref = $2 where id = $1', [id, ref]);
  }

  async addEvent(caseId: string, e: NewCaseEvent): Promise<void> {
    await this.q.query(
      'insert into case_events (case_id, kind, status, text, document_id, actor, public) values ($1, $2, $3, $4, $5, $6, $7)',
      [caseId, e.kind, e.status ?? null, e.text ?? null, e.documentId ?? null, e.actor ?? null, e.public ?? false],
    );
  }

  async events(caseId: string): Promise<CaseEventRecord[]> {
    const rows = await this.q.query<{ at: Date; kind: CaseEventView['kind']; status: string | null; text: string | null; document_id: string | null; actor: string | null; public: boolean }>(
      'select * from case_events where case_id = $1 order by id',
      [caseId],
    );
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      public: r.public,
      // A call event's status column holds the call's outcome (migration 5), not a case status.
      ...(r.status ? (r.kind === 'call' ? { outcome: CallOutcome.parse(r.status) } : { status: r.status }) : {}),
      ...(r.text ? { text: r.text } : {}),
      ...(r.document_id ? { documentId: r.document_id } : {}),
      ...(r.actor ? { actor: r.actor } : {}),
    }));
  }

  /** The embedded citizen inbox's messages of a case, newest first. */
  async inboxMessages(caseId: string): Promise<CitizenMessageView[]> {
    const rows = await this.q.query<{ type: CitizenMessageView['type']; language: string; subject: string; body: string; at: Date }>(
      'select type, language, subject, body, at from citizen_messages where case_id = $1 order by at desc, id limit 50',
      [caseId],
    );
    return rows.map((r) => ({ type: r.type, language: r.language as CitizenMessageView['language'], subject: r.subject, body: r.body, at: r.at.toISOString() }));
  }

  async insertEvaluation(caseId: string, answers: EvaluationRequest): Promise<boolean> {
    const rows = await this.q.query('insert into evaluations (case_id, answers) values ($1, $2) on conflict (case_id) do nothing returning case_id', [caseId, answers]);
    return rows.length === 1;
  }

  async evaluation(caseId: string): Promise<(EvaluationRequest & { submittedAt: string }) | undefined> {
    const rows = await this.q.query<{ answers: EvaluationRequest; submitted_at: Date }>('select answers, submitted_at from evaluations where case_id = $1', [caseId]);
    const r = rows[0];
    return r && { ...r.answers, submittedAt: new Date(r.submitted_at).toISOString() };
  }
}
