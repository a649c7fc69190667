import type { DocumentState, Principal, Role } from '@videoloket/contracts';

// Who may see which document: pure functions, the single place these rules live.
// BRIEF: "documents are visible to the call's parties only and only after the scan";
// issue 3: "An interpreter in the call sees no documents unless the clerk shares one".
// Each seat is its own party: a citizen reads their own uploads, the clerk's, and what the
// clerk shared with them (docs/security.md, "Documents").

export interface VisibilityFacts {
  callId: string;
  state: DocumentState;
  uploadedBy: { participantId: string; role: Role };
  sharedWith: readonly string[];
}

/** The principal's own binding allows this call (the caller's canAccessCall is checked too). */
export function boundToCall(principal: Principal, callId: string): boolean {
  return principal.role === 'clerk' || principal.callId === callId;
}

/** May the principal see this document in a list (name, state), whatever its state? */
export function canList(principal: Principal, doc: VisibilityFacts): boolean {
  if (!boundToCall(principal, doc.callId) || doc.state === 'deleted') return false;
  // The clerk follows every document of the call live (uploading, scanning, refused…),
  // and an uploader follows their own.
  if (principal.role === 'clerk' || doc.uploadedBy.participantId === principal.participantId) return true;
  return canRead(principal, doc);
}

/** May the principal open the bytes? Never before a clean scan. */
export function canRead(principal: Principal, doc: VisibilityFacts): boolean {
  if (!boundToCall(principal, doc.callId) || doc.state !== 'ready') return false;
  switch (principal.role) {
    case 'clerk':
      return true;
    case 'citizen':
      // Their own uploads, what the clerk hands over to the citizen side, and what the clerk
      // shared with this seat. Another citizen seat's uploads (a partner on a forwarded link,
      // a second device) are that seat's own: what a clerk asks one person for is not shown
      // to whoever else was admitted, unless the clerk shares it (issue 9, finding 9).
      return doc.uploadedBy.participantId === principal.participantId || doc.uploadedBy.role === 'clerk' || doc.sharedWith.includes(principal.participantId);
    case 'interpreter':
      return doc.sharedWith.includes(principal.participantId);
  }
}

/** Only the clerk shares, reads the audit trail and deletes. */
export function canManage(principal: Principal, doc: VisibilityFacts): boolean {
  return principal.role === 'clerk' && boundToCall(principal, doc.callId);
}

/** Interpreters listen and translate; they do not send documents. */
export function canUpload(principal: Principal, callId: string): boolean {
  return principal.role !== 'interpreter' && boundToCall(principal, callId);
}
