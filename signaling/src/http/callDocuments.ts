import { Router, type RequestHandler } from 'express';
import { Id, parseOrThrow, type CallDocumentsResponse, type PastCallDocument } from '@videoloket/contracts';
import type { DocumentService } from '@videoloket/storage';
import { archivePrincipal } from '../documents';
import { clerkOf } from './clerkAuth';

// GET /api/calls/:callId/documents: a call's documents after the call (issue 3 item 5),
// clerk only, for as long as retention keeps them. The service applies the same rules as
// in the call; download links are the usual short-lived signed ones, audited on use.

export function callDocumentRoutes(deps: { documents: DocumentService; requireClerk: RequestHandler }): Router {
  const router = Router();
  router.get('/:callId/documents', deps.requireClerk, async (req, res) => {
    const callId = parseOrThrow(Id, req.params.callId, 'call id');
    const principal = archivePrincipal(clerkOf(req), callId);
    const docs = await deps.documents.listForPrincipal(principal, callId);
    const documents: PastCallDocument[] = await Promise.all(
      docs.map(async (doc) => (doc.state === 'ready' ? { ...doc, download: await deps.documents.createDownloadUrl(principal, doc.documentId) } : doc)),
    );
    const body: CallDocumentsResponse = { callId, documents };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });
  return router;
}
