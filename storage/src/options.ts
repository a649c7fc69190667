import { z } from 'zod';

// The storage package's options. signaling/src/config.ts (the only reader of
// process.env) builds this object; see docs/storage.md for the proposed env vars.

const MiB = 1024 * 1024;
const DAY = 24 * 60 * 60 * 1000;

const Key32 = z.instanceof(Buffer).refine((b) => b.length === 32, 'must be 32 bytes');

export const DocumentServiceOptions = z.object({
  /** Mount path of the tus endpoint (signaling mounts the handler there). */
  tusPath: z.string().startsWith('/').default('/api/uploads'),
  /** Mount path of the signed-download handler. */
  downloadPath: z.string().startsWith('/').default('/api/documents/download'),
  maxFileBytes: z.number().int().positive().default(512 * MiB),
  maxCallBytes: z.number().int().positive().default(2048 * MiB),
  /**
   * Refused-too-large records kept per seat and call (issue 9, finding 7: 300 oversized
   * attempts left 300 records in the clerk's panel). Later attempts are still refused (413),
   * logged, but add no record.
   */
  maxRefusedRecordsPerSeat: z.number().int().min(1).default(3),
  /** Unfinished uploads are removed this long after creation (tus expiration). */
  uploadExpiryMs: z.number().int().positive().default(DAY),
  /** Documents are deleted this long after upload (GDPR retention limit). */
  retentionMs: z.number().int().positive().default(30 * DAY),
  downloadLinkTtlMs: z.number().int().positive().default(5 * 60 * 1000),
  /** AES-256-GCM master key wrapping each document's data key. */
  encryptionKey: Key32,
  /** HMAC key for download links. */
  linkSigningKey: Key32,
  /** Backoff for documents held while clamd is unreachable. */
  scanRetryInitialMs: z.number().int().positive().default(1000),
  scanRetryMaxMs: z.number().int().positive().default(60_000),
  /** Allowed browser origins for the tus endpoint (CORS); undefined = same origin only. */
  allowedOrigins: z.array(z.string()).optional(),
  /**
   * Where checksummed PATCH bodies are verified before they reach the store; on a disk, not
   * a RAM tmpfs (a chunk may be as large as the upload). Unset: a private temp directory
   * removed at close. Leftover chunks of a crashed process are removed at start.
   */
  spoolDirectory: z.string().min(1).optional(),
  /**
   * PDFs, DOCX and ODT are read whole before they are accepted (active PDF content, ZIP
   * expansion), in memory: larger ones are refused. Photos are not affected.
   */
  maxCheckedBytes: z.number().int().positive().default(64 * MiB),
  /** DOCX/ODT containers: parts, total expanded size, expansion ratio of a part over 1 MiB. */
  zipMaxEntries: z.number().int().positive().default(2000),
  zipMaxUncompressedBytes: z.number().int().positive().default(256 * MiB),
  zipMaxRatio: z.number().positive().default(100),
  /** The PDF active-content check runs in a worker thread with these limits (then: refused). */
  pdfCheckTimeoutMs: z.number().int().positive().default(30_000),
  pdfCheckMaxHeapMb: z.number().int().positive().default(512),
  /** Checksummed chunks one seat may have spooling at once (issue 9, finding 3). */
  maxChecksumSpoolsPerSeat: z.number().int().positive().default(2),
});
export type DocumentServiceOptions = z.input<typeof DocumentServiceOptions>;
export type ResolvedDocumentServiceOptions = z.output<typeof DocumentServiceOptions>;
