import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  ForbiddenError,
  GoneError,
  NotFoundError,
  PayloadTooLargeError,
  type AuditAction,
  type AuditEntry,
  type DocumentProgress,
  type DocumentSummary,
  type DownloadPurpose,
  type DownloadUrlResponse,
  type Principal,
  type UploadMetadata,
} from '@videoloket/contracts';
import { DocumentServiceOptions, type ResolvedDocumentServiceOptions } from '../options';
import type { ObjectStore } from '../object-store/ObjectStore';
import type { Scanner } from '../scanner/Scanner';
import { TypedEmitter } from '../typed-emitter';
import { TusGateway, type UploadHooks } from '../http/tus-gateway';
import { createDownloadHandler } from '../http/download-handler';
import type { NodeHandler } from '../http/node-io';
import { signLink, verifyLink } from '../links/signed-links';
import { createDecryptStream } from '../crypto/envelope';
import type { DocumentRepository } from './DocumentRepository';
import { DocumentProcessor, type PdfRefusalCheck } from './processor';
import { boundToCall, canList, canManage, canRead, canUpload } from './policy';
import type { Actor, DeletionReason, DocumentRecord } from './records';
import { toSummary } from './summary';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createEncryptStream } from '../crypto/envelope';

export interface DocumentServiceDeps {
  store: ObjectStore;
  scanner: Scanner;
  repository: DocumentRepository;
  /** Verifies a bearer token (call link or clerk session) — supplied by signaling. */
  authenticate: (token: string) => Promise<Principal>;
  /** Is this principal a party of this call right now? — supplied by signaling. */
  canAccessCall: (principal: Principal, callId: string) => boolean | Promise<boolean>;
  /** The active-content check of uploaded PDFs (`pdfRefusalIsolated` of @videoloket/pdf) — supplied by signaling. */
  pdfRefusal: PdfRefusalCheck;
  logger: Logger;
  now?: () => Date;
}

export type DocumentServiceEvents = {
  /** A document appeared or changed state; push to the parties for whom canList() holds. */
  changed: [doc: DocumentSummary];
  progress: [progress: DocumentProgress];
};

export interface OpenedDocument {
  summary: DocumentSummary;
  body: Readable;
  disposition: 'attachment' | 'inline';
}

const actorOf = (p: Principal): Actor => ({ participantId: p.participantId, role: p.role, displayName: p.displayName });

/**
 * Documents of calls: uploads over tus, checks, encryption, scanning, visibility,
 * signed downloads, audit and retention. Framework-agnostic: signaling mounts
 * `tusHandler` and `downloadHandler` and relays `changed` events to the call.
 */
export class DocumentService extends TypedEmitter<DocumentServiceEvents> {
  readonly options: ResolvedDocumentServiceOptions;
  readonly tusHandler: NodeHandler;
  readonly downloadHandler: NodeHandler;
  readonly #deps: DocumentServiceDeps;
  readonly #log: Logger;
  readonly #processor: DocumentProcessor;
  readonly #gateway: TusGateway;
  readonly #now: () => Date;
  readonly #spoolDirectory: string;
  readonly #ownsSpool: boolean;
  /** Per-call creation chain: quota check + insert must not interleave. */
  readonly #callLocks = new Map<string, Promise<unknown>>();

