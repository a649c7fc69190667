import type { DocumentService } from '@videoloket/storage';
import { principalOfSeat } from '../../call/CallAudience';
import type { HandlerTable } from '../router';

type DocumentHandlers = Pick<HandlerTable, 'documents:list' | 'documents:share' | 'documents:download-url' | 'documents:audit'>;

const everyone = ['clerk', 'citizen', 'interpreter'] as const;
const clerkOnly = ['clerk'] as const;

/**
 * Documents over Socket.IO: the caller's principal comes from their seat (never from the
 * payload); DocumentService applies the visibility rules and canAccessCall again.
 */
export function documentHandlers(service: DocumentService): DocumentHandlers {
  return {
    'documents:list': {
      rule: { roles: everyone, admitted: true },
      handle: ({ session, seat }, { callId }) => service.listForPrincipal(principalOfSeat(seat, session.callId), callId),
    },
    'documents:share': {
      rule: { roles: clerkOnly, admitted: true },
      handle: ({ session, seat }, { documentId, participantId }) => service.share(principalOfSeat(seat, session.callId), documentId, participantId),
    },
    'documents:download-url': {
      rule: { roles: everyone, admitted: true },
      handle: ({ session, seat }, { documentId, purpose }) => service.createDownloadUrl(principalOfSeat(seat, session.callId), documentId, purpose),
    },
    'documents:audit': {
      rule: { roles: clerkOnly, admitted: true },
      handle: ({ session, seat }, { documentId }) => service.listAudit(principalOfSeat(seat, session.callId), documentId),
    },
  };
}
