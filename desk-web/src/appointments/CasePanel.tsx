import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CaseView } from '@videoloket/contracts';
import { createTranslator, isAppError, type Language } from '@videoloket/call-client';
import { deskHttp, type DeskAuth } from '../api';
import { appointmentsCatalogues } from './i18n';
import { statusText } from './labels';
import { formatDateTime, formatMoney } from '@videoloket/booking-ui';
import { outcomeLabel } from '../outcome/labels';

interface Props {
  lang: Language;
  auth: DeskAuth;
  caseId: string;
  /** Absent where the case is the page's subject (the cockpit's case window). */
  onClose?(): void;
  onUnauthenticated(): void;
  /** Every version of the case it shows (the cockpit tells the call window its status). */
  onLoaded?(c: CaseView): void;
}

/** A case next to the day list: status timeline, history, set status, notes, payment. */
export function CasePanel({ lang, auth, caseId, onClose, onUnauthenticated, onLoaded }: Props) {
  const t = useMemo(() => createTranslator(appointmentsCatalogues, lang), [lang]);
  const [c, setCase] = useState<CaseView>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [status, setStatus] = useState('');
  const [message, setMessage] = useState('');
  const [notify, setNotify] = useState(true);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (c) onLoaded?.(c);
  }, [c, onLoaded]);

  const fail = useCallback(
    (err: unknown) => {
      if (isAppError(err, 'UNAUTHENTICATED')) return onUnauthenticated();
      setError(isAppError(err) && err.code !== 'INTERNAL' ? `${t('error', { code: err.code })} ${err.message}` : t('error', { code: isAppError(err) ? err.code : 'NETWORK' }));
    },
    [onUnauthenticated, t],
  );

  useEffect(() => {
    deskHttp(auth).getCase({ params: { caseId } }).then((v) => {
      setCase(v);
      // Opening the panel moves focus to it, so keyboard users land on what they opened.
      setTimeout(() => heading.current?.focus(), 0);
    }, fail);
  }, [auth, caseId, fail]);

  async function act(fn: () => Promise<CaseView>, done: string) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      setCase(await fn());
      setNotice(done);
      return true;
    } catch (err) {
      fail(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function saveStatus(e: FormEvent) {
    e.preventDefault();
    if (!status) return;
    const ok = await act(() => deskHttp(auth).setCaseStatus({ params: { caseId }, body: { status, notify, ...(message.trim() ? { message: message.trim() } : {}) } }), t('statusSaved', { status: statusText(t, status) }));
    if (ok) {
      setStatus('');
      setMessage('');
    }
  }

  async function saveNote(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) return;
    if (await act(() => deskHttp(auth).addCaseNote({ params: { caseId }, body: { text: note.trim() } }), t('noteSaved'))) setNote('');
  }

  if (!c) {
    return (
      <aside className="panel case-panel" aria-label={t('colCase')}>
        <p role={error ? 'alert' : 'status'} className={error ? 'error' : undefined}>
          {error ?? t('loading')}
        </p>
      </aside>
    );
  }

  const reached = new Map<string, string>();
  for (const e of c.events) if (e.kind === 'status' && e.status && !reached.has(e.status)) reached.set(e.status, e.at);
  const current = c.timeline.indexOf(c.status);
  const closed = Boolean(c.closedAt);

  return (
    <aside className="panel case-panel" aria-labelledby="case-heading" data-testid="case-panel" data-status={c.status}>
      <div className="panel-head">
        <h2 id="case-heading" tabIndex={-1} ref={heading}>
          {t('caseTitle', { reference: c.reference })}
        </h2>
        {onClose && (
          <button type="button" className="secondary" onClick={onClose}>
            {t('closeCase')}
          </button>
        )}
      </div>
      <p>
        <strong>{c.citizenName}</strong>
        {(c.email || c.phone) && <span className="hint block">{[c.email, c.phone].filter(Boolean).join(' · ')}</span>}
      </p>
      <p data-testid="case-status">{t('caseStatus', { status: statusText(t, c.status) })}</p>
      {closed && <p>{t('caseClosed', { when: formatDateTime(c.closedAt!, lang) })}</p>}

      <div aria-live="polite">{notice && <p className="ok">{notice}</p>}</div>
      <div aria-live="assertive">{error && <p className="error">{error}</p>}</div>

      <h3>{t('timeline')}</h3>
      <ol className="timeline">
        {c.timeline.map((s, i) => (
          <li key={s} className={i < current ? 'done' : i === current ? 'current' : ''} aria-current={i === current ? 'step' : undefined}>
            {statusText(t, s)} {reached.get(s) && <span className="when">{formatDateTime(reached.get(s)!, lang)}</span>}
          </li>
        ))}
      </ol>

      <h3>{t('casePayment')}</h3>
      {c.payment ? (
        <p data-testid="case-payment" data-paid={c.payment.status === 'paid'}>
          {c.payment.status === 'paid' ? `${t('paid')}${c.payment.paidAt ? ` — ${formatDateTime(c.payment.paidAt, lang)}` : ''}` : t('unpaid', { amount: formatMoney(c.payment.amountCents, lang), ref: c.payment.structuredReference })}{' '}
          {c.payment.status === 'open' && (
            <button type="button" disabled={busy} onClick={() => void act(() => deskHttp(auth).markPaid({ params: { caseId } }), t('markedPaid'))} data-testid="mark-paid">
              {t('markPaid')}
            </button>
          )}
        </p>
      ) : (
        <p>{t('noPayment')}</p>
      )}
      {c.evaluation && <p>{t('evaluation', { satisfaction: c.evaluation.satisfaction, ease: c.evaluation.ease })}</p>}

      {!closed && (
        <form onSubmit={saveStatus} className="case-form" aria-labelledby="set-status-heading">
          <h3 id="set-status-heading">{t('setStatus')}</h3>
          <div className="field">
            <label htmlFor="new-status">{t('newStatus')}</label>
            <select id="new-status" value={status} onChange={(e) => setStatus(e.target.value)} required data-testid="new-status">
              <option value="">—</option>
              {c.timeline
                .filter((s) => s !== c.status)
                .map((s) => (
                  <option key={s} value={s}>
                    {statusText(t, s)}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="status-message">{t('statusMessage')}</label>
            <textarea id="status-message" rows={2} maxLength={1000} value={message} onChange={(e) => setMessage(e.target.value)} />
          </div>
          <label className="check">
            <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} /> {t('notifyCitizen')}
          </label>
          <button type="submit" disabled={busy || !status} data-testid="save-status">
            {t('saveStatus')}
          </button>
        </form>
      )}

      <form onSubmit={saveNote} className="case-form" aria-labelledby="note-heading">
        <h3 id="note-heading">{t('addNote')}</h3>
        <div className="field">
          <label htmlFor="case-note">{t('note')}</label>
          <textarea id="case-note" rows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="case-note" />
        </div>
        <button type="submit" disabled={busy || !note.trim()} data-testid="save-note">
          {t('saveNote')}
        </button>
      </form>

      <h3>{t('history')}</h3>
      <ul className="case-events" data-testid="case-events">
        {[...c.events].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <span className="when">{formatDateTime(e.at, lang)}</span> <strong>{t(`event_${e.kind}`)}</strong>
            {e.status && ` — ${statusText(t, e.status)}`}
            {e.outcome && ` — ${outcomeLabel(e.outcome, lang)}`}
            {e.text && <span className="block">{e.text}</span>}
            {e.actor && <span className="hint"> ({e.actor})</span>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
