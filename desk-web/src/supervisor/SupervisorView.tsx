import { useCallback, useEffect, useState } from 'react';
import { isAppError, type Language } from '@videoloket/call-client';
import type { SupervisedCall, SupervisorOverview } from '@videoloket/contracts';
import { deskHttp, type DeskAuth } from '../api';
import { WaitedFor } from '../waiting';
import { supervisorText as s } from './labels';

const REFRESH_MS = 5_000;

/** Every live call across clerks, who waits since when, and handing a call to another clerk (supervisors; the server checks). */
export function SupervisorView({ lang, auth, onUnauthenticated }: { lang: Language; auth: DeskAuth; onUnauthenticated(): void }) {
  const [overview, setOverview] = useState<SupervisorOverview>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const fail = useCallback(
    (err: unknown) => {
      if (isAppError(err, 'UNAUTHENTICATED')) return onUnauthenticated();
      setError(s('error', { code: isAppError(err) ? err.code : 'NETWORK' }, lang));
    },
    [onUnauthenticated, lang],
  );
  const refresh = useCallback(() => deskHttp(auth).supervisorOverview({}).then(setOverview, fail), [auth, fail]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  async function handOver(call: SupervisedCall, toClerkId: string) {
    setError(undefined);
    try {
      const summary = await deskHttp(auth).handOverCall({ params: { callId: call.callId }, body: { toClerkId } });
      setNotice(s('done', { title: call.title, name: summary.assignedTo?.displayName ?? '' }, lang));
      await refresh();
    } catch (err) {
      fail(err);
    }
  }

  return (
    <section className="panel supervisor" aria-labelledby="supervisor-heading" data-testid="supervisor-view">
      <h1 id="supervisor-heading">{s('title', undefined, lang)}</h1>
      <p>{s('intro', undefined, lang)}</p>
      <button type="button" className="secondary" onClick={() => void refresh()}>
        {s('refresh', undefined, lang)}
      </button>
      <p role="status">{notice}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {overview && overview.calls.length === 0 && <p>{s('none', undefined, lang)}</p>}
      {overview && overview.calls.length > 0 && (
        <table className="calls" data-testid="supervised-calls">
          <thead>
            <tr>
              <th scope="col">{s('colCall', undefined, lang)}</th>
              <th scope="col">{s('colClerks', undefined, lang)}</th>
              <th scope="col">{s('colAdmitted', undefined, lang)}</th>
              <th scope="col">{s('colWaiting', undefined, lang)}</th>
              <th scope="col">{s('colHandover', undefined, lang)}</th>
            </tr>
          </thead>
          <tbody>
            {overview.calls.map((call) => (
              <SupervisedRow key={call.callId} call={call} clerks={overview.clerks} selfId={auth.clerk.id} lang={lang} onHandOver={(to) => void handOver(call, to)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SupervisedRow({ call, clerks, selfId, lang, onHandOver }: { call: SupervisedCall; clerks: SupervisorOverview['clerks']; selfId: string; lang: Language; onHandOver(toClerkId: string): void }) {
  const [to, setTo] = useState(call.assignedTo?.clerkId ?? clerks[0]?.id ?? '');
  const who = (p: { name: string; role: 'citizen' | 'interpreter' }) => (p.role === 'interpreter' ? `${p.name} (${s('interpreter', undefined, lang)})` : p.name);
  const selectId = `handover-${call.callId}`;
  return (
    <tr data-testid="supervised-call" data-call-id={call.callId}>
      <td>
        {call.title}
        {call.assignedTo && (
          <span className="block hint" data-testid="handed-to">
            {call.assignedTo.clerkId === selfId ? s('handedToYou', undefined, lang) : s('handedTo', { name: call.assignedTo.displayName }, lang)}
          </span>
        )}
      </td>
      <td>{call.clerks.join(', ') || s('nobody', undefined, lang)}</td>
      <td>{call.admitted.map(who).join(', ') || s('nobody', undefined, lang)}</td>
      <td>
        {call.waiting.length === 0 && s('nobody', undefined, lang)}
        <ul className="plain">
          {call.waiting.map((p) => (
            <li key={p.participantId} data-testid="supervised-waiting">
              {who(p)} {p.waitingSince && <WaitedFor since={p.waitingSince} />}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <label htmlFor={selectId} className="visually-hidden">
          {s('handToFor', { title: call.title }, lang)}
        </label>
        <select id={selectId} value={to} onChange={(e) => setTo(e.target.value)} data-testid="handover-to">
          {clerks.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </select>{' '}
        <button type="button" onClick={() => onHandOver(to)} aria-label={s('handOverFor', { title: call.title }, lang)} data-testid="handover">
          {s('handOver', undefined, lang)}
        </button>
      </td>
    </tr>
  );
}
