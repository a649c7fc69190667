import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ChecklistItem, DayPlanView, DayPlanVisit } from '@videoloket/contracts';
import { createTranslator, isAppError, type Language, type Translate } from '@videoloket/call-client';
import type { DeskAuth } from '../api';
import { appointmentsCatalogues, type AppointmentsKey } from './i18n';
import { clerkApi } from './api';
import { CasePanel } from './CasePanel';
import { DateSwitcher } from './DateSwitcher';
import { kitText } from './labels';
import { formatTime } from '@videoloket/booking-ui';

const ITEMS: ChecklistItem[] = ['identity_verified', 'photo', 'fingerprints', 'signature', 'receipt_printed'];

interface Props {
  lang: Language;
  auth: DeskAuth;
  clerkId?: string;
  date: string;
  onChange(clerkId: string | undefined, date: string): void;
  onUnauthenticated(): void;
}

/**
 * "Mobiele balie": one mobile clerk's day in planned route order (the back office plans it:
 * nearest neighbour + 2-opt), with arrival times, kit and a checklist per visit that updates
 * the case. Built for a phone in the clerk's hand: one column, big checkboxes.
 */
export function MobileCounterView({ lang, auth, clerkId, date, onChange, onUnauthenticated }: Props) {
  const t = useMemo(() => createTranslator(appointmentsCatalogues, lang), [lang]);
  const [suggested, setSuggested] = useState<string[]>([]);
  const [typed, setTyped] = useState(clerkId ?? '');
  const [plan, setPlan] = useState<DayPlanView>();
  const [error, setError] = useState<string>();
  const [announce, setAnnounce] = useState('');
  const [caseId, setCaseId] = useState<string>();

  const fail = useCallback(
    (err: unknown) => {
      if (isAppError(err, 'UNAUTHENTICATED')) return onUnauthenticated();
      setError(t('error', { code: isAppError(err) ? err.code : 'NETWORK' }));
    },
    [onUnauthenticated, t],
  );

  // No clerk directory endpoint yet: suggest the clerks who have home visits that day.
  useEffect(() => {
    clerkApi.appointments(auth.token, date).then((list) => {
      const ids = [...new Set(list.filter((a) => a.channel === 'home_visit').map((a) => a.clerkId))].sort();
      setSuggested(ids);
      if (!clerkId && ids[0]) onChange(ids[0], date);
    }, fail);
  }, [auth.token, date, clerkId, fail, onChange]);

  useEffect(() => setTyped(clerkId ?? ''), [clerkId]);

  useEffect(() => {
    setPlan(undefined);
    setError(undefined);
    if (!clerkId) return;
    clerkApi.dayPlan(auth.token, clerkId, date).then(setPlan, fail);
  }, [auth.token, clerkId, date, fail]);

  function show(e: FormEvent) {
    e.preventDefault();
    const id = typed.trim();
    if (/^[A-Za-z0-9_-]{1,64}$/.test(id)) onChange(id, date);
  }

  async function toggle(v: DayPlanVisit, item: ChecklistItem, done: boolean) {
    const patch = (checklist: Record<ChecklistItem, boolean>) =>
      setPlan((p) => p && { ...p, windows: p.windows.map((w) => ({ ...w, visits: w.visits.map((x) => (x.appointmentId === v.appointmentId ? { ...x, checklist } : x)) })) });
    patch({ ...v.checklist, [item]: done });
    try {
      patch(await clerkApi.setChecklist(auth.token, v.appointmentId, item, done));
      setAnnounce(t('checkSaved', { item: t(`check_${item}`), state: done ? t('done') : t('notDone') }));
    } catch (err) {
      patch(v.checklist);
      fail(err);
    }
  }

  const visits = plan?.windows.reduce((n, w) => n + w.visits.length, 0) ?? 0;
  return (
    <div className="mobile-home">
      <section className="panel mobile-plan" aria-labelledby="mobile-heading" data-testid="mobile-view">
        <h1 id="mobile-heading">{t('mobileTitle')}</h1>
        <form className="mobile-pick" onSubmit={show}>
          <div className="field">
            <label htmlFor="mobile-clerk">{t('mobileClerk')}</label>
            <input id="mobile-clerk" list="mobile-clerks" value={typed} onChange={(e) => setTyped(e.target.value)} aria-describedby="mobile-clerk-hint" maxLength={64} data-testid="mobile-clerk" />
            <datalist id="mobile-clerks">
              {suggested.map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
            <span id="mobile-clerk-hint" className="hint">
              {t('mobileClerkHint')}
            </span>
          </div>
          <button type="submit" data-testid="show-plan">
            {t('showPlan')}
          </button>
        </form>
        <DateSwitcher t={t} date={date} onChange={(d) => onChange(clerkId, d)} id="mobile-date" />
        <div role="status" className="status">
          {clerkId && !plan && !error ? t('loading') : plan && visits === 0 ? t('noVisits') : ''}
        </div>
        <div aria-live="polite" className="visually-hidden">
          {announce}
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {plan && plan.kit.length > 0 && <p className="banner" data-testid="day-kit">{t('kitForDay', { kit: kitText(t, plan.kit) })}</p>}
        {plan?.windows.map((w) => (
          <section key={w.startsAt} className="route-window" aria-labelledby={`win-${w.startsAt}`}>
            <h2 id={`win-${w.startsAt}`}>{t('windowHeading', { from: formatTime(w.startsAt, lang), to: formatTime(w.endsAt, lang) })}</h2>
            <p className="hint">{t('routeKm', { planned: w.plannedKm, booking: w.bookingOrderKm })}</p>
            {!w.fits && <p className="error">{t('windowTooFull')}</p>}
            <ol className="visits" data-testid="visit-list">
              {w.visits.map((v) => (
                <Visit key={v.appointmentId} t={t} lang={lang} v={v} onToggle={toggle} onCase={() => setCaseId(v.caseId)} />
              ))}
            </ol>
          </section>
        ))}
      </section>
      {caseId && <CasePanel key={caseId} lang={lang} auth={auth} caseId={caseId} onClose={() => setCaseId(undefined)} onUnauthenticated={onUnauthenticated} />}
    </div>
  );
}

function Visit({ t, lang, v, onToggle, onCase }: { t: Translate<AppointmentsKey>; lang: Language; v: DayPlanVisit; onToggle(v: DayPlanVisit, item: ChecklistItem, done: boolean): void; onCase(): void }) {
  const id = `visit-${v.appointmentId}`;
  return (
    <li className="visit" data-testid="visit" data-order={v.order} data-appointment-id={v.appointmentId} data-arrive-at={v.arriveAt} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('visitHeading', { order: v.order, time: formatTime(v.arriveAt, lang), name: v.citizenName })}</h3>
      <p>
        {/* geo: opens the phone's own map app; no external map service is called from here. */}
        <a href={`geo:${v.location.lat},${v.location.lon}`}>{v.address}</a>
        {v.instructions && <span className="block hint">{v.instructions}</span>}
      </p>
      <p className="hint">
        {t('arrive', { arrive: formatTime(v.arriveAt, lang), leave: formatTime(v.leaveAt, lang) })} · {t('travel', { minutes: v.travelMinutesBefore, km: v.distanceKmBefore })}
      </p>
      <p>{v.kit.length ? t('kit', { kit: kitText(t, v.kit) }) : t('noKit')}</p>
      <fieldset className="checklist">
        <legend>{t('checklist')}</legend>
        {ITEMS.map((item) => (
          <label key={item} className="check big">
            <input type="checkbox" checked={v.checklist[item]} onChange={(e) => onToggle(v, item, e.target.checked)} data-testid={`check-${item}`} />
            {t(`check_${item}`)}
          </label>
        ))}
      </fieldset>
      <button type="button" className="secondary" onClick={onCase} data-testid="visit-case">
        {t('colCase')}
      </button>
    </li>
  );
}
