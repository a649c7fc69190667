import type { DocumentSummary } from '@videoloket/contracts';
import type { DocumentRecord } from './records';

export function toSummary(doc: DocumentRecord): DocumentSummary {
  return {
    documentId: doc.documentId,
    callId: doc.callId,
    fileName: doc.fileName,
    contentType: doc.contentType ?? doc.claimedType,
    size: doc.size,
    receivedBytes: doc.receivedBytes,
    state: doc.state,
    ...(doc.refusal ? { refusal: doc.refusal } : {}),
    uploadedBy: doc.uploadedBy,
    sharedWith: doc.sharedWith,
    ...(doc.sha256 ? { sha256: doc.sha256 } : {}),
    createdAt: doc.createdAt,
    ...(doc.readyAt ? { readyAt: doc.readyAt } : {}),
  };
}

/** A file name safe for Content-Disposition: no paths, controls, quotes; ASCII fallback + RFC 5987 UTF-8. */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? 'document';
  // Control characters are exactly what must go from a header value.
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').replace(/^\.+/, '').slice(0, 200) || 'document';
  const ascii = clean.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/[%;\\]/g, '_');
  // RFC 6266 4.3 / RFC 5987: filename* carries the real name; filename is the fallback.
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}
