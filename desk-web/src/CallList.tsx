import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CallSummary, CreateCallResponse } from '@videoloket/contracts';
import type { Translate } from '@videoloket/call-client';
import type { DeskKey } from './i18n';
import { deskHttp, type DeskAuth } from './api';
import { linkText } from './links/labels';
import { useDeskError } from './useDeskError';
import { supervisorText } from './supervisor/labels';
import { useWaitingAlerts, type Arrival } from './waiting';

/** The list only counts who waits: one arrival per place in each call's queue, so a rising count knocks. */
function arrivalsOf(calls: CallSummary[]): Arrival[] {
  return calls.flatMap((c) => Array.from({ length: c.waiting }, (_, i) => ({ id: `${c.callId}#${i}`, call: c.title })));
}

interface Props {
  t: Translate<DeskKey>;
  auth: DeskAuth;
  onOpen(callId: string): void;
  onUnauthenticated(): void;
}

export function CallList({ t, auth, onOpen, onUnauthenticated }: Props) {
  const [calls, setCalls] = useState<CallSummary[]>();
  const [title, setTitle] = useState('');
  const [citizenName, setCitizenName] = useState('');
  const [created, setCreated] = useState<CreateCallResponse>();
  const [copied, setCopied] = useState(false);
  const [withdrawn, setWithdrawn] = useState(false);

  const { error, setError, fail } = useDeskError(t, onUnauthenticated);
  useWaitingAlerts(auth.clerk.id, calls && arrivalsOf(calls));

  const refresh = useCallback(() => {
    deskHttp(auth).listCalls().then((list) => setCalls(list.filter((c) => c.status === 'open')), fail);
  }, [auth, fail]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 5000);
    return () => clearInterval(timer);
  }, [refresh]);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const res = await deskHttp(auth).createCall({ body: { title: title.trim(), ...(citizenName.trim() ? { citizenName: citizenName.trim() } : {}) } });
      setCreated(res);
      setCopied(false);
      setWithdrawn(false);
      setTitle('');
      setCitizenName('');
      refresh();
    } catch (err) {
      fail(err);
    }
  }

  /** Issue 9, finding 5: a link sent to the wrong person can be withdrawn before it is used. */
  async function withdraw(created: CreateCallResponse) {
    try {
      await deskHttp(auth).withdrawLink({ params: { callId: created.call.callId, linkId: created.citizenLinkId } });
      setWithdrawn(true);
    } catch (err) {
      fail(err);
    }
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      // No clipboard permission: select the text so Ctrl+C works.
      (document.getElementById('citizen-link') as HTMLInputElement | null)?.select();
    }
    setCopied(true);
  }

  return (
    <div className="desk-home">
      <section aria-labelledby="create-heading" className="panel">
        <h1 id="create-heading">{t('createTitle')}</h1>
        <form onSubmit={create} data-testid="create-call-form">
          <div className="field">
            <label htmlFor="call-title">{t('callTitle')}</label>
            <input id="call-title" required maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="call-title" />
          </div>
          <div className="field">
            <label htmlFor="citizen-name">{t('citizenName')}</label>
            <input id="citizen-name" maxLength={80} value={citizenName} onChange={(e) => setCitizenName(e.target.value)} data-testid="citizen-name" />
          </div>
          <button type="submit" data-testid="create-call">
            {t('create')}
          </button>
        </form>
        {created && (
          <div className="created" role="status" data-testid="created-call">
            <h2>{t('createdTitle')}</h2>
            <div className="field">
              <label htmlFor="citizen-link">{t('citizenLink')}</label>
              <div className="link-row">
                <input id="citizen-link" readOnly value={created.citizenLink} onFocus={(e) => e.target.select()} data-testid="citizen-link" />
                <button type="button" onClick={() => void copy(created.citizenLink)} disabled={withdrawn} data-testid="copy-link">
                  {t('copyLink')}
                </button>
                <button type="button" className="secondary" onClick={() => void withdraw(created)} disabled={withdrawn} data-testid="withdraw-citizen-link">
                  {linkText('withdraw')}
                </button>
              </div>
              {withdrawn && <p className="ok">{linkText('withdrawn')}</p>}
              <span className="hint">{t('linkValidUntil', { time: new Date(created.citizenLinkExpiresAt).toLocaleString() })}</span>
            </div>
            {copied && <p className="ok">{t('copied')}</p>}
            <button type="button" className="secondary" onClick={() => onOpen(created.call.callId)} data-testid="open-created">
              {t('openCall', { title: created.call.title })}
            </button>
          </div>
        )}
      </section>
      <section aria-labelledby="calls-heading" className="panel">
        <div className="panel-head">
          <h1 id="calls-heading">{t('callsTitle')}</h1>
          <button type="button" className="secondary" onClick={refresh}>
            {t('refresh')}
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {calls && calls.length === 0 && <p>{t('noCalls')}</p>}
        {calls && calls.length > 0 && (
          <table className="calls" data-testid="call-list">
            <thead>
              <tr>
                <th scope="col">{t('colTitle')}</th>
                <th scope="col">{t('colCreated')}</th>
                <th scope="col">{t('colWaiting')}</th>
                <th scope="col">{t('colAdmitted')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.callId} className={c.waiting > 0 ? 'has-waiting' : undefined}>
                  <td>
                    {c.title}
                    {c.assignedTo && (
                      <span className="block hint" data-testid="call-handed-to">
                        {c.assignedTo.clerkId === auth.clerk.id ? supervisorText('handedToYou') : supervisorText('handedTo', { name: c.assignedTo.displayName })}
                      </span>
                    )}
                  </td>
                  <td>{new Date(c.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</td>
                  <td>{c.waiting}</td>
                  <td>{c.admitted}</td>
                  <td>
                    <button type="button" onClick={() => onOpen(c.callId)} aria-label={t('openCall', { title: c.title })}>
                      {t('open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
