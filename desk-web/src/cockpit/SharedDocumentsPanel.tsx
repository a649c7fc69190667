import type { CallSession, SessionState } from '@videoloket/call-client';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import type { CockpitSync } from './channel';

/** The call's documents with the cockpit's selected document, shared by both windows. */
export function SharedDocumentsPanel({ session, state, sync }: { session: CallSession; state: SessionState; sync: CockpitSync }) {
  return (
    <DocumentsPanel
      session={session}
      callId={state.call?.callId}
      httpToken={state.httpToken}
      participants={state.call?.participants ?? []}
      selectedId={sync.shared.selectedDocumentId}
      onSelect={(selectedDocumentId) => sync.update({ selectedDocumentId })}
    />
  );
}
