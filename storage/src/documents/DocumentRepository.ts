import type { DocumentState } from '@videoloket/contracts';
import type { AuditEntry, DocumentRecord } from './records';

// The only code that touches document persistence. Two adapters, one contract suite
// (storage/test/repository-suite.ts): SqlDocumentRepository on the back office's database
// (what the process uses) and InMemoryDocumentRepository (unit tests, benches).

export interface DocumentRepository {
  insert(doc: DocumentRecord): Promise<void>;
  /** Applies `patch` and returns the new record; throws NotFoundError when missing. */
  update(documentId: string, patch: Partial<DocumentRecord>): Promise<DocumentRecord>;
  get(documentId: string): Promise<DocumentRecord | null>;
  getByUploadId(uploadId: string): Promise<DocumentRecord | null>;
  listByCall(callId: string): Promise<DocumentRecord[]>;
  listByState(states: DocumentState[]): Promise<DocumentRecord[]>;
  /** Non-deleted documents created before `before`. */
  listCreatedBefore(before: Date): Promise<DocumentRecord[]>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(documentId: string): Promise<AuditEntry[]>;
}
