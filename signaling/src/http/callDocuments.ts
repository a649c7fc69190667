import { z } from 'zod';
import { SEAT_KEY_HEADER, UnauthenticatedError, type PastCallDocument, type Principal } from '@videoloket/contracts';
import type { DocumentService } from '@videoloket/storage';
import type { TokenService } from '../auth/tokens';
import type { EndedCallSeats } from '../call/EndedCallSeats';
import { afterCallPrincipal, archivePrincipal } from '../documents';
import { clerkOf } from './clerkAuth';
import type { RouteHandlers } from './register';

const Bearer = z.string().regex(/^Bearer [A-Za-z0-9._-]{1,4096}$/);
const SeatKey = z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/);
const NOT_THIS_DEVICE = 'Open the link from your invitation on the device you used in the call';

async function withDownloads(documents: DocumentService, principal: Principal, callId: string): Promise<PastCallDocument[]> {
  const docs = await documents.listForPrincipal(principal, callId);
  return Promise.all(docs.map(async (doc) => (doc.state === 'ready' ? { ...doc, download: await documents.createDownloadUrl(principal, doc.documentId) } : doc)));
}

export function callDocumentHandlers(deps: {
  documents: DocumentService;
  tokens: TokenService;
  endedSeats: EndedCallSeats;
  retentionMs: number;
}): RouteHandlers<'callDocuments' | 'afterCallDocuments'> {
  return {
    // GET /api/calls/:callId/documents: a call's documents after the call (issue 3 item 5),
    // clerk only, for as long as retention keeps them. The service applies the same rules as
    // in the call; download links are the usual short-lived signed ones, audited on use.
    async callDocuments({ params: { callId }, req }) {
      const principal = archivePrincipal(clerkOf(req), callId);
      return { callId, documents: await withDownloads(deps.documents, principal, callId) };
    },

    // GET /api/after-call/documents: the citizen's documents of a call that has ended (issue 17),
    // proven by the link's token and the seat key only the admitted browser kept. The seat's
    // view is the citizen's view in the call (never an interpreter's documents), read-only.
    async afterCallDocuments({ req }) {
      const auth = Bearer.safeParse(req.get('authorization'));
      const key = SeatKey.safeParse(req.get(SEAT_KEY_HEADER));
      if (!auth.success || !key.success) throw new UnauthenticatedError(NOT_THIS_DEVICE);
      // "For as long as retention allows" (issue 17): the link may have expired since (it is
      // meant for joining, 4 h by default); the seat key still has to match a remembered seat.
      const link = await deps.tokens.verifyCallLink(auth.data.slice('Bearer '.length), { acceptExpiredForMs: deps.retentionMs }).catch(() => {
        throw new UnauthenticatedError('This link is not valid (any more)');
      });
      await deps.endedSeats.load(link.callId);
      const seat = deps.endedSeats.find(link.callId, link.linkId, key.data);
      // One answer for "no such seat", "wrong key" and "call still running" (its seats are
      // remembered only when it ends): nothing to learn by guessing.
      if (!seat) throw new UnauthenticatedError(NOT_THIS_DEVICE);
      const principal = afterCallPrincipal(seat);
      return { callId: seat.callId, participantId: seat.participantId, documents: await withDownloads(deps.documents, principal, seat.callId) };
    },
  };
}
