import { z } from 'zod';
import { Id } from '../roles';
import { push, request } from './define';
import {
  CreateDownloadUrlRequest,
  ShareDocumentRequest,
  type AuditEntry,
  type DocumentSummary,
  type DownloadUrlResponse,
} from '../http/documents';

// Documents in the call. Bytes travel over tus (/api/uploads) and signed download
// links; Socket.IO carries lists, state changes, shares and link requests.

export const documentRequests = {
  'documents:list': request<DocumentSummary[]>()(z.strictObject({ callId: Id })),
  'documents:share': request<DocumentSummary>()(ShareDocumentRequest),
  'documents:download-url': request<DownloadUrlResponse>()(CreateDownloadUrlRequest),
  'documents:audit': request<AuditEntry[]>()(z.strictObject({ documentId: Id })),
};

export interface DocumentProgress {
  documentId: string;
  callId: string;
  receivedBytes: number;
  size: number;
}

export const documentPushes = {
  /** A document appeared or changed state (pushed only to participants who may see it). */
  'documents:changed': push<DocumentSummary>(),
  'documents:progress': push<DocumentProgress>(),
};
