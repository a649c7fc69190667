import { ConflictError, NotFoundError, type DocumentState } from '@videoloket/contracts';
import type { DocumentRepository } from './DocumentRepository';
import type { AuditEntry, DocumentRecord } from './records';

/** Process-local repository for unit tests (lost on restart); the process uses SqlDocumentRepository. */
export class InMemoryDocumentRepository implements DocumentRepository {
  readonly #docs = new Map<string, DocumentRecord>();
  readonly #audit = new Map<string, AuditEntry[]>();

  async insert(doc: DocumentRecord): Promise<void> {
    if (this.#docs.has(doc.documentId)) throw new ConflictError(`Duplicate document ${doc.documentId}`);
    this.#docs.set(doc.documentId, structuredClone(doc));
  }

  async update(documentId: string, patch: Partial<DocumentRecord>): Promise<DocumentRecord> {
    const doc = this.#docs.get(documentId);
    if (!doc) throw new NotFoundError(`No document ${documentId}`);
    const next = { ...doc, ...structuredClone(patch), documentId };
    this.#docs.set(documentId, next);
    return structuredClone(next);
  }

  async get(documentId: string): Promise<DocumentRecord | null> {
    const doc = this.#docs.get(documentId);
    return doc ? structuredClone(doc) : null;
  }

  async getByUploadId(uploadId: string): Promise<DocumentRecord | null> {
    for (const doc of this.#docs.values()) if (doc.uploadId === uploadId) return structuredClone(doc);
    return null;
  }

  async listByCall(callId: string): Promise<DocumentRecord[]> {
    return [...this.#docs.values()].filter((d) => d.callId === callId).map((d) => structuredClone(d));
  }

  async listByState(states: DocumentState[]): Promise<DocumentRecord[]> {
    return [...this.#docs.values()].filter((d) => states.includes(d.state)).map((d) => structuredClone(d));
  }

  async listCreatedBefore(before: Date): Promise<DocumentRecord[]> {
    const t = before.getTime();
    return [...this.#docs.values()]
      .filter((d) => d.state !== 'deleted' && new Date(d.createdAt).getTime() < t)
      .map((d) => structuredClone(d));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    const list = this.#audit.get(entry.documentId) ?? [];
    list.push(structuredClone(entry));
    this.#audit.set(entry.documentId, list);
  }

  async listAudit(documentId: string): Promise<AuditEntry[]> {
    return structuredClone(this.#audit.get(documentId) ?? []);
  }
}
