import { ConflictError, NotFoundError, type DocumentState } from '@videoloket/contracts';
import type { DocumentRepository } from './DocumentRepository';
import type { AuditEntry, DocumentRecord } from './records';

// Documents on the project database (PGlite embedded, PostgreSQL in production), so
// they survive restarts and stay findable after the call. The tables come from this
// package's migration list (migrations.ts); this file is the only code that queries them.
//
// Storage takes the connection as this small structural interface instead of importing
// @videoloket/backoffice: the back office's `Database` satisfies it as is, and storage
// keeps no dependency on pg or PGlite.

export type SqlValue = string | number | boolean | null | Date | string[] | number[] | Record<string, unknown>;

export interface SqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
}

export interface SqlDatabase extends SqlQueryable {
  /** Committed when `fn` resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

interface DocumentRow {
  document_id: string;
  call_id: string;
  upload_id: string | null;
  file_name: string;
  claimed_type: string | null;
  content_type: string | null;
  size: string | number | bigint;
  received_bytes: string | number | bigint;
  state: string;
  refusal: DocumentRecord['refusal'];
  deletion: DocumentRecord['deletion'];
  uploaded_by: DocumentRecord['uploadedBy'];
  shared_with: string[] | null;
  sha256: string | null;
  storage_key: string | null;
  created_at: Date | string;
  uploaded_at: Date | string | null;
  ready_at: Date | string | null;
  scan_attempts: number;
}

interface AuditRow {
  document_id: string;
  action: string;
  at: Date | string;
  actor: AuditEntry['actor'] | null;
  detail: AuditEntry['detail'] | null;
}

const SELECT = /* sql */ `
select d.*,
  coalesce((select array_agg(s.participant_id order by s.position) from document_shares s where s.document_id = d.document_id), '{}') as shared_with
from documents d`;

const COLUMNS = [
  'document_id',
  'call_id',
  'upload_id',
  'file_name',
  'claimed_type',
  'content_type',
  'size',
  'received_bytes',
  'state',
  'refusal',
  'deletion',
  'uploaded_by',
  'sha256',
  'storage_key',
  'created_at',
  'uploaded_at',
  'ready_at',
  'scan_attempts',
] as const;
const JSON_COLUMNS = new Set<string>(['refusal', 'deletion', 'uploaded_by']);

const UNIQUE_VIOLATION = '23505';
const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

function toRecord(row: DocumentRow): DocumentRecord {
  return {
    documentId: row.document_id,
    callId: row.call_id,
    uploadId: row.upload_id,
    fileName: row.file_name,
    claimedType: row.claimed_type,
    contentType: row.content_type as DocumentRecord['contentType'],
    // bigint comes back as a string (pg) or a bigint (PGlite); sizes stay far below 2^53.
    size: Number(row.size),
    receivedBytes: Number(row.received_bytes),
    state: row.state as DocumentState,
    refusal: row.refusal ?? null,
    deletion: row.deletion ?? null,
    uploadedBy: row.uploaded_by,
    sharedWith: row.shared_with ?? [],
    sha256: row.sha256,
    storageKey: row.storage_key,
    createdAt: iso(row.created_at)!,
    uploadedAt: iso(row.uploaded_at),
    readyAt: iso(row.ready_at),
    scanAttempts: row.scan_attempts,
  };
}

function values(doc: DocumentRecord): SqlValue[] {
  return [
    doc.documentId,
    doc.callId,
    doc.uploadId,
    doc.fileName,
    doc.claimedType,
    doc.contentType,
    doc.size,
    doc.receivedBytes,
    doc.state,
    json(doc.refusal),
    json(doc.deletion),
    json(doc.uploadedBy),
    doc.sha256,
    doc.storageKey,
    doc.createdAt,
    doc.uploadedAt,
    doc.readyAt,
    doc.scanAttempts,
  ];
}

const placeholder = (column: string, i: number) => `$${i + 1}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`;

export class SqlDocumentRepository implements DocumentRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async insert(doc: DocumentRecord): Promise<void> {
    try {
      await this.#db.transaction(async (tx) => {
        await tx.query(
          `insert into documents (${COLUMNS.join(', ')}) values (${COLUMNS.map(placeholder).join(', ')})`,
          values(doc),
        );
        await writeShares(tx, doc.documentId, doc.sharedWith);
      });
    } catch (err) {
      if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) throw new ConflictError(`Duplicate document ${doc.documentId}`);
      throw err;
    }
  }

  async update(documentId: string, patch: Partial<DocumentRecord>): Promise<DocumentRecord> {
    return this.#db.transaction(async (tx) => {
      // Row lock: two concurrent patches (progress + scan verdict) must not lose each other's fields.
      const [row] = await tx.query<DocumentRow>(`${SELECT} where d.document_id = $1 for update of d`, [documentId]);
      if (!row) throw new NotFoundError(`No document ${documentId}`);
      const next: DocumentRecord = { ...toRecord(row), ...structuredClone(patch), documentId };
      const sets = COLUMNS.slice(1).map((c, i) => `${c} = ${placeholder(c, i + 1)}`);
      await tx.query(`update documents set ${sets.join(', ')} where document_id = $1`, values(next));
      if (patch.sharedWith) await writeShares(tx, documentId, next.sharedWith);
      return next;
    });
  }

  async get(documentId: string): Promise<DocumentRecord | null> {
    const [row] = await this.#db.query<DocumentRow>(`${SELECT} where d.document_id = $1`, [documentId]);
    return row ? toRecord(row) : null;
  }

  async getByUploadId(uploadId: string): Promise<DocumentRecord | null> {
    const [row] = await this.#db.query<DocumentRow>(`${SELECT} where d.upload_id = $1`, [uploadId]);
    return row ? toRecord(row) : null;
  }

  async listByCall(callId: string): Promise<DocumentRecord[]> {
    return (await this.#db.query<DocumentRow>(`${SELECT} where d.call_id = $1 order by d.seq`, [callId])).map(toRecord);
  }

  async listByState(states: DocumentState[]): Promise<DocumentRecord[]> {
    if (states.length === 0) return [];
    return (await this.#db.query<DocumentRow>(`${SELECT} where d.state = any($1::text[]) order by d.seq`, [states])).map(toRecord);
  }

  async listCreatedBefore(before: Date): Promise<DocumentRecord[]> {
    const rows = await this.#db.query<DocumentRow>(`${SELECT} where d.state <> 'deleted' and d.created_at < $1 order by d.seq`, [before.toISOString()]);
    return rows.map(toRecord);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.#db.query('insert into document_audit (document_id, action, at, actor, detail) values ($1, $2, $3, $4::jsonb, $5::jsonb)', [
      entry.documentId,
      entry.action,
      entry.at,
      json(entry.actor),
      json(entry.detail),
    ]);
  }

  async listAudit(documentId: string): Promise<AuditEntry[]> {
    const rows = await this.#db.query<AuditRow>('select document_id, action, at, actor, detail from document_audit where document_id = $1 order by id', [documentId]);
    return rows.map((r) => ({
      documentId: r.document_id,
      action: r.action as AuditEntry['action'],
      at: iso(r.at)!,
      ...(r.actor ? { actor: r.actor } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
    }));
  }
}

async function writeShares(tx: SqlQueryable, documentId: string, sharedWith: readonly string[]): Promise<void> {
  await tx.query('delete from document_shares where document_id = $1', [documentId]);
  for (const [position, participantId] of [...new Set(sharedWith)].entries()) {
    await tx.query('insert into document_shares (document_id, participant_id, position) values ($1, $2, $3)', [documentId, participantId, position]);
  }
}
