import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CallDocumentsResponse, PastCall } from '@videoloket/contracts';
import { createTranslator, type Language, type Translate } from '@videoloket/call-client';
import { DocumentStateBadge, formatBytes } from '@videoloket/call-client/documents';
import { deskHttp, type DeskAuth } from '../api';
import { formatDateTime } from '@videoloket/booking-ui';
import { deskDocStrings } from '../documents/strings';
import { pastCallsStrings, type PastCallsKey } from './strings';
import { outcomeLabel, outcomeText } from '../outcome/labels';
import { useDeskError } from '../useDeskError';

interface Props {
  lang: Language;
  auth: DeskAuth;
  onUnauthenticated(): void;
}

/** "Afgelopen gesprekken": the calls' records of today and the 30 days before, each with its documents on request. */
export function PastCallsView({ lang, auth, onUnauthenticated }: Props) {
  const t = useMemo(() => createTranslator(pastCallsStrings, lang), [lang]);
  const [calls, setCalls] = useState<PastCall[]>();
  const [open, setOpen] = useState<string>();

  const { error, setError, fail } = useDeskError(t, onUnauthenticated);

  const refresh = useCallback(() => {
    setError(undefined);
    deskHttp(auth).pastCalls().then((r) => setCalls(r.calls), fail);
  }, [auth, fail, setError]);

  useEffect(refresh, [refresh]);

  return (
    <section aria-labelledby="past-calls-heading" className="panel past-calls" data-testid="past-calls">
      <div className="panel-head">
        <h1 id="past-calls-heading">{t('title')}</h1>
        <button type="button" className="secondary" onClick={refresh}>
          {t('refresh')}
        </button>
      </div>
      <p className="hint">{t('intro')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!calls && !error && <p>{t('loading')}</p>}
      {calls && calls.length === 0 && <p>{t('none')}</p>}
      {calls && calls.length > 0 && (
        <table className="calls">
          <thead>
            <tr>
              <th scope="col">{t('colStarted')}</th>
              <th scope="col">{t('colTitle')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">{t('colDuration')}</th>
              <th scope="col">{t('colDocuments')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <PastCallRow key={c.callId} call={c} t={t} lang={lang} auth={auth} open={open === c.callId} onToggle={() => setOpen(open === c.callId ? undefined : c.callId)} onError={fail} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PastCallRow({
  call,
  t,
  lang,
  auth,
  open,
  onToggle,
  onError,
}: {
  call: PastCall;
  t: Translate<PastCallsKey>;
  lang: Language;
  auth: DeskAuth;
  open: boolean;
  onToggle(): void;
  onError(err: unknown): void;
}) {
  const [documents, setDocuments] = useState<CallDocumentsResponse['documents']>();
  useEffect(() => {
    if (!open) return;
    deskHttp(auth).callDocuments({ params: { callId: call.callId } }).then((r) => setDocuments(r.documents), onError);
  }, [open, auth, call.callId, onError]);
  const listId = `past-call-documents-${call.callId}`;
  return (
    <>
      <tr data-testid="past-call" data-call-id={call.callId} data-status={call.status}>
        <td>{formatDateTime(call.startedAt ?? call.createdAt, lang)}</td>
        <td>{call.title}</td>
        <td>
          {t(`status_${call.status}`)}
          {call.endedBy && <span className="hint"> ({t('endedBy', { name: call.endedBy })})</span>}
          {call.outcome && (
            <span className="block" data-testid="past-call-outcome">
              {outcomeText('outcome', undefined, lang)}: {outcomeLabel(call.outcome, lang)}
            </span>
          )}
        </td>
        <td data-testid="past-call-duration">{duration(call, t)}</td>
        <td>
          <button
            type="button"
            className="secondary"
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            aria-label={t(open ? 'hideDocumentsOf' : 'showDocumentsOf', { title: call.title })}
            onClick={onToggle}
            data-testid="past-call-documents-toggle"
          >
            {t(open ? 'hideDocuments' : 'showDocuments')}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={5}>
            <PastCallDocuments id={listId} title={call.title} documents={documents} t={t} lang={lang} />
          </td>
        </tr>
      )}
    </>
  );
}

function PastCallDocuments({ id, title, documents, t, lang }: { id: string; title: string; documents?: CallDocumentsResponse['documents']; t: Translate<PastCallsKey>; lang: Language }) {
  const docT = useMemo(() => createTranslator(deskDocStrings, lang), [lang]);
  if (!documents) return <p id={id}>{t('loading')}</p>;
  if (documents.length === 0) return <p id={id}>{t('noDocuments')}</p>;
  return (
    <ul id={id} aria-label={t('documentsOf', { title })} className="past-call-documents" data-testid="past-call-documents">
      {documents.map((doc) => (
        <li key={doc.documentId} data-testid="past-call-document">
          <span>{doc.fileName}</span> <span className="hint">{formatBytes(doc.size)}</span> <DocumentStateBadge doc={doc} t={docT} />{' '}
          {doc.download && (
            <a href={doc.download.url} download={doc.fileName} aria-label={t('downloadName', { name: doc.fileName })}>
              {t('download')}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}

/** From first opened to ended; a call that never opened or is still open has no duration yet. */
function duration(call: PastCall, t: Translate<PastCallsKey>): string {
  if (!call.startedAt) return t('notStarted');
  if (!call.endedAt) return t('stillOpen');
  const minutes = Math.max(0, Math.round((Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 60_000));
  if (minutes < 60) return t('durationMinutes', { minutes });
  return t('durationHours', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') });
}
