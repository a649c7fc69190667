import { z } from 'zod';
import { DOCUMENT_TYPE_NAMES } from '../documentTypes';
import { Id, Role } from '../roles';

// Documents exchanged in a call (issue 3). Uploads go over tus to /api/uploads;
// everything else is plain JSON. These are the wire shapes shared by server and clients.

/**
 * uploading → scanning → ready | refused | held; held → ready | refused once clamd answers.
 * deleted: cancelled, expired before completion, or removed after retention.
 */
export const DocumentState = z.enum(['uploading', 'scanning', 'held', 'ready', 'refused', 'deleted']);
export type DocumentState = z.infer<typeof DocumentState>;

export const RefusalReason = z.enum(['virus', 'type-not-allowed', 'too-large']);
export type RefusalReason = z.infer<typeof RefusalReason>;

/** The allow-list of content types, detected from the bytes (never from the name); each type's traits are in documentTypes.ts. */
export const DocumentContentType = z.enum(DOCUMENT_TYPE_NAMES);
export type DocumentContentType = z.infer<typeof DocumentContentType>;

/** Upload-Metadata keys a client sends with a tus creation request. */
export const UploadMetadata = z.object({
  callId: Id,
  filename: z.string().trim().min(1).max(255),
  /** The MIME type the client claims; checked against the content. */
  filetype: z.string().max(255).optional(),
});
export type UploadMetadata = z.infer<typeof UploadMetadata>;

const DocumentActor = z.object({ participantId: z.string(), role: Role, displayName: z.string() });

export const DocumentSummary = z.object({
  documentId: z.string(),
  callId: z.string(),
  fileName: z.string(),
  /** Detected content type once checked; the claimed type before. */
  contentType: z.string().nullable(),
  /** Bytes announced at upload creation (Upload-Length). */
  size: z.number(),
  /** Bytes received so far while uploading. */
  receivedBytes: z.number(),
  state: DocumentState,
  refusal: z.object({ reason: RefusalReason, message: z.string() }).optional(),
  uploadedBy: DocumentActor,
  /** Participants (interpreters) the clerk shared this document with. */
  sharedWith: z.array(z.string()),
  sha256: z.string().optional(),
  createdAt: z.string(),
  readyAt: z.string().optional(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const AuditAction = z.enum([
  'upload-started',
  'uploaded',
  'refused',
  'held',
  'scanned',
  'viewed',
  'downloaded',
  'shared',
  'deleted',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export interface AuditEntry {
  documentId: string;
  action: AuditAction;
  at: string;
  /** Who did it; absent for the system (scanner, retention). */
  actor?: { participantId: string; role: Role; displayName: string };
  /** Plain facts: size, sha256, scanner verdict, share target, reason. */
  detail?: Record<string, string | number | boolean>;
}

export const ShareDocumentRequest = z.strictObject({
  documentId: Id,
  participantId: Id,
});
export type ShareDocumentRequest = z.infer<typeof ShareDocumentRequest>;

export const DownloadPurpose = z.enum(['download', 'view']);
export type DownloadPurpose = z.infer<typeof DownloadPurpose>;

export const CreateDownloadUrlRequest = z.strictObject({
  documentId: Id,
  purpose: DownloadPurpose.default('download'),
});
export type CreateDownloadUrlRequest = z.infer<typeof CreateDownloadUrlRequest>;

export const DownloadUrlResponse = z.object({
  /** Path relative to the app's origin, e.g. /api/documents/download?t=… */
  url: z.string(),
  expiresAt: z.string(),
});
export type DownloadUrlResponse = z.infer<typeof DownloadUrlResponse>;
