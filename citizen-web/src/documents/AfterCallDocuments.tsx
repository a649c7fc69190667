import { useEffect, useState } from 'react';
import { createTranslator, isLanguage, type Translate } from '@videoloket/call-client';
import { formatBytes } from '@videoloket/call-client/documents';
import { SEAT_KEY_HEADER, type AfterCallDocumentsResponse, type PastCallDocument } from '@videoloket/contracts';
import { docStrings, type DocKey } from './strings';

type Loaded = { kind: 'loading' } | { kind: 'unavailable' } | { kind: 'ready'; body: AfterCallDocumentsResponse };

/**
 * Issue 17, "documents outlive the call": on the end screen, and again whenever the link is
 * reopened on this device, what the citizen received and sent in the call, with downloads.
 * The link's token and this browser's seat key prove who asks; the server shows that seat's view.
 */
export function AfterCallDocuments({ linkToken, seatKey }: { linkToken: string; seatKey?: string }) {
  const lang = document.documentElement.lang;
  const t = createTranslator(docStrings, isLanguage(lang) ? lang : 'nl');
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    if (!seatKey) return setLoaded({ kind: 'unavailable' });
    let cancelled = false;
    // The server remembers the seat as the call ends, before "call ended" reaches us: no race.
    const load = async (): Promise<void> => {
      try {
        const res = await fetch('/api/after-call/documents', { headers: { authorization: `Bearer ${linkToken}`, [SEAT_KEY_HEADER]: seatKey }, cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as AfterCallDocumentsResponse;
        if (!cancelled) setLoaded({ kind: 'ready', body });
      } catch {
        if (!cancelled) setLoaded({ kind: 'unavailable' });
      }
    };
    void load();
    return () => {
      cancelled = true;
    };
  }, [linkToken, seatKey]);

  let content;
  if (loaded.kind === 'loading') content = <p className="status">{t('afterLoading')}</p>;
  else if (loaded.kind === 'unavailable') content = <p>{t('afterUnavailable')}</p>;
  else {
    const ready = loaded.body.documents.filter((d) => d.state === 'ready' && d.download);
    const sent = ready.filter((d) => d.uploadedBy.participantId === loaded.body.participantId);
    const received = ready.filter((d) => d.uploadedBy.participantId !== loaded.body.participantId);
    content = ready.length ? (
      <>
        <p>{t('afterIntro')}</p>
        <DocList id="after-received" title={t('afterReceived')} docs={received} t={t} />
        <DocList id="after-sent" title={t('afterSent')} docs={sent} t={t} />
      </>
    ) : (
      <p>{t('afterNone')}</p>
    );
  }
  return (
    <section className="after-call-documents" aria-labelledby="after-heading" aria-busy={loaded.kind === 'loading'} data-testid="after-call-documents" data-state={loaded.kind}>
      <h2 id="after-heading">{t('afterHeading')}</h2>
      {content}
    </section>
  );
}

function DocList({ id, title, docs, t }: { id: string; title: string; docs: PastCallDocument[]; t: Translate<DocKey> }) {
  if (!docs.length) return null;
  return (
    <>
      <h3 id={id}>{title}</h3>
      <ul className="documents-list" aria-labelledby={id} data-testid={id}>
        {docs.map((d) => (
          <li key={d.documentId} data-testid="after-call-document" data-name={d.fileName}>
            <a href={d.download!.url} download={d.fileName} aria-label={t('downloadName', { name: d.fileName })}>
              {d.fileName}
            </a>{' '}
            <span className="doc-size">{formatBytes(d.size)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
