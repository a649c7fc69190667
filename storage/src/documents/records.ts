import type { AuditEntry, DocumentContentType, DocumentState, RefusalReason, Role } from '@videoloket/contracts';

// What the repository stores. Plain data; the service turns it into DocumentSummary.

export interface Actor {
  participantId: string;
  role: Role;
  displayName: string;
}

export type DeletionReason = 'cancelled' | 'upload-expired' | 'retention' | 'by-clerk';

export interface DocumentRecord {
  documentId: string;
  callId: string;
  /** tus upload id while the bytes are in the tus store; null once ingested or when none. */
  uploadId: string | null;
  fileName: string;
  claimedType: string | null;
  contentType: DocumentContentType | null;
  size: number;
  receivedBytes: number;
  state: DocumentState;
  refusal: { reason: RefusalReason; message: string } | null;
  deletion: { reason: DeletionReason; at: string } | null;
  uploadedBy: Actor;
  sharedWith: string[];
  sha256: string | null;
  /** Key of the encrypted object once ingested. */
  storageKey: string | null;
  createdAt: string;
  uploadedAt: string | null;
  readyAt: string | null;
  /** Held documents: how many scan attempts failed, and when to try next. */
  scanAttempts: number;
}

export type { AuditEntry };
