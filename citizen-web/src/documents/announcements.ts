import { useEffect } from 'react';
import { createTranslator, isLanguage, type CallSession } from '@videoloket/call-client';
import { docStrings } from './strings';

/** Issue 17: a document becoming ready or being refused is announced, wherever the documents panel is. */
export function useDocumentAnnouncements(session: CallSession, announce: (text: string) => void): void {
  useEffect(() => {
    const said = new Set<string>();
    return session.socket.on('documents:changed', (doc) => {
      if (doc.state !== 'ready' && doc.state !== 'refused') return;
      const key = `${doc.documentId}:${doc.state}`;
      if (said.has(key)) return;
      said.add(key);
      const lang = document.documentElement.lang;
      const t = createTranslator(docStrings, isLanguage(lang) ? lang : 'nl');
      announce(t(doc.state === 'ready' ? 'announceReady' : 'announceRefused', { name: doc.fileName }));
    });
  }, [session, announce]);
}