  constructor(options: DocumentServiceOptions, deps: DocumentServiceDeps) {
    super();
    this.options = DocumentServiceOptions.parse(options);
    this.#deps = deps;
    this.#log = deps.logger.child({ component: 'documents' });
    this.#now = deps.now ?? (() => new Date());
    this.#ownsSpool = !this.options.spoolDirectory;
    this.#spoolDirectory = this.options.spoolDirectory ?? mkdtempSync(path.join(os.tmpdir(), 'videoloket-tus-spool-'));
    this.#processor = new DocumentProcessor({
      repository: deps.repository,
      store: deps.store,
      scanner: deps.scanner,
      encryptionKey: this.options.encryptionKey,
      contentLimits: {
        maxCheckedBytes: this.options.maxCheckedBytes,
        zip: { maxEntries: this.options.zipMaxEntries, maxUncompressedBytes: this.options.zipMaxUncompressedBytes, maxRatio: this.options.zipMaxRatio },
        pdf: { timeoutMs: this.options.pdfCheckTimeoutMs, maxHeapMb: this.options.pdfCheckMaxHeapMb },
      },
      pdfRefusal: deps.pdfRefusal,
      logger: this.#log,
      retryInitialMs: this.options.scanRetryInitialMs,
      retryMaxMs: this.options.scanRetryMaxMs,
      now: this.#now,
      changed: (doc) => this.emit('changed', toSummary(doc)),
      audit: (doc, action, detail) => this.#audit(doc, action, undefined, detail),
    });
    this.#gateway = new TusGateway(
      {
        path: this.options.tusPath,
        datastore: deps.store.tusDataStore(),
        maxFileBytes: this.options.maxFileBytes,
        spoolDirectory: this.#spoolDirectory,
        maxSpoolsPerSeat: this.options.maxChecksumSpoolsPerSeat,
        allowedOrigins: this.options.allowedOrigins,
        logger: this.#log.child({ component: 'tus' }),
      },
      this.#uploadHooks(),
    );
    this.tusHandler = this.#gateway.handler;
    this.downloadHandler = createDownloadHandler((token) => this.openDownload(token), this.#log);
  }

  /** Resumes work a previous process left: ingests finished uploads, rescans held/scanning documents. */
  async start(): Promise<void> {
    const pending = await this.#deps.repository.listByState(['scanning', 'held']);
    for (const doc of pending) this.#processor.process(doc);
    if (pending.length) this.#log.info({ count: pending.length }, 'resuming document processing');
  }

  async close(): Promise<void> {
    await this.#processor.close();
    if (this.#ownsSpool) await rm(this.#spoolDirectory, { recursive: true, force: true });
  }

  /** Resolves when no ingest/scan is running (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.#processor.idle();
  }

  // ── queries and actions for signaling ────────────────────────────────────────

  async listForPrincipal(principal: Principal, callId: string): Promise<DocumentSummary[]> {
    await this.#assertCallAccess(principal, callId);
    const docs = await this.#deps.repository.listByCall(callId);
    return docs.filter((d) => canList(principal, d)).map(toSummary);
  }

  async get(principal: Principal, documentId: string): Promise<DocumentSummary> {
    const doc = await this.#visibleDoc(principal, documentId);
    return toSummary(doc);
  }

  /** The clerk shares a ready document with an interpreter (or another participant). */
  async share(principal: Principal, documentId: string, participantId: string): Promise<DocumentSummary> {
    const doc = await this.#visibleDoc(principal, documentId);
    if (!canManage(principal, doc)) throw new ForbiddenError('Only the clerk can share documents');
    if (doc.sharedWith.includes(participantId)) return toSummary(doc);
    const updated = await this.#deps.repository.update(documentId, { sharedWith: [...doc.sharedWith, participantId] });
    await this.#audit(updated, 'shared', principal, { with: participantId });
    this.emit('changed', toSummary(updated));
    return toSummary(updated);
  }

  async createDownloadUrl(principal: Principal, documentId: string, purpose: DownloadPurpose = 'download'): Promise<DownloadUrlResponse> {
    const doc = await this.#readableDoc(principal, documentId);
    const expiresAt = new Date(this.#now().getTime() + this.options.downloadLinkTtlMs);
    const token = signLink(this.options.linkSigningKey, { documentId: doc.documentId, principal, purpose, expiresAt });
    return { url: `${this.options.downloadPath}?t=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString() };
  }

  /** Verifies a link and opens the decrypted stream; rules are checked again at use. */
  async openDownload(token: string): Promise<OpenedDocument> {
    const claims = verifyLink(this.options.linkSigningKey, token, this.#now().getTime());
    const doc = await this.#readableDoc(claims.principal, claims.documentId);
    const encrypted = await this.#deps.store.get(doc.storageKey!);
    const body = createDecryptStream(this.options.encryptionKey);
    encrypted.on('error', (err) => body.destroy(err));
    encrypted.pipe(body);
    await this.#audit(doc, claims.purpose === 'view' ? 'viewed' : 'downloaded', claims.principal);
    const previewable = doc.contentType === 'application/pdf' || doc.contentType === 'image/jpeg' || doc.contentType === 'image/png';
    return { summary: toSummary(doc), body, disposition: claims.purpose === 'view' && previewable ? 'inline' : 'attachment' };
  }

  async listAudit(principal: Principal, documentId: string): Promise<AuditEntry[]> {
    const doc = await this.#deps.repository.get(documentId);
    if (!doc || !boundToCall(principal, doc.callId)) throw new NotFoundError('No such document');
    await this.#assertCallAccess(principal, doc.callId);
    if (!canManage(principal, doc)) throw new ForbiddenError('Only the clerk can read the audit trail');
    return this.#deps.repository.listAudit(documentId);
  }

  async delete(principal: Principal, documentId: string): Promise<void> {
    const doc = await this.#visibleDoc(principal, documentId);
    if (!canManage(principal, doc)) throw new ForbiddenError('Only the clerk can delete documents');
    await this.#remove(doc, 'by-clerk', principal);
  }

  /**
   * Stores a document the server made for the call (issue 4: the sealed PDF) as if the
   * principal had uploaded it: same quota, encrypted at rest, audited, scanned before
   * anyone can read it, visible under the same rules.
   */
  async storeGenerated(principal: Principal, meta: UploadMetadata, contentType: NonNullable<DocumentRecord['contentType']>, bytes: Uint8Array): Promise<DocumentSummary> {
    await this.#assertCallAccess(principal, meta.callId);
    if (!canUpload(principal, meta.callId)) throw new ForbiddenError('Interpreters cannot send documents');
    const repo = this.#deps.repository;
    const doc = await this.#withCallLock(meta.callId, async () => {
      const inCall = await repo.listByCall(meta.callId);
      const used = inCall.filter((d) => d.state !== 'refused' && d.state !== 'deleted').reduce((sum, d) => sum + d.size, 0);
      if (used + bytes.length > this.options.maxCallBytes) throw new PayloadTooLargeError('The documents of this call would exceed their size limit');
      const record = this.#newRecord(principal, meta, bytes.length, null);
      await repo.insert(record);
      await this.#audit(record, 'upload-started', principal, { size: bytes.length, fileName: meta.filename });
      return record;
    });
    const key = `${doc.callId}/${doc.documentId}`;
    const encrypt = createEncryptStream(this.options.encryptionKey);
    try {
      await Promise.all([pipeline(Readable.from([Buffer.from(bytes)]), encrypt), this.#deps.store.put(key, encrypt)]);
    } catch (err) {
      await this.#deps.store.delete(key).catch(() => undefined);
      await this.#remove(doc, 'cancelled');
      throw err;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const stored = await repo.update(doc.documentId, {
      storageKey: key,
      sha256,
      contentType,
      receivedBytes: bytes.length,
      uploadedAt: this.#now().toISOString(),
      state: 'scanning',
    });
    await this.#audit(stored, 'uploaded', principal, { size: bytes.length, sha256, contentType });
    this.emit('changed', toSummary(stored));
    this.#processor.process(stored);
    return toSummary(stored);
  }

  /** Retries held documents now instead of waiting for their backoff. */
  async retryHeld(): Promise<void> {
    this.#processor.retryHeld(await this.#deps.repository.listByState(['held']));
  }

  /**
   * Deletes documents older than the retention period and unfinished uploads older than
   * the upload expiry. Signaling calls this on a timer. Returns what it removed.
   */
  async runRetention(now: Date = this.#now()): Promise<{ deleted: number; expiredUploads: number }> {
    let deleted = 0;
    let expiredUploads = 0;
    const uploadCutoff = new Date(now.getTime() - this.options.uploadExpiryMs);
    for (const doc of await this.#deps.repository.listByState(['uploading'])) {
      if (new Date(doc.createdAt) < uploadCutoff) {
        await this.#remove(doc, 'upload-expired');
        expiredUploads++;
      }
    }
    const cutoff = new Date(now.getTime() - this.options.retentionMs);
    for (const doc of await this.#deps.repository.listCreatedBefore(cutoff)) {
      if (doc.state === 'uploading') continue;
      await this.#remove(doc, 'retention');
      deleted++;
    }
    if (deleted || expiredUploads) this.#log.info({ deleted, expiredUploads }, 'retention run');
    return { deleted, expiredUploads };
  }

  // ── internals ────────────────────────────────────────────────────────────────

  async #remove(doc: DocumentRecord, reason: DeletionReason, by?: Principal): Promise<void> {
    if (doc.uploadId) {
      await this.#deps.store
        .tusDataStore()
        .remove(doc.uploadId)
        .catch((err: unknown) => this.#log.debug({ err, documentId: doc.documentId }, 'tus upload already gone'));
    }
    if (doc.storageKey) await this.#deps.store.delete(doc.storageKey);
    const at = this.#now().toISOString();
    const removed = await this.#deps.repository.update(doc.documentId, {
      state: 'deleted',
      deletion: { reason, at },
      storageKey: null,
    });
    this.#log.info({ documentId: doc.documentId, callId: doc.callId, reason }, 'document deleted');
    await this.#audit(removed, 'deleted', by, { reason });
    this.emit('changed', toSummary(removed));
  }

  async #audit(doc: DocumentRecord, action: AuditAction, actor?: Principal, detail?: AuditEntry['detail']): Promise<void> {
    await this.#deps.repository.appendAudit({
      documentId: doc.documentId,
      action,
      at: this.#now().toISOString(),
      ...(actor ? { actor: actorOf(actor) } : {}),
      ...(detail ? { detail } : {}),
    });
  }

  async #assertCallAccess(principal: Principal, callId: string): Promise<void> {
    if (!boundToCall(principal, callId) || !(await this.#deps.canAccessCall(principal, callId))) {
      throw new ForbiddenError('You are not a party of this call');
    }
  }

  /** The document if the principal may list it; 404 otherwise (no existence leak across calls). */
  async #visibleDoc(principal: Principal, documentId: string): Promise<DocumentRecord> {
    const doc = await this.#deps.repository.get(documentId);
    if (!doc || !boundToCall(principal, doc.callId)) throw new NotFoundError('No such document');
    await this.#assertCallAccess(principal, doc.callId);
    if (!canList(principal, doc)) throw new ForbiddenError('This document is not shared with you');
    return doc;
  }

  async #readableDoc(principal: Principal, documentId: string): Promise<DocumentRecord> {
    const doc = await this.#deps.repository.get(documentId);
    if (!doc || !boundToCall(principal, doc.callId)) throw new NotFoundError('No such document');
    await this.#assertCallAccess(principal, doc.callId);
    if (doc.state === 'deleted') throw new GoneError('This document has been deleted');
    if (!canRead(principal, doc)) {
      throw new ForbiddenError(doc.state === 'ready' ? 'This document is not shared with you' : `This document is not available (${doc.state})`);
    }
    return doc;
  }

  async #withCallLock<T>(callId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#callLocks.get(callId) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#callLocks.set(callId, tail);
    try {
      return await run;
    } finally {
      if (this.#callLocks.get(callId) === tail) this.#callLocks.delete(callId);
    }
  }

  #newRecord(principal: Principal, meta: UploadMetadata, size: number, uploadId: string | null): DocumentRecord {
    return {
      documentId: randomBytes(16).toString('base64url'),
      callId: meta.callId,
      uploadId,
      fileName: meta.filename,
      claimedType: meta.filetype || null,
      contentType: null,
      size,
      receivedBytes: 0,
      state: 'uploading',
      refusal: null,
      deletion: null,
      uploadedBy: actorOf(principal),
      sharedWith: [],
      sha256: null,
      storageKey: null,
      createdAt: this.#now().toISOString(),
      uploadedAt: null,
      readyAt: null,
      scanAttempts: 0,
    };
  }

  /** A refused-too-large record, so the clerk sees the attempt and why it failed. */
  async #refuseTooLarge(principal: Principal, meta: UploadMetadata, size: number, message: string): Promise<never> {
    const earlier = (await this.#deps.repository.listByCall(meta.callId)).filter(
      (d) => d.state === 'refused' && d.refusal?.reason === 'too-large' && d.uploadedBy.participantId === principal.participantId,
    );
    if (earlier.length >= this.options.maxRefusedRecordsPerSeat) {
      this.#log.info({ callId: meta.callId, participantId: principal.participantId, size }, 'upload refused (too large); no further record for this seat');
      throw new PayloadTooLargeError(message);
    }
    const doc = { ...this.#newRecord(principal, meta, size, null), state: 'refused' as const, refusal: { reason: 'too-large' as const, message } };
    await this.#deps.repository.insert(doc);
    await this.#audit(doc, 'refused', principal, { reason: 'too-large', size });
    this.emit('changed', toSummary(doc));
    throw new PayloadTooLargeError(message);
  }

  #uploadHooks(): UploadHooks {
    const repo = this.#deps.repository;
    const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    return {
      authenticate: (token) => this.#deps.authenticate(token),
      precheckCreate: async (principal, meta, size) => {
        await this.#assertCallAccess(principal, meta.callId);
        if (!canUpload(principal, meta.callId)) throw new ForbiddenError('Interpreters cannot send documents');
        if (size > this.options.maxFileBytes) {
          // Under the call's lock, so a burst of attempts cannot all pass the record cap at once.
          await this.#withCallLock(meta.callId, () =>
            this.#refuseTooLarge(principal, meta, size, `The file is larger than the limit of ${mib(this.options.maxFileBytes)}`),
          );
        }
      },
      created: (principal, uploadId, meta, size) =>
        this.#withCallLock(meta.callId, async () => {
          const inCall = await repo.listByCall(meta.callId);
          const used = inCall.filter((d) => d.state !== 'refused' && d.state !== 'deleted').reduce((sum, d) => sum + d.size, 0);
          if (used + size > this.options.maxCallBytes) {
            await this.#refuseTooLarge(principal, meta, size, `The documents of this call would exceed the limit of ${mib(this.options.maxCallBytes)}`);
          }
          const doc = this.#newRecord(principal, meta, size, uploadId);
          await repo.insert(doc);
          await this.#audit(doc, 'upload-started', principal, { size, fileName: meta.filename });
          this.#log.info({ documentId: doc.documentId, callId: doc.callId, size }, 'upload started');
          this.emit('changed', toSummary(doc));
        }),
      authorizeUpload: async (principal, uploadId) => {
        const doc = await repo.getByUploadId(uploadId);
        if (!doc) throw new NotFoundError('No such upload');
        await this.#assertCallAccess(principal, doc.callId);
        if (doc.state === 'deleted') {
          if (doc.deletion?.reason === 'upload-expired') throw new GoneError('This upload has expired; start it again');
          throw new NotFoundError('No such upload');
        }
        if (doc.uploadedBy.participantId !== principal.participantId) throw new ForbiddenError('This upload belongs to someone else');
        const expired = new Date(doc.createdAt).getTime() + this.options.uploadExpiryMs <= this.#now().getTime();
        if (doc.state === 'uploading' && expired) {
          // tus 1.0 (Expiration): the Server SHOULD answer 410 Gone for expired uploads it tracks.
          await this.#remove(doc, 'upload-expired');
          throw new GoneError('This upload has expired; start it again');
        }
      },
      progress: (uploadId, offset) => {
        void repo.getByUploadId(uploadId).then(async (doc) => {
          if (!doc || doc.state !== 'uploading') return;
          await repo.update(doc.documentId, { receivedBytes: offset });
          this.emit('progress', { documentId: doc.documentId, callId: doc.callId, receivedBytes: offset, size: doc.size });
        });
      },
      finished: async (uploadId) => {
        const doc = await repo.getByUploadId(uploadId);
        if (!doc) return;
        const scanning = await repo.update(doc.documentId, { state: 'scanning', receivedBytes: doc.size });
        this.emit('changed', toSummary(scanning));
        this.#processor.process(scanning);
      },
      terminated: async (uploadId) => {
        const doc = await repo.getByUploadId(uploadId);
        if (doc) await this.#remove({ ...doc, uploadId: null }, 'cancelled', undefined);
      },
    };
  }
}
