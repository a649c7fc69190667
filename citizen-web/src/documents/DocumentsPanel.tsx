import { useRef } from 'react';
import { createTranslator, isLanguage, type CallSession } from '@videoloket/call-client';
import { DocumentStateBadge, DOCUMENT_ACCEPT, formatBytes, useDocuments } from '@videoloket/call-client/documents';
import type { DocumentSummary } from '@videoloket/contracts';
import { docStrings } from './strings';

/** The citizen's "Documenten" panel in the call: send files (or a camera photo), follow them, download what the clerk sent. */
export function DocumentsPanel({ session, callId, selfId, httpToken }: { session: CallSession; callId?: string; selfId?: string; httpToken?: string }) {
  const lang = document.documentElement.lang;
  const t = createTranslator(docStrings, isLanguage(lang) ? lang : 'nl');
  const { store, state } = useDocuments(session, callId, httpToken);
  const files = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);

  const pick = (input: HTMLInputElement | null) => {
    for (const f of input?.files ?? []) store.send(f);
    if (input) input.value = '';
  };
  const download = async (doc: DocumentSummary) => {
    const url = await store.link(doc.documentId, 'download');
    const a = document.createElement('a');
    a.href = url;
    a.download = doc.fileName;
    a.click();
  };
  const pending = state.uploads.filter((u) => !u.documentId);

  return (
    <section className="panel documents-panel" aria-labelledby="documents-heading" data-testid="documents-panel">
      <h2 id="documents-heading">{t('heading')}</h2>
      <p id="documents-hint" className="hint">{t('hint')}</p>
      <div className="documents-actions">
        <label className="button">
          {t('send')}
          <input ref={files} type="file" multiple accept={DOCUMENT_ACCEPT} aria-describedby="documents-hint" className="visually-hidden" onChange={() => pick(files.current)} data-testid="documents-file" />
        </label>
        <label className="button secondary">
          {t('camera')}
          <input ref={camera} type="file" accept="image/*" capture="environment" className="visually-hidden" onChange={() => pick(camera.current)} data-testid="documents-camera" />
        </label>
      </div>
      <ul className="documents-list" aria-live="polite">
        {pending
          .filter((u) => u.error || !state.documents.some((d) => d.fileName === u.fileName && d.uploadedBy.participantId === selfId))
          .map((u) => (
            <li key={u.key} data-testid="document-upload">
              <span className="doc-name">{u.fileName}</span> <span className="doc-size">{formatBytes(u.size)}</span>{' '}
              {u.error ? (
                <>
                  <span role="alert">{t(u.error === 'forbidden' ? 'forbidden' : u.error === 'too-large' ? 'reason-too-large' : 'failed')}</span>{' '}
                  <button type="button" className="secondary small" aria-label={t('dismissName', { name: u.fileName })} onClick={() => store.dismiss(u.key)}>
                    {t('dismiss')}
                  </button>
                </>
              ) : (
                <progress max={u.size || 1} value={u.sentBytes} aria-label={u.fileName} />
              )}
            </li>
          ))}
        {state.documents.map((doc) => (
          <li key={doc.documentId} data-testid="document" data-state={doc.state} data-name={doc.fileName}>
            <span className="doc-name">{doc.fileName}</span> <span className="doc-size">{formatBytes(doc.size)}</span>{' '}
            <span className="doc-origin">{doc.uploadedBy.participantId === selfId ? t('fromYou') : t('fromClerk')}</span>{' '}
            <DocumentStateBadge doc={doc} t={t} />
            {doc.state === 'ready' && doc.uploadedBy.participantId !== selfId && (
              <button type="button" className="small" aria-label={t('downloadName', { name: doc.fileName })} onClick={() => void download(doc)} data-testid="document-download">
                {t('download')}
              </button>
            )}
          </li>
        ))}
        {!state.documents.length && !pending.length && <li className="muted">{t('empty')}</li>}
      </ul>
    </section>
  );
}
