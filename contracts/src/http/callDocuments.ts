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

/**
 * GET /api/after-call/documents (issue 17: "documents outlive the call"): a citizen whose
 * call has ended, proven by the call link (`Authorization: Bearer <link token>`) plus the
 * seat key their browser kept (`X-Seat-Key`). Lists what that seat could see in the call.
 */
export const SEAT_KEY_HEADER = 'x-seat-key';

export interface AfterCallDocumentsResponse extends CallDocumentsResponse {
  /** The seat's participant id in the call: documents it uploaded are the ones it sent. */
  participantId: string;
}
