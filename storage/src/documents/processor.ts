import { createHash } from 'node:crypto';
import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { DocumentContentType } from '@videoloket/contracts';
import { checkContent, SNIFF_BYTES } from '../content/magic';
import { zipRefusal, type ZipLimits } from '../content/zip';
import { createDecryptStream, createEncryptStream } from '../crypto/envelope';
import { ScannerUnavailableError } from '../errors';
import type { ObjectStore } from '../object-store/ObjectStore';
import type { Scanner } from '../scanner/Scanner';
import type { DocumentRepository } from './DocumentRepository';
import type { DocumentRecord } from './records';
import type { AuditAction } from '@videoloket/contracts';

// After an upload finishes: content check (magic bytes) + sha256 + encryption in one
// streamed pass from the tus store into the object store; PDFs, DOCX and ODT are also
// kept (bounded) and read whole at the end of that pass (no active PDF content, no ZIP
// bomb). Then the ClamAV scan of the decrypted stream. A document becomes `ready` only
// here, after a clean verdict.
// Scanner outages put it in `held` and retry with backoff; it is never released unscanned.

export interface ProcessorDeps {
  repository: DocumentRepository;
  store: ObjectStore;
  scanner: Scanner;
  encryptionKey: Buffer;
  contentLimits: ContentLimits;
  pdfRefusal: PdfRefusalCheck;
  logger: Logger;
  retryInitialMs: number;
  retryMaxMs: number;
  now: () => Date;
  changed: (doc: DocumentRecord) => void;
  audit: (doc: DocumentRecord, action: AuditAction, detail?: Record<string, string | number | boolean>) => Promise<void>;
}

export interface ContentLimits {
  /** PDFs and ZIP-based documents are read whole, in memory, up to this size. */
  maxCheckedBytes: number;
  zip: ZipLimits;
  /** The PDF parse runs in a worker thread, one at a time, within these limits. */
  pdf: PdfCheckLimits;
}

export interface PdfCheckLimits {
  timeoutMs: number;
  maxHeapMb: number;
}

/**
 * Reads an uploaded PDF whole for active content: the refusal message, or null if it may go.
 * The one PDF parser lives in the PDF package (`pdfRefusalIsolated` of @videoloket/pdf), which
 * signaling passes in: documents and PDF forms do not import each other.
 */
export type PdfRefusalCheck = (bytes: Uint8Array, limits: PdfCheckLimits) => Promise<string | null>;

class ContentRefused extends Error {}

/**
 * Types whose structure is checked whole: a PDF handed to the other party must not run
 * anything (refused, not stripped: rewriting would change the bytes the sender's sha256 and
 * any signature in it vouch for), a DOCX/ODT must not expand without bound.
 */
function structureCheck(type: DocumentContentType, limits: ContentLimits, pdfRefusal: PdfRefusalCheck): ((bytes: Buffer) => Promise<string | null>) | null {
  switch (type) {
    case 'application/pdf':
      return (bytes) => pdfRefusal(bytes, limits.pdf);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.oasis.opendocument.text':
      return (bytes) => zipRefusal(bytes, limits.zip);
    default:
      return null;
  }
}

