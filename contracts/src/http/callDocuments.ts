import type { DocumentSummary, DownloadUrlResponse } from './documents';

// GET /api/calls/:callId/documents (clerk only): a call's documents after the call, for as
// long as the retention period keeps them (issue 3 item 5: "findable after the call").

export interface PastCallDocument extends DocumentSummary {
  /** A short-lived signed link; only for documents in state `ready` (never before a clean scan). */
  download?: DownloadUrlResponse;
}

export interface CallDocumentsResponse {
  callId: string;
  documents: PastCallDocument[];
}
