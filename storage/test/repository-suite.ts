import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@videoloket/contracts';
import type { DocumentRecord, DocumentRepository } from '../src/index';

// The DocumentRepository contract, one suite run against every adapter
// (document-repository.test.ts: in memory, PGlite, real PostgreSQL).

export interface RepositoryFixture {
  repository: DocumentRepository;
  /** Reopens the same storage (a process restart); absent for the in-memory one. */
  reopen?: () => Promise<DocumentRepository>;
  close(): Promise<void>;
}

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'document-record.json'), 'utf8')) as DocumentRecord;
let counter = 0;
/** A fresh record per test: ids never collide, even on a shared PostgreSQL schema. */
function record(over: Partial<DocumentRecord> = {}): DocumentRecord {
  counter += 1;
  const id = `${base.documentId}-${process.pid}-${counter}`;
  return { ...structuredClone(base), documentId: id, uploadId: `${base.uploadId}-${id}`, callId: `${base.callId}-${id}`, ...over };
}

/** `persistent`: the adapter promises to keep data across a reopen (fixture.reopen is then required). */
export function describeRepositorySuite(name: string, open: () => Promise<RepositoryFixture>, { persistent }: { persistent: boolean }): void {
  describe(`DocumentRepository: ${name}`, () => {
    let fx: RepositoryFixture;
    let repo: DocumentRepository;
    beforeAll(async () => {
      fx = await open();
      repo = fx.repository;
    });
    afterAll(async () => {
      await fx?.close();
    });

    it('stores a record and gives back an equal copy, by id and by upload id; unknown ids give null', async () => {
      const doc = record();
      await repo.insert(doc);
      expect(await repo.get(doc.documentId)).toEqual(doc);
      expect(await repo.getByUploadId(doc.uploadId!)).toEqual(doc);
      expect(await repo.get('no-such-document')).toBeNull();
      expect(await repo.getByUploadId('no-such-upload')).toBeNull();
      // A copy: changing what came back changes nothing stored.
      const got = (await repo.get(doc.documentId))!;
      got.sharedWith.push('x');
      got.uploadedBy.displayName = 'changed';
      expect(await repo.get(doc.documentId)).toEqual(doc);
    });

    it('refuses a second insert of the same id with a ConflictError, keeping the first', async () => {
      const doc = record();
      await repo.insert(doc);
      await expect(repo.insert({ ...doc, fileName: 'other.pdf' })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await repo.get(doc.documentId))!.fileName).toBe(doc.fileName);
    });

    it('update applies a partial patch, keeps the other fields and the id, and returns the new record', async () => {
      const doc = record();
      await repo.insert(doc);
      const patch: Partial<DocumentRecord> = {
        documentId: 'must-be-ignored',
        state: 'refused',
        uploadId: null,
        receivedBytes: 1234,
        contentType: 'application/pdf',
        refusal: { reason: 'virus', message: 'Eicar-Signature' },
        sha256: 'a'.repeat(64),
        storageKey: 'documents/key',
        uploadedAt: '2026-03-01T09:01:00.000Z',
        readyAt: '2026-03-01T09:02:00.000Z',
        scanAttempts: 2,
      };
      const next = await repo.update(doc.documentId, patch);
      const expected = { ...doc, ...patch, documentId: doc.documentId };
      expect(next).toEqual(expected);
      expect(await repo.get(doc.documentId)).toEqual(expected);
      expect(await repo.get('must-be-ignored')).toBeNull();
      // uploadId cleared: no longer found by it.
      expect(await repo.getByUploadId(doc.uploadId!)).toBeNull();
    });

    it('update of an unknown id throws NotFoundError', async () => {
      await expect(repo.update('no-such-document', { state: 'ready' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('keeps shares in the order given and replaces them on update', async () => {
      const doc = record({ sharedWith: ['interpreter-1'] });
      await repo.insert(doc);
      expect((await repo.get(doc.documentId))!.sharedWith).toEqual(['interpreter-1']);
      await repo.update(doc.documentId, { sharedWith: ['interpreter-1', 'citizen-2', 'interpreter-0'] });
      expect((await repo.get(doc.documentId))!.sharedWith).toEqual(['interpreter-1', 'citizen-2', 'interpreter-0']);
      await repo.update(doc.documentId, { state: 'ready' });
      expect((await repo.get(doc.documentId))!.sharedWith).toEqual(['interpreter-1', 'citizen-2', 'interpreter-0']);
      await repo.update(doc.documentId, { sharedWith: [] });
      expect((await repo.get(doc.documentId))!.sharedWith).toEqual([]);
    });

    it('lists a call in insertion order and nothing of other calls', async () => {
      const callId = `call-list-${process.pid}-${counter}`;
      const later = record({ callId, createdAt: '2026-03-01T10:00:00.000Z' });
      const earlier = record({ callId, createdAt: '2026-03-01T08:00:00.000Z' });
      const elsewhere = record();
      for (const d of [later, earlier, elsewhere]) await repo.insert(d);
      expect((await repo.listByCall(callId)).map((d) => d.documentId)).toEqual([later.documentId, earlier.documentId]);
      expect(await repo.listByCall(`${callId}-none`)).toEqual([]);
    });

    it('lists by state', async () => {
      const held = record({ state: 'held' });
      const scanning = record({ state: 'scanning' });
      const ready = record({ state: 'ready' });
      for (const d of [held, scanning, ready]) await repo.insert(d);
      const ids = (await repo.listByState(['held', 'scanning'])).map((d) => d.documentId);
      expect(ids).toEqual(expect.arrayContaining([held.documentId, scanning.documentId]));
      expect(ids).not.toContain(ready.documentId);
      expect(await repo.listByState([])).toEqual([]);
    });

    it('lists non-deleted documents created strictly before a moment (retention)', async () => {
      const old = record({ createdAt: '2001-01-01T00:00:00.000Z', state: 'ready' });
      const oldDeleted = record({ createdAt: '2001-01-01T00:00:00.000Z', state: 'deleted', deletion: { reason: 'retention', at: '2001-02-01T00:00:00.000Z' } });
      const atCutoff = record({ createdAt: '2001-06-01T00:00:00.000Z', state: 'ready' });
      for (const d of [old, oldDeleted, atCutoff]) await repo.insert(d);
      const ids = (await repo.listCreatedBefore(new Date('2001-06-01T00:00:00.000Z'))).map((d) => d.documentId);
      expect(ids).toContain(old.documentId);
      expect(ids).not.toContain(oldDeleted.documentId);
      expect(ids).not.toContain(atCutoff.documentId);
      expect((await repo.get(oldDeleted.documentId))!.deletion).toEqual({ reason: 'retention', at: '2001-02-01T00:00:00.000Z' });
    });

    it('appends audit entries and lists them per document in order, with and without actor/detail', async () => {
      const doc = record();
      const other = record();
      await repo.insert(doc);
      await repo.insert(other);
      const entries: AuditEntry[] = [
        { documentId: doc.documentId, action: 'upload-started', at: '2026-03-01T09:00:00.000Z', actor: base.uploadedBy, detail: { size: 5, name: 'a.pdf' } },
        { documentId: doc.documentId, action: 'scanned', at: '2026-03-01T09:00:01.500Z', detail: { clean: true } },
        { documentId: other.documentId, action: 'deleted', at: '2026-03-01T09:00:02.000Z' },
        // Same timestamp as the one before: order is the append order, not the clock.
        { documentId: doc.documentId, action: 'downloaded', at: '2026-03-01T09:00:01.500Z', actor: base.uploadedBy },
      ];
      for (const e of entries) await repo.appendAudit(e);
      expect(await repo.listAudit(doc.documentId)).toEqual([entries[0], entries[1], entries[3]]);
      expect(await repo.listAudit(other.documentId)).toEqual([entries[2]]);
      expect(await repo.listAudit('no-such-document')).toEqual([]);
    });

    it('concurrent updates of different fields of one document lose nothing', async () => {
      const doc = record();
      await repo.insert(doc);
      await Promise.all([
        repo.update(doc.documentId, { receivedBytes: 99 }),
        repo.update(doc.documentId, { sharedWith: ['i-1'] }),
        repo.update(doc.documentId, { scanAttempts: 3 }),
      ]);
      expect(await repo.get(doc.documentId)).toMatchObject({ receivedBytes: 99, sharedWith: ['i-1'], scanAttempts: 3 });
    });

    // Only declared for persistent adapters (no skipped test for the in-memory one).
    if (persistent) it('keeps everything across a reopen (restart)', async () => {
      if (!fx.reopen) throw new Error(`${name} claims persistence but its fixture has no reopen()`);
      const doc = record({ sharedWith: ['i-9'], state: 'ready' });
      await repo.insert(doc);
      await repo.appendAudit({ documentId: doc.documentId, action: 'uploaded', at: '2026-03-01T09:00:00.000Z' });
      repo = await fx.reopen();
      expect(await repo.get(doc.documentId)).toEqual(doc);
      expect(await repo.listAudit(doc.documentId)).toEqual([{ documentId: doc.documentId, action: 'uploaded', at: '2026-03-01T09:00:00.000Z' }]);
    });
  });
}