/** Passes bytes through once the first SNIFF_BYTES pass the content check; hashes and counts all. */
class Inspector extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  #head: Buffer[] = [];
  #headBytes = 0;
  #checked = false;
  type: ReturnType<typeof checkContent> | null = null;
  refusal: ContentRefused | null = null;

  /** The whole file, for types whose structure is checked at the end. */
  #whole: Buffer[] | null = null;
  #structure: ((bytes: Buffer) => Promise<string | null>) | null = null;

  constructor(
    private readonly claimed: { filename: string; filetype?: string | undefined },
    private readonly limits: ContentLimits,
    private readonly pdfRefusal: PdfRefusalCheck,
  ) {
    super();
  }

  #refuse(message: string): ContentRefused {
    this.refusal = new ContentRefused(message);
    return this.refusal;
  }

  #check(): void {
    const verdict = checkContent(Buffer.concat(this.#head), this.claimed);
    this.type = verdict;
    this.#checked = true;
    if (!verdict.ok) throw this.#refuse(verdict.message);
    this.#structure = structureCheck(verdict.type, this.limits, this.pdfRefusal);
    if (this.#structure) this.#whole = [];
    for (const b of this.#head) this.#keep(b);
    this.#head = [];
  }

  #keep(chunk: Buffer): void {
    if (this.#whole) {
      if (this.bytes > this.limits.maxCheckedBytes) {
        const mib = Math.round(this.limits.maxCheckedBytes / (1024 * 1024));
        throw this.#refuse(`PDF, DOCX and ODT files are checked before they are passed on, up to ${mib} MiB; this one is larger. Split it or send a smaller copy`);
      }
      this.#whole.push(chunk);
    }
    this.push(chunk);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    try {
      if (this.#checked) this.#keep(chunk);
      else {
        this.#head.push(chunk);
        this.#headBytes += chunk.length;
        if (this.#headBytes >= SNIFF_BYTES) this.#check();
      }
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (!this.#checked) this.#check();
    } catch (err) {
      return cb(err as Error);
    }
    if (!this.#structure || !this.#whole) return cb();
    const whole = Buffer.concat(this.#whole);
    this.#whole = null;
    this.#structure(whole).then(
      (problem) => cb(problem ? this.#refuse(problem) : null),
      (err: unknown) => cb(err as Error),
    );
  }
}

export class DocumentProcessor {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  #closed = false;

  constructor(private readonly deps: ProcessorDeps) {}

  /** Runs `task` in the background, tracked so close() can wait for it. Never rejects. */
  #track(documentId: string, task: () => Promise<void>): void {
    if (this.#closed) return;
    const p = task()
      .catch((err: unknown) => this.deps.logger.error({ err, documentId }, 'document processing failed'))
      .finally(() => this.#running.delete(p));
    this.#running.add(p);
  }

  /** The upload is complete in the tus store: ingest, then scan. */
  process(doc: DocumentRecord): void {
    this.#track(doc.documentId, async () => {
      const ingested = doc.storageKey ? doc : await this.#ingest(doc);
      if (ingested) await this.#scan(ingested);
    });
  }

  async #ingest(doc: DocumentRecord): Promise<DocumentRecord | null> {
    const { repository, store, logger } = this.deps;
    const log = logger.child({ documentId: doc.documentId, callId: doc.callId });
    const uploadId = doc.uploadId!;
    const tus = store.tusDataStore();
    const key = `${doc.callId}/${doc.documentId}`;
    const inspector = new Inspector({ filename: doc.fileName, filetype: doc.claimedType ?? undefined }, this.deps.contentLimits, this.deps.pdfRefusal);
    const encrypt = createEncryptStream(this.deps.encryptionKey);
    try {
      // Both @tus/file-store and @tus/s3-store implement read(); DataStore's type does not declare it.
      const source = await (tus as unknown as { read(id: string): Readable | Promise<Readable> }).read(uploadId);
      await Promise.all([pipeline(source, inspector, encrypt), store.put(key, encrypt)]);
    } catch (err) {
      await store.delete(key).catch(() => undefined);
      // The put may fail first (premature close) when the inspector refuses: ask the inspector.
      const refusal = inspector.refusal;
      if (refusal) {
        await tus.remove(uploadId).catch((e: unknown) => log.warn({ err: e }, 'could not remove refused upload'));
        const refused = await repository.update(doc.documentId, {
          state: 'refused',
          refusal: { reason: 'type-not-allowed', message: refusal.message },
          uploadId: null,
        });
        log.info({ reason: 'type-not-allowed' }, 'document refused');
        await this.deps.audit(refused, 'refused', { reason: 'type-not-allowed', message: refusal.message });
        this.deps.changed(refused);
        return null;
      }
      throw err;
    }
    const sha256 = inspector.hash.digest('hex');
    const contentType = inspector.type?.ok ? inspector.type.type : null;
    // The bytes are encrypted in the object store now; the plaintext copy goes.
    await tus.remove(uploadId).catch((e: unknown) => log.warn({ err: e }, 'could not remove finished tus upload'));
    const stored = await repository.update(doc.documentId, {
      uploadId: null,
      storageKey: key,
      sha256,
      contentType,
      receivedBytes: inspector.bytes,
      uploadedAt: this.deps.now().toISOString(),
      state: 'scanning',
    });
    log.info({ bytes: inspector.bytes, contentType }, 'document stored encrypted');
    await this.deps.audit(stored, 'uploaded', { size: inspector.bytes, sha256, contentType: contentType ?? '' });
    return stored;
  }

  async #scan(doc: DocumentRecord): Promise<void> {
    const { repository, store, scanner, logger } = this.deps;
    const log = logger.child({ documentId: doc.documentId, callId: doc.callId });
    let verdict;
    try {
      const encrypted = await store.get(doc.storageKey!);
      const plain = createDecryptStream(this.deps.encryptionKey);
      encrypted.on('error', (err) => plain.destroy(err));
      encrypted.pipe(plain);
      verdict = await scanner.scan(plain);
      encrypted.destroy();
    } catch (err) {
      // Scanner down, or anything else that stops a verdict: hold, never release, never drop.
      await this.#hold(doc, err);
      return;
    }
    this.#clearTimer(doc.documentId);
    if (verdict.clean) {
      const ready = await repository.update(doc.documentId, { state: 'ready', readyAt: this.deps.now().toISOString() });
      log.info({ scanner: scanner.name }, 'document scanned clean: ready');
      await this.deps.audit(ready, 'scanned', { result: 'clean', scanner: scanner.name });
      this.deps.changed(ready);
      return;
    }
    const names = verdict.viruses.join(', ');
    // Infected bytes are removed; the record and audit trail stay.
    await store.delete(doc.storageKey!);
    const refused = await repository.update(doc.documentId, {
      state: 'refused',
      storageKey: null,
      refusal: { reason: 'virus', message: `A virus was found in this file (${names}); it was removed` },
    });
    log.warn({ viruses: names }, 'document refused: virus found');
    await this.deps.audit(refused, 'scanned', { result: 'infected', viruses: names, scanner: scanner.name });
    await this.deps.audit(refused, 'refused', { reason: 'virus', viruses: names });
    this.deps.changed(refused);
  }

  async #hold(doc: DocumentRecord, err: unknown): Promise<void> {
    if (this.#closed) return;
    const attempts = doc.scanAttempts + 1;
    const wasHeld = doc.state === 'held';
    const held = await this.deps.repository.update(doc.documentId, { state: 'held', scanAttempts: attempts });
    const delay = Math.min(this.deps.retryInitialMs * 2 ** (attempts - 1), this.deps.retryMaxMs);
    const why = err instanceof ScannerUnavailableError ? err.message : `scan failed: ${(err as Error)?.message}`;
    this.deps.logger.warn({ documentId: doc.documentId, attempts, retryInMs: delay, why }, 'document held');
    if (!wasHeld) {
      await this.deps.audit(held, 'held', { why });
      this.deps.changed(held);
    }
    this.#clearTimer(doc.documentId);
    this.#timers.set(
      doc.documentId,
      setTimeout(() => {
        this.#timers.delete(doc.documentId);
        this.#track(doc.documentId, async () => {
          const current = await this.deps.repository.get(doc.documentId);
          if (current?.state === 'held') await this.#scan(current);
        });
      }, delay).unref(),
    );
  }

  /** Retry every held document now (e.g. when the operator knows clamd is back). */
  retryHeld(docs: DocumentRecord[]): void {
    for (const doc of docs) {
      this.#clearTimer(doc.documentId);
      this.#track(doc.documentId, () => this.#scan(doc));
    }
  }

  #clearTimer(documentId: string): void {
    const t = this.#timers.get(documentId);
    if (t) clearTimeout(t);
    this.#timers.delete(documentId);
  }

  /** Stops retries and waits for running work; held documents stay held for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  /** For tests and metrics: work in flight. */
  idle(): Promise<void> {
    return Promise.allSettled([...this.#running]).then(() => undefined);
  }
}
