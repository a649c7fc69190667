import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { CallSession, type Language } from '@videoloket/call-client';
import { useSessionState } from '@videoloket/call-client/react';
import { localDateOf } from '@videoloket/booking-ui';
import type { CaseView } from '@videoloket/contracts';
import { deskHttp, type DeskAuth } from '../api';
import { AppointmentsView } from '../appointments/AppointmentsView';
import { CasePanel } from '../appointments/CasePanel';
import { SharedDocumentsPanel } from './SharedDocumentsPanel';
import { FormPanel } from '../forms/FormPanel';
import { EndCall } from '../outcome/EndCall';
import { useCockpitSync, type CaseSummary } from './channel';
import { cockpitText } from './labels';
import '../appointments/appointments.css';

const RegisterPanel = lazy(() => import('../register/RegisterPanel').then((m) => ({ default: m.RegisterPanel })));

interface Props {
  lang: Language;
  auth: DeskAuth;
  callId: string;
  onUnauthenticated(): void;
}

// After the call ends its outcome reaches the case a moment later (CallRecords → case
// timeline): the case is read again at these delays to show it.
const RELOAD_AFTER_END_MS = [300, 1500, 4000];

/**
 * The cockpit's case window (issue 12 item 1): the current citizen's appointment and case
 * (timeline, status, notes, payment), the call's documents with previews, the form and its
 * signing, the register lookup, ending the call with its outcome, and today's appointments.
 * A connection of the clerk's seat that takes no media (call:join {window: 'case'}).
 */
export function CaseWindow({ lang, auth, callId, onUnauthenticated }: Props) {
  const [session] = useState(
    () =>
      new CallSession({
        socket: { auth: { token: auth.token, callId } },
        seatId: `case:${callId}`,
        window: 'case',
        localTracks: () => ({}),
      }),
  );
  useEffect(() => {
    session.start();
    return () => session.close();
  }, [session]);
  const state = useSessionState(session);
  const sync = useCockpitSync(callId, 'case');
  const text = cockpitText;

  useEffect(() => {
    document.title = text('caseWindowTitle', { title: state.call?.title ?? '' });
  }, [state.call?.title, text]);

  const ended = state.phase === 'ended';
  const { update } = sync;
  const onCase = useCallback((caseSummary: CaseSummary) => update({ caseSummary }), [update]);
  const participants = state.call?.participants ?? [];
  const admittedOthers = participants.filter((p) => p.status === 'admitted' && p.role !== 'clerk');

  return (
    <div className="case-window" data-testid="case-window" data-phase={state.phase}>
      <div className="case-window-head">
        <h1>{text('caseWindowTitle', { title: state.call?.title ?? '' })}</h1>
        {state.phase === 'connecting' && <p className="status">{text('connecting')}</p>}
        {ended && (
          <p className="status" role="status" data-testid="case-window-ended">
            {text('callEnded')}
          </p>
        )}
        {state.phase === 'replaced' && (
          <p className="banner" role="status">
            {text('caseWindowReplaced')}
          </p>
        )}
      </div>
      <div className="case-window-grid">
        <div className="case-window-col">
          <CasePane lang={lang} auth={auth} callId={callId} ended={ended} onCase={onCase} onUnauthenticated={onUnauthenticated} />
          <Suspense fallback={null}>
            <RegisterPanel auth={auth} callId={callId} lang={lang} onUnauthenticated={onUnauthenticated} />
          </Suspense>
        </div>
        <div className="case-window-col">
          {!ended && state.phase !== 'replaced' && (
            <>
              <SharedDocumentsPanel session={session} state={state} sync={sync} />
              <FormPanel session={session} state={state} />
              <section className="panel" aria-labelledby="case-end-heading">
                <h2 id="case-end-heading">{text('endFromCase')}</h2>
                <EndCall
                  labels={{ end: text('endFromCase'), question: text('endQuestion'), yes: text('endFromCase'), no: text('cancel') }}
                  proposed={() => (admittedOthers.length > 0 ? 'completed' : 'no-show')}
                  onEnd={(outcome) => void session.end(outcome)}
                  testId="case-end-call"
                />
              </section>
            </>
          )}
        </div>
      </div>
      <TodaysAppointments lang={lang} auth={auth} onUnauthenticated={onUnauthenticated} />
    </div>
  );
}

/**
 * The current citizen's appointment and case (CasePanel): found through the call's record,
 * read again after the call ends so its outcome shows on the timeline, and told to the
 * other cockpit window (its header shows the status). In the case window, or beside the call.
 */
export function CasePane({ lang, auth, callId, ended, onCase, onUnauthenticated }: Props & { ended: boolean; onCase(summary: CaseSummary): void }) {
  const [caseId, setCaseId] = useState<string | null>();
  const [caseVersion, setCaseVersion] = useState(0);

  useEffect(() => {
    deskHttp(auth)
      .pastCalls()
      .then((r) => setCaseId(r.calls.find((c) => c.callId === callId)?.caseId ?? null), () => setCaseId(null));
  }, [auth, callId]);

  useEffect(() => {
    if (!ended) return;
    const timers = RELOAD_AFTER_END_MS.map((ms) => setTimeout(() => setCaseVersion((v) => v + 1), ms));
    return () => timers.forEach(clearTimeout);
  }, [ended]);

  const onCaseLoaded = useCallback((c: CaseView) => onCase({ reference: c.reference, status: c.status }), [onCase]);
  return (
    <section aria-labelledby="cockpit-case-heading" className="case-pane">
      <h2 id="cockpit-case-heading" className="visually-hidden">
        {cockpitText('caseHeading')}
      </h2>
      {caseId === null && <p className="status">{cockpitText('noCase')}</p>}
      {caseId && <CasePanel key={`${caseId}:${caseVersion}`} lang={lang} auth={auth} caseId={caseId} onUnauthenticated={onUnauthenticated} onLoaded={onCaseLoaded} />}
    </section>
  );
}

/** Today's appointments (and other days), folded away under the case. */
export function TodaysAppointments({ lang, auth, onUnauthenticated }: Pick<Props, 'lang' | 'auth' | 'onUnauthenticated'>) {
  const [date, setDate] = useState(() => localDateOf(new Date()));
  return (
    <details className="panel case-window-day">
      <summary>{cockpitText('todaysAppointments')}</summary>
      <AppointmentsView
        lang={lang}
        auth={auth}
        date={date}
        onDate={setDate}
        // A call started here opens in the call window (the one that opened this one).
        onOpenCall={(id) => ((window.opener as Window | null) ?? window).location.assign(`${location.pathname}#/call/${id}`)}
        onUnauthenticated={onUnauthenticated}
      />
    </details>
  );
}
