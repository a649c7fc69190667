import type { PastCallDocument } from '@videoloket/contracts';
import type { DocumentService } from '@videoloket/storage';
import { archivePrincipal } from '../documents';
import { clerkOf } from './clerkAuth';
import type { RouteHandlers } from './register';

// GET /api/calls/:callId/documents: a call's documents after the call (issue 3 item 5),
// clerk only, for as long as retention keeps them. The service applies the same rules as
// in the call; download links are the usual short-lived signed ones, audited on use.

export function callDocumentHandlers(deps: { documents: DocumentService }): RouteHandlers<'callDocuments'> {
  return {
    async callDocuments({ params: { callId }, req }) {
      const principal = archivePrincipal(clerkOf(req), callId);
      const docs = await deps.documents.listForPrincipal(principal, callId);
      const documents: PastCallDocument[] = await Promise.all(
        docs.map(async (doc) => (doc.state === 'ready' ? { ...doc, download: await deps.documents.createDownloadUrl(principal, doc.documentId) } : doc)),
      );
      return { callId, documents };
    },
  };
}
