import { useEffect, useRef, useState } from 'react';
import { createTranslator, isLanguage, type CallSession, type Translate } from '@videoloket/call-client';
import { DocumentStateBadge, formatBytes, useDocuments, type DocumentStore, type LocalUpload } from '@videoloket/call-client/documents';
import { documentAccept, previewOf } from '@videoloket/contracts/document-types';
import type { AuditEntry, DocumentSummary, ParticipantView } from '@videoloket/contracts';
import { deskDocStrings, type DeskDocKey } from './strings';

interface Props {
  session: CallSession;
  callId?: string;
  httpToken?: string;
  participants: ParticipantView[];
  /** The cockpit's selected document (shared by its two windows): previewed here too. */
  selectedId?: string;
  onSelect?(documentId: string): void;
}

/** The clerk's documents panel: every document of the call live, preview, download, send, share, audit. */
export function DocumentsPanel({ session, callId, httpToken, participants, selectedId, onSelect }: Props) {
  const lang = document.documentElement.lang;
  const t = createTranslator(deskDocStrings, isLanguage(lang) ? lang : 'nl');
  const { store, state } = useDocuments(session, callId, httpToken);
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<{ documentId: string; name: string; url: string }>();
  const [audit, setAudit] = useState<{ doc: DocumentSummary; entries: AuditEntry[] }>();
  // Who the clerk may share a ready document with: interpreters, and citizen seats other than
  // the uploader (a citizen's upload is theirs alone; the clerk's own already reach every citizen).
  const shareTargets = (doc: DocumentSummary) =>
    participants.filter(
      (p) =>
        p.status === 'admitted' &&
        (p.role === 'interpreter' || (p.role === 'citizen' && doc.uploadedBy.role === 'citizen' && p.id !== doc.uploadedBy.participantId)),
    );

  const download = async (doc: DocumentSummary) => {
    const a = document.createElement('a');
    a.href = await store.link(doc.documentId, 'download');
    a.download = doc.fileName;
    a.click();
  };
  const view = async (doc: DocumentSummary) => {
    onSelect?.(doc.documentId);
    const url = await store.link(doc.documentId, 'view');
    if (previewOf(doc.contentType) === 'tab') window.open(url, '_blank', 'noopener');
    else setPreview({ documentId: doc.documentId, name: doc.fileName, url });
  };
  // The other cockpit window selected a document: show its preview here as well (a PDF, which
  // opens in a tab, is only marked — a tab opening by itself would surprise the clerk).
  const selected = state.documents.find((d) => d.documentId === selectedId && d.state === 'ready');
  useEffect(() => {
    if (!selected || preview?.documentId === selected.documentId || previewOf(selected.contentType) !== 'image') return;
    let stale = false;
    void store.link(selected.documentId, 'view').then((url) => !stale && setPreview({ documentId: selected.documentId, name: selected.fileName, url }));
    return () => {
      stale = true;
    };
  }, [selected, preview?.documentId, store]);

  return (
    <section className="panel documents-panel" aria-labelledby="desk-documents-heading" data-testid="documents-panel">
      <h2 id="desk-documents-heading">{t('heading')}</h2>
      <label className="button">
        {t('send')}
        <input
          ref={input}
          type="file"
          multiple
          accept={documentAccept('clerk')}
          className="visually-hidden"
          onChange={() => {
            for (const f of input.current?.files ?? []) store.send(f);
            if (input.current) input.current.value = '';
          }}
          data-testid="documents-file"
        />
      </label>
      <UploadErrors store={store} uploads={state.uploads} t={t} />
      <ul className="documents-list" aria-live="polite">
        {state.documents.map((doc) => (
          <li key={doc.documentId} data-testid="document" data-state={doc.state} data-name={doc.fileName} aria-current={doc.documentId === selectedId ? 'true' : undefined}>
            <span className="doc-name">{doc.fileName}</span> <span className="doc-size">{formatBytes(doc.size)}</span> <span className="doc-origin">{doc.uploadedBy.displayName}</span>{' '}
            <DocumentStateBadge doc={doc} t={t} />
            {doc.state === 'ready' && (
              <span className="doc-actions">
                {previewOf(doc.contentType) !== null && (
                  <button type="button" className="secondary small" aria-label={t('openName', { name: doc.fileName })} onClick={() => void view(doc)} data-testid="document-view">
                    {t('open')}
                  </button>
                )}
                <button type="button" className="small" aria-label={t('downloadName', { name: doc.fileName })} onClick={() => void download(doc)} data-testid="document-download">
                  {t('download')}
                </button>
                {shareTargets(doc).map((p) =>
                  doc.sharedWith.includes(p.id) ? (
                    <span key={p.id} className="muted">{t('shared', { name: p.displayName })}</span>
                  ) : (
                    <button key={p.id} type="button" className="secondary small" onClick={() => void store.share(doc.documentId, p.id)} data-testid="document-share">
                      {t('shareWith', { name: p.displayName })}
                    </button>
                  ),
                )}
              </span>
            )}
            <button
              type="button"
              className="secondary small"
              aria-label={t('auditName', { name: doc.fileName })}
              onClick={() => void store.audit(doc.documentId).then((entries) => setAudit({ doc, entries }))}
              data-testid="document-audit"
            >
              {t('audit')}
            </button>
          </li>
        ))}
        {!state.documents.length && <li className="muted">{t('empty')}</li>}
      </ul>
      {preview && (
        <figure className="document-preview" data-testid="document-preview">
          <img src={preview.url} alt={preview.name} style={{ maxWidth: '100%' }} />
          <figcaption>
            {preview.name}{' '}
            <button type="button" className="secondary small" onClick={() => setPreview(undefined)}>
              {t('closePreview')}
            </button>
          </figcaption>
        </figure>
      )}
      {audit && (
        <section aria-label={t('auditName', { name: audit.doc.fileName })} data-testid="document-audit-list">
          <h3>{t('auditName', { name: audit.doc.fileName })}</h3>
          <ol>
            {audit.entries.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString()}</time> {e.action} {e.actor ? t('by', { name: e.actor.displayName }) : `(${t('system')})`}
                {e.detail ? ` — ${Object.entries(e.detail).map(([k, v]) => `${k}: ${String(v)}`).join(', ')}` : ''}
              </li>
            ))}
          </ol>
          <button type="button" className="secondary small" onClick={() => setAudit(undefined)}>
            {t('dismiss')}
          </button>
        </section>
      )}
    </section>
  );
}

function UploadErrors({ store, uploads, t }: { store: DocumentStore; uploads: LocalUpload[]; t: Translate<DeskDocKey> }) {
  const failed = uploads.filter((u) => u.error);
  if (!failed.length) return null;
  return (
    <ul>
      {failed.map((u) => (
        <li key={u.key} role="alert">
          {u.fileName}: {t(u.error === 'too-large' ? 'reason-too-large' : 'failed')}{' '}
          <button type="button" className="secondary small" onClick={() => store.dismiss(u.key)}>
            {t('dismiss')}
          </button>
        </li>
      ))}
    </ul>
  );
}
